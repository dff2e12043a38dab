package org.chiso.analysis.cluster;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.core.SparkOrder;
import org.chiso.core.Table;

/**
 * Clusters of provinces per year, from long scores to four tidy tables (plus the provinces left out). The
 * SparkSession is passed in, never created here.
 *
 * <p><b>Input</b>: {@link Cell}s (feature set, year, province key, feature, value), each set clustered on
 * its own ({@link #runCells}; the analysis job builds them with {@code FeatureSets.cells}); or the same as a
 * Dataset ({@link #runFeatureSets}, collected in one job), or long rows of one feature set
 * ({@link #run(Dataset, String, List)}). Rows of other features are ignored; a duplicated
 * {@code (year, province_key, feature)} is an error. A province with any feature missing (no row, null or
 * NaN value) is left out of that year and listed in {@code excluded}. Everything after that works on the
 * small per-year matrices (at most ~63 provinces).
 *
 * <p><b>Method</b>, per year (see {@link ClusterAnalysis} for the statistics and the label rule):
 * features standardised per year (z-scores, sample SD); for k = kMin..kMax (default 2..8):
 * <ul>
 *   <li>{@code kmeans}, {@link Engine#PLAIN} (the default): MLlib's k-means (k-means|| start, Lloyd
 *       iterations) computed in plain Java by {@link KMeansParallel} with MLlib's own routines and random
 *       streams, so the partitions are the MLlib engine's; best of {@code restarts} seeds by within-cluster
 *       SS. The years of every feature set are independent tasks of ONE Spark job, each task plain Java
 *       (fits for every k, gap statistic, bootstrap); labels and transitions are assembled on the driver
 *       afterwards;</li>
 *   <li>{@code kmeans}, {@link Engine#MLLIB}: MLlib {@link KMeans} (k-means||, {@code maxIter}) run from
 *       {@code restarts} seeds, keeping the lowest within-cluster SS; points are assigned to the nearest
 *       final MLlib centre and centroids are the means of the assigned points. One Spark job per fit on
 *       ~60 points, all job overhead (0.3-0.7 s each on local[2]): about 2 minutes for the demo's 14
 *       feature-set years with 3 restarts;</li>
 *   <li>{@code gmm}: MLlib Gaussian mixture (full covariances) started from {@code restarts} k-means
 *       partitions (see {@link Partitioners#mllibGaussianMixture}), keeping the highest log-likelihood among the fits
 *       whose hard assignment (highest posterior) uses all k components. Full covariances need clearly
 *       more than p provinces per component: with ~60 provinces and 8 features keep kMax small.</li>
 * </ul>
 * k is chosen by the highest average silhouette with EUCLIDEAN distance, computed in plain Java
 * ({@link Silhouette}, as R's {@code cluster::silhouette}); Spark's {@code ClusteringEvaluator} (squared
 * Euclidean) is not used. Stability: bootstrap mean Jaccard per cluster ({@link Jaccard}); the
 * re-clustering is the plain-Java k-means ({@link KMeansLloyd#best}, k-means++ starts) for {@code kmeans}
 * and the same MLlib Gaussian mixture, from one k-means start, for {@code gmm} (about a second per re-fit:
 * budget {@code bootstrap} x years of them). Gap statistic ({@link GapStatistic}): for {@code kmeans} only, with
 * the plain-Java k-means on the reference sets; null for {@code gmm} (W_k is a k-means criterion). It is
 * reported beside the silhouette choice, not used for it.
 *
 * <p><b>Outputs</b> (sorted, deterministic for fixed seeds). Every table starts with {@code feature_set
 * string}, the name of the feature set; then:
 * <ul>
 *   <li>{@code clusters}: {@code year int, province_key string, method string, k int, cluster int,
 *       silhouette_i double} -- the chosen partition; silhouette_i is the point's Euclidean width.</li>
 *   <li>{@code cluster_profiles}: {@code year int, method string, cluster int, feature string,
 *       centroid_std double, centroid_original double, n int} -- the chosen partition's centroids in
 *       standardised space and mapped back to original units (mean + SD * z), n = members.</li>
 *   <li>{@code cluster_quality}: {@code year int, method string, k int, cluster int, n int,
 *       avg_silhouette_euclidean double, within_ss double, gap double, gap_se double, chosen boolean,
 *       chosen_by_gap boolean, jaccard_mean double, jaccard_replicates int, reading string,
 *       n_excluded int, seed long, note string}. Partition rows ({@code cluster} null), one per k tried:
 *       average Euclidean silhouette, total within-cluster SS (standardised units), gap and its s_k,
 *       {@code chosen} (highest silhouette), {@code chosen_by_gap} (Tibshirani's rule, which may pick
 *       k = 1: a {@code k = 1} row carries the gap only), the provinces left out that year and the seed
 *       of the fit. Cluster rows (one per cluster of the chosen k, {@code chosen} true): n, the
 *       cluster's average silhouette and within SS, bootstrap {@code jaccard_mean}, the replicates that
 *       counted, and the {@code reading}: "stable" (&ge; 0.75), "pattern" (0.6-0.75), "not trustworthy"
 *       (&lt; 0.6); {@code seed} is then the bootstrap seed. A year with fewer than kMin + 1 complete
 *       provinces gets one row with k null and a note.</li>
 *   <li>{@code cluster_transitions}: {@code method string, from_year int, to_year int, province_key
 *       string, from_cluster int, to_cluster int, moved boolean} -- provinces clustered in two
 *       consecutive clustered years (years without a clustering are skipped over).</li>
 *   <li>{@code excluded}: {@code year int, province_key string, n_missing int, missing_features string}
 *       (comma-separated, feature-set order) -- provinces with at least one feature row that year but
 *       not all.</li>
 * </ul>
 */
public final class ProvinceClustering {
    /** The clustering method. */
    public enum Method {
        KMEANS("kmeans"),
        GMM("gmm");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        /** The name written to the outputs' {@code method} column. */
        public String label() {
            return label;
        }
    }

    /** Where the k-means fits run: plain Java (the default) or Spark MLlib. */
    public enum Engine {
        /** MLlib's k-means in plain Java ({@link KMeansParallel}): the years of every feature set as ONE Spark job. */
        PLAIN,
        /** MLlib {@link KMeans} (k-means||), one Spark job per fit, on the driver; as the workbench fitted before. */
        MLLIB
    }

    /**
     * @param engine        where k-means fits run (default {@link Engine#PLAIN}); the Gaussian mixture is MLlib's
     *                      under either
     * @param methods       methods to run, each giving its own rows (default k-means only)
     * @param kMin          default 2
     * @param kMax          default 8
     * @param restarts      k-means fits per k, seeds derived from {@code seed} (default 5), or Gaussian-mixture starts
     * @param maxIter       iterations per fit (default 100)
     * @param bootstrap     Jaccard bootstrap replicates B (default 100; 0 = none)
     * @param gapReferences gap statistic reference sets (default 100; 0 = not computed)
     * @param seed          base seed of every random step (default 20240601)
     * @param orderFeature  feature ordering the first year's labels (e.g. a total), or null: the mean of
     *                      the standardised features
     */
    public record Options(
            Engine engine,
            List<Method> methods,
            int kMin,
            int kMax,
            int restarts,
            int maxIter,
            int bootstrap,
            int gapReferences,
            long seed,
            String orderFeature) {
        public Options {
            methods = List.copyOf(methods);
            java.util.Objects.requireNonNull(engine, "engine");
            if (methods.isEmpty() || restarts < 1 || maxIter < 1 || bootstrap < 0 || gapReferences < 0) {
                throw new IllegalArgumentException("bad clustering options: " + methods + ", restarts=" + restarts
                        + ", maxIter=" + maxIter + ", bootstrap=" + bootstrap + ", gapReferences=" + gapReferences);
            }
        }

        public static Options defaults() {
            return new Options(
                    Engine.PLAIN,
                    List.of(Method.KMEANS),
                    2,
                    8,
                    5,
                    100,
                    Jaccard.DEFAULT_B,
                    GapStatistic.DEFAULT_B,
                    20240601L,
                    null);
        }

        public Options withEngine(Engine e) {
            return new Options(e, methods, kMin, kMax, restarts, maxIter, bootstrap, gapReferences, seed, orderFeature);
        }

        public Options withMethods(Method... m) {
            return new Options(
                    engine, List.of(m), kMin, kMax, restarts, maxIter, bootstrap, gapReferences, seed, orderFeature);
        }

        public Options withK(int min, int max) {
            return new Options(
                    engine, methods, min, max, restarts, maxIter, bootstrap, gapReferences, seed, orderFeature);
        }

        public Options withRestarts(int r) {
            return new Options(engine, methods, kMin, kMax, r, maxIter, bootstrap, gapReferences, seed, orderFeature);
        }

        public Options withBootstrap(int b) {
            return new Options(engine, methods, kMin, kMax, restarts, maxIter, b, gapReferences, seed, orderFeature);
        }

        public Options withGapReferences(int b) {
            return new Options(engine, methods, kMin, kMax, restarts, maxIter, bootstrap, b, seed, orderFeature);
        }

        public Options withSeed(long s) {
            return new Options(
                    engine, methods, kMin, kMax, restarts, maxIter, bootstrap, gapReferences, s, orderFeature);
        }

        public Options withOrderFeature(String f) {
            return new Options(engine, methods, kMin, kMax, restarts, maxIter, bootstrap, gapReferences, seed, f);
        }
    }

    /** The stage's outputs. */
    public record Result(Table clusters, Table profiles, Table quality, Table transitions, Table excluded) {}

    /** The conventions of the cluster tables, for the report manifest. */
    public static final String CONVENTION =
            "per feature set and year: z-scores with sample SD (R scale()); k-means = Spark MLlib's KMeans "
                    + "(k-means|| start, Lloyd iterations), computed in plain Java with MLlib's own routines and random streams (or by MLlib itself "
                    + "with --cluster-engine MLLIB: the same partitions), best of seeded restarts by within-cluster SS; k in 2..8 chosen by the highest average silhouette with EUCLIDEAN "
                    + "distance (R cluster::silhouette, computed in plain Java; Spark's ClusteringEvaluator, squared Euclidean, not used); "
                    + "gap statistic (Tibshirani 2001, W_k = within SS, 100 uniform reference sets in the bounding box, plain-Java k-means) reported "
                    + "with Tibshirani's SE rule, not used for the choice; bootstrap mean Jaccard per cluster (fpc::clusterboot defaults, B = 100, "
                    + "distinct resampled provinces re-clustered with the same k): >= 0.75 stable, 0.6-0.75 pattern, < 0.6 not trustworthy; "
                    + "labels: first year ordered by the centroid's mean standardised feature, descending (1 = highest), later years aligned to "
                    + "the previous year by Hungarian matching of centroids (new clusters take the smallest free labels); provinces missing any "
                    + "feature left out (table excluded, n_excluded)";

    public static final StructType CLUSTERS = new StructType()
            .add("feature_set", DataTypes.StringType, false)
            .add("year", DataTypes.IntegerType, false)
            .add("province_key", DataTypes.StringType, false)
            .add("method", DataTypes.StringType, false)
            .add("k", DataTypes.IntegerType, false)
            .add("cluster", DataTypes.IntegerType, false)
            .add("silhouette_i", DataTypes.DoubleType, false);
    public static final StructType PROFILES = new StructType()
            .add("feature_set", DataTypes.StringType, false)
            .add("year", DataTypes.IntegerType, false)
            .add("method", DataTypes.StringType, false)
            .add("cluster", DataTypes.IntegerType, false)
            .add("feature", DataTypes.StringType, false)
            .add("centroid_std", DataTypes.DoubleType, false)
            .add("centroid_original", DataTypes.DoubleType, false)
            .add("n", DataTypes.IntegerType, false);
    public static final StructType QUALITY = new StructType()
            .add("feature_set", DataTypes.StringType, false)
            .add("year", DataTypes.IntegerType, false)
            .add("method", DataTypes.StringType, false)
            .add("k", DataTypes.IntegerType, true)
            .add("cluster", DataTypes.IntegerType, true)
            .add("n", DataTypes.IntegerType, false)
            .add("avg_silhouette_euclidean", DataTypes.DoubleType, true)
            .add("within_ss", DataTypes.DoubleType, true)
            .add("gap", DataTypes.DoubleType, true)
            .add("gap_se", DataTypes.DoubleType, true)
            .add("chosen", DataTypes.BooleanType, false)
            .add("chosen_by_gap", DataTypes.BooleanType, true)
            .add("jaccard_mean", DataTypes.DoubleType, true)
            .add("jaccard_replicates", DataTypes.IntegerType, true)
            .add("reading", DataTypes.StringType, true)
            .add("n_excluded", DataTypes.IntegerType, true)
            .add("seed", DataTypes.LongType, true)
            .add("note", DataTypes.StringType, true);
    public static final StructType TRANSITIONS = new StructType()
            .add("feature_set", DataTypes.StringType, false)
            .add("method", DataTypes.StringType, false)
            .add("from_year", DataTypes.IntegerType, false)
            .add("to_year", DataTypes.IntegerType, false)
            .add("province_key", DataTypes.StringType, false)
            .add("from_cluster", DataTypes.IntegerType, false)
            .add("to_cluster", DataTypes.IntegerType, false)
            .add("moved", DataTypes.BooleanType, false);
    public static final StructType EXCLUDED = new StructType()
            .add("feature_set", DataTypes.StringType, false)
            .add("year", DataTypes.IntegerType, false)
            .add("province_key", DataTypes.StringType, false)
            .add("n_missing", DataTypes.IntegerType, false)
            .add("missing_features", DataTypes.StringType, false);

    private final SparkSession spark;
    private final Options options;

    public ProvinceClustering(SparkSession spark, Options options) {
        this.spark = spark;
        this.options = options;
    }

    /**
     * The default feature sets of the analysis, from a harmonised panel ({@code index, version, year, basis,
     * province_key, component, level, value}, optionally {@code partial}): per index, structure version
     * and basis (VN63, VN34; national rows and partial cells left out), the components one level below
     * the total (level DIMENSION or SUBINDEX) that have a value in every year that set has data, so the
     * feature set is the same in every year (e.g. PCI's BIAS, absent 2009-2012, is left out of the 2006
     * version). Sets with fewer than two features are dropped. Named {@code "<index> <version> <level>
     * <basis>"}, e.g. {@code "PAPI 2018 DIMENSION VN63"}. Output: {@code feature_set, year, province_key,
     * feature, value}. Pure transform.
     */
    public static Dataset<Row> defaultFeatureSets(Dataset<Row> panel) {
        Dataset<Row> p = panel.filter(col("level")
                .isin("DIMENSION", "SUBINDEX")
                .and(col("basis").notEqual("NATIONAL"))
                .and(col("value").isNotNull()));
        if (Arrays.asList(panel.columns()).contains("partial")) {
            p = p.filter(col("partial").equalTo(false));
        }
        p = p.withColumn("feature_set", concat_ws(" ", col("index"), col("version"), col("level"), col("basis")))
                .select(
                        col("feature_set"),
                        col("year").cast("int").as("year"),
                        col("province_key"),
                        col("component").as("feature"),
                        col("value").cast("double").as("value"));
        Dataset<Row> setYears =
                p.groupBy("feature_set").agg(countDistinct("year").as("_years"));
        Dataset<Row> featureYears =
                p.groupBy("feature_set", "feature").agg(countDistinct("year").as("_fyears"));
        Dataset<Row> kept = featureYears
                .join(setYears, "feature_set")
                .filter(col("_fyears").equalTo(col("_years")))
                .select("feature_set", "feature");
        Dataset<Row> sets = kept.groupBy("feature_set")
                .agg(count(lit(1)).as("_nf"))
                .filter(col("_nf").geq(2))
                .select("feature_set");
        return p.join(kept, new String[] {"feature_set", "feature"})
                .join(sets, "feature_set")
                .select("feature_set", "year", "province_key", "feature", "value");
    }

    /**
     * The analysis entry: every feature set of {@code featureSets} ({@code feature_set, year, province_key,
     * feature, value}) with {@link Options#defaults()} and the given seed.
     */
    public static Result run(SparkSession spark, Dataset<Row> featureSets, long seed) {
        return new ProvinceClustering(spark, Options.defaults().withSeed(seed)).runFeatureSets(featureSets);
    }

    /** One long input row of {@link #runCells}: a feature's value for a province in a year, within a feature set. */
    public record Cell(String featureSet, int year, String provinceKey, String feature, Double value) {}

    /**
     * Every feature set of {@code featureSets} ({@code feature_set, year, province_key, feature, value}),
     * collected (one Spark job; a few thousand rows) and clustered as {@link #runCells} clusters them.
     */
    public Result runFeatureSets(Dataset<Row> featureSets) {
        List<Cell> cells = new ArrayList<>();
        for (Row r : featureSets
                .select(
                        col("feature_set").cast("string"),
                        col("year").cast("int"),
                        col("province_key").cast("string"),
                        col("feature").cast("string"),
                        col("value").cast("double"))
                .collectAsList()) {
            cells.add(new Cell(
                    r.getString(0),
                    r.getInt(1),
                    r.getString(2),
                    r.getString(3),
                    r.isNullAt(4) ? null : r.getDouble(4)));
        }
        return runCells(cells);
    }

    /** {@link #run(Dataset, String, List)} with the feature set named by its features joined with "+". */
    public Result run(Dataset<Row> scores, List<String> features) {
        return run(scores, String.join("+", features), features);
    }

    /** Runs the stage on long scores and one feature set (the columns of the vectors, in this order). */
    public Result run(Dataset<Row> scores, String featureSet, List<String> features) {
        List<Cell> cells = new ArrayList<>();
        for (Row r : scores.select(
                        col("year").cast("int"),
                        col("province_key").cast("string"),
                        col("feature").cast("string"),
                        col("value").cast("double"))
                .filter(col("feature").isin(features.toArray()))
                .collectAsList()) {
            cells.add(new Cell(
                    featureSet, r.getInt(0), r.getString(1), r.getString(2), r.isNullAt(3) ? null : r.getDouble(3)));
        }
        return cluster(cells, Map.of(featureSet, features));
    }

    /**
     * Every feature set of {@code cells}, each clustered on its own with this stage's options; features of a
     * set in natural order (D2 before D10). With the plain engine, the k-means fits of every year of every
     * set run as ONE Spark job over the grid of (feature set, year) tasks, each task plain Java; the MLlib
     * engine and the Gaussian mixture fit on the driver, one Spark job per fit.
     */
    public Result runCells(List<Cell> cells) {
        Map<String, TreeSet<String>> sets = new TreeMap<>();
        for (Cell c : cells) {
            sets.computeIfAbsent(c.featureSet(), k -> new TreeSet<>(ProvinceClustering::naturalCompare))
                    .add(c.feature());
        }
        Map<String, List<String>> features = new TreeMap<>();
        sets.forEach((k, v) -> features.put(k, new ArrayList<>(v)));
        return cluster(cells, features);
    }

    /** Output rows being gathered. */
    private static final class Tables {
        final List<Row> clusters = new ArrayList<>();
        final List<Row> profiles = new ArrayList<>();
        final List<Row> quality = new ArrayList<>();
        final List<Row> transitions = new ArrayList<>();
        final List<Row> excluded = new ArrayList<>();
        final Map<String, Map<String, Integer>> featureOrder = new TreeMap<>();

        Result result() {
            Comparator<Row> bySet = Comparator.comparing(r -> r.getString(0));
            clusters.sort(bySet.thenComparing(r -> r.getString(3))
                    .thenComparingInt(r -> r.getInt(1))
                    .thenComparing(r -> r.getString(2)));
            profiles.sort(bySet.thenComparing(r -> r.getString(2))
                    .thenComparingInt(r -> r.getInt(1))
                    .thenComparingInt(r -> r.getInt(3))
                    .thenComparingInt(r -> featureOrder.get(r.getString(0)).get(r.getString(4))));
            quality.sort(bySet.thenComparing(r -> r.getString(2))
                    .thenComparingInt(r -> r.getInt(1))
                    .thenComparingInt(r -> r.isNullAt(3) ? 0 : r.getInt(3))
                    .thenComparingInt(r -> r.isNullAt(4) ? -1 : r.getInt(4)));
            transitions.sort(bySet.thenComparing(r -> r.getString(1))
                    .thenComparingInt(r -> r.getInt(2))
                    .thenComparing(r -> r.getString(4)));
            return new Result(
                    new Table(CLUSTERS, clusters),
                    new Table(PROFILES, profiles),
                    new Table(QUALITY, quality),
                    new Table(TRANSITIONS, transitions),
                    new Table(EXCLUDED, excluded));
        }

        void add(String set, ClusterAnalysis.Output out) {
            out.assignments()
                    .forEach(a -> clusters.add(RowFactory.create(
                            set, a.year(), a.provinceKey(), a.method(), a.k(), a.cluster(), a.silhouette())));
            out.profiles()
                    .forEach(p -> profiles.add(RowFactory.create(
                            set,
                            p.year(),
                            p.method(),
                            p.cluster(),
                            p.feature(),
                            p.centroidStd(),
                            p.centroidOriginal(),
                            p.n())));
            out.quality()
                    .forEach(q -> quality.add(RowFactory.create(
                            set,
                            q.year(),
                            q.method(),
                            q.k(),
                            q.cluster(),
                            q.n(),
                            q.avgSilhouette(),
                            q.withinSs(),
                            q.gap(),
                            q.gapSe(),
                            q.chosen(),
                            q.chosenByGap(),
                            q.jaccardMean(),
                            q.jaccardReplicates(),
                            q.reading(),
                            q.nExcluded(),
                            q.seed(),
                            q.note())));
            out.transitions()
                    .forEach(tr -> transitions.add(RowFactory.create(
                            set,
                            tr.method(),
                            tr.fromYear(),
                            tr.toYear(),
                            tr.provinceKey(),
                            tr.fromCluster(),
                            tr.toCluster(),
                            tr.moved())));
        }
    }

    /**
     * One task of the clustering grid: a year of a feature set, fitted in plain Java: the fits by
     * {@link Partitioners#kMeansParallel} (MLlib's k-means, {@code restarts} seeds), the bootstrap and the gap statistic by
     * {@link KMeansLloyd} (10 k-means++ starts), as the MLlib engine does them.
     */
    record GridTask(
            String set, ClusterAnalysis.Settings settings, ClusterAnalysis.YearData data, int restarts, int maxIter)
            implements Serializable {
        ClusterAnalysis.YearFit fit() {
            return ClusterAnalysis.fitYear(
                    data,
                    settings,
                    Partitioners.kMeansParallel(restarts, maxIter),
                    KMeansLloyd.partitioner(KMeansLloyd.DEFAULT_RESTARTS, KMeansLloyd.DEFAULT_ITER_MAX),
                    true);
        }
    }

    private Result cluster(List<Cell> cells, Map<String, List<String>> featuresBySet) {
        Tables t = new Tables();
        Map<String, List<ClusterAnalysis.YearData>> yearsBySet = new TreeMap<>();
        List<GridTask> grid = new ArrayList<>();
        boolean plain = options.methods().contains(Method.KMEANS) && options.engine() == Engine.PLAIN;
        for (Map.Entry<String, List<String>> e : featuresBySet.entrySet()) {
            String set = e.getKey();
            List<String> features = e.getValue();
            List<ClusterAnalysis.YearData> years = yearData(cells, set, features, t);
            yearsBySet.put(set, years);
            Map<String, Integer> order = new LinkedHashMap<>();
            for (int f = 0; f < features.size(); f++) {
                order.put(features.get(f), f);
            }
            t.featureOrder.put(set, order);
            if (plain) {
                for (ClusterAnalysis.YearData yd : years) {
                    grid.add(new GridTask(
                            set, settings(Method.KMEANS, features), yd, options.restarts(), options.maxIter()));
                }
            }
        }
        Map<String, List<ClusterAnalysis.YearFit>> fitted = new TreeMap<>();
        List<ClusterAnalysis.YearFit> fits = fitGrid(grid);
        for (int i = 0; i < grid.size(); i++) {
            fitted.computeIfAbsent(grid.get(i).set(), k -> new ArrayList<>()).add(fits.get(i));
        }
        Partitioners mllib = new Partitioners(spark, options.restarts(), options.maxIter());
        for (Map.Entry<String, List<String>> e : featuresBySet.entrySet()) {
            String set = e.getKey();
            List<ClusterAnalysis.YearData> years = yearsBySet.get(set);
            for (Method m : options.methods()) {
                ClusterAnalysis.Settings s = settings(m, e.getValue());
                ClusterAnalysis.Output out = switch (m) {
                    case KMEANS ->
                        plain
                                ? ClusterAnalysis.assemble(fitted.getOrDefault(set, List.of()), s)
                                : ClusterAnalysis.run(
                                        years,
                                        s,
                                        mllib.mllibKMeans(),
                                        KMeansLloyd.partitioner(
                                                KMeansLloyd.DEFAULT_RESTARTS, KMeansLloyd.DEFAULT_ITER_MAX),
                                        true);
                    case GMM ->
                        ClusterAnalysis.run(
                                years,
                                s,
                                mllib.mllibGaussianMixture(options.restarts()),
                                mllib.mllibGaussianMixture(1),
                                false);
                };
                t.add(set, out);
            }
        }
        return t.result();
    }

    private ClusterAnalysis.Settings settings(Method m, List<String> features) {
        return new ClusterAnalysis.Settings(
                m.label(),
                features,
                options.kMin(),
                options.kMax(),
                options.bootstrap(),
                options.gapReferences(),
                options.seed(),
                options.orderFeature());
    }

    /** The grid's tasks as one Spark job (one task each), results in task order. */
    private List<ClusterAnalysis.YearFit> fitGrid(List<GridTask> grid) {
        if (grid.isEmpty()) {
            return List.of();
        }
        spark.sparkContext().setJobDescription("province clustering: " + grid.size() + " (feature set, year) tasks");
        try {
            return JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(grid, grid.size())
                    .map(GridTask::fit)
                    .collect();
        } finally {
            spark.sparkContext().setJobDescription(null);
        }
    }

    /**
     * The complete province vectors of one feature set per year, in ascending year and province order (by
     * code point, as Spark sorts); provinces with a feature missing (no row, null, NaN or infinite) go to
     * {@code excluded}. A duplicated (year, province, feature) is an error.
     */
    private static List<ClusterAnalysis.YearData> yearData(
            List<Cell> cells, String set, List<String> features, Tables t) {
        Map<String, Integer> column = new HashMap<>();
        for (int f = 0; f < features.size(); f++) {
            column.put(features.get(f), f);
        }
        Map<Integer, Map<String, Double[]>> byYear = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        for (Cell c : cells) {
            Integer f = column.get(c.feature());
            if (!c.featureSet().equals(set) || f == null) {
                continue;
            }
            if (!seen.add(c.year() + "|" + c.provinceKey() + "|" + c.feature())) {
                throw new IllegalArgumentException("clustering input has more than one row for year " + c.year()
                        + ", province " + c.provinceKey() + ", feature " + c.feature() + " (one expected)");
            }
            byYear.computeIfAbsent(c.year(), y -> new TreeMap<>(SparkOrder.STRINGS))
                            .computeIfAbsent(c.provinceKey(), k -> new Double[features.size()])[f] =
                    c.value();
        }
        List<ClusterAnalysis.YearData> years = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Double[]>> y : byYear.entrySet()) {
            int year = y.getKey();
            List<String> keys = new ArrayList<>();
            List<double[]> values = new ArrayList<>();
            int excluded = 0;
            for (Map.Entry<String, Double[]> p : y.getValue().entrySet()) {
                double[] v = new double[features.size()];
                List<String> missing = new ArrayList<>();
                for (int f = 0; f < features.size(); f++) {
                    Double d = p.getValue()[f];
                    v[f] = d == null ? Double.NaN : d;
                    if (Double.isNaN(v[f]) || Double.isInfinite(v[f])) {
                        missing.add(features.get(f));
                    }
                }
                if (missing.isEmpty()) {
                    keys.add(p.getKey());
                    values.add(v);
                } else {
                    excluded++;
                    t.excluded.add(RowFactory.create(set, year, p.getKey(), missing.size(), String.join(",", missing)));
                }
            }
            years.add(new ClusterAnalysis.YearData(year, keys, values.toArray(new double[0][]), excluded));
        }
        return years;
    }

    /** Natural order: digit runs compared as numbers (D2 before D10), then the plain string order. */
    static int naturalCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }
}
