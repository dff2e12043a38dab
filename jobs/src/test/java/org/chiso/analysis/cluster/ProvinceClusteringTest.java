package org.chiso.analysis.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The clustering stage on planted clusters: plain-Java k-means on the task grid (default), MLlib k-means and Gaussian-mixture options. */
@ExtendWith(SparkExtension.class)
class ProvinceClusteringTest {
    // four groups in 5 features; mean of each group mean: 4, 1.6, -0.8, -4 -> labels 1, 2, 3, 4
    static final double[][] MEANS = {
        {4, 4, 4, 4, 4},
        {-4, -4, -4, -4, -4},
        {4, 4, 4, -4, 0},
        {-4, -4, 4, 0, 0}
    };
    static final List<String> FEATURES = List.of("f1", "f2", "f3", "f4", "f5");
    static final StructType LONG = new StructType()
            .add("year", DataTypes.IntegerType)
            .add("province_key", DataTypes.StringType)
            .add("feature", DataTypes.StringType)
            .add("value", DataTypes.DoubleType);

    /** Planted group -> expected label (first-year order by mean standardised centroid). */
    static final int[] LABEL = {1, 4, 2, 3};

    @Test
    void kmeansRecoversPlantedClustersAcrossYears(SparkSession spark) {
        int[] years = {2020, 2021, 2022};
        // province 0 (group 0) joins group 3 in 2021; province 5 (group 1) joins group 2 in 2022
        PlantedPanel panel = new PlantedPanel(years, MEANS, 60, 1.5, Map.of("2021:0", 3, "2022:5", 2), 3);
        List<Row> rows = longRows(panel);
        rows.add(RowFactory.create(2021, "VN63-61", "f1", 50.0)); // incomplete: listed in excluded
        rows.add(RowFactory.create(2021, "VN63-61", "f2", null));
        rows.add(RowFactory.create(2021, "VN63-01", "other", 1.0)); // not in the feature set (filtered out below)
        Dataset<Row> scores = spark.createDataFrame(rows, LONG).withColumn("feature_set", functions.lit("planted"));

        ProvinceClustering.Result r = new ProvinceClustering(spark, ProvinceClustering.Options.defaults())
                .runFeatureSets(scores.filter(functions.col("feature").notEqual("other")));
        List<Row> clusters = r.clusters().rows();
        assertEquals(
                Set.of("planted"),
                clusters.stream().map(c -> c.getString(0)).collect(java.util.stream.Collectors.toSet()));

        int[][] truth = panel.truth();
        for (int y = 0; y < years.length; y++) {
            int[] found = new int[panel.provinces];
            int[] expected = new int[panel.provinces];
            int n = 0;
            for (Row c : clusters) {
                if (c.<Integer>getAs("year") == years[y]) {
                    int i = Integer.parseInt(c.<String>getAs("province_key").substring(5)) - 1;
                    assertEquals("kmeans", c.<String>getAs("method"));
                    assertEquals(4, c.<Integer>getAs("k"), "chosen k in " + years[y]);
                    found[i] = c.<Integer>getAs("cluster");
                    expected[i] = LABEL[truth[y][i]];
                    assertTrue(c.<Double>getAs("silhouette_i") > 0.5, "silhouette of a well-separated point");
                    n++;
                }
            }
            assertEquals(60, n);
            double ari = AdjustedRand.of(truth[y], found);
            System.out.printf("planted (k-means in plain Java, task grid) %d: ARI %.4f%n", years[y], ari);
            assertTrue(ari >= 0.95, "ARI " + ari);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], found[i], "aligned label of province " + i + " in " + years[y]);
            }
        }

        int partitionRows = 0;
        for (Row q : r.quality().rows()) {
            int year = q.<Integer>getAs("year");
            int k = q.<Integer>getAs("k");
            if (q.isNullAt(q.fieldIndex("cluster"))) {
                partitionRows++;
                assertEquals(k == 4, q.<Boolean>getAs("chosen"), "chosen flag of k=" + k + " in " + year);
                assertEquals(k == 4, q.<Boolean>getAs("chosen_by_gap"), "gap statistic's k in " + year);
                assertEquals(year == 2021 ? 1 : 0, q.<Integer>getAs("n_excluded"), "provinces left out in " + year);
            } else {
                assertEquals(4, k);
                assertTrue(
                        q.<Double>getAs("jaccard_mean") >= 0.75,
                        "Jaccard of cluster " + q.<Integer>getAs("cluster") + " in " + year);
                assertEquals("stable", q.<String>getAs("reading"));
                assertEquals(100, q.<Integer>getAs("jaccard_replicates"), "replicates");
            }
        }
        assertEquals(3 * 8, partitionRows); // k = 1..8 per year

        Map<Integer, Set<String>> moved = new TreeMap<>();
        long transitions = 0;
        for (Row t : r.transitions().rows()) {
            transitions++;
            if (t.<Boolean>getAs("moved")) {
                moved.computeIfAbsent(t.<Integer>getAs("to_year"), y -> new TreeSet<>())
                        .add(t.<String>getAs("province_key") + ":" + t.<Integer>getAs("from_cluster") + "->"
                                + t.<Integer>getAs("to_cluster"));
            }
        }
        assertEquals(120, transitions);
        assertEquals(Map.of(2021, Set.of("VN63-01:1->3"), 2022, Set.of("VN63-06:4->2")), moved);

        List<Row> excluded = r.excluded().rows();
        assertEquals(1, excluded.size());
        assertEquals("VN63-61", excluded.get(0).<String>getAs("province_key"));
        assertEquals("f2,f3,f4,f5", excluded.get(0).<String>getAs("missing_features"));

        // profiles: label 1 (group 0) has f1 near 50 + 5*4 + shift in original units, and positive z
        Map<String, Double> prof = new HashMap<>();
        for (Row p : r.profiles().rows()) {
            prof.put(
                    p.<Integer>getAs("year") + ":" + p.<Integer>getAs("cluster") + ":" + p.<String>getAs("feature"),
                    p.<Double>getAs("centroid_original"));
            if (p.<Integer>getAs("cluster") == 1) {
                assertTrue(p.<Double>getAs("centroid_std") > 0.5);
            }
        }
        assertEquals(70.0, prof.get("2020:1:f1"), 1.0);
        assertEquals(30.5, prof.get("2021:4:f1"), 1.0);
        assertEquals(3 * 4 * 5, prof.size());
    }

    @Test
    void mllibEngineFindsTheSamePartitionsAsTheDefault(SparkSession spark) {
        PlantedPanel panel = new PlantedPanel(new int[] {2020, 2021}, MEANS, 60, 1.5, Map.of("2021:0", 3), 5);
        Dataset<Row> scores = spark.createDataFrame(longRows(panel), LONG);
        ProvinceClustering.Options o = ProvinceClustering.Options.defaults()
                .withK(2, 5)
                .withBootstrap(20)
                .withGapReferences(10);
        ProvinceClustering.Result plain = new ProvinceClustering(spark, o).run(scores, FEATURES);
        ProvinceClustering.Result mllib = new ProvinceClustering(
                        spark, o.withEngine(ProvinceClustering.Engine.MLLIB).withRestarts(2))
                .run(scores, FEATURES);
        List<Row> a = plain.clusters().rows();
        List<Row> b = mllib.clusters().rows();
        assertEquals(120, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(
                    a.get(i).getString(2) + " " + a.get(i).getInt(1) + " k="
                            + a.get(i).getInt(4) + " cluster " + a.get(i).getInt(5),
                    b.get(i).getString(2) + " " + b.get(i).getInt(1) + " k="
                            + b.get(i).getInt(4) + " cluster " + b.get(i).getInt(5),
                    "MLlib engine against the default");
            assertEquals(
                    a.get(i).getDouble(6),
                    b.get(i).getDouble(6),
                    1e-12,
                    "silhouette of " + a.get(i).getString(2));
        }
        assertEquals(plain.transitions().rows(), mllib.transitions().rows());
        assertEquals(4, a.get(0).getInt(4));
    }

    @Test
    void gaussianMixtureOption(SparkSession spark) {
        PlantedPanel panel = new PlantedPanel(new int[] {2023}, MEANS, 60, 1.5, Map.of(), 8);
        ProvinceClustering.Options o = ProvinceClustering.Options.defaults()
                .withMethods(ProvinceClustering.Method.GMM)
                .withK(2, 5)
                .withRestarts(2)
                .withBootstrap(8);
        long t0 = System.nanoTime();
        ProvinceClustering.Result r =
                new ProvinceClustering(spark, o).run(spark.createDataFrame(longRows(panel), LONG), FEATURES);
        List<Row> clusters = r.clusters().rows();
        System.out.printf(
                "ProvinceClustering (gmm, 1 year, k 2..5, 2 restarts, B=8): %.1f s%n", (System.nanoTime() - t0) / 1e9);
        int[] found = new int[60];
        for (Row c : clusters) {
            assertEquals("gmm", c.<String>getAs("method"));
            assertEquals(4, c.<Integer>getAs("k"));
            found[Integer.parseInt(c.<String>getAs("province_key").substring(5)) - 1] = c.<Integer>getAs("cluster");
        }
        double ari = AdjustedRand.of(panel.truth()[0], found);
        System.out.printf("planted (Spark MLlib Gaussian mixture) 2023: ARI %.4f%n", ari);
        assertTrue(ari >= 0.95, "ARI " + ari);
        for (Row q : r.quality().rows()) {
            assertTrue(q.isNullAt(q.fieldIndex("gap")), "no gap statistic for gmm");
            if (!q.isNullAt(q.fieldIndex("cluster"))) {
                assertTrue(q.<Double>getAs("jaccard_mean") >= 0.75, "Jaccard " + q.<Double>getAs("jaccard_mean"));
            }
        }
    }

    @Test
    void duplicatedInputIsRefused(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        rows.add(RowFactory.create(2020, "VN63-01", "f1", 1.0));
        rows.add(RowFactory.create(2020, "VN63-01", "f1", 2.0));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new ProvinceClustering(spark, ProvinceClustering.Options.defaults())
                        .run(spark.createDataFrame(rows, LONG), FEATURES));
        assertTrue(e.getMessage().contains("VN63-01") && e.getMessage().contains("f1"), e.getMessage());
    }

    @Test
    void defaultFeatureSetsKeepComponentsPresentInEveryYear(SparkSession spark) {
        StructType panel = new StructType()
                .add("index", DataTypes.StringType)
                .add("version", DataTypes.StringType)
                .add("year", DataTypes.IntegerType)
                .add("basis", DataTypes.StringType)
                .add("province_key", DataTypes.StringType)
                .add("component", DataTypes.StringType)
                .add("level", DataTypes.StringType)
                .add("value", DataTypes.DoubleType)
                .add("partial", DataTypes.BooleanType);
        List<Row> rows = new ArrayList<>();
        for (int year : new int[] {2018, 2019}) {
            for (String key : List.of("VN63-01", "VN63-02")) {
                for (String c : List.of("D1", "D2", "D10")) {
                    rows.add(RowFactory.create("PAPI", "2018", year, "VN63", key, c, "DIMENSION", 5.0, false));
                }
                rows.add(RowFactory.create("PAPI", "2018", year, "VN63", key, "TOTAL", "TOTAL", 40.0, false));
                rows.add(RowFactory.create("PAPI", "2018", year, "VN63", key, "SC11", "SUBDIMENSION", 1.0, false));
                rows.add(RowFactory.create("PAR", "2024", year, "VN63", key, "ASSESSED", "DIMENSION", 50.0, false));
            }
            rows.add(RowFactory.create("PAPI", "2018", year, "NATIONAL", "VN", "D1", "DIMENSION", 5.0, false));
            rows.add(RowFactory.create("PAPI", "2018", year, "VN34", "VN34-01", "D1", "DIMENSION", 5.0, true));
            rows.add(RowFactory.create("PAPI", "2018", year, "VN34", "VN34-01", "D2", "DIMENSION", 5.0, false));
            rows.add(RowFactory.create("PAPI", "2018", year, "VN34", "VN34-01", "D10", "DIMENSION", 5.0, false));
        }
        rows.add(RowFactory.create(
                "PAPI", "2018", 2019, "VN63", "VN63-01", "D7", "DIMENSION", 5.0, false)); // one year only
        List<Row> out = ProvinceClustering.defaultFeatureSets(spark.createDataFrame(rows, panel))
                .orderBy("feature_set", "year", "province_key", "feature")
                .collectAsList();
        Set<String> sets = new TreeSet<>();
        Set<String> features = new TreeSet<>();
        for (Row r : out) {
            sets.add(r.getString(0));
            features.add(r.getString(0) + ":" + r.getString(3));
        }
        assertEquals(Set.of("PAPI 2018 DIMENSION VN63", "PAPI 2018 DIMENSION VN34"), sets);
        assertEquals(
                Set.of(
                        "PAPI 2018 DIMENSION VN63:D1",
                        "PAPI 2018 DIMENSION VN63:D2",
                        "PAPI 2018 DIMENSION VN63:D10",
                        "PAPI 2018 DIMENSION VN34:D2",
                        "PAPI 2018 DIMENSION VN34:D10"),
                features);
        assertEquals(2 * 2 * 3 + 2 * 2, out.size());
        assertTrue(ProvinceClustering.naturalCompare("D2", "D10") < 0);
    }

    static List<Row> longRows(PlantedPanel panel) {
        double[][][] v = panel.values();
        List<Row> rows = new ArrayList<>();
        for (int y = 0; y < panel.years.length; y++) {
            for (int i = 0; i < panel.provinces; i++) {
                for (int f = 0; f < FEATURES.size(); f++) {
                    rows.add(RowFactory.create(panel.years[y], PlantedPanel.key(i), FEATURES.get(f), v[y][i][f]));
                }
            }
        }
        return rows;
    }
}
