package org.chiso.analysis.stats;

/**
 * Guards for values that are probabilities by definition (p-values, tail probabilities, proportions).
 *
 * <p>Tail probabilities are computed from complementary functions where possible (an upper tail is never
 * {@code 1 - cdf}); what rounding can still leave a few ulps outside [0, 1] (sums of many terms, series
 * expansions, products such as 2·tail) is clamped to [0, 1] at the point where the value is produced, as R's
 * C code does for {@code prho}. NaN stays NaN: it means "not computable" and the producer records why.
 */
public final class Probabilities {
    private Probabilities() {}

    /** {@code p} clamped to [0, 1]; NaN stays NaN (and -0.0 becomes 0.0). */
    public static double clamp01(double p) {
        if (Double.isNaN(p)) {
            return p;
        }
        if (p <= 0) {
            return 0.0;
        }
        return p >= 1 ? 1.0 : p;
    }

    /** Two-sided p from one tail as R computes it, {@code min(2 * tail, 1)}, clamped to [0, 1]. */
    public static double twoSided(double oneTail) {
        return clamp01(2 * oneTail);
    }

    /** {@code r} clamped to [-1, 1] (a correlation); NaN stays NaN. */
    public static double clampCorrelation(double r) {
        if (Double.isNaN(r)) {
            return r;
        }
        return Math.max(-1.0, Math.min(1.0, r));
    }
}
