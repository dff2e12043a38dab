package org.chiso.analysis.cluster;

import java.util.SplittableRandom;

/**
 * Gap statistic (Tibshirani, Walther and Hastie 2001) with W_k the pooled within-cluster sum of squared
 * Euclidean distances about the cluster means (the paper's W_k; R's {@code cluster::clusGap} uses
 * {@code d.power = 1} by default, i.e. unsquared distances, so its values differ):
 * <ul>
 *   <li>Gap(k) = mean_b log W*_kb - log W_k, over B reference sets drawn uniformly in the bounding box of
 *       the data (the paper's option (a); clusGap's {@code spaceH0 = "original"}), seeded;</li>
 *   <li>s_k = sqrt(1 + 1/B) * sd_b(log W*_kb) (sd with B - 1, as clusGap);</li>
 *   <li>suggested k: the smallest k with Gap(k) &ge; Gap(k+1) - s_{k+1} (clusGap's "Tibs2001SEmax"),
 *       else the largest k tried.</li>
 * </ul>
 * The reference sets are clustered with {@code refit}; W_1 is the total sum of squares.
 */
public final class GapStatistic {
    /** Default number of reference sets. */
    public static final int DEFAULT_B = 100;

    private GapStatistic() {}

    /**
     * @param k         the k values 1..kMax
     * @param logW      log W_k of the data
     * @param expLogW   mean_b log W*_kb
     * @param gap       Gap(k)
     * @param se        s_k
     * @param suggested Tibshirani's k
     */
    public record Result(int[] k, double[] logW, double[] expLogW, double[] gap, double[] se, int suggested) {}

    /**
     * @param withinSs W_k of the data for k = 1..kMax (index k-1); entry 0 may be NaN and is then the
     *                 total sum of squares; a NaN entry for k &gt; 1 (no partition) gives a NaN gap
     */
    public static Result compute(double[][] x, double[] withinSs, Partitioner refit, int b, long seed) {
        int kMax = withinSs.length;
        int n = x.length;
        int p = x[0].length;
        double[] lo = new double[p];
        double[] hi = new double[p];
        for (int c = 0; c < p; c++) {
            lo[c] = Double.POSITIVE_INFINITY;
            hi[c] = Double.NEGATIVE_INFINITY;
            for (double[] row : x) {
                lo[c] = Math.min(lo[c], row[c]);
                hi[c] = Math.max(hi[c], row[c]);
            }
        }
        double[] logW = new double[kMax];
        for (int k = 1; k <= kMax; k++) {
            double w = k == 1 && Double.isNaN(withinSs[0]) ? totalSs(x) : withinSs[k - 1];
            logW[k - 1] = Math.log(w);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] logWRef = new double[kMax][b];
        for (int r = 0; r < b; r++) {
            double[][] ref = new double[n][p];
            for (double[] row : ref) {
                for (int c = 0; c < p; c++) {
                    row[c] = lo[c] + (hi[c] - lo[c]) * rnd.nextDouble();
                }
            }
            long refSeed = rnd.nextLong();
            for (int k = 1; k <= kMax; k++) {
                double w;
                if (k == 1) {
                    w = totalSs(ref);
                } else {
                    int[] l = refit.partition(ref, k, refSeed + k);
                    w = l == null ? Double.NaN : KMeansLloyd.withinSs(ref, l);
                }
                logWRef[k - 1][r] = Math.log(w);
            }
        }
        int[] ks = new int[kMax];
        double[] exp = new double[kMax];
        double[] gap = new double[kMax];
        double[] se = new double[kMax];
        for (int k = 1; k <= kMax; k++) {
            ks[k - 1] = k;
            double m = 0;
            for (double v : logWRef[k - 1]) {
                m += v;
            }
            m /= b;
            double ss = 0;
            for (double v : logWRef[k - 1]) {
                ss += (v - m) * (v - m);
            }
            exp[k - 1] = m;
            gap[k - 1] = m - logW[k - 1];
            se[k - 1] = b > 1 ? Math.sqrt((1 + 1.0 / b) * ss / (b - 1)) : Double.NaN;
        }
        int suggested = kMax;
        for (int k = 1; k < kMax; k++) {
            if (gap[k - 1] >= gap[k] - se[k]) {
                suggested = k;
                break;
            }
        }
        return new Result(ks, logW, exp, gap, se, suggested);
    }

    /** Sum of squares about the column means. */
    public static double totalSs(double[][] x) {
        int p = x[0].length;
        double s = 0;
        for (int c = 0; c < p; c++) {
            double m = 0;
            for (double[] row : x) {
                m += row[c];
            }
            m /= x.length;
            for (double[] row : x) {
                s += (row[c] - m) * (row[c] - m);
            }
        }
        return s;
    }
}
