package org.chiso.survey.synth;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.io.Fs;
import org.chiso.survey.synth.SyntheticDesign.Survey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Spark tests of the synthetic generator: layout, determinism, design consistency and planted truth. */
@ExtendWith(org.chiso.testing.SparkExtension.class)
class SyntheticSurveysTest {

    private static Fs fs(SparkSession spark) {
        return new Fs(spark.sparkContext().hadoopConfiguration());
    }

    @Test
    void aSmallGenerationIsWellFormedAndDeterministic(SparkSession spark, @TempDir Path dir) throws IOException {
        List<Integer> years = List.of(2017, 2024);
        String a = dir.resolve("a").toString();
        String b = dir.resolve("b").toString();
        SyntheticSurveys.Summary sa = SyntheticSurveys.writeSmallForTests(spark, fs(spark), a, 99, 5, 3, years);
        SyntheticSurveys.writeSmallForTests(spark, fs(spark), b, 99, 5, 3, years);
        assertTrue(Files.readString(dir.resolve("a/README.md")).contains("SYNTHETIC"));

        for (Survey s : SyntheticSurveys.SURVEYS) {
            Path sd = dir.resolve("a").resolve(s.surveyName());
            for (String f : List.of("respondents", "answers", "codebook.csv", "planted_truth.csv", "README.md")) {
                assertTrue(Files.exists(sd.resolve(f)), f);
            }
            assertTrue(Files.readString(sd.resolve("README.md")).startsWith("# SYNTHETIC"));
            Dataset<Row> r = spark.read().parquet(sd.resolve("respondents").toString());
            Dataset<Row> ans = spark.read().parquet(sd.resolve("answers").toString());
            assertEquals(
                    RespondentModel.RESPONDENT_SCHEMA.fieldNames().length,
                    r.schema().fields().length);
            assertArrayEquals(
                    RespondentModel.RESPONDENT_SCHEMA.fieldNames(), r.schema().fieldNames());
            assertArrayEquals(
                    RespondentModel.ANSWER_SCHEMA.fieldNames(), ans.schema().fieldNames());
            for (var field : RespondentModel.RESPONDENT_SCHEMA.fields()) {
                assertEquals(field.dataType(), r.schema().apply(field.name()).dataType(), field.name());
            }
            for (var field : RespondentModel.ANSWER_SCHEMA.fields()) {
                assertEquals(field.dataType(), ans.schema().apply(field.name()).dataType(), field.name());
            }

            // sizes: 5 provinces x their villages x 3 respondents x 2 years
            SyntheticDesign design = SyntheticDesign.create(
                    s, 99, org.chiso.core.ProvinceRegistry.load(), new SyntheticDesign.Params(5, 3));
            assertEquals(2L * 3 * design.villages().size(), r.count());
            assertEquals(
                    s == Survey.PAPI
                            ? sa.surveys().get(0).respondents()
                            : sa.surveys().get(1).respondents(),
                    r.count());

            // determinism: same rows, and the same bytes file by file
            Dataset<Row> r2 = spark.read()
                    .parquet(dir.resolve("b")
                            .resolve(s.surveyName())
                            .resolve("respondents")
                            .toString());
            Dataset<Row> a2 = spark.read()
                    .parquet(dir.resolve("b")
                            .resolve(s.surveyName())
                            .resolve("answers")
                            .toString());
            assertEquals(0, r.exceptAll(r2).count());
            assertEquals(0, r2.exceptAll(r).count());
            assertEquals(0, ans.exceptAll(a2).count());
            assertEquals(0, a2.exceptAll(ans).count());
            for (String t : List.of("respondents", "answers")) {
                List<Path> p1 = parts(sd.resolve(t));
                List<Path> p2 = parts(dir.resolve("b").resolve(s.surveyName()).resolve(t));
                assertEquals(p1.size(), p2.size());
                for (int i = 0; i < p1.size(); i++) {
                    assertArrayEquals(
                            Files.readAllBytes(p1.get(i)), Files.readAllBytes(p2.get(i)), p1.get(i) + " differs");
                }
            }
            for (String f : List.of("codebook.csv", "planted_truth.csv", "README.md")) {
                assertArrayEquals(
                        Files.readAllBytes(sd.resolve(f)),
                        Files.readAllBytes(
                                dir.resolve("b").resolve(s.surveyName()).resolve(f)));
            }

            // labelled synthetic, weights positive, every respondent in a PSU of its stratum: one pass
            Column bad = col("synthetic")
                    .notEqual(true)
                    .or(col("survey").notEqual(s.surveyName()))
                    .or(col("weight").isNull())
                    .or(col("weight").leq(0))
                    .or(col("stratum").notEqual(col("province_key")))
                    .or(col("psu").startsWith(col("stratum")).equalTo(false))
                    .or(col("ssu").startsWith(col("psu")).equalTo(false))
                    .or(col("village").startsWith(col("ssu")).equalTo(false))
                    .or(col("fpc").isNull())
                    .or(col("fpc").lt(8))
                    .or(col("psu_prob").isNull())
                    .or(col("psu_prob").leq(0))
                    .or(col("psu_prob").gt(1))
                    .or(col("sex").isin("male", "female").equalTo(false))
                    .or(col("age_group")
                            .isin("18-29", "30-39", "40-49", "50-59", "60+")
                            .equalTo(false))
                    .or(col("ethnicity").isin("kinh", "other").equalTo(false))
                    .or(col("urban").isin("urban", "rural").equalTo(false));
            Row checks = r.agg(
                            sum(when(bad, 1).otherwise(0)).as("bad"),
                            countDistinct("year", "respondent_id").as("ids"),
                            countDistinct("year", "psu").as("psus"),
                            countDistinct("year", "psu", "stratum").as("psu_strata"))
                    .first();
            assertEquals(0L, checks.getLong(0), "respondent rows breaking the layout rules");
            assertEquals(r.count(), checks.getLong(1), "respondent ids unique within a year");
            assertEquals(checks.getLong(2), checks.getLong(3), "every PSU lies in one stratum");
            assertEquals(
                    0,
                    r.groupBy("year", "stratum")
                            .agg(countDistinct("psu").as("n"))
                            .filter(col("n").lt(2))
                            .count(),
                    "every stratum has at least 2 PSUs");
            assertEquals(
                    0,
                    ans.join(
                                    r,
                                    ans.col("respondent_id")
                                            .equalTo(r.col("respondent_id"))
                                            .and(ans.col("year").equalTo(r.col("year"))),
                                    "left_anti")
                            .count(),
                    "answers belong to respondents");

            // answers on the codebook scales and years
            Dataset<Row> cb = codebook(spark, s);
            Dataset<Row> joined = ans.join(cb, ans.col("item").equalTo(cb.col("cb_item")), "left");
            assertEquals(
                    0,
                    joined.filter(col("cb_item")
                                    .isNull()
                                    .or(col("value").lt(col("answer_min")))
                                    .or(col("value").gt(col("answer_max")))
                                    .or(col("year").lt(col("year_from")))
                                    .or(col("year").gt(col("year_to"))))
                            .count());

            // planted truth rows: provinces x measured components, plus national
            List<String> truth = Files.readAllLines(sd.resolve("planted_truth.csv"), StandardCharsets.UTF_8);
            assertEquals("survey,year,province_key,component,true_value,finite_population_value", truth.get(0));
            int perYear2017 = s == Survey.PAPI ? 6 : 7;
            int perYear2024 = s == Survey.PAPI ? 8 : 7;
            assertEquals(1 + 6 * perYear2017 + 6 * perYear2024, truth.size());
        }
    }

    private static List<Path> parts(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .sorted()
                    .toList();
        }
    }

    private static Dataset<Row> codebook(SparkSession spark, Survey s) {
        StructType schema = new StructType()
                .add("cb_item", DataTypes.StringType)
                .add("component", DataTypes.StringType)
                .add("answer_min", DataTypes.DoubleType)
                .add("answer_max", DataTypes.DoubleType)
                .add("reverse", DataTypes.BooleanType)
                .add("rule", DataTypes.StringType)
                .add("out_min", DataTypes.DoubleType)
                .add("out_max", DataTypes.DoubleType)
                .add("year_from", DataTypes.IntegerType)
                .add("year_to", DataTypes.IntegerType);
        List<Row> rows = new ArrayList<>();
        for (SynthCodebook.Item i : SynthCodebook.items(s)) {
            rows.add(RowFactory.create(
                    i.item(),
                    i.component(),
                    (double) i.answerMin(),
                    (double) i.answerMax(),
                    i.reverse(),
                    i.rule().code(),
                    i.outMin(),
                    i.outMax(),
                    i.yearFrom(),
                    i.yearTo()));
        }
        return spark.createDataFrame(rows, schema);
    }

    /**
     * A realistic-size generation of two years: the plain weighted province means (score per respondent
     * by the codebook rules, then sum(w y) / sum(w)) land near the planted truth.
     */
    @Test
    void weightedProvinceMeansLandNearThePlantedTruth(SparkSession spark, @TempDir Path dir) throws IOException {
        String out = dir.resolve("synth").toString();
        List<Integer> years = List.of(2018, 2024);
        SyntheticSurveys.Summary summary = SyntheticSurveys.write(
                spark, fs(spark), out, 20240601L, 1, years, SyntheticDesign.Params.REALISTIC, null);
        assertEquals(2 * 14_400L, summary.surveys().get(0).respondents());
        assertEquals(2 * 36_525L, summary.surveys().get(1).respondents());

        for (Survey s : SyntheticSurveys.SURVEYS) {
            String sd = dir.resolve("synth").resolve(s.surveyName()).toString();
            Dataset<Row> r = spark.read().parquet(sd + "/respondents");
            Dataset<Row> ans = spark.read().parquet(sd + "/answers");
            Dataset<Row> cb = codebook(spark, s);
            Column v = when(
                            col("reverse"),
                            col("answer_min").plus(col("answer_max")).minus(col("value")))
                    .otherwise(col("value"));
            Column score = when(
                            col("rule").equalTo("mean"),
                            v.minus(col("answer_min")).divide(col("answer_max").minus(col("answer_min"))))
                    .when(
                            col("rule").equalTo("top2"),
                            when(v.geq(col("answer_max").minus(1)), 1.0).otherwise(0.0))
                    .otherwise(v);
            Dataset<Row> y = ans.join(cb, ans.col("item").equalTo(cb.col("cb_item")))
                    .groupBy(col("year"), col("respondent_id"), col("component"))
                    .agg(
                            avg(score).as("s"),
                            first("out_min").as("lo"),
                            first("out_max").as("hi"))
                    .withColumn("y", col("lo").plus(col("hi").minus(col("lo")).multiply(col("s"))));
            Dataset<Row> est = y.join(
                            r.select("year", "respondent_id", "province_key", "weight"),
                            new String[] {"year", "respondent_id"})
                    .groupBy("year", "province_key", "component")
                    .agg(
                            sum(col("weight").multiply(col("y")))
                                    .divide(sum("weight"))
                                    .as("est"),
                            min("weight").as("wmin"));
            Map<String, Double> estimates = new HashMap<>();
            for (Row row : est.collectAsList()) {
                estimates.put(row.getInt(0) + "|" + row.getString(1) + "|" + row.getString(2), row.getDouble(3));
            }
            Dataset<Row> national = y.join(
                            r.select("year", "respondent_id", "weight"), new String[] {"year", "respondent_id"})
                    .groupBy("year", "component")
                    .agg(sum(col("weight").multiply(col("y")))
                            .divide(sum("weight"))
                            .as("est"));
            for (Row row : national.collectAsList()) {
                estimates.put(row.getInt(0) + "|VN|" + row.getString(1), row.getDouble(2));
            }

            List<String> lines = Files.readAllLines(
                    dir.resolve("synth").resolve(s.surveyName()).resolve("planted_truth.csv"));
            double range = s.outMax() - s.outMin();
            double sumErr = 0;
            double sumSq = 0;
            int n = 0;
            List<double[]> pairs = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                String key = f[1] + "|" + f[2] + "|" + f[3];
                double truth = Double.parseDouble(f[4]);
                Double e = estimates.get(key);
                assertTrue(e != null, "no estimate for " + key);
                if (f[2].equals("VN")) {
                    assertEquals(truth, e, 0.01 * range, "national " + key);
                    continue;
                }
                assertEquals(truth, e, 0.12 * range, key);
                sumErr += e - truth;
                sumSq += (e - truth) * (e - truth);
                n++;
                pairs.add(new double[] {truth, e});
            }
            assertEquals(estimates.size(), lines.size() - 1, "an estimate for every truth and nothing else");
            double bias = sumErr / n;
            double rmse = Math.sqrt(sumSq / n);
            assertTrue(Math.abs(bias) < 0.01 * range, s + " mean error " + bias);
            assertTrue(rmse < 0.035 * range, s + " rmse " + rmse);
            assertTrue(correlation(pairs) > 0.8, s + " correlation " + correlation(pairs));
        }
    }

    private static double correlation(List<double[]> p) {
        double ma = 0;
        double mb = 0;
        for (double[] x : p) {
            ma += x[0] / p.size();
            mb += x[1] / p.size();
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (double[] x : p) {
            sab += (x[0] - ma) * (x[1] - mb);
            saa += (x[0] - ma) * (x[0] - ma);
            sbb += (x[1] - mb) * (x[1] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
