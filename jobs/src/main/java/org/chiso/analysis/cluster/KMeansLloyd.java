package org.chiso.analysis.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Plain Lloyd k-means, step for step as R's {@code kmeans(x, centers, algorithm = "Lloyd", iter.max)}
 * (C routine {@code kmeans_Lloyd} in R's stats package), so that from the same starting centres it gives
 * the same partition, centres and within-cluster sums of squares:
 * <ol>
 *   <li>assign every point to the nearest centre (squared Euclidean; ties go to the lower centre);</li>
 *   <li>stop when no assignment changed; otherwise recompute each centre as the mean of its points;</li>
 *   <li>at most {@code iterMax} passes. {@link Result#iterations()} is R's {@code km$iter}.</li>
 * </ol>
 * R only warns about an empty cluster with Lloyd (and then carries NaN centres); here an empty cluster is
 * an {@link IllegalStateException}.
 *
 * <p>{@link #best} adds seeded restarts from k-means++ starting centres (Arthur and Vassilvitskii 2007),
 * keeping the lowest total within-cluster sum of squares; it is the re-clustering method of the bootstrap
 * and the gap statistic.
 */
public final class KMeansLloyd {
    /** Default number of restarts of {@link #best}. */
    public static final int DEFAULT_RESTARTS = 10;
    /** Default maximum number of Lloyd passes. */
    public static final int DEFAULT_ITER_MAX = 100;

    private KMeansLloyd() {}

    /**
     * The result of one run.
     *
     * @param cluster    0-based cluster of each row (R's {@code km$cluster - 1})
     * @param centers    k x p centres
     * @param withinss   within-cluster sum of squares per cluster
     * @param size       points per cluster
     * @param iterations R's {@code km$iter}
     * @param converged  false when {@code iterMax} passes were used without the assignment settling
     */
    public record Result(
            int[] cluster, double[][] centers, double[] withinss, int[] size, int iterations, boolean converged) {
        /** Total within-cluster sum of squares (R's {@code tot.withinss}). */
        public double totWithinss() {
            double s = 0;
            for (double w : withinss) {
                s += w;
            }
            return s;
        }
    }

    /** Lloyd's algorithm from the given starting centres, as R's kmeans(algorithm = "Lloyd"). */
    public static Result lloyd(double[][] x, double[][] startCenters, int iterMax) {
        int n = x.length;
        int k = startCenters.length;
        if (k < 1 || n < k) {
            throw new IllegalArgumentException("need 1 <= k <= n, got k=" + k + ", n=" + n);
        }
        int p = x[0].length;
        double[][] cen = new double[k][];
        for (int j = 0; j < k; j++) {
            cen[j] = startCenters[j].clone();
        }
        int[] cl = new int[n];
        Arrays.fill(cl, -1);
        int[] nc = new int[k];
        int iter;
        boolean converged = false;
        for (iter = 0; iter < iterMax; iter++) {
            boolean updated = false;
            for (int i = 0; i < n; i++) {
                double best = Double.POSITIVE_INFINITY;
                int inew = 0;
                for (int j = 0; j < k; j++) {
                    double dd = 0.0;
                    for (int c = 0; c < p; c++) {
                        double t = x[i][c] - cen[j][c];
                        dd += t * t;
                    }
                    if (dd < best) {
                        best = dd;
                        inew = j;
                    }
                }
                if (cl[i] != inew) {
                    updated = true;
                    cl[i] = inew;
                }
            }
            if (!updated) {
                converged = true;
                break;
            }
            for (double[] row : cen) {
                Arrays.fill(row, 0.0);
            }
            Arrays.fill(nc, 0);
            for (int i = 0; i < n; i++) {
                int it = cl[i];
                nc[it]++;
                for (int c = 0; c < p; c++) {
                    cen[it][c] += x[i][c];
                }
            }
            for (int j = 0; j < k; j++) {
                if (nc[j] == 0) {
                    throw new IllegalStateException("empty cluster: try a better set of initial centers");
                }
                for (int c = 0; c < p; c++) {
                    cen[j][c] /= nc[j];
                }
            }
        }
        int[] size = new int[k];
        double[] wss = new double[k];
        for (int i = 0; i < n; i++) {
            int it = cl[i];
            size[it]++;
            for (int c = 0; c < p; c++) {
                double t = x[i][c] - cen[it][c];
                wss[it] += t * t;
            }
        }
        for (int j = 0; j < k; j++) {
            if (size[j] == 0) {
                throw new IllegalStateException("empty cluster: try a better set of initial centers");
            }
        }
        // R reports iter + 1 passes; when the loop ran out it is iterMax + 1 (R's "did not converge").
        return new Result(cl, cen, wss, size, iter + 1, converged);
    }

    /**
     * Best of {@code restarts} Lloyd runs from k-means++ starts drawn with {@code seed}: the lowest total
     * within-cluster SS (ties: the earlier restart). Runs ending with an empty cluster are skipped; null
     * when every run did (or when x has fewer than k distinct rows).
     */
    public static Result best(double[][] x, int k, int restarts, int iterMax, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Result best = null;
        for (int r = 0; r < restarts; r++) {
            double[][] start = kMeansPlusPlus(x, k, rnd);
            if (start == null) {
                return null;
            }
            Result res;
            try {
                res = lloyd(x, start, iterMax);
            } catch (IllegalStateException empty) {
                continue;
            }
            if (best == null || res.totWithinss() < best.totWithinss()) {
                best = res;
            }
        }
        return best;
    }

    /** {@link #best} as a {@link Partitioner}. */
    public static Partitioner partitioner(int restarts, int iterMax) {
        return (x, k, seed) -> {
            Result r = best(x, k, restarts, iterMax, seed);
            return r == null ? null : r.cluster();
        };
    }

    /** k-means++ seeding: first centre uniform, each next one with probability proportional to D^2. */
    static double[][] kMeansPlusPlus(double[][] x, int k, SplittableRandom rnd) {
        int n = x.length;
        double[][] c = new double[k][];
        double[] d2 = new double[n];
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        int first = rnd.nextInt(n);
        c[0] = x[first].clone();
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], sq(x[i], c[j - 1]));
                total += d2[i];
            }
            if (!(total > 0)) {
                return null; // fewer than k distinct points
            }
            double u = rnd.nextDouble() * total;
            int pick = -1;
            double acc = 0;
            for (int i = 0; i < n; i++) {
                if (d2[i] <= 0) {
                    continue;
                }
                pick = i;
                acc += d2[i];
                if (acc >= u) {
                    break;
                }
            }
            c[j] = x[pick].clone();
        }
        return c;
    }

    /** Total within-cluster sum of squares of a partition (labels 0..k-1), about the cluster means. */
    public static double withinSs(double[][] x, int[] labels) {
        double[][] m = centroids(x, labels);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += sq(x[i], m[labels[i]]);
        }
        return s;
    }

    /** Cluster means of a partition with labels 0..k-1 (k = max label + 1); an empty cluster gets NaN. */
    public static double[][] centroids(double[][] x, int[] labels) {
        int k = Arrays.stream(labels).max().orElse(-1) + 1;
        int p = x[0].length;
        double[][] m = new double[k][p];
        int[] n = new int[k];
        for (int i = 0; i < x.length; i++) {
            n[labels[i]]++;
            for (int c = 0; c < p; c++) {
                m[labels[i]][c] += x[i][c];
            }
        }
        for (int j = 0; j < k; j++) {
            for (int c = 0; c < p; c++) {
                m[j][c] = n[j] == 0 ? Double.NaN : m[j][c] / n[j];
            }
        }
        return m;
    }

    static double sq(double[] a, double[] b) {
        double s = 0;
        for (int c = 0; c < a.length; c++) {
            double t = a[c] - b[c];
            s += t * t;
        }
        return s;
    }
}
