package org.chiso.service;

import static org.apache.spark.sql.functions.sum;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.chiso.core.Columns;
import org.chiso.io.Fs;
import org.chiso.io.Progress;

/**
 * The service index of a dossier folder: {@link DossierRecords} reads and checks the dossiers in one pass that sums
 * their counters per unit and period before any shuffle; the counters of departments and communes are rolled up to
 * their province on the driver, where {@link ServiceScores} turns them into rates, points, groups, totals, bands, ranks
 * and changes. Counts are integers, so every sum is exact and the result does not depend on partitioning.
 */
public final class ServiceIndexJob {
    private ServiceIndexJob() {}

    /**
     * @param folder the dossier folder (any Hadoop path)
     * @param versions scheme versions to score (names in the scheme)
     * @param asOf the as-of date, or null
     * @param indicatorLevels the levels whose indicator rows are built (province, department, commune); every unit's
     *     21 indicators per period and version are tens of millions of rows at scale 1, most of a driver's heap
     */
    public record Options(String folder, List<String> versions, LocalDate asOf, Set<String> indicatorLevels) {
        /** Every level's indicators. */
        public Options(String folder, List<String> versions, LocalDate asOf) {
            this(folder, versions, asOf, Set.of(Catalogue.PROVINCE, Catalogue.DEPARTMENT, Catalogue.COMMUNE));
        }

        /** The same with the indicators of these levels only. */
        public Options withIndicatorLevels(Set<String> levels) {
            return new Options(folder, versions, asOf, Set.copyOf(levels));
        }
    }

    /**
     * What a run gives: the two tables, the refused rows ({@code file, line, column, raw_value, reason, detail}), the
     * accepted dossiers ({@link AcceptedDossiers#SCHEMA}: a scan of the input of its own, run only when read), the
     * counts (rows read, accepted, refused by reason), the counters per unit and period, and the kept scan output the
     * rejects are read from ({@link #release}).
     */
    public record Result(
            ServiceScores.Tables tables,
            Dataset<Row> rejects,
            Dataset<Row> dossiers,
            long rowsIn,
            long accepted,
            Map<String, Long> rejectedByReason,
            Map<ServiceScores.UnitPeriod, long[]> counts,
            List<JavaRDD<Row>> cached) {
        public long rejected() {
            return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Drops the kept scan output that {@link #rejects} reads, once the rejects are written. */
        public void release() {
            cached.forEach(JavaRDD::unpersist);
        }
    }

    /** Reads, checks and scores a folder; the rejects Dataset reads a persisted aggregate (unpersist when done). */
    public static Result run(SparkSession spark, Options o, ServiceScheme scheme, Progress progress)
            throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        Catalogue catalogue = DossierFolders.catalogue(fs, o.folder());
        DossierFolders.Input in = DossierFolders.input(fs, o.folder());
        progress.line(String.format(
                java.util.Locale.ROOT,
                "[service-index] %d units, %d procedures, %d %s dossier files",
                catalogue.units().size(),
                catalogue.procedures().size(),
                in.files().size(),
                in.parquet() ? "Parquet" : "CSV"));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Catalogue> bc = jsc.broadcast(catalogue);
        // the scan's output (partial sums, the id hashes, the refused rows) is kept, so the input is read once for
        // both the duplicate check and the sums
        List<JavaRDD<Row>> kept = new ArrayList<>();
        JavaRDD<Row> rows = DossierRecords.pass(spark, in, bc, o.asOf()).persist(StorageLevel.MEMORY_AND_DISK());
        kept.add(rows);
        List<Long> repeated = DossierRecords.duplicateHashes(rows);
        Set<String> duplicates = new HashSet<>();
        if (!repeated.isEmpty()) {
            // ids of equal hash: read them to tell a dossier given twice from two dossiers whose ids collide
            duplicates.addAll(DossierRecords.duplicateIds(
                    spark, DossierRecords.candidates(spark, in, bc, new HashSet<>(repeated))));
        }
        Dataset<Row> counters = DossierRecords.counters(spark, rows, false);
        Dataset<Row> flags = DossierRecords.flags(spark, rows, false);
        Dataset<Row> refused = DossierRecords.rejects(spark, rows);
        if (!duplicates.isEmpty()) {
            progress.line("[service-index] " + duplicates.size() + " dossier ids given more than once: their rows are"
                    + " read again, refused and their counts taken out");
            JavaRDD<Row> dup = DossierRecords.duplicates(spark, in, bc, o.asOf(), duplicates)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            kept.add(dup);
            counters = counters.union(DossierRecords.counters(spark, dup, true));
            flags = flags.union(DossierRecords.flags(spark, dup, true));
            refused = refused.union(DossierRecords.rejects(spark, dup));
        }
        long rowsIn = DossierRecords.read(rows);
        Map<String, Long> byReason = new TreeMap<>();
        for (Row r : refused.groupBy(Columns.REASON).count().collectAsList()) {
            byReason.put(r.getString(0), r.getLong(1));
        }
        Map<ServiceScores.UnitPeriod, long[]> counts = new HashMap<>();
        List<String> unitKeys = new ArrayList<>(catalogue.units().keySet());
        Map<Integer, Period> periods = new HashMap<>();
        long accepted = 0;
        for (Row r : DossierRecords.sumCounters(counters).collectAsList()) {
            if (r.getLong(1 + Counts.DOSSIERS) == 0) {
                continue; // a cell whose every dossier was a refused duplicate
            }
            long key = r.getLong(0);
            Period p = periods.computeIfAbsent(DossierRecords.periodCode(key), k -> Period.ofCode(k, o.asOf()));
            long[] c = new long[Counts.SIZE];
            for (int i = 0; i < Counts.DOSSIER_SLOTS; i++) {
                c[i] = r.getLong(1 + i);
            }
            if (p.type().equals(Period.YEAR)) {
                accepted += c[Counts.DOSSIERS];
            }
            addWithProvince(counts, catalogue, unitKeys.get(DossierRecords.countsUnit(key)), p, c);
        }
        for (Row r : used(spark, DossierRecords.sumFlags(flags), bc).collectAsList()) {
            long key = r.getLong(0);
            String unit = unitKeys.get(DossierRecords.countsUnit(key));
            Period p = periods.computeIfAbsent(DossierRecords.periodCode(key), k -> Period.ofCode(k, o.asOf()));
            long[] c = new long[Counts.SIZE];
            c[Counts.USED_ONLINE] = r.getLong(1);
            c[Counts.USED_PAID] = r.getLong(2);
            // only where the unit has dossiers left in the period (not where all of them were refused duplicates)
            if (counts.containsKey(new ServiceScores.UnitPeriod(unit, p))) {
                addWithProvince(counts, catalogue, unit, p, c);
            }
        }
        Map<String, long[]> procedureCounts = new HashMap<>();
        for (Catalogue.Unit u : catalogue.units().values()) {
            if (!u.level().equals(Catalogue.PROVINCE)) {
                long[] c = new long[Counts.SIZE];
                catalogue.addProcedureCounts(u.key(), c);
                procedureCounts.put(u.key(), c);
                Counts.add(procedureCounts.computeIfAbsent(u.provinceKey(), k -> new long[Counts.SIZE]), c);
            }
        }
        counts.forEach((k, c) -> {
            long[] up = procedureCounts.get(k.unitKey());
            if (up != null) {
                for (int i = Counts.UP; i <= Counts.UP_POPULATION_DB; i++) {
                    c[i] += up[i];
                }
            }
        });
        long rejected = byReason.values().stream().mapToLong(Long::longValue).sum();
        if (rowsIn != accepted + rejected) {
            throw new IllegalStateException(
                    "rows in " + rowsIn + " != accepted " + accepted + " + rejected " + rejected);
        }
        progress.line(String.format(
                java.util.Locale.ROOT,
                "[service-index] dossiers: %d in = %d accepted + %d rejected%s",
                rowsIn,
                accepted,
                rejected,
                byReason.isEmpty() ? "" : " " + byReason));
        ServiceScores.Tables tables = ServiceScores.score(
                counts, catalogue, scheme, o.versions(), o.indicatorLevels(), Fs.display(o.folder()));
        Dataset<Row> dossiers = DossierRecords.accepted(spark, in, bc, duplicates);
        return new Result(tables, refused, dossiers, rowsIn, accepted, byReason, counts, kept);
    }

    private static void addWithProvince(
            Map<ServiceScores.UnitPeriod, long[]> counts, Catalogue catalogue, String unit, Period p, long[] c) {
        Counts.add(counts.computeIfAbsent(new ServiceScores.UnitPeriod(unit, p), k -> new long[Counts.SIZE]), c);
        String province = catalogue.units().get(unit).provinceKey();
        Counts.add(counts.computeIfAbsent(new ServiceScores.UnitPeriod(province, p), k -> new long[Counts.SIZE]), c);
    }

    private static final StructType USED = new StructType()
            .add("key", DataTypes.LongType)
            .add("used_online", DataTypes.LongType)
            .add("used_paid", DataTypes.LongType);

    /**
     * Per unit and period, packed into one long ({@link DossierRecords#countsKey}): the online-offered procedures the
     * unit offers that had an online dossier, and the fee-bearing ones it offers that had a dossier paid online (from
     * the flag sums, in Spark; the keys' unit and procedure are places in the catalogue, in its order). The keys stay
     * numbers until the driver reads the few sums.
     */
    private static Dataset<Row> used(SparkSession spark, Dataset<Row> flags, Broadcast<Catalogue> bc) {
        JavaRDD<Row> rows = flags.select("key", "online", "paid").javaRDD().mapPartitions(it -> {
            Catalogue c = bc.value();
            List<String> units = new ArrayList<>(c.units().keySet());
            List<Catalogue.Procedure> procedures =
                    new ArrayList<>(c.procedures().values());
            // which unit offers which procedure, by places, looked up once per unit and procedure met
            Map<Long, Boolean> offered = new HashMap<>();
            List<Row> out = new ArrayList<>();
            while (it.hasNext()) {
                Row r = it.next();
                long key = r.getLong(0);
                int unit = DossierRecords.flagUnit(key);
                int procedure = DossierRecords.flagProcedure(key);
                Catalogue.Procedure p = procedures.get(procedure);
                boolean online = p.online() && r.getLong(1) > 0;
                boolean paid = p.feeBearing() && r.getLong(2) > 0;
                if ((online || paid)
                        && offered.computeIfAbsent(key >>> 21, k -> c.offered(units.get(unit), p.code()) != null)) {
                    out.add(RowFactory.create(
                            DossierRecords.countsKey(unit, DossierRecords.periodCode(key)),
                            online ? 1L : 0L,
                            paid ? 1L : 0L));
                }
            }
            return out.iterator();
        });
        return spark.createDataFrame(rows, USED)
                .groupBy("key")
                .agg(sum("used_online").as("used_online"), sum("used_paid").as("used_paid"));
    }
}
