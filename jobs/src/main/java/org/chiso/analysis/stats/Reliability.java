package org.chiso.analysis.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Cronbach's alpha as COINr's {@code get_cronbach} (JRC/OECD Handbook 2008), on a units × items matrix with NaN for
 * missing cells, and its percentile bootstrap interval.
 *
 * <p>Raw alpha: C = R {@code cov(X, use = "pairwise.complete.obs")} (each pair of items on the units where both are
 * present, means over those units, divisor n_ij - 1); alpha = k² · mean(off-diagonal C) / ΣC = k/(k-1) · (1 - Σ
 * C_ii / ΣC). Standardised alpha: the same on R {@code cor(X, use = "pairwise.complete.obs")} (Pearson per pair on
 * the pair's units, diagonal 1). A pair with fewer than 2 common units has no covariance and is left out of the sums
 * ({@code na.rm = TRUE}, as COINr); NaN when fewer than 2 items or the sum is 0.
 */
public final class Reliability {
    /** Alpha raw and standardised. */
    public record Alpha(double raw, double standardised) {}

    /**
     * A percentile bootstrap interval (R {@code quantile(type = 7)} of the replicates at (1 - level)/2 and (1 +
     * level)/2); {@code replicates} counts the replicates that gave a value (a resample with a constant item gives
     * none).
     */
    public record Interval(double low, double high, int replicates) {}

    private Reliability() {}

    /** Raw and standardised alpha of the items (columns) of {@code x} (rows = units). */
    public static Alpha alpha(double[][] x) {
        int k = x.length == 0 ? 0 : x[0].length;
        if (complete(x) && x.length >= 2) {
            return completeAlpha(x, k);
        }
        double[][] cov = new double[k][k];
        double[][] cor = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                double[] s = pair(x, i, j);
                cov[i][j] = cov[j][i] = s[0];
                cor[i][j] = cor[j][i] = i == j ? 1 : s[1];
            }
        }
        return new Alpha(fromMatrix(cov), fromMatrix(cor));
    }

    private static boolean complete(double[][] x) {
        for (double[] r : x) {
            for (double v : r) {
                if (Double.isNaN(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Alpha of a matrix without missing cells: every pair has all units, so the column means are computed once and
     * the cross products in one pass (the same sums, in the same order, as the pairwise path).
     */
    private static Alpha completeAlpha(double[][] x, int k) {
        int n = x.length;
        double[] mean = new double[k];
        for (int j = 0; j < k; j++) {
            double s = 0;
            for (double[] r : x) {
                s += r[j];
            }
            mean[j] = s / n;
        }
        double[][] sxy = new double[k][k];
        double[] d = new double[k];
        for (double[] r : x) {
            for (int j = 0; j < k; j++) {
                d[j] = r[j] - mean[j];
            }
            for (int i = 0; i < k; i++) {
                double di = d[i];
                double[] row = sxy[i];
                for (int j = i; j < k; j++) {
                    row[j] += di * d[j];
                }
            }
        }
        double[][] cov = new double[k][k];
        double[][] cor = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                cov[i][j] = cov[j][i] = sxy[i][j] / (n - 1);
                double r = i == j ? 1 : sxy[i][j] / Math.sqrt(sxy[i][i] * sxy[j][j]);
                cor[i][j] = cor[j][i] = Math.max(-1, Math.min(1, r));
            }
        }
        return new Alpha(fromMatrix(cov), fromMatrix(cor));
    }

    /** k² · mean(off-diagonal) / sum of a k × k matrix, NaN entries left out of both sums. */
    public static double fromMatrix(double[][] c) {
        int k = c.length;
        if (k < 2) {
            return Double.NaN;
        }
        double all = 0;
        double diag = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (!Double.isNaN(c[i][j])) {
                    all += c[i][j];
                    if (i == j) {
                        diag += c[i][j];
                    }
                }
            }
        }
        double offMean = (all - diag) / ((double) k * (k - 1));
        return all == 0 ? Double.NaN : (double) k * k * offMean / all;
    }

    /** R's {@code cov(x, use = "pairwise.complete.obs")}. */
    public static double[][] covariance(double[][] x) {
        return pairwise(x, false);
    }

    /** R's {@code cor(x, use = "pairwise.complete.obs")} (Pearson; diagonal 1). */
    public static double[][] correlation(double[][] x) {
        return pairwise(x, true);
    }

    private static double[][] pairwise(double[][] x, boolean cor) {
        int k = x.length == 0 ? 0 : x[0].length;
        double[][] c = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                double v = cor && i == j ? 1 : pair(x, i, j)[cor ? 1 : 0];
                c[i][j] = v;
                c[j][i] = v;
            }
        }
        return c;
    }

    /** {covariance, correlation} of items i and j on their common units; NaN below 2 units. */
    private static double[] pair(double[][] x, int i, int j) {
        int n = 0;
        double si = 0;
        double sj = 0;
        for (double[] row : x) {
            if (!Double.isNaN(row[i]) && !Double.isNaN(row[j])) {
                n++;
                si += row[i];
                sj += row[j];
            }
        }
        if (n < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double mi = si / n;
        double mj = sj / n;
        double sij = 0;
        double sii = 0;
        double sjj = 0;
        for (double[] row : x) {
            if (!Double.isNaN(row[i]) && !Double.isNaN(row[j])) {
                double di = row[i] - mi;
                double dj = row[j] - mj;
                sij += di * dj;
                sii += di * di;
                sjj += dj * dj;
            }
        }
        double r = sij / Math.sqrt(sii * sjj);
        return new double[] {sij / (n - 1), Math.max(-1, Math.min(1, r))};
    }

    /**
     * Percentile bootstrap of raw and standardised alpha: {@code b} resamples of the rows with replacement from a
     * {@link SplittableRandom} seeded with {@code seed} (row i of a resample is {@code nextInt(n)}, raw before
     * standardised from the same resample); replicates that give NaN are left out and counted.
     *
     * @return {raw interval, standardised interval}
     */
    public static Interval[] bootstrap(double[][] x, int b, long seed, double level) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = x.length;
        double[] raw = new double[b];
        double[] std = new double[b];
        double[][] resample = new double[n][];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < n; i++) {
                resample[i] = x[rng.nextInt(n)];
            }
            Alpha a = alpha(resample);
            raw[r] = a.raw();
            std[r] = a.standardised();
        }
        return new Interval[] {interval(raw, level), interval(std, level)};
    }

    private static Interval interval(double[] reps, double level) {
        double[] v = Arrays.stream(reps).filter(d -> !Double.isNaN(d)).sorted().toArray();
        return new Interval(
                Quantiles.type7Sorted(v, (1 - level) / 2), Quantiles.type7Sorted(v, (1 + level) / 2), v.length);
    }
}
