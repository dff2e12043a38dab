package org.chiso.service;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.chiso.ingest.RejectReason;
import org.chiso.io.Fs;
import org.chiso.io.TextTable;

/**
 * A dossier folder (docs/DOSSIERS.md, section 1) read and validated in one pass that is also the computation's input.
 * The small tables ({@link #catalogue}) are read on the driver and broadcast. The dossiers ({@code dossiers/}, CSV with
 * a header or Parquet, renamed by {@code mapping.csv}) are scanned once: each partition checks its rows ({@link
 * DossierRules#check}), adds each accepted dossier's counters into one sum per (unit, period type, period) and its
 * online and paid-online counts into one per (unit, procedure, period type, period), and emits those partial sums, one
 * id row per accepted dossier and one row per refused dossier ({@link #pass}). One aggregation ({@link #reduce}) then
 * merges the partial sums and finds the dossier ids given more than once. Where there are such duplicates, a second
 * pass reads only their rows, refuses them (duplicate_dossier) and takes their counters back out ({@link
 * ServiceIndexJob}); without duplicates the input is read once.
 */
public final class DossierRecords {
    /** Kinds of the pass's rows. */
    public static final int COUNTS = 0;

    public static final int FLAGS = 1;
    public static final int ID = 2;
    public static final int REJECT = 3;
    public static final int READ = 4;

    /** The columns {@code c0 ..} of the counters in {@link #PASS}. */
    static String counter(int slot) {
        return "c" + slot;
    }

    /**
     * The rows of {@link #pass} and {@link #reduce}: kind; keys unit, procedure, period type, period (counts and flags),
     * dossier id (id rows); file, line, column, value, reason, detail (rejects); n (id rows: 1; read: rows read); online
     * and paid (flag rows: online dossiers and dossiers paid online); the dossier counters c0 .. c20.
     */
    public static final StructType PASS = passSchema();

    private static StructType passSchema() {
        StructType s = new StructType()
                .add("kind", DataTypes.IntegerType, false)
                .add("unit_key", DataTypes.StringType)
                .add("procedure_code", DataTypes.StringType)
                .add("period_type", DataTypes.StringType)
                .add("period", DataTypes.StringType)
                .add("dossier_id", DataTypes.StringType)
                .add("file", DataTypes.StringType)
                .add("line", DataTypes.IntegerType)
                .add("column", DataTypes.StringType)
                .add("raw_value", DataTypes.StringType)
                .add("reason", DataTypes.StringType)
                .add("detail", DataTypes.StringType)
                .add("n", DataTypes.LongType)
                .add("online", DataTypes.LongType)
                .add("paid", DataTypes.LongType);
        for (int i = 0; i < Counts.DOSSIER_SLOTS; i++) {
            s = s.add(counter(i), DataTypes.LongType);
        }
        return s;
    }

    private static final List<String> KEYS = List.of(
            "kind", "unit_key", "procedure_code", "period_type", "period", "dossier_id", "file", "line", "column");

    private DossierRecords() {}

    /** The dossier files of a folder and their format. */
    public record Input(String folder, List<String> files, boolean parquet, Map<String, String> mapping)
            implements java.io.Serializable {}

    /**
     * The files below {@code folder/dossiers} ending in {@code .csv} or {@code .parquet} (hidden files, {@code _SUCCESS}
     * and checksums left out), all of one format, and the mapping of {@code mapping.csv} (source column → column), if
     * present.
     */
    public static Input input(Fs fs, String folder) throws IOException {
        String dir = Fs.child(folder, "dossiers");
        if (!fs.exists(dir)) {
            throw new IOException(Fs.display(dir) + ": no dossiers folder (docs/DOSSIERS.md, section 1)");
        }
        List<String> csv = new ArrayList<>();
        List<String> parquet = new ArrayList<>();
        for (String f : fs.listFiles(dir)) {
            String name = f.substring(f.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
            if (name.startsWith(".") || name.startsWith("_")) {
                continue;
            }
            if (name.endsWith(".csv")) {
                csv.add(f);
            } else if (name.endsWith(".parquet")) {
                parquet.add(f);
            }
        }
        if (csv.isEmpty() == parquet.isEmpty()) {
            throw new IOException(Fs.display(dir)
                    + (csv.isEmpty()
                            ? ": no .csv or .parquet files"
                            : ": both .csv and .parquet files; give one format"));
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        String m = Fs.child(folder, "mapping.csv");
        if (fs.exists(m)) {
            for (Map<String, String> r : table(fs, m, "source_column", "column")) {
                if (!DossierRules.COLUMNS.contains(r.get("column"))) {
                    throw new IOException(Fs.display(m) + ":" + r.get(LINE) + ": column " + r.get("column")
                            + " is not a dossier column (docs/DOSSIERS.md)");
                }
                mapping.put(r.get("source_column"), r.get("column"));
            }
        }
        return new Input(folder, csv.isEmpty() ? parquet : csv, csv.isEmpty(), Map.copyOf(mapping));
    }

    /**
     * units.csv, procedures.csv and unit_procedures.csv of a folder. A unit procedure naming an unknown unit or
     * procedure, a unit of a level other than province, department or commune, a duplicate key, a boolean other than
     * true or false: the folder is refused with the file and line.
     */
    public static Catalogue catalogue(Fs fs, String folder) throws IOException {
        Map<String, Catalogue.Unit> units = new LinkedHashMap<>();
        String uf = Fs.child(folder, "units.csv");
        for (Map<String, String> r :
                table(fs, uf, "unit_key", "level", "province_key", "code", "name", "name_en", "synthetic")) {
            String where = Fs.display(uf) + ":" + r.get(LINE);
            if (!List.of(Catalogue.PROVINCE, Catalogue.DEPARTMENT, Catalogue.COMMUNE)
                    .contains(r.get("level"))) {
                throw new IOException(
                        where + ": level must be province, department or commune, found " + r.get("level"));
            }
            Catalogue.Unit u = new Catalogue.Unit(
                    r.get("unit_key"),
                    r.get("level"),
                    r.get("province_key"),
                    r.get("code"),
                    r.get("name"),
                    r.get("name_en"),
                    bool(where, "synthetic", r.get("synthetic"), true));
            if (units.put(u.key(), u) != null) {
                throw new IOException(where + ": unit " + u.key() + " given twice");
            }
        }
        for (Catalogue.Unit u : units.values()) {
            Catalogue.Unit p = units.get(u.provinceKey());
            if (p == null || !p.level().equals(Catalogue.PROVINCE)) {
                throw new IOException(Fs.display(uf) + ": unit " + u.key() + " names province " + u.provinceKey()
                        + ", which is not a province of the file");
            }
        }
        Map<String, Catalogue.Procedure> procedures = new LinkedHashMap<>();
        String pf = Fs.child(folder, "procedures.csv");
        for (Map<String, String> r : table(
                fs,
                pf,
                "procedure_code",
                "name",
                "field",
                "level",
                "online_level",
                "fee_bearing",
                "payment_integrated",
                "paper_result_required",
                "population_db_connected")) {
            String where = Fs.display(pf) + ":" + r.get(LINE);
            if (!List.of(Catalogue.DEPARTMENT, Catalogue.COMMUNE).contains(r.get("level"))) {
                throw new IOException(where + ": level must be department or commune, found " + r.get("level"));
            }
            if (!List.of("full", "partial", "none").contains(r.get("online_level"))) {
                throw new IOException(
                        where + ": online_level must be full, partial or none, found " + r.get("online_level"));
            }
            Catalogue.Procedure p = new Catalogue.Procedure(
                    r.get("procedure_code"),
                    r.get("name"),
                    r.get("field"),
                    r.get("level"),
                    r.get("online_level"),
                    bool(where, "fee_bearing", r.get("fee_bearing"), false),
                    bool(where, "payment_integrated", r.get("payment_integrated"), false),
                    bool(where, "paper_result_required", r.get("paper_result_required"), false),
                    bool(where, "population_db_connected", r.get("population_db_connected"), false));
            if (procedures.put(p.code(), p) != null) {
                throw new IOException(where + ": procedure " + p.code() + " given twice");
            }
        }
        Map<String, Map<String, Catalogue.UnitProcedure>> offered = new HashMap<>();
        String of = Fs.child(folder, "unit_procedures.csv");
        for (Map<String, String> r : table(
                fs, of, "unit_key", "procedure_code", "published_on_time", "national_db_on_time", "complete_parts")) {
            String where = Fs.display(of) + ":" + r.get(LINE);
            Catalogue.Unit u = units.get(r.get("unit_key"));
            Catalogue.Procedure p = procedures.get(r.get("procedure_code"));
            if (u == null || p == null) {
                throw new IOException(where + ": "
                        + (u == null ? "unit " + r.get("unit_key") : "procedure " + r.get("procedure_code"))
                        + " is not in " + (u == null ? "units.csv" : "procedures.csv"));
            }
            if (!p.level().equals(u.level())) {
                throw new IOException(where + ": a " + p.level() + " procedure offered by a " + u.level());
            }
            Catalogue.UnitProcedure up = new Catalogue.UnitProcedure(
                    u.key(),
                    p.code(),
                    bool(where, "published_on_time", r.get("published_on_time"), false),
                    bool(where, "national_db_on_time", r.get("national_db_on_time"), false),
                    bool(where, "complete_parts", r.get("complete_parts"), false));
            if (offered.computeIfAbsent(u.key(), k -> new HashMap<>()).put(p.code(), up) != null) {
                throw new IOException(where + ": unit " + u.key() + " offers procedure " + p.code() + " twice");
            }
        }
        return new Catalogue(units, procedures, offered);
    }

    /**
     * One scan of the dossier files, checking every row and adding up the counters of the accepted ones per partition
     * (rows of {@link #PASS}). With {@code only} non-null, just the accepted rows whose id is in it, each refused as
     * duplicate_dossier and its counters emitted (to be taken out), and no read count.
     */
    public static Dataset<Row> pass(
            SparkSession spark, Input in, Broadcast<Catalogue> catalogue, LocalDate asOf, Set<String> only) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> conf =
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        Map<String, String> toSource = new HashMap<>();
        for (String c : DossierRules.COLUMNS) {
            toSource.put(c, c);
        }
        in.mapping().forEach((source, column) -> toSource.put(column, source));
        if (!in.parquet()) {
            JavaRDD<String> files =
                    jsc.parallelize(in.files(), Math.max(1, in.files().size()));
            JavaRDD<Row> rows = files.mapPartitions(fs -> {
                Processor p = new Processor(catalogue.value(), asOf, only);
                while (fs.hasNext()) {
                    readCsv(fs.next(), conf.value().value(), toSource, p);
                }
                return p.finish();
            });
            return spark.createDataFrame(rows, PASS);
        }
        Dataset<Row> raw = spark.read().parquet(in.files().toArray(String[]::new));
        List<String> present = List.of(raw.columns());
        List<Column> cols = new ArrayList<>();
        for (String c : DossierRules.COLUMNS) {
            String source = toSource.get(c);
            if (!present.contains(source)) {
                if (!DossierRules.OPTIONAL.contains(c)) {
                    throw new IllegalArgumentException(Fs.display(in.folder()) + "/dossiers: no column " + source
                            + (source.equals(c) ? "" : " (mapped to " + c + ")") + " in the Parquet files");
                }
                cols.add(lit(null).cast("string").as(c));
            } else {
                cols.add(col(source).cast("string").as(c));
            }
        }
        cols.add(col("_metadata.file_path").as("_file"));
        cols.add(col("_metadata.row_index").as("_row"));
        Dataset<Row> selected = raw.select(cols.toArray(Column[]::new));
        int width = DossierRules.COLUMNS.size();
        JavaRDD<Row> rows = selected.javaRDD().mapPartitions(it -> {
            Processor p = new Processor(catalogue.value(), asOf, only);
            String[] v = new String[width];
            while (it.hasNext()) {
                Row r = it.next();
                for (int i = 0; i < width; i++) {
                    v[i] = r.getString(i);
                }
                p.row(r.getString(width), Math.toIntExact(r.getLong(width + 1) + 1), v);
            }
            return p.finish();
        });
        return spark.createDataFrame(rows, PASS);
    }

    /**
     * Merges the partial sums of {@link #pass} by key: counters and flags per unit (and procedure) and period, id rows
     * per dossier id (n = the rows with that id), reject rows one by one, the read count in one row. Id rows of ids given
     * once are dropped.
     */
    public static Dataset<Row> reduce(Dataset<Row> pass) {
        List<Column> aggs = new ArrayList<>();
        aggs.add(first(col("raw_value"), true).as("raw_value"));
        aggs.add(first(col("reason"), true).as("reason"));
        aggs.add(first(col("detail"), true).as("detail"));
        aggs.add(sum(col("n")).as("n"));
        aggs.add(sum(col("online")).as("online"));
        aggs.add(sum(col("paid")).as("paid"));
        for (int i = 0; i < Counts.DOSSIER_SLOTS; i++) {
            aggs.add(sum(col(counter(i))).as(counter(i)));
        }
        Dataset<Row> r = pass.groupBy(
                        KEYS.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
        return r.filter(col("kind").notEqual(ID).or(col("n").gt(1)))
                .select(List.of(PASS.fieldNames()).stream()
                        .map(org.apache.spark.sql.functions::col)
                        .toArray(Column[]::new));
    }

    /** The dossier ids of the pass's id rows that occur more than once (column {@code dossier_id}). */
    public static Dataset<Row> duplicateIds(Dataset<Row> pass) {
        return pass.filter(col("kind").equalTo(ID))
                .groupBy("dossier_id")
                .count()
                .filter(col("count").gt(1))
                .select("dossier_id");
    }

    private static void readCsv(
            String file, org.apache.hadoop.conf.Configuration conf, Map<String, String> toSource, Processor p)
            throws IOException {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(conf);
        try (InputStream in = fs.open(path);
                TextTable.Records records = TextTable.open(file, in)) {
            List<String> header = records.head().header();
            int width = DossierRules.COLUMNS.size();
            int[] at = new int[width];
            for (int i = 0; i < width; i++) {
                String c = DossierRules.COLUMNS.get(i);
                at[i] = header.indexOf(toSource.get(c));
                if (at[i] < 0 && !DossierRules.OPTIONAL.contains(c)) {
                    throw new IllegalArgumentException(Fs.display(file) + ":1: no column " + toSource.get(c)
                            + (toSource.get(c).equals(c) ? "" : " (mapped to " + c + ")") + " in the header");
                }
            }
            String[] v = new String[width];
            for (TextTable.Record r = records.next(); r != null; r = records.next()) {
                List<String> f = r.fields();
                if (r.unterminatedQuote()) {
                    p.reject(
                            file,
                            r.line(),
                            "",
                            String.join(",", f),
                            RejectReason.UNTERMINATED_QUOTE,
                            "a quoted field is not closed before the end of the file");
                    continue;
                }
                if (f.size() != header.size()) {
                    p.reject(
                            file,
                            r.line(),
                            "",
                            String.join(",", f),
                            RejectReason.FIELD_COUNT,
                            "expected " + header.size() + " fields, found " + f.size());
                    continue;
                }
                for (int i = 0; i < width; i++) {
                    v[i] = at[i] < 0 ? null : f.get(at[i]);
                }
                p.row(file, r.line(), v);
            }
        }
    }

    /** A partition's rows checked and summed. */
    private static final class Processor {
        private final Catalogue catalogue;
        private final LocalDate asOf;
        private final Set<String> only;
        private final Map<LocalDate, List<Period>> periods = new HashMap<>();
        private final Map<List<String>, long[]> counts = new HashMap<>();
        private final Map<List<String>, long[]> flags = new HashMap<>();
        private final List<Row> out = new ArrayList<>();
        private long read;

        Processor(Catalogue catalogue, LocalDate asOf, Set<String> only) {
            this.catalogue = catalogue;
            this.asOf = asOf;
            this.only = only;
        }

        void reject(String file, int line, String column, String value, RejectReason reason, String detail) {
            read++;
            if (only == null) {
                out.add(rejectRow(file, line, column, value, reason, detail));
            }
        }

        private static Row rejectRow(
                String file, int line, String column, String value, RejectReason reason, String detail) {
            return row(
                    REJECT,
                    null,
                    null,
                    null,
                    null,
                    null,
                    Fs.display(file),
                    line,
                    column,
                    value,
                    reason.code(),
                    detail,
                    null,
                    null,
                    null,
                    null);
        }

        void row(String file, int line, String[] v) {
            DossierRules.Checked c = DossierRules.check(v, catalogue);
            if (c.problem() != null) {
                DossierRules.Problem p = c.problem();
                reject(file, line, p.column(), p.value(), p.reason(), p.detail());
                return;
            }
            read++;
            DossierRules.Dossier d = c.dossier();
            if (only != null) {
                if (!only.contains(d.id())) {
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
                out.add(row(
                        ID, null, null, null, null, d.id(), null, null, null, null, null, null, 1L, null, null, null));
            }
            Catalogue.Procedure proc = catalogue.procedures().get(d.procedureCode());
            for (Period p : periods.computeIfAbsent(d.receivedDate(), date -> Period.of(date, asOf))) {
                long[] into = counts.computeIfAbsent(
                        List.of(d.unitKey(), p.type(), p.key()), k -> new long[Counts.DOSSIER_SLOTS]);
                DossierRules.contribution(d, proc, p.evaluationMillis(), into);
                boolean online = d.online() && proc.online();
                boolean paid = d.feePaidOnline();
                if (online || paid) {
                    long[] f = flags.computeIfAbsent(
                            List.of(d.unitKey(), d.procedureCode(), p.type(), p.key()), k -> new long[2]);
                    f[0] += online ? 1 : 0;
                    f[1] += paid ? 1 : 0;
                }
            }
        }

        Iterator<Row> finish() {
            counts.forEach((k, c) -> out.add(row(
                    COUNTS, k.get(0), null, k.get(1), k.get(2), null, null, null, null, null, null, null, null, null,
                    null, c)));
            flags.forEach((k, f) -> out.add(row(
                    FLAGS, k.get(0), k.get(1), k.get(2), k.get(3), null, null, null, null, null, null, null, null, f[0],
                    f[1], null)));
            if (only == null) {
                out.add(row(
                        READ, null, null, null, null, null, null, null, null, null, null, null, read, null, null,
                        null));
            }
            return out.iterator();
        }

        private static Row row(
                int kind,
                String unit,
                String procedure,
                String periodType,
                String period,
                String id,
                String file,
                Integer line,
                String column,
                String value,
                String reason,
                String detail,
                Long n,
                Long online,
                Long paid,
                long[] c) {
            Object[] v = new Object[PASS.size()];
            v[0] = kind;
            v[1] = unit;
            v[2] = procedure;
            v[3] = periodType;
            v[4] = period;
            v[5] = id;
            v[6] = file;
            v[7] = line;
            v[8] = column;
            v[9] = value;
            v[10] = reason;
            v[11] = detail;
            v[12] = n;
            v[13] = online;
            v[14] = paid;
            if (c != null) {
                for (int i = 0; i < c.length; i++) {
                    v[15 + i] = c[i];
                }
            }
            return RowFactory.create(v);
        }
    }

    private static final String LINE = SmallCsv.LINE;

    /** The rows of a small CSV of the folder, with the named columns required. */
    static List<Map<String, String>> table(Fs fs, String file, String... columns) throws IOException {
        if (!fs.exists(file)) {
            throw new IOException(Fs.display(file) + ": missing (docs/DOSSIERS.md, section 1)");
        }
        try {
            return SmallCsv.rows(Fs.display(file), fs.read(file), columns);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static boolean bool(String where, String column, String text, boolean emptyIsFalse) throws IOException {
        if (text.isEmpty() && emptyIsFalse) {
            return false;
        }
        Boolean b = DossierRules.blank(text) ? null : DossierRules.bool(text);
        if (b == null) {
            throw new IOException(where + ":" + column + ": expected true or false, found '" + text + "'");
        }
        return b;
    }
}
