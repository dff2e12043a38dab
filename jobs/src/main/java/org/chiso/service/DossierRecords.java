package org.chiso.service;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.SerializableConfiguration;
import org.chiso.ingest.RejectReason;
import org.chiso.io.Fs;

/**
 * A dossier folder (docs/DOSSIERS.md, section 1) read and validated in one pass that is also the computation's input.
 * The small tables ({@link DossierFolders#catalogue}) are read on the driver and broadcast. The dossiers ({@code
 * dossiers/}, CSV with a header or Parquet, renamed by {@code mapping.csv}) are scanned once: each partition checks its
 * rows ({@link DossierRules#check}), adds each accepted dossier's counters into one sum per (unit, period) and its
 * online and paid-online counts into one per (unit, procedure, period), and emits those partial sums, its accepted ids'
 * 64-bit hashes in a few blobs, and one row per refused dossier ({@link #pass}). The partial sums leave as narrow
 * tables ({@link #counters}, {@link #flags}, {@link #rejects}) and are summed ({@link #sumCounters}, {@link
 * #sumFlags}); the hashes meet by bucket to find repeated ones ({@link #duplicateHashes}). Only where a hash repeats is
 * the input read again: for the ids of those hashes ({@link #candidates}), then for the rows of the ids given more than
 * once, which are refused (duplicate_dossier) and their counters taken back out ({@link #duplicates}, in {@link
 * ServiceIndexJob}).
 */
public final class DossierRecords {
    /** Kinds of the pass's rows. */
    public static final int COUNTS = 0;

    public static final int FLAGS = 1;
    public static final int ID = 2;
    public static final int REJECT = 3;
    public static final int READ = 4;

    /** The columns {@code c0 ..} of the counters in {@link #COUNTERS}. */
    static String counter(int slot) {
        return "c" + slot;
    }

    /**
     * The rows of {@link #pass}, each as narrow as its kind (the scan output is kept in memory, and most of it is flag
     * and counts rows): the kind first, then
     * <ul>
     *   <li>{@link #COUNTS}: the key of {@link #countsKey}, the dossier counters c0 .. c20 as a {@code long[]};
     *   <li>{@link #FLAGS}: the key of {@link #flagKey}, online dossiers, dossiers paid online;
     *   <li>{@link #ID}: the bucket and a {@code byte[]} of the 64-bit hashes of its accepted dossier ids, 8 bytes each
     *       ({@link #pass}), or the dossier id ({@link #candidates});
     *   <li>{@link #REJECT}: file, line, column, value, reason, detail;
     *   <li>{@link #READ}: the rows read.
     * </ul>
     */
    private static final int P_KIND = 0;

    private static final int P_KEY = 1;
    private static final int P_COUNTERS = 2;
    private static final int P_ONLINE = 2;
    private static final int P_PAID = 3;
    private static final int P_HASHES = 2;
    private static final int P_ID = 1;
    private static final int P_FILE = 1;
    private static final int P_READ = 1;

    private DossierRecords() {}

    /**
     * Which rows a scan emits: all ({@code null} sets), only ids of candidate hashes, only duplicates, or the accepted
     * dossiers themselves except those of the {@code excluded} ids (the duplicates).
     */
    private record Filter(Set<Long> hashes, Set<String> ids, Set<String> excluded) implements java.io.Serializable {
        static final Filter ALL = new Filter(null, null, null);

        boolean all() {
            return hashes == null && ids == null && excluded == null;
        }
    }

    /**
     * One scan of the dossier files, checking every row and adding up the counters of the accepted ones per partition
     * (rows of the kinds {@link #COUNTS}, {@link #FLAGS}, {@link #REJECT}, {@link #READ} and {@link #ID}, each of the
     * shape given at {@code P_KIND}): counts, flags, rejects, the read count, and per bucket of {@link #BUCKETS} one id
     * row holding the hashes of the accepted dossier ids ({@link #duplicateHashes}).
     */
    public static JavaRDD<Row> pass(
            SparkSession spark, DossierFolders.Input in, Broadcast<Catalogue> catalogue, LocalDate asOf) {
        return scan(spark, in, catalogue, asOf, Filter.ALL);
    }

    /** A scan emitting only an id row (dossier_id, n = 1) per accepted dossier whose id hash is in {@code hashes}. */
    public static JavaRDD<Row> candidates(
            SparkSession spark, DossierFolders.Input in, Broadcast<Catalogue> catalogue, Set<Long> hashes) {
        return scan(spark, in, catalogue, null, new Filter(Set.copyOf(hashes), null, null));
    }

    /**
     * A scan of just the accepted rows whose id is in {@code ids}: each refused as duplicate_dossier and its counters
     * and flags emitted (to be taken out); no read count.
     */
    public static JavaRDD<Row> duplicates(
            SparkSession spark,
            DossierFolders.Input in,
            Broadcast<Catalogue> catalogue,
            LocalDate asOf,
            Set<String> ids) {
        return scan(spark, in, catalogue, asOf, new Filter(null, Set.copyOf(ids), null));
    }

    /**
     * The accepted dossiers as rows of {@link AcceptedDossiers#SCHEMA}, the rows of the {@code duplicates} ids left
     * out: a scan that checks every row again and streams the accepted ones (nothing is kept per partition), for the
     * warehouse.
     */
    public static Dataset<Row> accepted(
            SparkSession spark, DossierFolders.Input in, Broadcast<Catalogue> catalogue, Set<String> duplicates) {
        return spark.createDataFrame(
                scan(spark, in, catalogue, null, new Filter(null, null, Set.copyOf(duplicates))),
                AcceptedDossiers.SCHEMA);
    }

    private static JavaRDD<Row> scan(
            SparkSession spark,
            DossierFolders.Input in,
            Broadcast<Catalogue> catalogue,
            LocalDate asOf,
            Filter filter) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Map<String, String> toSource = new HashMap<>();
        for (String c : DossierRules.COLUMNS) {
            toSource.put(c, c);
        }
        in.mapping().forEach((source, column) -> toSource.put(column, source));
        if (!in.parquet()) {
            Broadcast<SerializableConfiguration> conf = jsc.broadcast(
                    new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
            JavaRDD<String> files =
                    jsc.parallelize(in.files(), Math.max(1, in.files().size()));
            return files.mapPartitions(fs -> {
                Processor p = new Processor(catalogue.value(), asOf, filter);
                return p.run(new CsvSteps(fs, conf.value().value(), toSource, p));
            });
        }
        Dataset<Row> raw = spark.read().parquet(in.files().toArray(String[]::new));
        Map<String, org.apache.spark.sql.types.DataType> types = new HashMap<>();
        for (org.apache.spark.sql.types.StructField f : raw.schema().fields()) {
            types.put(f.name(), f.dataType());
        }
        List<Column> cols = new ArrayList<>();
        ParquetValues.Kind[] kinds = new ParquetValues.Kind[DossierRules.COLUMNS.size()];
        for (int i = 0; i < kinds.length; i++) {
            String c = DossierRules.COLUMNS.get(i);
            String source = toSource.get(c);
            org.apache.spark.sql.types.DataType type = types.get(source);
            if (type == null) {
                if (!DossierRules.OPTIONAL.contains(c)) {
                    throw new IllegalArgumentException(Fs.display(in.folder()) + "/dossiers: no column " + source
                            + (source.equals(c) ? "" : " (mapped to " + c + ")") + " in the Parquet files");
                }
                kinds[i] = ParquetValues.Kind.TEXT;
                cols.add(lit(null).cast("string").as(c));
            } else {
                kinds[i] = ParquetValues.Layout.kind(type);
                cols.add(
                        kinds[i] == ParquetValues.Kind.TEXT
                                ? col(source).cast("string").as(c)
                                : col(source).as(c));
            }
        }
        cols.add(col("_metadata.file_path").as("_file"));
        cols.add(col("_metadata.row_index").as("_row"));
        ParquetValues.Layout layout = new ParquetValues.Layout(kinds);
        int width = kinds.length;
        // Spark's own rows, without the conversion to external Rows: timestamps stay microseconds, booleans booleans
        JavaRDD<InternalRow> scanned =
                raw.select(cols.toArray(Column[]::new)).queryExecution().toRdd().toJavaRDD();
        return scanned.mapPartitions(it -> {
            Processor p = new Processor(catalogue.value(), asOf, filter);
            ParquetValues v = new ParquetValues(layout);
            return p.run(new java.util.function.BooleanSupplier() {
                private UTF8String lastFile;
                private String file;

                @Override
                public boolean getAsBoolean() {
                    if (!it.hasNext()) {
                        return false;
                    }
                    InternalRow r = it.next();
                    v.of(r);
                    UTF8String f = r.getUTF8String(width);
                    if (!f.equals(lastFile)) {
                        lastFile = f.clone();
                        file = f.toString();
                    }
                    p.row(file, Math.toIntExact(r.getLong(width + 1) + 1), v);
                    return true;
                }
            });
        });
    }

    /**
     * Per unit and period, packed into one long key ({@link #countsKey}): the dossier counters c0 .. c20 (summed by
     * {@link #sumCounters}).
     */
    public static final StructType COUNTERS = countersSchema();

    private static StructType countersSchema() {
        StructType s = new StructType().add("key", DataTypes.LongType);
        for (int i = 0; i < Counts.DOSSIER_SLOTS; i++) {
            s = s.add(counter(i), DataTypes.LongType);
        }
        return s;
    }

    /**
     * Per unit, procedure and period, packed into one long key ({@link #flagKey}): online dossiers and dossiers paid
     * online (summed by {@link #sumFlags}). There is about one such row per online dossier and period, so the key is a
     * number rather than four strings.
     */
    public static final StructType FLAG_SUMS = new StructType()
            .add("key", DataTypes.LongType)
            .add("online", DataTypes.LongType)
            .add("paid", DataTypes.LongType);

    /** A unit's and a procedure's place in the catalogue and a {@link Period#code}, in one long (21 bits each). */
    static long flagKey(int unit, int procedure, int periodCode) {
        return (long) unit << 42 | (long) procedure << 21 | periodCode;
    }

    /** The unit's place in the catalogue of a {@link #flagKey}. */
    static int flagUnit(long key) {
        return (int) (key >>> 42);
    }

    /** The procedure's place in the catalogue of a {@link #flagKey}. */
    static int flagProcedure(long key) {
        return (int) ((key >>> 21) & 0x1fffffL);
    }

    /** A unit's place in the catalogue and a {@link Period#code}, in one long (the code in the low 21 bits). */
    static long countsKey(int unit, int periodCode) {
        return (long) unit << 21 | periodCode;
    }

    /** The unit's place in the catalogue of a {@link #countsKey}. */
    public static int countsUnit(long key) {
        return (int) (key >>> 21);
    }

    /** The {@link Period#code} of a {@link #countsKey} or {@link #flagKey}. */
    public static int periodCode(long key) {
        return (int) (key & 0x1fffffL);
    }

    /** The refused rows. */
    public static final StructType REJECTS = new StructType()
            .add(org.chiso.core.Columns.FILE, DataTypes.StringType)
            .add(org.chiso.core.Columns.LINE, DataTypes.IntegerType)
            .add(org.chiso.core.Columns.COLUMN, DataTypes.StringType)
            .add(org.chiso.core.Columns.RAW_VALUE, DataTypes.StringType)
            .add(org.chiso.core.Columns.REASON, DataTypes.StringType)
            .add(org.chiso.core.Columns.DETAIL, DataTypes.StringType);

    /**
     * The partial counters of a scan's rows as {@link #COUNTERS} rows, negated for rows to be taken out. Each kind of
     * row leaves the scan's wide rows in a narrow table of its own, so the aggregation is a hash aggregation of longs.
     */
    public static Dataset<Row> counters(SparkSession spark, JavaRDD<Row> rows, boolean negate) {
        long sign = negate ? -1 : 1;
        JavaRDD<Row> narrow = rows.filter(r -> r.getInt(P_KIND) == COUNTS).map(r -> {
            Object[] v = new Object[1 + Counts.DOSSIER_SLOTS];
            v[0] = r.getLong(P_KEY);
            long[] c = (long[]) r.get(P_COUNTERS);
            for (int i = 0; i < Counts.DOSSIER_SLOTS; i++) {
                v[1 + i] = sign * c[i];
            }
            return RowFactory.create(v);
        });
        return spark.createDataFrame(narrow, COUNTERS);
    }

    /** The partial online and paid counts of a scan's rows as {@link #FLAG_SUMS} rows, negated if asked. */
    public static Dataset<Row> flags(SparkSession spark, JavaRDD<Row> rows, boolean negate) {
        long sign = negate ? -1 : 1;
        JavaRDD<Row> narrow = rows.filter(r -> r.getInt(P_KIND) == FLAGS)
                .map(r -> RowFactory.create(r.getLong(P_KEY), sign * r.getLong(P_ONLINE), sign * r.getLong(P_PAID)));
        return spark.createDataFrame(narrow, FLAG_SUMS);
    }

    /** The refused rows of a scan, as {@link #REJECTS}. */
    public static Dataset<Row> rejects(SparkSession spark, JavaRDD<Row> rows) {
        JavaRDD<Row> narrow = rows.filter(r -> r.getInt(P_KIND) == REJECT).map(r -> {
            Object[] v = new Object[REJECTS.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.get(P_FILE + i);
            }
            return RowFactory.create(v);
        });
        return spark.createDataFrame(narrow, REJECTS);
    }

    /** The rows a full scan read, refused ones included. */
    public static long read(JavaRDD<Row> rows) {
        return rows.filter(r -> r.getInt(P_KIND) == READ)
                .map(r -> r.getLong(P_READ))
                .fold(0L, Long::sum);
    }

    /** {@link #COUNTERS} rows summed per unit and period. */
    public static Dataset<Row> sumCounters(Dataset<Row> counters) {
        List<Column> sums = new ArrayList<>();
        for (int i = 0; i < Counts.DOSSIER_SLOTS; i++) {
            sums.add(sum(col(counter(i))).as(counter(i)));
        }
        return counters.groupBy("key")
                .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new));
    }

    /** {@link #FLAG_SUMS} rows summed per unit, procedure and period. */
    public static Dataset<Row> sumFlags(Dataset<Row> flags) {
        return flags.groupBy("key").agg(sum("online").as("online"), sum("paid").as("paid"));
    }

    /** Buckets of the id hashes (by their top bits): the shuffle that finds repeated hashes has this many groups. */
    static final int BUCKETS = 16;

    /**
     * The id hashes that occur more than once among the hash rows of a {@link #pass}: each bucket's hashes from every
     * partition meet in one task, sorted there, and a repeated value is a candidate. Hashes, not ids, cross the shuffle
     * (8 bytes a dossier in a few blobs rather than a row per dossier); a candidate may be two ids of equal hash, so
     * {@link #candidates} reads their ids before anything is refused.
     */
    public static List<Long> duplicateHashes(JavaRDD<Row> rows) {
        return rows.filter(r -> r.getInt(P_KIND) == ID)
                .mapToPair(r -> new scala.Tuple2<>(r.getLong(P_KEY), (byte[]) r.get(P_HASHES)))
                .groupByKey(BUCKETS)
                .flatMap(t -> {
                    int size = 0;
                    for (byte[] b : t._2()) {
                        size += b.length / Long.BYTES;
                    }
                    long[] all = new long[size];
                    int at = 0;
                    for (byte[] b : t._2()) {
                        java.nio.ByteBuffer.wrap(b).asLongBuffer().get(all, at, b.length / Long.BYTES);
                        at += b.length / Long.BYTES;
                    }
                    java.util.Arrays.sort(all);
                    List<Long> repeated = new ArrayList<>();
                    for (int i = 1; i < all.length; i++) {
                        if (all[i] == all[i - 1]
                                && (repeated.isEmpty() || repeated.get(repeated.size() - 1) != all[i])) {
                            repeated.add(all[i]);
                        }
                    }
                    return repeated.iterator();
                })
                .collect();
    }

    /** The dossier ids given more than once among the id rows of a {@link #candidates} scan. */
    public static List<String> duplicateIds(SparkSession spark, JavaRDD<Row> candidates) {
        StructType ids = new StructType().add("dossier_id", DataTypes.StringType);
        return spark
                .createDataFrame(
                        candidates.filter(r -> r.getInt(P_KIND) == ID).map(r -> RowFactory.create(r.get(P_ID))), ids)
                .groupBy("dossier_id")
                .count()
                .filter(col("count").gt(1))
                .collectAsList()
                .stream()
                .map(r -> r.getString(0))
                .toList();
    }

    /** A 64-bit hash of a dossier id (FNV-1a over its characters, then the splitmix64 finaliser). */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    /** A partition's rows checked and summed. */
    private static final class Processor implements CsvSteps.Sink {
        private final Catalogue catalogue;
        private final LocalDate asOf;
        private final Filter filter;
        private final boolean all;
        // units, procedures and the partition's periods by index: the counters in an array per period indexed by
        // unit, the flags in a map per period keyed by unit and procedure (keys of strings combined in a List had
        // hash codes that collided into tree bins)
        private final Map<String, Integer> unitIndex = new HashMap<>();
        private final List<String> unitKeys = new ArrayList<>();
        private final Map<String, Integer> procedureIndex = new HashMap<>();
        private final List<String> procedureCodes = new ArrayList<>();
        private final Map<Period, Integer> periodIndex = new HashMap<>();
        private final List<Period> periodList = new ArrayList<>();
        private final Map<LocalDate, int[]> periods = new HashMap<>();
        private final List<long[][]> counts = new ArrayList<>();
        private final List<Map<Integer, long[]>> flags = new ArrayList<>();
        private final List<Row> out = new ArrayList<>();
        private Row pending;
        private String lastFile;
        private String lastDisplay;
        private long[] hashes = new long[1024];
        private int ids;
        private long read;

        Processor(Catalogue catalogue, LocalDate asOf, Filter filter) {
            this.catalogue = catalogue;
            this.asOf = asOf;
            this.filter = filter;
            this.all = filter.all();
            for (String u : catalogue.units().keySet()) {
                unitIndex.put(u, unitKeys.size());
                unitKeys.add(u);
            }
            for (String p : catalogue.procedures().keySet()) {
                procedureIndex.put(p, procedureCodes.size());
                procedureCodes.add(p);
            }
            if ((long) unitKeys.size() * Math.max(1, procedureCodes.size()) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("more units x procedures than the scan can index: " + unitKeys.size()
                        + " x " + procedureCodes.size());
            }
        }

        private int[] periodsOf(LocalDate date) {
            return periods.computeIfAbsent(
                    date,
                    x -> Period.of(x, asOf).stream()
                            .mapToInt(p -> periodIndex.computeIfAbsent(p, q -> {
                                periodList.add(q);
                                counts.add(new long[unitKeys.size()][]);
                                flags.add(new HashMap<>());
                                return periodList.size() - 1;
                            }))
                            .toArray());
        }

        @Override
        public void reject(String file, int line, String column, String value, RejectReason reason, String detail) {
            read++;
            if (all) {
                out.add(rejectRow(file, line, column, value, reason, detail));
            }
        }

        private static Row rejectRow(
                String file, int line, String column, String value, RejectReason reason, String detail) {
            return RowFactory.create(REJECT, Fs.display(file), line, column, value, reason.code(), detail);
        }

        @Override
        public void row(String file, int line, DossierRules.Values v) {
            DossierRules.Checked c = DossierRules.check(v, catalogue);
            if (c.problem() != null) {
                DossierRules.Problem p = c.problem();
                reject(file, line, p.column(), p.value(), p.reason(), p.detail());
                return;
            }
            read++;
            DossierRules.Dossier d = c.dossier();
            if (filter.excluded() != null) {
                if (!filter.excluded().contains(d.id())) {
                    if (!file.equals(lastFile)) {
                        lastFile = file;
                        lastDisplay = Fs.display(file);
                    }
                    pending = AcceptedDossiers.row(
                            v, catalogue.units().get(d.unitKey()).provinceKey(), lastDisplay, line);
                }
                return;
            }
            if (filter.hashes() != null) {
                if (filter.hashes().contains(hash(d.id()))) {
                    out.add(RowFactory.create(ID, d.id()));
                }
                return;
            }
            if (filter.ids() != null) {
                if (!filter.ids().contains(d.id())) {
                    return;
                }
                out.add(rejectRow(
                        file,
                        line,
                        "dossier_id",
                        d.id(),
                        RejectReason.DUPLICATE_DOSSIER,
                        "dossier_id given more than once; every row of it is refused"));
            } else {
                if (ids == hashes.length) {
                    hashes = java.util.Arrays.copyOf(hashes, ids * 2);
                }
                hashes[ids++] = hash(d.id());
            }
            Catalogue.Procedure proc = catalogue.procedures().get(d.procedureCode());
            int unit = unitIndex.get(d.unitKey());
            int unitProcedure = unit * procedureCodes.size() + procedureIndex.get(d.procedureCode());
            boolean online = d.online() && proc.online();
            boolean paid = d.feePaidOnline();
            for (int p : periodsOf(d.receivedDate())) {
                long[][] byUnit = counts.get(p);
                if (byUnit[unit] == null) {
                    byUnit[unit] = new long[Counts.DOSSIER_SLOTS];
                }
                DossierRules.contribution(d, proc, periodList.get(p).evaluationMillis(), byUnit[unit]);
                if (online || paid) {
                    long[] f = flags.get(p).computeIfAbsent(unitProcedure, k -> new long[2]);
                    f[0] += online ? 1 : 0;
                    f[1] += paid ? 1 : 0;
                }
            }
        }

        /**
         * The partition's rows, the input fed by {@code step} (false once it is exhausted): in the accepted-dossier
         * scan, one row per accepted dossier as the input is read; otherwise the partial sums and rows at the end.
         */
        Iterator<Row> run(java.util.function.BooleanSupplier step) {
            if (filter.excluded() == null) {
                while (step.getAsBoolean()) {
                    // every row is checked and summed
                }
                return finish();
            }
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    while (pending == null && step.getAsBoolean()) {
                        // refused and excluded rows give no row
                    }
                    return pending != null;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    Row r = pending;
                    pending = null;
                    return r;
                }
            };
        }

        Iterator<Row> finish() {
            for (int p = 0; p < periodList.size(); p++) {
                Period period = periodList.get(p);
                long[][] byUnit = counts.get(p);
                for (int u = 0; u < byUnit.length; u++) {
                    if (byUnit[u] != null) {
                        out.add(keyed(u, period, byUnit[u]));
                    }
                }
                int procedures = procedureCodes.size();
                int code = period.code();
                flags.get(p).forEach((k, f) -> {
                    out.add(RowFactory.create(FLAGS, flagKey(k / procedures, k % procedures, code), f[0], f[1]));
                });
            }
            if (all) {
                out.add(RowFactory.create(READ, read));
                int[] size = new int[BUCKETS];
                for (int i = 0; i < ids; i++) {
                    size[bucket(hashes[i])]++;
                }
                java.nio.ByteBuffer[] blobs = new java.nio.ByteBuffer[BUCKETS];
                for (int b = 0; b < BUCKETS; b++) {
                    blobs[b] = java.nio.ByteBuffer.allocate(size[b] * Long.BYTES);
                }
                for (int i = 0; i < ids; i++) {
                    blobs[bucket(hashes[i])].putLong(hashes[i]);
                }
                hashes = null;
                for (int b = 0; b < BUCKETS; b++) {
                    if (size[b] > 0) {
                        out.add(RowFactory.create(ID, (long) b, blobs[b].array()));
                    }
                }
            }
            return out.iterator();
        }

        /** A counts row: the unit's place and the period's code as its key, and the counters. */
        private static Row keyed(int unit, Period p, long[] c) {
            return RowFactory.create(COUNTS, countsKey(unit, p.code()), c);
        }

        private static int bucket(long hash) {
            return (int) (hash >>> (Long.SIZE - Integer.numberOfTrailingZeros(BUCKETS)));
        }
    }
}
