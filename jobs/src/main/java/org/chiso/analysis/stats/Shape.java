package org.chiso.analysis.stats;

/**
 * Skewness and kurtosis of type 2 (R {@code e1071::skewness(type = 2)}, {@code e1071::kurtosis(type = 2)}, Excel
 * {@code SKEW} and {@code KURT}, COINr's {@code skew} and {@code kurt}) and COINr's outlier rule.
 *
 * <p>With d = x - mean over the n non-missing values (NaN = missing): skewness G1 = sqrt(n) Σd³ / (Σd²)^{3/2} ·
 * sqrt(n(n-1)) / (n-2), NaN when n &lt; 3; kurtosis (excess) G2 = ((n+1)(r - 3) + 6)(n-1) / ((n-2)(n-3)) with
 * r = n Σd⁴ / (Σd²)², NaN when n &lt; 4. A constant vector gives NaN (0/0), as in R.
 */
public final class Shape {
    /** COINr's default thresholds: flagged when |skew| ≥ 2 and kurtosis ≥ 3.5 ({@code check_SkewKurt}). */
    public static final double SKEW_THRESHOLD = 2;

    public static final double KURT_THRESHOLD = 3.5;

    private Shape() {}

    /** Type-2 skewness of the non-missing values; NaN below 3 values. */
    public static double skewness(double[] x) {
        double[] s = centralSums(x);
        double n = s[0];
        if (n < 3) {
            return Double.NaN;
        }
        double y = Math.sqrt(n) * s[2] / Math.pow(s[1], 1.5);
        return y * Math.sqrt(n * (n - 1)) / (n - 2);
    }

    /** Type-2 (excess) kurtosis of the non-missing values; NaN below 4 values. */
    public static double kurtosis(double[] x) {
        double[] s = centralSums(x);
        double n = s[0];
        if (n < 4) {
            return Double.NaN;
        }
        double r = n * s[3] / (s[1] * s[1]);
        return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3));
    }

    /** {n, Σd², Σd³, Σd⁴} of the non-missing values, d = x - mean. */
    private static double[] centralSums(double[] x) {
        double[] v = present(x);
        double m = mean(v);
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        for (double a : v) {
            double d = a - m;
            s2 += d * d;
            s3 += d * d * d;
            s4 += d * d * d * d;
        }
        return new double[] {v.length, s2, s3, s4};
    }

    /**
     * COINr's {@code check_SkewKurt} negated: an outlier flag when neither |skew| &lt; 2 nor kurtosis &lt; 3.5 (that
     * is |skew| ≥ 2 and kurtosis ≥ 3.5; the published rule "|skew| &gt; 2 and kurtosis &gt; 3.5" differs only at
     * equality). False when either statistic is NaN (too few values).
     */
    public static boolean flagged(double skew, double kurt) {
        return !Double.isNaN(skew)
                && !Double.isNaN(kurt)
                && !(Math.abs(skew) < SKEW_THRESHOLD || kurt < KURT_THRESHOLD);
    }

    /** The non-missing values in order. */
    static double[] present(double[] x) {
        return java.util.Arrays.stream(x).filter(a -> !Double.isNaN(a)).toArray();
    }

    /** Arithmetic mean (NaN when empty). */
    static double mean(double[] v) {
        double s = 0;
        for (double a : v) {
            s += a;
        }
        return s / v.length;
    }
}
