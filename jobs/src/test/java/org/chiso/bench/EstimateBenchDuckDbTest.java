package org.chiso.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.chiso.bench.Estimates.Agreement;
import org.chiso.bench.Estimates.Estimate;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.jobs.EstimateJob;
import org.chiso.jobs.Warehouse;
import org.chiso.survey.synth.SyntheticSurveys;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimate benchmark compares like with like: on a tiny generated sample, the DuckDB SQL of
 * {@link DuckDbEngine#sql} gives every province × year × component mean and SE (VN63, VN34, national, TOTALs)
 * of the workbench's estimate stage ({@link EstimateJob}, i.e. {@link org.chiso.survey.TaylorEstimator}) to 1e-9
 * relative, with the same respondent counts. One PSU per survey is moved to another province first, so that domains
 * have PSUs without members inside a stratum where they are present (the zeros of the variance formula), which the
 * synthetic design alone (province = stratum) never produces; the fpc of the synthetic design is used by both. DuckDB
 * runs one statement per survey year (the default) and one over all years; both agree with the workbench.
 */
@ExtendWith(SparkExtension.class)
class EstimateBenchDuckDbTest {
    @Test
    void duckDbGivesTheWorkbenchMeansAndStandardErrors(SparkSession spark, @TempDir Path dir) throws Exception {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        Path micro = dir.resolve("micro");
        SyntheticSurveys.writeSmallForTests(spark, fs, micro.toString(), 5L, 5, 6, List.of(2023, 2024));
        Path moved = dir.resolve("moved");
        Map<String, String> movedTo = new HashMap<>();
        for (String survey : List.of("PAPI-SYNTH", "SIPAS-SYNTH")) {
            Dataset<Row> r = spark.read()
                    .parquet(micro.resolve(survey).resolve("respondents").toString());
            Row first = r.select("stratum", "psu").orderBy("stratum", "psu").first();
            String other = r.filter(col("stratum").notEqual(first.getString(0)))
                    .select("province_key")
                    .orderBy("province_key")
                    .first()
                    .getString(0);
            movedTo.put(survey, other + " in stratum " + first.getString(0));
            r.withColumn(
                            "province_key",
                            when(col("psu").equalTo(first.getString(1)), lit(other))
                                    .otherwise(col("province_key")))
                    .write()
                    .mode(SaveMode.Overwrite)
                    .parquet(moved.resolve(survey).resolve("respondents").toString());
            spark.read()
                    .parquet(micro.resolve(survey).resolve("answers").toString())
                    .write()
                    .mode(SaveMode.Overwrite)
                    .parquet(moved.resolve(survey).resolve("answers").toString());
            Files.copy(
                    micro.resolve(survey).resolve("codebook.csv"),
                    moved.resolve(survey).resolve("codebook.csv"));
        }

        String out = dir.resolve("out").toString();
        Progress quiet = new Progress(new PrintStream(OutputStream.nullOutputStream()));
        EstimateJob.run(
                spark,
                new EstimateJob.Options(List.of(moved.toString()), out, WorkbenchEngine.designOptions(), 30),
                quiet);
        Map<String, Estimate> workbench =
                WorkbenchEngine.readEstimates(Warehouse.open(spark, out).read(Warehouse.ESTIMATES));

        List<String> folders = EstimateJob.surveyFolders(fs, List.of(moved.toString()));
        assertEquals(2, folders.size());
        Map<String, String> info = new HashMap<>();
        Map<String, Estimate> duck = DuckDbEngine.estimates(folders, dir.resolve("duckdb-tmp"), info);
        Agreement a = Estimates.compare(workbench, duck, DuckDbEngine.TOLERANCE, "DuckDB vs workbench");
        System.out.printf("DuckDB %s vs workbench (PSUs moved: %s): %s%n", info.get("version"), movedTo, a.describe());
        assertTrue(a.compared() >= 200, "estimates compared: " + a.compared());
        assertTrue(a.maxRelValue() <= 1e-9 && a.maxRelSe() <= 1e-9, a.describe());
        assertTrue(workbench.keySet().stream().anyMatch(k -> k.contains("|VN34-")), "VN34 domains compared");
        assertTrue(workbench.keySet().stream().anyMatch(k -> k.contains("|VN|")), "national figures compared");
        assertTrue(workbench.keySet().stream().anyMatch(k -> k.endsWith("|TOTAL")), "TOTALs compared");
        // the SEs are not trivially equal: the fpc and the moved PSU change them
        assertNotEquals(0.0, duck.values().iterator().next().se());
        // the default runs one statement per survey year (2023, 2024); one statement over both years gives the same
        assertEquals("2 statements, one per year", info.get("statements"));
        Map<String, Estimate> whole = DuckDbEngine.estimates(folders, dir.resolve("duckdb-tmp"), info, false);
        assertEquals("one statement", info.get("statements"));
        Agreement w = Estimates.compare(workbench, whole, DuckDbEngine.TOLERANCE, "DuckDB whole vs workbench");
        assertEquals(a.compared(), w.compared());
        assertEquals(duck.keySet(), whole.keySet());

        // the benchmark's estimation pass alone (no validation, no warehouse) gives the same estimates too
        Agreement pass = Estimates.compare(
                workbench,
                WorkbenchEngine.pass(spark, fs, folders, WorkbenchEngine.designOptions(), null),
                1e-12,
                "pass vs end to end");
        assertEquals(workbench.size(), pass.compared());
    }

    @Test
    void aDifferenceIsReportedLoudly() {
        Map<String, Estimate> a = Map.of("S|I|2024|VN63-01|D1", new Estimate(10, 5.0, 0.1));
        Map<String, Estimate> b = Map.of("S|I|2024|VN63-01|D1", new Estimate(10, 5.0, 0.1 * (1 + 1e-8)));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> Estimates.compare(a, b, 1e-9, "DuckDB vs workbench"));
        assertTrue(e.getMessage().contains("S|I|2024|VN63-01|D1"), e.getMessage());
        assertEquals(1, Estimates.compare(a, b, 1e-7, "x").compared());
    }
}
