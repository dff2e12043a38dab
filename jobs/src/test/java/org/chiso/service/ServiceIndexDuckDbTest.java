package org.chiso.service;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.io.Progress;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent implementation of the scheme's formulas in SQL, run by DuckDB on the same Parquet files, agrees with
 * the engine to 1e-9 on every indicator's rate and points and every group and total of every unit, period and version.
 * The sample (SYNTHETIC, seed 20) is 1,000,000 dossiers over 3 provinces with 4 departments and 6 communes each, 17
 * procedures, received over 400 days from 1 January 2025 (so weeks, months, quarters and two years, and an as-of date),
 * with supplements (up to two requests, some unanswered), refusals, work in progress, complaints and ratings; written
 * by Spark as Parquet with typed columns (timestamps without time zone, booleans).
 */
@ExtendWith(SparkExtension.class)
class ServiceIndexDuckDbTest {
    private static final long DOSSIERS = 1_000_000L;
    private static final LocalDate AS_OF = LocalDate.of(2025, 9, 30);

    @Test
    void duckDbAgreesWithTheEngine(SparkSession spark, @TempDir Path dir) throws Exception {
        Path folder = dir.resolve("sample");
        List<String> units = writeCatalogue(folder);
        writeDossiers(spark, folder, units);
        long t0 = System.nanoTime();
        ServiceIndexJob.Result r = ServiceIndexJob.run(
                spark,
                new ServiceIndexJob.Options(folder.toString(), List.of("2024", "2022"), AS_OF),
                ServiceScheme.bundled(),
                new Progress(new PrintStream(OutputStream.nullOutputStream())));
        double engineSeconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(DOSSIERS, r.rowsIn());
        assertEquals(DOSSIERS, r.accepted());

        Map<String, double[]> engineIndicators = new HashMap<>();
        for (Row x : r.tables().indicators().rows()) {
            engineIndicators.put(
                    key(x.getString(0), x.getString(4), x.getString(1), x.getString(2), x.getString(7)),
                    new double[] {x.isNullAt(10) ? Double.NaN : x.getDouble(10), x.getDouble(13)});
        }
        Map<String, Double> engineGroups = new HashMap<>();
        List<String> groupNames = ServiceScheme.bundled().allGroupNames();
        for (Row x : r.tables().index().rows()) {
            for (String g : groupNames) {
                int i = x.fieldIndex(g);
                if (!x.isNullAt(i)) {
                    engineGroups.put(
                            key(x.getString(0), x.getString(6), x.getString(1), x.getString(2), g), x.getDouble(i));
                }
            }
            engineGroups.put(
                    key(x.getString(0), x.getString(6), x.getString(1), x.getString(2), "TOTAL"),
                    x.getDouble(x.fieldIndex("total")));
        }

        long t1 = System.nanoTime();
        Map<String, double[]> duckIndicators = new HashMap<>();
        Map<String, Double> duckGroups = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            String sql = new String(
                            ServiceIndexDuckDbTest.class
                                    .getResourceAsStream(org.chiso.bench.ServiceIndexDuckDb.SQL)
                                    .readAllBytes(),
                            StandardCharsets.UTF_8)
                    .replace("${folder}", folder.toString().replace("'", "''"))
                    .replace(
                            "${scheme}",
                            Path.of("../data/definitions/service_index")
                                    .toAbsolutePath()
                                    .toString())
                    .replace("${as_of}", AS_OF.toString());
            for (String statement : sql.split(";\\s*\\n")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
            try (ResultSet q = s.executeQuery(
                    "SELECT version, unit_key, period_type, period, indicator, rate, points FROM indicator_points")) {
                while (q.next()) {
                    double rate = q.getDouble(6);
                    duckIndicators.put(
                            key(q.getString(1), q.getString(2), q.getString(3), q.getString(4), q.getString(5)),
                            new double[] {q.wasNull() ? Double.NaN : rate, q.getDouble(7)});
                }
            }
            try (ResultSet q =
                    s.executeQuery("SELECT version, unit_key, period_type, period, grp, points FROM group_points")) {
                while (q.next()) {
                    duckGroups.put(
                            key(q.getString(1), q.getString(2), q.getString(3), q.getString(4), q.getString(5)),
                            q.getDouble(6));
                }
            }
        }
        double duckSeconds = (System.nanoTime() - t1) / 1e9;

        assertEquals(duckIndicators.keySet(), engineIndicators.keySet());
        assertEquals(duckGroups.keySet(), engineGroups.keySet());
        double maxRate = 0;
        double maxPoints = 0;
        for (Map.Entry<String, double[]> e : duckIndicators.entrySet()) {
            double[] a = e.getValue();
            double[] b = engineIndicators.get(e.getKey());
            assertEquals(Double.isNaN(a[0]), Double.isNaN(b[0]), "not_applicable of " + e.getKey());
            if (!Double.isNaN(a[0])) {
                maxRate = Math.max(maxRate, Math.abs(a[0] - b[0]));
            }
            maxPoints = Math.max(maxPoints, Math.abs(a[1] - b[1]));
            assertEquals(a[1], b[1], 1e-9, e.getKey());
        }
        double maxGroup = 0;
        for (Map.Entry<String, Double> e : duckGroups.entrySet()) {
            double d = Math.abs(e.getValue() - engineGroups.get(e.getKey()));
            maxGroup = Math.max(maxGroup, d);
            assertEquals(e.getValue(), engineGroups.get(e.getKey()), 1e-9, e.getKey());
        }
        assertTrue(maxRate <= 1e-9, "rate difference " + maxRate);
        // the sample reaches every period type, level and a not-applicable case
        for (String t : List.of("week", "month", "quarter", "year", "as_of")) {
            assertTrue(duckGroups.keySet().stream().anyMatch(k -> k.contains("|" + t + "|")), t);
        }
        System.out.printf(
                Locale.ROOT,
                "service index vs DuckDB: %d indicator values, %d group values and totals; max |difference| rate %.3g,"
                        + " points %.3g, groups %.3g; engine %.1f s, DuckDB %.1f s%n",
                duckIndicators.size(),
                duckGroups.size(),
                maxRate,
                maxPoints,
                maxGroup,
                engineSeconds,
                duckSeconds);
    }

    private static String key(String version, String unit, String type, String period, String name) {
        return version + "|" + unit + "|" + type + "|" + period + "|" + name;
    }

    /** units.csv, procedures.csv and unit_procedures.csv; returns the department and commune keys, departments first. */
    private static List<String> writeCatalogue(Path folder) throws Exception {
        Files.createDirectories(folder);
        Random rnd = new Random(20);
        StringBuilder u = new StringBuilder("unit_key,level,province_key,code,name,name_en,synthetic\n");
        List<String> departments = new ArrayList<>();
        List<String> communes = new ArrayList<>();
        for (String p : List.of("VN34-01", "VN34-19", "VN34-31")) {
            u.append(p)
                    .append(",province,")
                    .append(p)
                    .append(",")
                    .append(p.substring(5))
                    .append(",Tỉnh ")
                    .append(p)
                    .append(",,true\n");
            for (int d = 1; d <= 4; d++) {
                String k = p + "/D/S" + d;
                departments.add(k);
                u.append(k)
                        .append(",department,")
                        .append(p)
                        .append(",S")
                        .append(d)
                        .append(",Sở ")
                        .append(d)
                        .append(",Department ")
                        .append(d)
                        .append(",true\n");
            }
            for (int c = 1; c <= 6; c++) {
                String k = p + "/C/" + p.substring(5) + "00" + c;
                communes.add(k);
                u.append(k)
                        .append(",commune,")
                        .append(p)
                        .append(",")
                        .append(p.substring(5))
                        .append("00")
                        .append(c)
                        .append(",Xã tổng hợp ")
                        .append(c)
                        .append(",,true\n");
            }
        }
        Files.writeString(folder.resolve("units.csv"), u.toString(), StandardCharsets.UTF_8);
        StringBuilder pr =
                new StringBuilder("procedure_code,name,field,level,online_level,fee_bearing,payment_integrated,"
                        + "paper_result_required,population_db_connected\n");
        String[] online = {"full", "partial", "none"};
        for (int i = 0; i < 17; i++) {
            String level = i < 10 ? "department" : "commune";
            boolean fee = rnd.nextDouble() < 0.5;
            pr.append(String.format(
                    Locale.ROOT,
                    "Q%02d,Thủ tục %d,field%d,%s,%s,%b,%b,%b,%b%n",
                    i,
                    i,
                    i % 4,
                    level,
                    online[i % 3],
                    fee,
                    fee && rnd.nextDouble() < 0.7,
                    rnd.nextDouble() < 0.2,
                    rnd.nextDouble() < 0.5));
        }
        Files.writeString(folder.resolve("procedures.csv"), pr.toString(), StandardCharsets.UTF_8);
        StringBuilder up =
                new StringBuilder("unit_key,procedure_code,published_on_time,national_db_on_time,complete_parts\n");
        for (String k : units(departments, communes)) {
            boolean commune = k.contains("/C/");
            for (int i = commune ? 10 : 0; i < (commune ? 17 : 10); i++) {
                if (rnd.nextDouble() < 0.8) {
                    up.append(String.format(
                            Locale.ROOT,
                            "%s,Q%02d,%b,%b,%b%n",
                            k,
                            i,
                            rnd.nextDouble() < 0.8,
                            rnd.nextDouble() < 0.7,
                            rnd.nextDouble() < 0.9));
                }
            }
        }
        Files.writeString(folder.resolve("unit_procedures.csv"), up.toString(), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("README.md"), "SYNTHETIC test sample, seed 20\n", StandardCharsets.UTF_8);
        return units(departments, communes);
    }

    private static List<String> units(List<String> departments, List<String> communes) {
        List<String> all = new ArrayList<>(departments);
        all.addAll(communes);
        return all;
    }

    private static Column ts(Column seconds) {
        return timestamp_seconds(seconds).cast("timestamp_ntz");
    }

    private static Column iso(Column seconds) {
        return date_format(timestamp_seconds(seconds), "yyyy-MM-dd'T'HH:mm:ss");
    }

    private static Column pick(List<String> values, Column index) {
        return element_at(
                org.apache.spark.sql.functions.array(
                        values.stream().map(v -> lit(v)).toArray(Column[]::new)),
                index.cast("int").plus(1));
    }

    /** 1,000,000 dossiers as Parquet (typed columns) in folder/dossiers. */
    private static void writeDossiers(SparkSession spark, Path folder, List<String> units) {
        int departments = 12;
        List<String> deptProcs = new ArrayList<>();
        List<String> communeProcs = new ArrayList<>();
        List<String> deptFields = new ArrayList<>();
        List<String> communeFields = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            (i < 10 ? deptProcs : communeProcs).add(String.format(Locale.ROOT, "Q%02d", i));
            (i < 10 ? deptFields : communeFields).add("field" + (i % 4));
        }
        long day = 86_400L;
        Column u = floor(rand(1).multiply(units.size()));
        Dataset<Row> d = spark.range(0, DOSSIERS, 1, 4)
                .withColumn("u", u)
                .withColumn(
                        "pi",
                        floor(rand(2).multiply(
                                        when(col("u").lt(departments), 10).otherwise(7))))
                .withColumn("recv", lit(1_735_689_600L).plus(floor(rand(3).multiply(400 * day))))
                .withColumn("r_end", rand(4))
                .withColumn("end_s", col("recv").plus(floor(rand(5).multiply(20 * day))))
                .withColumn("r_sup", rand(6))
                .withColumn("req1", col("recv").plus(floor(rand(7).multiply(3 * day))))
                .withColumn("sup1", col("req1").plus(floor(rand(8).multiply(3 * day))))
                .withColumn("req2", col("sup1").plus(floor(rand(9).multiply(2 * day))))
                .withColumn("sup2", col("req2").plus(floor(rand(10).multiply(2 * day))))
                .withColumn("unanswered", rand(11).lt(0.25))
                .withColumn("complaint_b", rand(12).lt(0.08))
                .withColumn("due", col("recv").plus(floor(rand(13).multiply(30 * day))))
                .withColumn(
                        "handled_s", col("due").plus(floor(rand(14).minus(0.6).multiply(10 * day))))
                .withColumn("r_h", rand(15))
                .withColumn("r_rating", rand(16))
                .withColumn("r_channel", rand(17));
        Column supplements = when(col("r_sup").lt(0.7), lit(null).cast("string"))
                .when(
                        col("r_sup").lt(0.9),
                        concat(
                                iso(col("req1")),
                                lit("/"),
                                when(col("unanswered"), lit("")).otherwise(iso(col("sup1")))))
                .otherwise(concat_ws(
                        ";",
                        concat(iso(col("req1")), lit("/"), iso(col("sup1"))),
                        concat(
                                iso(col("req2")),
                                lit("/"),
                                when(col("unanswered"), lit("")).otherwise(iso(col("sup2"))))));
        Column procedure =
                when(col("u").lt(departments), pick(deptProcs, col("pi"))).otherwise(pick(communeProcs, col("pi")));
        Column field =
                when(col("u").lt(departments), pick(deptFields, col("pi"))).otherwise(pick(communeFields, col("pi")));
        // fee-bearing procedures are known to the test by their catalogue row; the column is filled for all and
        // nulled where the procedure has no fee by the SQL join below
        Dataset<Row> fees = spark.read()
                .option("header", true)
                .csv(folder.resolve("procedures.csv").toString())
                .select(
                        col("procedure_code"),
                        col("fee_bearing").equalTo("true").as("fee"));
        Dataset<Row> out = d.select(
                        concat(lit("D"), col("id").cast("string")).as("dossier_id"),
                        procedure.as("procedure_code"),
                        field.as("field"),
                        pick(units, col("u")).as("unit_key"),
                        when(col("r_channel").lt(0.4), lit("online"))
                                .when(col("r_channel").lt(0.45), lit("post"))
                                .otherwise(lit("in_person"))
                                .as("channel"),
                        ts(col("recv").minus(floor(rand(18).multiply(2 * day)))).as("submitted"),
                        ts(col("recv")).as("received"),
                        ts(col("recv").plus(floor(rand(19).multiply(15 * day)))).as("promised"),
                        when(col("r_end").between(0.05, 0.8), ts(col("end_s"))).as("processing_ended"),
                        when(
                                        col("r_end").between(0.05, 0.8).and(rand(20).lt(0.7)),
                                        ts(greatest(
                                                col("recv"),
                                                col("end_s")
                                                        .plus(floor(rand(21).minus(0.2)
                                                                .multiply(day))))))
                                .as("returned"),
                        when(col("r_end").lt(0.05), ts(col("end_s"))).as("refused"),
                        supplements.as("supplements"),
                        rand(22).lt(0.9).as("synced"),
                        rand(23).lt(0.6).as("fee_paid_online"),
                        rand(24).lt(0.7).as("result_electronic"),
                        rand(25).lt(0.5).as("digitised"),
                        rand(26).lt(0.3).as("certified_copy"),
                        rand(27).lt(0.5).as("cce"),
                        rand(28).lt(0.6).as("reused_data"),
                        rand(29).lt(0.2).as("data_store"),
                        rand(30).lt(0.4).as("population_db"),
                        when(col("r_rating").lt(0.3), lit(null).cast("string"))
                                .when(col("r_rating").lt(0.7), lit("satisfied"))
                                .when(col("r_rating").lt(0.85), lit("neutral"))
                                .otherwise(lit("dislike"))
                                .as("rating"),
                        col("complaint_b").as("complaint"),
                        when(col("complaint_b"), ts(col("due"))).as("complaint_due"),
                        when(col("complaint_b").and(col("r_h").lt(0.7)), ts(col("handled_s")))
                                .as("complaint_handled"),
                        when(col("complaint_b").and(col("r_h").lt(0.65)), rand(31).lt(0.5))
                                .as("complaint_satisfied"),
                        lit(true).as("synthetic"))
                .join(org.apache.spark.sql.functions.broadcast(fees), "procedure_code")
                .withColumn("fee_paid_online", when(col("fee"), col("fee_paid_online")))
                .withColumn("certified_copy_electronic", when(col("certified_copy"), col("cce")))
                .drop("fee", "cce");
        out.write().parquet(folder.resolve("dossiers").toString());
    }
}
