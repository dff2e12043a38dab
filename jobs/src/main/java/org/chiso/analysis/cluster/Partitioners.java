package org.chiso.analysis.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.mllib.stat.distribution.MultivariateGaussian;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The k-means and Gaussian-mixture {@link Partitioner}s of {@link ProvinceClustering}: MLlib's k-means computed in
 * plain Java ({@link #kMeansParallel}, the default engine's, no Spark job), and MLlib itself
 * ({@link #mllibKMeans}, {@link #mllibGaussianMixture}, one Spark job per fit, on the given session). Every
 * k-means keeps the best of {@code restarts} runs whose seeds derive from the fit's seed in the same way, so the
 * plain-Java and MLlib engines give the same partitions.
 */
final class Partitioners {
    private static final StructType POINTS =
            new StructType().add("id", DataTypes.IntegerType, false).add("features", new VectorUDT(), false);

    private final SparkSession spark;
    private final int restarts;
    private final int maxIter;

    /** MLlib partitioners on {@code spark}: {@code restarts} runs (or starts) per k, {@code maxIter} iterations each. */
    Partitioners(SparkSession spark, int restarts, int maxIter) {
        this.spark = spark;
        this.restarts = restarts;
        this.maxIter = maxIter;
    }

    /** One-partition Dataset of the rows of x (id = row index), so MLlib's results do not depend on the
     * session's parallelism. */
    private Dataset<Row> points(double[][] x) {
        List<Row> rows = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            rows.add(RowFactory.create(i, Vectors.dense(x[i])));
        }
        return spark.createDataFrame(rows, POINTS).coalesce(1);
    }

    /** The centres of one k-means run with the given seed (fewer than k when it found fewer). */
    @FunctionalInterface
    private interface Centres {
        double[][] fit(long seed);
    }

    /**
     * Best (lowest within SS) of {@code restarts} runs with seeds derived from {@code seed}; points go to the
     * nearest final centre; runs without k non-empty clusters are skipped; null when every run was.
     */
    private static int[] bestOfRestarts(double[][] x, int k, long seed, int restarts, Centres run) {
        int[] best = null;
        double bestWss = Double.POSITIVE_INFINITY;
        for (int r = 0; r < restarts; r++) {
            double[][] centres = run.fit(restartSeed(seed, r));
            if (centres.length != k) {
                continue;
            }
            int[] l = nearest(x, centres);
            if (Arrays.stream(l).distinct().count() != k) {
                continue;
            }
            double w = KMeansLloyd.withinSs(x, l);
            if (w < bestWss) {
                bestWss = w;
                best = l;
            }
        }
        return best;
    }

    /**
     * MLlib's k-means computed in plain Java ({@link KMeansParallel}), best of {@code restarts} seeds as
     * {@link #mllibKMeans} runs them: the same partitions, without a Spark job per fit.
     */
    static Partitioner kMeansParallel(int restarts, int maxIter) {
        return (x, k, seed) -> bestOfRestarts(x, k, seed, restarts, s -> KMeansParallel.centres(x, k, maxIter, s));
    }

    /** MLlib k-means, best (lowest within SS) of {@code restarts} seeds; one Spark job per run. */
    Partitioner mllibKMeans() {
        return (x, k, seed) -> {
            Dataset<Row> df = points(x).cache();
            try {
                return bestOfRestarts(x, k, seed, restarts, s -> {
                    KMeansModel model = new KMeans()
                            .setK(k)
                            .setMaxIter(maxIter)
                            .setSeed(s)
                            .setFeaturesCol("features")
                            .fit(df);
                    return Arrays.stream(model.clusterCenters())
                            .map(Vector::toArray)
                            .toArray(double[][]::new);
                });
            } finally {
                df.unpersist();
            }
        };
    }

    /**
     * MLlib Gaussian mixture ({@code org.apache.spark.mllib.clustering.GaussianMixture}, full covariances,
     * EM to {@code maxIter} or a log-likelihood change below 0.01), started from a k-means partition as
     * scikit-learn's default: weights = cluster shares, means = centroids, every covariance = the pooled
     * within-cluster covariance (plus 1e-6 I when singular). MLlib's own start (random points, whole-data
     * covariance) often stalls in a merged solution even on well-separated data. {@code starts} k-means
     * starts (the first the best of 10 k-means++ runs, the others single k-means++ runs, for variety;
     * {@link KMeansLloyd#best}, seeds derived from the given one); the fit with the highest
     * log-likelihood whose hard assignment (highest posterior) uses all k components wins.
     */
    Partitioner mllibGaussianMixture(int starts) {
        return (x, k, seed) -> {
            int n = x.length;
            int p = x[0].length;
            List<org.apache.spark.mllib.linalg.Vector> pts = new ArrayList<>(n);
            for (double[] row : x) {
                pts.add(org.apache.spark.mllib.linalg.Vectors.dense(row));
            }
            JavaRDD<org.apache.spark.mllib.linalg.Vector> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(pts, 1)
                    .cache();
            try {
                int[] best = null;
                double bestLl = Double.NEGATIVE_INFINITY;
                for (int r = 0; r < starts; r++) {
                    KMeansLloyd.Result km = KMeansLloyd.best(
                            x,
                            k,
                            r == 0 ? KMeansLloyd.DEFAULT_RESTARTS : 1,
                            KMeansLloyd.DEFAULT_ITER_MAX,
                            restartSeed(seed, r));
                    if (km == null) {
                        continue;
                    }
                    double[] pooled = new double[p * p]; // column-major, as MLlib's DenseMatrix
                    for (int i = 0; i < n; i++) {
                        double[] c = km.centers()[km.cluster()[i]];
                        for (int a = 0; a < p; a++) {
                            for (int b = 0; b < p; b++) {
                                pooled[a + b * p] += (x[i][a] - c[a]) * (x[i][b] - c[b]) / n;
                            }
                        }
                    }
                    if (n - k <= p) {
                        for (int a = 0; a < p; a++) {
                            pooled[a + a * p] += 1e-6;
                        }
                    }
                    double[] w = new double[k];
                    MultivariateGaussian[] g = new MultivariateGaussian[k];
                    for (int c = 0; c < k; c++) {
                        w[c] = (double) km.size()[c] / n;
                        g[c] = new MultivariateGaussian(
                                org.apache.spark.mllib.linalg.Vectors.dense(km.centers()[c]),
                                org.apache.spark.mllib.linalg.Matrices.dense(p, p, pooled.clone()));
                    }
                    org.apache.spark.mllib.clustering.GaussianMixtureModel model;
                    try {
                        model = new org.apache.spark.mllib.clustering.GaussianMixture()
                                .setK(k)
                                .setMaxIterations(maxIter)
                                .setSeed(restartSeed(seed, r))
                                .setInitialModel(new org.apache.spark.mllib.clustering.GaussianMixtureModel(w, g))
                                .run(rdd.rdd());
                    } catch (RuntimeException degenerate) {
                        continue; // e.g. a covariance that cannot be factorised: this start is dropped
                    }
                    double ll = 0;
                    int[] l = new int[n];
                    for (int i = 0; i < n; i++) {
                        double[] lp = new double[k];
                        double mx = Double.NEGATIVE_INFINITY;
                        for (int c = 0; c < k; c++) {
                            lp[c] = Math.log(model.weights()[c]) + model.gaussians()[c].logpdf(pts.get(i));
                            if (lp[c] > mx) {
                                mx = lp[c];
                                l[i] = c;
                            }
                        }
                        double se = 0;
                        for (double v : lp) {
                            se += Math.exp(v - mx);
                        }
                        ll += mx + Math.log(se);
                    }
                    if (!Double.isFinite(ll)
                            || ll <= bestLl
                            || Arrays.stream(l).distinct().count() != k) {
                        continue;
                    }
                    bestLl = ll;
                    best = l;
                }
                return best;
            } finally {
                rdd.unpersist(false);
            }
        };
    }

    private static long restartSeed(long seed, int r) {
        return ClusterAnalysis.mix(seed + 0x9E3779B97F4A7C15L * (r + 1L));
    }

    private static int[] nearest(double[][] x, double[][] c) {
        int[] l = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < c.length; j++) {
                double d = KMeansLloyd.sq(x[i], c[j]);
                if (d < best) {
                    best = d;
                    l[i] = j;
                }
            }
        }
        return l;
    }
}
