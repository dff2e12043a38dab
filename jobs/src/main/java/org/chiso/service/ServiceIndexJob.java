package org.chiso.service;

import static org.apache.spark.sql.functions.col;
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
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
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
     */
    public record Options(String folder, List<String> versions, LocalDate asOf) {}

    /**
     * What a run gives: the two tables, the refused rows ({@code file, line, column, raw_value, reason, detail}), the
     * counts (rows read, accepted, refused by reason), the counters per unit and period, and the kept aggregate the
     * rejects are read from ({@link #release}).
     */
    public record Result(
            ServiceScores.Tables tables,
            Dataset<Row> rejects,
            long rowsIn,
            long accepted,
            Map<String, Long> rejectedByReason,
            Map<ServiceScores.UnitPeriod, long[]> counts,
            Dataset<Row> cached) {
        public long rejected() {
            return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Drops the kept aggregate that {@link #rejects} reads, once the rejects are written. */
        public void release() {
            cached.unpersist();
        }
    }

    /** Reads, checks and scores a folder; the rejects Dataset reads a persisted aggregate (unpersist when done). */
    public static Result run(SparkSession spark, Options o, ServiceScheme scheme, Progress progress)
            throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        Catalogue catalogue = DossierRecords.catalogue(fs, o.folder());
        DossierRecords.Input in = DossierRecords.input(fs, o.folder());
        progress.line(String.format(
                java.util.Locale.ROOT,
                "[service-index] %d units, %d procedures, %d %s dossier files",
                catalogue.units().size(),
                catalogue.procedures().size(),
                in.files().size(),
                in.parquet() ? "Parquet" : "CSV"));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Catalogue> bc = jsc.broadcast(catalogue);
        // the pass's output (partial sums, one short id row per accepted dossier, the refused rows) is kept, so the
        // input is read once for both the duplicate check and the sums
        Dataset<Row> passed =
                DossierRecords.pass(spark, in, bc, o.asOf(), null).persist(StorageLevel.MEMORY_AND_DISK());
        Set<String> duplicates = new HashSet<>();
        for (Row r : DossierRecords.duplicateIds(passed).collectAsList()) {
            duplicates.add(r.getString(0));
        }
        Dataset<Row> reduced = DossierRecords.reduce(passed.filter(col("kind").notEqual(DossierRecords.ID)))
                .persist(StorageLevel.MEMORY_AND_DISK());
        reduced.count();
        passed.unpersist();
        Dataset<Row> all = reduced.filter(col("kind").notEqual(DossierRecords.ID));
        if (!duplicates.isEmpty()) {
            progress.line("[service-index] " + duplicates.size() + " dossier ids given more than once: their rows are"
                    + " read again and refused");
            Dataset<Row> dup = DossierRecords.reduce(DossierRecords.pass(spark, in, bc, o.asOf(), duplicates));
            List<Column> negated = new ArrayList<>();
            for (String f : DossierRecords.PASS.fieldNames()) {
                boolean summed = f.equals("online") || f.equals("paid") || f.matches("c\\d+");
                negated.add(summed ? col(f).multiply(-1).as(f) : col(f));
            }
            Dataset<Row> taken = dup.select(negated.toArray(Column[]::new));
            all = DossierRecords.reduce(all.unionByName(taken)).persist(StorageLevel.MEMORY_AND_DISK());
            all.count();
            reduced.unpersist();
        }
        Map<ServiceScores.UnitPeriod, long[]> counts = new HashMap<>();
        Map<String, Period> periods = new HashMap<>();
        long rowsIn = 0;
        long accepted = 0;
        Map<String, Long> byReason = new TreeMap<>();
        List<String> counterCols = new ArrayList<>();
        for (int i = 0; i < Counts.DOSSIER_SLOTS; i++) {
            counterCols.add(DossierRecords.counter(i));
        }
        List<Column> small = new ArrayList<>(
                List.of(col("kind"), col("unit_key"), col("period_type"), col("period"), col("n"), col("reason")));
        counterCols.forEach(c -> small.add(col(c)));
        for (Row r : all.filter(col("kind").isin(DossierRecords.COUNTS, DossierRecords.READ, DossierRecords.REJECT))
                .select(small.toArray(Column[]::new))
                .collectAsList()) {
            switch (r.getInt(0)) {
                case DossierRecords.READ -> rowsIn += r.getLong(4);
                case DossierRecords.REJECT -> byReason.merge(r.getString(5), 1L, Long::sum);
                default -> {
                    if (r.getLong(6 + Counts.DOSSIERS) == 0) {
                        continue; // a cell whose every dossier was a refused duplicate
                    }
                    Period p = periods.computeIfAbsent(
                            r.getString(2) + "\t" + r.getString(3),
                            k -> period(r.getString(2), r.getString(3), o.asOf()));
                    long[] c = new long[Counts.SIZE];
                    for (int i = 0; i < Counts.DOSSIER_SLOTS; i++) {
                        c[i] = r.getLong(6 + i);
                    }
                    if (p.type().equals(Period.YEAR)) {
                        accepted += c[Counts.DOSSIERS];
                    }
                    addWithProvince(counts, catalogue, r.getString(1), p, c);
                }
            }
        }
        for (Row r : used(all, bc).collectAsList()) {
            Period p = periods.get(r.getString(1) + "\t" + r.getString(2));
            long[] c = new long[Counts.SIZE];
            c[Counts.USED_ONLINE] = r.getLong(3);
            c[Counts.USED_PAID] = r.getLong(4);
            if (p != null) {
                addWithProvince(counts, catalogue, r.getString(0), p, c);
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
        ServiceScores.Tables tables =
                ServiceScores.score(counts, catalogue, scheme, o.versions(), Fs.display(o.folder()));
        Dataset<Row> rejects = all.filter(col("kind").equalTo(DossierRecords.REJECT))
                .select(
                        col("file").as(Columns.FILE),
                        col("line").as(Columns.LINE),
                        col("column").as(Columns.COLUMN),
                        col("raw_value").as(Columns.RAW_VALUE),
                        col("reason").as(Columns.REASON),
                        col("detail").as(Columns.DETAIL));
        return new Result(tables, rejects, rowsIn, accepted, byReason, counts, all);
    }

    private static Period period(String type, String key, LocalDate asOf) {
        if (type.equals(Period.AS_OF)) {
            return Period.of(asOf, asOf).get(4);
        }
        LocalDate first = switch (type) {
            case Period.WEEK -> LocalDate.parse(key + "-1", java.time.format.DateTimeFormatter.ISO_WEEK_DATE);
            case Period.MONTH -> LocalDate.parse(key + "-01");
            case Period.QUARTER ->
                LocalDate.of(Integer.parseInt(key.substring(0, 4)), (key.charAt(6) - '1') * 3 + 1, 1);
            default -> LocalDate.of(Integer.parseInt(key), 1, 1);
        };
        return Period.of(type, first);
    }

    private static void addWithProvince(
            Map<ServiceScores.UnitPeriod, long[]> counts, Catalogue catalogue, String unit, Period p, long[] c) {
        Counts.add(counts.computeIfAbsent(new ServiceScores.UnitPeriod(unit, p), k -> new long[Counts.SIZE]), c);
        String province = catalogue.units().get(unit).provinceKey();
        Counts.add(counts.computeIfAbsent(new ServiceScores.UnitPeriod(province, p), k -> new long[Counts.SIZE]), c);
    }

    private static final StructType USED = new StructType()
            .add("unit_key", DataTypes.StringType)
            .add("period_type", DataTypes.StringType)
            .add("period", DataTypes.StringType)
            .add("used_online", DataTypes.LongType)
            .add("used_paid", DataTypes.LongType);

    /**
     * Per unit and period, the online-offered procedures the unit offers that had an online dossier, and the
     * fee-bearing ones it offers that had a dossier paid online (from the flag sums, in Spark).
     */
    private static Dataset<Row> used(Dataset<Row> all, Broadcast<Catalogue> bc) {
        return all.filter(col("kind").equalTo(DossierRecords.FLAGS))
                .select("unit_key", "procedure_code", "period_type", "period", "online", "paid")
                .map(
                        (MapFunction<Row, Row>) r -> {
                            Catalogue c = bc.value();
                            boolean offered = c.offered(r.getString(0), r.getString(1)) != null;
                            Catalogue.Procedure p = c.procedures().get(r.getString(1));
                            return RowFactory.create(
                                    r.getString(0),
                                    r.getString(2),
                                    r.getString(3),
                                    offered && p.online() && r.getLong(4) > 0 ? 1L : 0L,
                                    offered && p.feeBearing() && r.getLong(5) > 0 ? 1L : 0L);
                        },
                        Encoders.row(USED))
                .groupBy("unit_key", "period_type", "period")
                .agg(sum("used_online").as("used_online"), sum("used_paid").as("used_paid"));
    }
}
