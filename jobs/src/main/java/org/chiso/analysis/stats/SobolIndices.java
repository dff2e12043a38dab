package org.chiso.analysis.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Variance-based sensitivity indices (Sobol) from Saltelli's sampling design: two independent N x d sample matrices
 * A and B of the uncertain inputs and, for each input i, the matrix AB_i (A with its column i taken from B); the
 * model is run on all of them, N (d + 2) runs.
 *
 * <p>Estimators, with f_A, f_B and f_ABi the outputs on the rows of A, B and AB_i and V the sample variance (n - 1)
 * of the 2N outputs on A and B together:
 *
 * <ul>
 *   <li>first order, Saltelli et al. (2010), their table 2 (b): S_i = mean(f_B (f_ABi - f_A)) / V;
 *   <li>total order, Jansen (1999): ST_i = mean((f_A - f_ABi)^2) / 2 / V.
 * </ul>
 *
 * <p>Confidence intervals: percentile bootstrap over the N rows (the same rows resampled for A, B and every AB_i),
 * R's quantile type 7, seeded.
 */
public final class SobolIndices {
    /**
     * The indices of the inputs, in input order.
     *
     * @param first first-order indices
     * @param total total-order indices
     * @param variance V, the output variance the indices are shares of
     */
    public record Indices(double[] first, double[] total, double variance) {}

    /**
     * Indices with bootstrap percentile intervals.
     *
     * @param estimate the indices of the sample
     * @param firstLow lower interval ends of the first-order indices, and so on
     * @param replications the bootstrap replications behind the intervals
     * @param level the intervals' confidence level
     */
    public record WithIntervals(
            Indices estimate,
            double[] firstLow,
            double[] firstHigh,
            double[] totalLow,
            double[] totalHigh,
            int replications,
            double level) {}

    private SobolIndices() {}

    /**
     * The indices from the outputs of Saltelli's design.
     *
     * @param fA outputs on A's rows (length N)
     * @param fB outputs on B's rows
     * @param fAB outputs on AB_i's rows, one array per input
     */
    public static Indices estimate(double[] fA, double[] fB, double[][] fAB) {
        int n = check(fA, fB, fAB);
        int[] rows = new int[n];
        Arrays.setAll(rows, j -> j);
        return estimate(fA, fB, fAB, rows);
    }

    /** The indices with percentile bootstrap intervals ({@code replications} resamples of the rows, seeded). */
    public static WithIntervals withIntervals(
            double[] fA, double[] fB, double[][] fAB, int replications, double level, long seed) {
        int n = check(fA, fB, fAB);
        if (replications < 2) {
            throw new IllegalArgumentException("Sobol intervals need at least 2 bootstrap replications");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("Sobol intervals: level must lie in (0, 1), got " + level);
        }
        int d = fAB.length;
        double[][] first = new double[d][replications];
        double[][] total = new double[d][replications];
        SplittableRandom random = new SplittableRandom(seed);
        int[] rows = new int[n];
        for (int b = 0; b < replications; b++) {
            for (int j = 0; j < n; j++) {
                rows[j] = random.nextInt(n);
            }
            Indices r = estimate(fA, fB, fAB, rows);
            for (int i = 0; i < d; i++) {
                first[i][b] = r.first()[i];
                total[i][b] = r.total()[i];
            }
        }
        double lo = (1 - level) / 2;
        double[] fl = new double[d];
        double[] fh = new double[d];
        double[] tl = new double[d];
        double[] th = new double[d];
        for (int i = 0; i < d; i++) {
            fl[i] = Quantiles.type7(first[i], lo);
            fh[i] = Quantiles.type7(first[i], 1 - lo);
            tl[i] = Quantiles.type7(total[i], lo);
            th[i] = Quantiles.type7(total[i], 1 - lo);
        }
        return new WithIntervals(estimate(fA, fB, fAB), fl, fh, tl, th, replications, level);
    }

    private static Indices estimate(double[] fA, double[] fB, double[][] fAB, int[] rows) {
        int n = rows.length;
        int d = fAB.length;
        double mean = 0;
        for (int j : rows) {
            mean += fA[j] + fB[j];
        }
        mean /= 2.0 * n;
        double ss = 0;
        for (int j : rows) {
            ss += (fA[j] - mean) * (fA[j] - mean) + (fB[j] - mean) * (fB[j] - mean);
        }
        double v = ss / (2.0 * n - 1);
        double[] first = new double[d];
        double[] total = new double[d];
        for (int i = 0; i < d; i++) {
            double s1 = 0;
            double st = 0;
            for (int j : rows) {
                double ab = fAB[i][j];
                s1 += fB[j] * (ab - fA[j]);
                st += (fA[j] - ab) * (fA[j] - ab);
            }
            first[i] = s1 / n / v;
            total[i] = st / n / 2 / v;
        }
        return new Indices(first, total, v);
    }

    private static int check(double[] fA, double[] fB, double[][] fAB) {
        int n = fA.length;
        if (n < 2 || fB.length != n) {
            throw new IllegalArgumentException(
                    "Sobol indices need A and B outputs of one length N >= 2, got " + fA.length + " and " + fB.length);
        }
        for (int i = 0; i < fAB.length; i++) {
            if (fAB[i].length != n) {
                throw new IllegalArgumentException(
                        "Sobol indices: AB_" + (i + 1) + " has " + fAB[i].length + " outputs for N = " + n);
            }
        }
        return n;
    }
}
