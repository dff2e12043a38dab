package org.chiso.jobs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.apache.spark.sql.SparkSession;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.survey.CiMethod;
import org.chiso.survey.DesignOptions;
import org.chiso.survey.synth.SyntheticSurveys;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimate stage end to end on generated microdata with planted province scores: every cell is
 * estimated, the planted truths fall inside their 95% intervals at the nominal rate (t with the domain's
 * df: a province has 3 PSUs, so 2 df), national figures come from the whole sample, VN34 domains are
 * estimated directly, and nothing of the microdata goes missing.
 */
@ExtendWith(SparkExtension.class)
class EstimateJobTest {
    @Test
    void plantedProvinceScoresAreRecoveredAtTheNominalRate(SparkSession spark, @TempDir Path dir) throws Exception {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        String micro = dir.resolve("micro").toString();
        SyntheticSurveys.writeSmallForTests(spark, fs, micro, 7L, 20, 12, List.of(2022, 2023, 2024));
        Progress quiet = new Progress(new PrintStream(OutputStream.nullOutputStream()));
        String out = dir.resolve("out").toString();
        EstimateJob.Summary s = EstimateJob.run(
                spark,
                new EstimateJob.Options(
                        List.of(micro), out, DesignOptions.defaults().withCiMethod(CiMethod.T_DOMAIN), 30),
                quiet);
        assertEquals(s.respondentsIn(), s.respondentsAccepted(), "generated respondents are all valid");
        assertEquals(s.answersIn(), s.answersAccepted(), "generated answers are all valid");

        Dataset<Row> est = Warehouse.open(spark, out).read(Warehouse.ESTIMATES);
        int covered = 0;
        int cells = 0;
        for (String survey : List.of("PAPI-SYNTH", "SIPAS-SYNTH")) {
            Map<String, Double> truth = new HashMap<>();
            List<String> lines = Files.readAllLines(Path.of(micro, survey, "planted_truth.csv"));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                truth.put(f[1] + "|" + f[2] + "|" + f[3], Double.parseDouble(f[4]));
            }
            for (Row r : est.filter(col("survey")
                            .equalTo(survey)
                            .and(col("province_key").startsWith("VN63-")))
                    .collectAsList()) {
                Double t = truth.get(r.getAs("year") + "|" + r.getAs("province_key") + "|" + r.getAs("component"));
                if (t == null) {
                    continue;
                }
                cells++;
                if (r.<Double>getAs("ci_low") <= t && t <= r.<Double>getAs("ci_high")) {
                    covered++;
                }
            }
        }
        double rate = covered / (double) cells;
        System.out.printf(
                "planted province scores inside their 95%% t (domain df) intervals: %d of %d = %.3f%n",
                covered, cells, rate);
        assertTrue(cells >= 500, "cells compared: " + cells);
        assertTrue(rate >= 0.92 && rate <= 0.98, "coverage " + rate);
        assertTrue(est.filter(col("province_key").equalTo("VN")).count() > 0, "national figures from the whole sample");
        assertTrue(
                est.filter(col("province_key").startsWith("VN34-")).count() > 0,
                "estimated directly on the new provinces");
        assertEquals(0, est.filter(col("value").isNull()).count());
        // the synthetic designs carry psu_prob: PPS strata, whose default variance is with replacement (not the fpc)
        assertEquals(
                List.of("with-replacement"),
                est.select("variance_method").distinct().collectAsList().stream()
                        .map(r -> r.getString(0))
                        .toList());
    }
}
