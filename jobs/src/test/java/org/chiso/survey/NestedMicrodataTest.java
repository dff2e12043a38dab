package org.chiso.survey;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.core.Basis;
import org.chiso.core.Province;
import org.chiso.core.ProvinceRegistry;
import org.chiso.io.Fs;
import org.chiso.survey.synth.SyntheticSurveys;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-pass validation and the one-scan estimation give what the former joins and aggregations
 * ({@link MicrodataStages}) gave: the same decisions, reasons and counts on a fixture with every kind of bad row,
 * and bit for bit the same per-PSU totals and strata.
 */
@ExtendWith(SparkExtension.class)
class NestedMicrodataTest {
    private static final StructType RESPONDENTS = new StructType()
            .add("survey", DataTypes.StringType)
            .add("year", DataTypes.IntegerType)
            .add("respondent_id", DataTypes.StringType)
            .add("province_key", DataTypes.StringType)
            .add("stratum", DataTypes.StringType)
            .add("psu", DataTypes.StringType)
            .add("weight", DataTypes.DoubleType)
            .add("fpc", DataTypes.DoubleType)
            .add("synthetic", DataTypes.BooleanType)
            .add("source_file", DataTypes.StringType);
    private static final StructType ANSWERS = new StructType()
            .add("survey", DataTypes.StringType)
            .add("year", DataTypes.IntegerType)
            .add("respondent_id", DataTypes.StringType)
            .add("item", DataTypes.StringType)
            .add("value", DataTypes.DoubleType)
            .add("source_file", DataTypes.StringType);

    private record Fixture(
            Dataset<Row> respondents, Dataset<Row> answers, List<Codebook.Item> items, Set<String> provinces) {}

    private static Fixture fixture(SparkSession spark, Path dir) throws Exception {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        String micro = dir.resolve("micro").toString();
        SyntheticSurveys.writeSmallForTests(spark, fs, micro, 11L, 6, 4, List.of(2023, 2024));
        List<Codebook.Item> items = new ArrayList<>();
        Dataset<Row> r = null;
        Dataset<Row> a = null;
        for (String survey : List.of("PAPI-SYNTH", "SIPAS-SYNTH")) {
            String folder = dir.resolve("micro").resolve(survey).toString();
            String cb = Fs.child(folder, "codebook.csv");
            items.addAll(Codebook.parse(cb, fs.read(cb)));
            Dataset<Row> rs = spark.read()
                    .parquet(Fs.child(folder, "respondents"))
                    .select(
                            col("survey"),
                            col("year"),
                            col("respondent_id"),
                            col("province_key"),
                            col("stratum"),
                            col("psu"),
                            col("weight"),
                            col("fpc"),
                            col("synthetic"),
                            lit(survey + "/respondents").as("source_file"));
            Dataset<Row> as = spark.read()
                    .parquet(Fs.child(folder, "answers"))
                    .select(
                            col("survey"),
                            col("year"),
                            col("respondent_id"),
                            col("item"),
                            col("value"),
                            lit(survey + "/answers").as("source_file"));
            r = r == null ? rs : r.unionByName(rs);
            a = a == null ? as : a.unionByName(as);
        }
        Row good = r.filter(col("survey").equalTo("PAPI-SYNTH").and(col("year").equalTo(2024)))
                .orderBy("respondent_id")
                .first();
        String s = "PAPI-SYNTH";
        String key = good.getString(3);
        String stratum = good.getString(4);
        String psu = good.getString(5);
        List<Row> badR = List.of(
                RowFactory.create(s, 2024, null, key, stratum, psu, 10.0, 20.0, true, "bad/respondents"),
                RowFactory.create(
                        s, 2024, "X-unknown-province", "VN63-99", stratum, psu, 10.0, 20.0, true, "bad/respondents"),
                RowFactory.create(s, 2024, "X-null-province", null, stratum, psu, 10.0, 20.0, true, "bad/respondents"),
                RowFactory.create(s, 2024, "X-zero-weight", key, stratum, psu, 0.0, 20.0, true, "bad/respondents"),
                RowFactory.create(s, 2024, "X-no-weight", key, stratum, psu, null, 20.0, true, "bad/respondents"),
                RowFactory.create(
                        s, 2024, "X-nan-weight", key, stratum, psu, Double.NaN, 20.0, true, "bad/respondents"),
                RowFactory.create(
                        s,
                        2024,
                        "X-infinite-weight",
                        key,
                        stratum,
                        psu,
                        Double.POSITIVE_INFINITY,
                        20.0,
                        true,
                        "bad/respondents"),
                RowFactory.create(s, 2024, "X-no-stratum", key, null, psu, 10.0, 20.0, true, "bad/respondents"),
                RowFactory.create(s, 2024, "X-no-psu", key, stratum, null, 10.0, 20.0, true, "bad/respondents"),
                RowFactory.create(s, 2024, "X-no-answers", key, stratum, psu, 12.5, null, true, "bad/respondents"),
                RowFactory.create(s, null, "X-no-year", key, stratum, psu, 12.5, null, true, "bad/respondents"));
        String id = good.getString(2);
        Codebook.Item asked = items.stream()
                .filter(i -> i.survey().equals(s) && i.yearFrom() <= 2024 && 2024 <= i.yearTo())
                .findFirst()
                .orElseThrow();
        List<Row> badA = List.of(
                RowFactory.create(s, 2024, "X-nobody", "SC11a", 3.0, "bad/answers"),
                RowFactory.create(s, 2024, "X-zero-weight", "SC11a", 3.0, "bad/answers"),
                RowFactory.create(s, 2024, id, "NO-SUCH-ITEM", 3.0, "bad/answers"),
                RowFactory.create(s, 2024, id, null, 3.0, "bad/answers"),
                RowFactory.create(s, 2024, id, asked.item(), null, "bad/answers"),
                RowFactory.create(s, 2024, id, asked.item(), 99.0, "bad/answers"),
                RowFactory.create(s, 2024, id, asked.item(), -5.0, "bad/answers"),
                RowFactory.create(s, 2024, id, asked.item(), Double.NaN, "bad/answers"),
                RowFactory.create(s, null, id, asked.item(), 3.0, "bad/answers"),
                RowFactory.create(s, 2024, null, asked.item(), 3.0, "bad/answers"),
                RowFactory.create(s, 2024, "X-no-year", asked.item(), 3.0, "bad/answers"));
        Set<String> provinces = new HashSet<>();
        ProvinceRegistry registry = ProvinceRegistry.load();
        for (Basis b : List.of(Basis.VN63, Basis.VN34)) {
            for (Province p : registry.provinces(b)) {
                provinces.add(p.key());
            }
        }
        return new Fixture(
                r.unionByName(spark.createDataFrame(badR, RESPONDENTS)),
                a.unionByName(spark.createDataFrame(badA, ANSWERS)),
                items,
                provinces);
    }

    private static Map<String, Long> counts(Dataset<Row> d, String reasonColumn) {
        Map<String, Long> m = new TreeMap<>();
        for (Row r : d.groupBy(reasonColumn).count().collectAsList()) {
            m.put(r.isNullAt(0) ? "accepted" : r.getString(0), r.getLong(1));
        }
        return m;
    }

    @Test
    void validationGivesTheSameDecisionsReasonsAndCountsAsTheJoins(SparkSession spark, @TempDir Path dir)
            throws Exception {
        Fixture f = fixture(spark, dir);
        Dataset<Row> provinces = spark.createDataFrame(
                f.provinces().stream().map(k -> RowFactory.create(k)).toList(),
                new StructType().add("key", DataTypes.StringType));
        Dataset<Row> checkedR = MicrodataStages.checkRespondents(f.respondents(), provinces);
        Dataset<Row> okR = checkedR.filter(col("reason").isNull()).drop("reason");
        Dataset<Row> checkedA = MicrodataStages.checkAnswers(f.answers(), okR, Codebook.toDataset(spark, f.items()));
        Dataset<Row> wantRejects = checkedR.filter(col("reason").isNotNull())
                .select(
                        col("source_file").as("file"),
                        col("survey"),
                        col("year"),
                        col("respondent_id"),
                        lit(null).cast("string").as("item"),
                        col("reason"))
                .unionByName(checkedA.filter(col("reason").isNotNull())
                        .select(
                                col("source_file").as("file"),
                                col("survey"),
                                col("year"),
                                col("respondent_id"),
                                col("item"),
                                col("reason")));

        Broadcast<Codebook.Lookup> cb =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(new Codebook.Lookup(f.items()));
        Dataset<Row> checked = NestedMicrodata.validate(
                        f.respondents().withColumn("file_id", lit(null).cast("int")),
                        f.answers().withColumn("file_id", lit(null).cast("int")),
                        cb,
                        ProvinceYears.anyYear(f.provinces()))
                .cache();
        Dataset<Row> gotRejects = NestedMicrodata.rejects(checked, List.of());
        assertEquals(
                0,
                wantRejects.exceptAll(gotRejects).count(),
                "every refused row of the joins is refused, with its reason");
        assertEquals(0, gotRejects.exceptAll(wantRejects).count(), "and nothing else");

        Map<String, Long> wantR = counts(checkedR, "reason");
        Map<String, Long> wantA = counts(checkedA, "reason");
        Map<String, Long> gotR = counts(checked.filter(col("record").equalTo(NestedMicrodata.RESPONDENT)), "reason");
        Map<String, Long> gotA = counts(checked.filter(col("record").equalTo(NestedMicrodata.ANSWER)), "reason");
        long acceptedAnswers = checked.filter(col("reason").isNull())
                .select(org.apache.spark.sql.functions.sum(
                        org.apache.spark.sql.functions.size(col(NestedMicrodata.VALUES))))
                .first()
                .getLong(0);
        gotA.put("accepted", acceptedAnswers);
        assertEquals(wantR, gotR);
        assertEquals(wantA, gotA);
        for (String reason : List.of(
                MicrodataChecks.MISSING_RESPONDENT_ID,
                MicrodataChecks.UNKNOWN_PROVINCE,
                MicrodataChecks.WEIGHT_NOT_POSITIVE,
                MicrodataChecks.WEIGHT_NOT_FINITE,
                MicrodataChecks.MISSING_DESIGN_VARIABLE,
                MicrodataChecks.MISSING_SURVEY_OR_YEAR)) {
            assertTrue(gotR.containsKey(reason), "the fixture has a respondent refused for " + reason);
        }
        for (String reason : List.of(
                MicrodataChecks.UNKNOWN_RESPONDENT,
                MicrodataChecks.ITEM_NOT_IN_CODEBOOK,
                MicrodataChecks.MISSING_VALUE,
                MicrodataChecks.VALUE_OUT_OF_SCALE)) {
            assertTrue(gotA.containsKey(reason), "the fixture has an answer refused for " + reason);
        }
        long in = f.answers().count();
        assertEquals(in, gotA.values().stream().mapToLong(Long::longValue).sum(), "answers in = accepted + rejected");
        assertEquals(
                f.respondents().count(),
                gotR.values().stream().mapToLong(Long::longValue).sum(),
                "respondents in = accepted + rejected");

        // the stage's one-job write: the accumulator's counts are the checked rows' counts, and the tables hold those
        // rows
        String table = dir.resolve("microdata").toString();
        String rejectsTable = dir.resolve("microdata_rejects").toString();
        NestedMicrodata.Counts written = NestedMicrodata.writeValidated(
                spark,
                f.respondents().withColumn("file_id", lit(null).cast("int")),
                f.answers().withColumn("file_id", lit(null).cast("int")),
                cb,
                ProvinceYears.anyYear(f.provinces()),
                List.of(),
                parquet(table, "survey", "year"),
                parquet(rejectsTable));
        assertEquals(wantR, written.respondents());
        assertEquals(wantA, written.answers());
        Dataset<Row> rejectsRead = spark.read().parquet(rejectsTable);
        assertEquals(
                0,
                wantRejects
                        .exceptAll(rejectsRead.select(
                                wantRejects.columns()[0],
                                java.util.Arrays.copyOfRange(wantRejects.columns(), 1, wantRejects.columns().length)))
                        .count());
        assertEquals(gotRejects.count(), rejectsRead.count());
        Dataset<Row> nestedRead = spark.read().schema(NestedMicrodata.SCHEMA).parquet(table);
        Dataset<Row> nestedWant = NestedMicrodata.accepted(checked);
        assertEquals(nestedWant.count(), nestedRead.count());
        assertEquals(
                0,
                nestedWant
                        .exceptAll(nestedRead.select(
                                nestedWant.columns()[0],
                                java.util.Arrays.copyOfRange(nestedWant.columns(), 1, nestedWant.columns().length)))
                        .count(),
                "the nested table holds the accepted respondents with their answers");
        checked.unpersist();
    }

    @Test
    void aRespondentGivenTwiceAndAnItemAnsweredTwiceAreRefusedNotCountedTwice(SparkSession spark, @TempDir Path dir)
            throws Exception {
        Fixture f = fixture(spark, dir);
        Dataset<Row> goodR = f.respondents()
                .filter(col("survey").equalTo("PAPI-SYNTH").and(col("year").equalTo(2024)));
        // two synthetic respondents with answers (the fixture's planted bad rows have ids X-... or none)
        List<Row> two = f.answers()
                .filter(col("survey").equalTo("PAPI-SYNTH").and(col("year").equalTo(2024)))
                .filter(col("respondent_id")
                        .isNotNull()
                        .and(col("respondent_id").startsWith("X-").unary_$bang()))
                .select("respondent_id")
                .distinct()
                .orderBy("respondent_id")
                .limit(2)
                .collectAsList();
        String twice = two.get(0).getString(0);
        String doubleAnswer = two.get(1).getString(0);
        Dataset<Row> twiceRow = goodR.filter(col("respondent_id").equalTo(twice));
        Row oneAnswer = f.answers()
                .filter(col("survey").equalTo("PAPI-SYNTH").and(col("year").equalTo(2024)))
                .filter(col("respondent_id").equalTo(doubleAnswer))
                .orderBy("item")
                .first();
        String item = oneAnswer.getString(3);
        Dataset<Row> respondents = f.respondents().unionByName(twiceRow);
        Dataset<Row> answers = f.answers()
                .unionByName(
                        spark.createDataFrame(List.of(oneAnswer), f.answers().schema()));
        long answersOfTwice = f.answers()
                .filter(col("survey").equalTo("PAPI-SYNTH").and(col("year").equalTo(2024)))
                .filter(col("respondent_id").equalTo(twice))
                .count();
        assertTrue(answersOfTwice > 0, "the duplicated respondent has answers");

        Broadcast<Codebook.Lookup> cb =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(new Codebook.Lookup(f.items()));
        NestedMicrodata.Counts got = NestedMicrodata.writeValidated(
                spark,
                respondents.withColumn("file_id", lit(null).cast("int")),
                answers.withColumn("file_id", lit(null).cast("int")),
                cb,
                ProvinceYears.anyYear(f.provinces()),
                List.of(),
                parquet(dir.resolve("microdata").toString(), "survey", "year"),
                parquet(dir.resolve("microdata_rejects").toString()));
        assertEquals(2L, got.respondents().get(MicrodataChecks.DUPLICATE_RESPONDENT), got.toString());
        assertEquals(answersOfTwice, got.answers().get(MicrodataChecks.DUPLICATE_RESPONDENT), got.toString());
        assertEquals(2L, got.answers().get(MicrodataChecks.DUPLICATE_ANSWER), "both copies of " + item + ": " + got);
        assertEquals(
                respondents.count(),
                got.respondents().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(
                answers.count(),
                got.answers().values().stream().mapToLong(Long::longValue).sum());
        Dataset<Row> nested = spark.read()
                .schema(NestedMicrodata.SCHEMA)
                .parquet(dir.resolve("microdata").toString());
        assertEquals(
                0,
                nested.filter(col("respondent_id").equalTo(twice)).count(),
                "the duplicated respondent is not nested");
        Row kept = nested.filter(col("respondent_id")
                        .equalTo(doubleAnswer)
                        .and(col("year").equalTo(2024)))
                .first();
        assertTrue(
                !kept.getList(kept.fieldIndex(NestedMicrodata.ITEMS)).contains(item), "the twice-answered item is out");
    }

    @Test
    void aProvinceKeyOfTheWrongVintageForTheSurveyYearIsRefused(SparkSession spark, @TempDir Path dir)
            throws Exception {
        Fixture f = fixture(spark, dir);
        org.chiso.core.ProvinceRegistry registry = org.chiso.core.ProvinceRegistry.load();
        List<org.chiso.core.Province> all = new ArrayList<>(registry.provinces(org.chiso.core.Basis.VN63));
        all.addAll(registry.provinces(org.chiso.core.Basis.VN34));
        ProvinceYears years = ProvinceYears.of(all);
        assertTrue(years.validIn("VN63-01", 2024) && years.validIn("VN63-01", 2025) && !years.validIn("VN63-01", 2026));
        assertTrue(!years.validIn("VN34-01", 2024) && years.validIn("VN34-01", 2025));

        Row good = f.respondents()
                .filter(col("survey").equalTo("PAPI-SYNTH").and(col("year").equalTo(2024)))
                .filter(col("province_key")
                        .isNotNull()
                        .and(col("respondent_id").startsWith("X-").unary_$bang()))
                .orderBy("respondent_id")
                .first();
        Row vn34 = RowFactory.create(
                "PAPI-SYNTH",
                2024,
                "X-vn34-in-2024",
                "VN34-01",
                good.getString(4),
                good.getString(5),
                10.0,
                20.0,
                true,
                "bad/respondents");
        Dataset<Row> respondents = f.respondents()
                .unionByName(
                        spark.createDataFrame(List.of(vn34), f.respondents().schema()));
        Broadcast<Codebook.Lookup> cb =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(new Codebook.Lookup(f.items()));
        NestedMicrodata.Counts got = NestedMicrodata.writeValidated(
                spark,
                respondents.withColumn("file_id", lit(null).cast("int")),
                f.answers().withColumn("file_id", lit(null).cast("int")),
                cb,
                years,
                List.of(),
                parquet(dir.resolve("microdata").toString(), "survey", "year"),
                parquet(dir.resolve("microdata_rejects").toString()));
        assertEquals(1L, got.respondents().get(MicrodataChecks.PROVINCE_NOT_OF_YEAR), got.toString());
        assertEquals(
                respondents.count(),
                got.respondents().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void oneScanGivesTheSamePsuTotalsAndStrataBitForBit(SparkSession spark, @TempDir Path dir) throws Exception {
        Fixture f = fixture(spark, dir);
        Dataset<Row> provinces = spark.createDataFrame(
                f.provinces().stream().map(k -> RowFactory.create(k)).toList(),
                new StructType().add("key", DataTypes.StringType));
        Dataset<Row> okR = MicrodataStages.checkRespondents(f.respondents(), provinces)
                .filter(col("reason").isNull())
                .drop("reason")
                .filter(col("year").isNotNull());
        Dataset<Row> codebook = Codebook.toDataset(spark, f.items());
        Dataset<Row> okA = MicrodataStages.checkAnswers(f.answers(), okR, codebook)
                .filter(col("reason").isNull())
                .drop("reason");
        Map<String, Set<String>> parts = new HashMap<>();
        List<Row> partRows = new ArrayList<>();
        for (org.chiso.core.ComponentDef c :
                org.chiso.core.IndexDefinitions.load().components()) {
            if (c.component().equals("TOTAL") && c.aggregation().equals("sum")) {
                for (int y = c.yearFrom(); y <= c.yearTo(); y++) {
                    for (org.chiso.core.ComponentDef p :
                            org.chiso.core.IndexDefinitions.load().parts(c.index(), y, "TOTAL")) {
                        parts.computeIfAbsent(c.index() + "|" + y, k -> new HashSet<>())
                                .add(p.component());
                        partRows.add(RowFactory.create(c.index(), y, p.component()));
                    }
                }
            }
        }
        Dataset<Row> partsDs = spark.createDataFrame(
                partRows,
                new StructType()
                        .add("index", DataTypes.StringType)
                        .add("year", DataTypes.IntegerType)
                        .add("component", DataTypes.StringType));
        Map<String, String> crosswalk = ProvinceRegistry.load().crosswalk();
        List<Row> cwRows = new ArrayList<>();
        crosswalk.forEach((o, n) -> cwRows.add(RowFactory.create(o, n)));
        Dataset<Row> cw = spark.createDataFrame(
                cwRows, new StructType().add("old_key", DataTypes.StringType).add("new_key", DataTypes.StringType));
        Dataset<Row> okR34 = okR.join(cw, okR.col("province_key").equalTo(cw.col("old_key")), "left")
                .withColumn(
                        "province34",
                        org.apache
                                .spark
                                .sql
                                .functions
                                .when(col("province_key").startsWith("VN34-"), col("province_key"))
                                .otherwise(col("new_key")));
        Dataset<Row> scores = MicrodataStages.withTotals(
                MicrodataStages.componentScores(okA, Codebook.toDataset(spark, f.items())), partsDs);
        Map<String, String> want = new TreeMap<>();
        for (Row r : MicrodataStages.psuTotals(okR34, scores, "province_key", "province34")
                .collectAsList()) {
            want.put(
                    String.join(
                            "|",
                            r.getString(0),
                            Integer.toString(r.getInt(1)),
                            r.getString(2),
                            r.getString(3),
                            r.getString(4),
                            r.getString(5),
                            r.getString(6)),
                    bits(r.getDouble(7), r.getDouble(8), r.getDouble(9)) + " n=" + r.getLong(10) + " " + r.getDouble(11)
                            + "-" + r.getDouble(12) + " p=" + r.getInt(13));
        }
        Map<String, String> wantStrata = new TreeMap<>();
        for (Row r : MicrodataStages.strata(okR).collectAsList()) {
            wantStrata.put(
                    r.getString(0) + "|" + r.getInt(1) + "|" + r.getString(2),
                    r.getLong(3) + " " + (r.isNullAt(4) ? null : r.getDouble(4)));
        }

        Broadcast<Codebook.Lookup> cb =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(new Codebook.Lookup(f.items()));
        Dataset<Row> nested = NestedMicrodata.accepted(NestedMicrodata.validate(
                        f.respondents().withColumn("file_id", lit(null).cast("int")),
                        f.answers().withColumn("file_id", lit(null).cast("int")),
                        cb,
                        ProvinceYears.anyYear(f.provinces())))
                .repartition(5);
        MicrodataTotals t = NestedMicrodata.totals(nested, cb, parts, crosswalk);
        Map<String, String> got = new TreeMap<>();
        t.cells()
                .forEach((k, c) -> got.put(
                        String.join(
                                "|",
                                k.survey(),
                                Integer.toString(k.year()),
                                k.index(),
                                k.component(),
                                k.domain(),
                                k.stratum(),
                                k.psu()),
                        bits(c.sumW(), c.sumWY(), c.sumWYY()) + " n=" + c.n() + " " + c.outMin() + "-" + c.outMax()
                                + " p=" + (c.proportion() ? 1 : 0)));
        Map<String, String> gotStrata = new TreeMap<>();
        t.strata()
                .forEach((k, s) ->
                        gotStrata.put(k.survey() + "|" + k.year() + "|" + k.stratum(), s.psuCount() + " " + s.fpc()));
        assertTrue(want.size() > 1000, "cells compared: " + want.size());
        assertTrue(want.keySet().stream().anyMatch(k -> k.contains("|TOTAL|")), "TOTALs compared");
        assertEquals(want, got);
        assertEquals(wantStrata, gotStrata);
        assertEquals(Map.of("PAPI-SYNTH", true, "SIPAS-SYNTH", true), t.synthetic());
    }

    /**
     * With an {@code ssu} column the one scan keeps the same first-order sums, bit for bit, as without it; the PSUs of a
     * PPS stratum get their SSUs as second-stage units and, as second-order sums, Σ B², Σ A·B, Σ A² over the totals of
     * their SSUs (here from a scan in which each SSU is its own PSU, added in SSU label order). An SSU whose
     * respondents name two PSUs is refused whole.
     */
    @Test
    void ssusAreTheSecondStageAndAnSsuInTwoPsusIsRefused(SparkSession spark, @TempDir Path dir) throws Exception {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        String micro = dir.resolve("micro").toString();
        SyntheticSurveys.writeSmallForTests(spark, fs, micro, 5L, 4, 4, List.of(2024));
        List<Codebook.Item> items = new ArrayList<>();
        Dataset<Row> r = null;
        Dataset<Row> a = null;
        for (String survey : List.of("PAPI-SYNTH", "SIPAS-SYNTH")) {
            String folder = dir.resolve("micro").resolve(survey).toString();
            String cb = Fs.child(folder, "codebook.csv");
            items.addAll(Codebook.parse(cb, fs.read(cb)));
            Dataset<Row> rs = spark.read()
                    .parquet(Fs.child(folder, "respondents"))
                    .select(
                            col("survey"),
                            col("year"),
                            col("respondent_id"),
                            col("province_key"),
                            col("stratum"),
                            col("psu"),
                            col("ssu"),
                            col("weight"),
                            col("fpc"),
                            col("synthetic"),
                            col("psu_prob"),
                            lit(null).cast("int").as("file_id"),
                            lit(survey + "/respondents").as("source_file"));
            Dataset<Row> as = spark.read()
                    .parquet(Fs.child(folder, "answers"))
                    .select(
                            col("survey"),
                            col("year"),
                            col("respondent_id"),
                            col("item"),
                            col("value"),
                            lit(null).cast("int").as("file_id"),
                            lit(survey + "/answers").as("source_file"));
            r = r == null ? rs : r.unionByName(rs);
            a = a == null ? as : a.unionByName(as);
        }
        Broadcast<Codebook.Lookup> cb =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(new Codebook.Lookup(items));
        Set<String> provinces = new HashSet<>();
        for (Basis b : List.of(Basis.VN63, Basis.VN34)) {
            for (Province p : ProvinceRegistry.load().provinces(b)) {
                provinces.add(p.key());
            }
        }
        ProvinceYears known = ProvinceYears.anyYear(provinces);
        Map<String, Set<String>> parts = Map.of();
        Map<String, String> crosswalk = ProvinceRegistry.load().crosswalk();
        MicrodataTotals bySsu = NestedMicrodata.totals(
                NestedMicrodata.accepted(NestedMicrodata.validate(r, a, cb, known))
                        .repartition(3),
                cb,
                parts,
                crosswalk);
        MicrodataTotals plain = NestedMicrodata.totals(
                NestedMicrodata.accepted(NestedMicrodata.validate(r.drop("ssu"), a, cb, known)), cb, parts, crosswalk);
        // each SSU as its own PSU: its exact totals A = Σwy, B = Σw
        MicrodataTotals ssuAsPsu = NestedMicrodata.totals(
                NestedMicrodata.accepted(
                        NestedMicrodata.validate(r.withColumn("psu", col("ssu")).drop("ssu"), a, cb, known)),
                cb,
                parts,
                crosswalk);
        Map<String, String> psuOfSsu = new HashMap<>();
        Map<String, Set<String>> ssusOfPsu = new TreeMap<>();
        for (Row x : r.select("survey", "year", "psu", "ssu").distinct().collectAsList()) {
            psuOfSsu.put(x.getString(3), x.getString(2));
            ssusOfPsu
                    .computeIfAbsent(x.getString(0) + "|" + x.getInt(1) + "|" + x.getString(2), k -> new HashSet<>())
                    .add(x.getString(3));
        }
        Map<MicrodataTotals.Cell, TreeMap<String, MicrodataTotals.CellStats>> ssuCells = new HashMap<>();
        ssuAsPsu.cells()
                .forEach((k, c) -> ssuCells.computeIfAbsent(
                                new MicrodataTotals.Cell(
                                        k.survey(),
                                        k.year(),
                                        k.index(),
                                        k.component(),
                                        k.domain(),
                                        k.stratum(),
                                        psuOfSsu.get(k.psu())),
                                x -> new TreeMap<>())
                        .put(k.psu(), c));

        Map<MicrodataTotals.Cell, MicrodataTotals.CellStats> got = bySsu.cells();
        Map<MicrodataTotals.Cell, MicrodataTotals.CellStats> want = plain.cells();
        assertEquals(want.keySet(), got.keySet());
        assertTrue(got.size() > 500, "cells " + got.size());
        for (Map.Entry<MicrodataTotals.Cell, MicrodataTotals.CellStats> e : want.entrySet()) {
            MicrodataTotals.CellStats g = got.get(e.getKey());
            MicrodataTotals.CellStats w = e.getValue();
            assertEquals(bits(w.sumW(), w.sumWY(), w.sumWYY()), bits(g.sumW(), g.sumWY(), g.sumWYY()), e.getKey() + "");
            assertEquals(w.n(), g.n());
            double bb = 0;
            double ab = 0;
            double aa = 0;
            for (MicrodataTotals.CellStats c : ssuCells.get(e.getKey()).values()) {
                bb += c.sumW() * c.sumW();
                ab += c.sumWY() * c.sumW();
                aa += c.sumWY() * c.sumWY();
            }
            assertEquals(bits(bb, ab, aa), bits(g.sumWW(), g.sumWWY(), g.sumWWYY()), e.getKey() + "");
            // without SSUs the second stage is on the respondents: Σw² ≥ Σ B² / (respondents), not the SSU sums
            assertTrue(w.sumWW() < bb, e.getKey() + "");
        }
        Dataset<Row> respondents = r;
        bySsu.strata().forEach((k, st) -> {
            assertTrue(st.hasSsus(), k + "");
            assertTrue(st.psuProb() != null, k + "");
            st.psuUnits()
                    .forEach((psu, m) -> assertEquals(
                            ssusOfPsu
                                    .get(k.survey() + "|" + k.year() + "|" + psu)
                                    .size(),
                            m.longValue(),
                            psu));
            assertEquals(plain.strata().get(k).psuCount(), st.psuCount());
            assertTrue(!plain.strata().get(k).hasSsus());
            assertEquals(
                    plain.strata().get(k).psuUnits().values().stream()
                            .mapToLong(Long::longValue)
                            .sum(),
                    respondents
                            .filter(col("survey")
                                    .equalTo(k.survey())
                                    .and(col("year").equalTo(k.year()))
                                    .and(col("stratum").equalTo(k.stratum())))
                            .count(),
                    "without SSUs the respondents are the second-stage units");
        });

        // one respondent of an SSU moved to another PSU of its stratum: every respondent of that SSU is refused
        Row one = r.filter(col("survey").equalTo("PAPI-SYNTH"))
                .orderBy("respondent_id")
                .first();
        String ssu = one.getString(6);
        String otherPsu = r.filter(
                        col("stratum").equalTo(one.getString(4)).and(col("psu").notEqual(one.getString(5))))
                .first()
                .getString(5);
        Dataset<Row> moved = r.withColumn(
                "psu",
                org.apache
                        .spark
                        .sql
                        .functions
                        .when(col("respondent_id").equalTo(one.getString(2)), lit(otherPsu))
                        .otherwise(col("psu")));
        long ofSsu = r.filter(col("ssu").equalTo(ssu)).count();
        Map<String, Long> reasons = counts(
                NestedMicrodata.validate(moved, a, cb, known)
                        .filter(col("record").equalTo(NestedMicrodata.RESPONDENT)),
                "reason");
        assertEquals(ofSsu, reasons.get(MicrodataChecks.SSU_IN_TWO_PSUS));
        assertEquals(r.count() - ofSsu, reasons.get("accepted"));
    }

    private static String bits(double... xs) {
        StringBuilder b = new StringBuilder();
        for (double x : xs) {
            b.append(Long.toHexString(Double.doubleToRawLongBits(x))).append(' ');
        }
        return b.toString().trim();
    }

    /** A sink writing a Parquet folder (the stage writes Delta tables of its warehouse instead). */
    private static NestedMicrodata.Sink parquet(String path, String... partitionBy) {
        return d -> d.write()
                .mode(org.apache.spark.sql.SaveMode.Overwrite)
                .partitionBy(partitionBy)
                .parquet(path);
    }
}
