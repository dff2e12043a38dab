package org.chiso.analysis.cluster;

import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Bootstrap stability of each cluster, as {@code fpc::clusterboot} with its defaults
 * ({@code bootmethod = "boot"}, {@code multipleboot = FALSE}):
 * <ol>
 *   <li>draw n rows with replacement (seeded); rows drawn more than once are used once;</li>
 *   <li>re-cluster those distinct rows with the same method and the same k;</li>
 *   <li>for each original cluster C, restricted to the drawn rows (C*), the largest Jaccard similarity
 *       |C* n D| / |C* u D| over the bootstrap clusters D; a replicate where C* is empty does not count
 *       for C (clusterboot's NA);</li>
 *   <li>the mean over the replicates ({@code bootmean}).</li>
 * </ol>
 * Reading (Hennig, fpc documentation): mean Jaccard &ge; 0.75 a stable cluster; 0.6-0.75 it indicates a
 * pattern, but which points belong to it is doubtful; &lt; 0.6 not to be trusted.
 */
public final class Jaccard {
    /** Default number of bootstrap replicates (clusterboot's B). */
    public static final int DEFAULT_B = 100;

    public static final String STABLE = "stable";
    public static final String PATTERN = "pattern";
    public static final String NOT_TRUSTWORTHY = "not trustworthy";

    private Jaccard() {}

    /**
     * @param mean       mean Jaccard per original cluster (NaN when no replicate counted)
     * @param replicates replicates that counted per cluster
     * @param failed     replicates where the re-clustering gave no k-group partition (or fewer than k + 1
     *                   distinct rows were drawn); they count for no cluster
     */
    public record Result(double[] mean, int[] replicates, int failed) implements java.io.Serializable {
        /** The reading of cluster c's mean. */
        public String reading(int c) {
            return Jaccard.reading(mean[c]);
        }
    }

    /** The clusterboot reading of a mean Jaccard value; null for NaN. */
    public static String reading(double meanJaccard) {
        if (Double.isNaN(meanJaccard)) {
            return null;
        }
        return meanJaccard >= 0.75 ? STABLE : meanJaccard >= 0.6 ? PATTERN : NOT_TRUSTWORTHY;
    }

    /** Jaccard similarity of two sets of row indices (0 when both are empty, clusterboot's zerobyzero). */
    public static double similarity(boolean[] a, boolean[] b) {
        int inter = 0;
        int union = 0;
        for (int i = 0; i < a.length; i++) {
            inter += a[i] && b[i] ? 1 : 0;
            union += a[i] || b[i] ? 1 : 0;
        }
        return union == 0 ? 0.0 : (double) inter / union;
    }

    /**
     * Bootstrap mean Jaccard per cluster of the partition {@code labels} (0..k-1) of the rows of x.
     *
     * @param refit the clustering method, re-run on each bootstrap sample with the same k
     */
    public static Result bootstrap(double[][] x, int[] labels, int k, Partitioner refit, int b, long seed) {
        int n = x.length;
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] sum = new double[k];
        int[] reps = new int[k];
        int failed = 0;
        for (int r = 0; r < b; r++) {
            TreeSet<Integer> drawn = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                drawn.add(rnd.nextInt(n));
            }
            long replicateSeed = rnd.nextLong();
            int m = drawn.size();
            if (m <= k) {
                failed++;
                continue;
            }
            int[] idx = drawn.stream().mapToInt(Integer::intValue).toArray();
            double[][] xs = new double[m][];
            for (int i = 0; i < m; i++) {
                xs[i] = x[idx[i]];
            }
            int[] bl = refit.partition(xs, k, replicateSeed);
            if (bl == null) {
                failed++;
                continue;
            }
            boolean[][] boot = new boolean[k][m];
            for (int i = 0; i < m; i++) {
                boot[bl[i]][i] = true;
            }
            for (int c = 0; c < k; c++) {
                boolean[] orig = new boolean[m];
                boolean any = false;
                for (int i = 0; i < m; i++) {
                    orig[i] = labels[idx[i]] == c;
                    any |= orig[i];
                }
                if (!any) {
                    continue;
                }
                double best = 0;
                for (int d = 0; d < k; d++) {
                    best = Math.max(best, similarity(orig, boot[d]));
                }
                sum[c] += best;
                reps[c]++;
            }
        }
        double[] mean = new double[k];
        for (int c = 0; c < k; c++) {
            mean[c] = reps[c] == 0 ? Double.NaN : sum[c] / reps[c];
        }
        return new Result(mean, reps, failed);
    }
}
