package org.chiso.analysis.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Erf;

/**
 * Tail probabilities and quantiles (commons-math3) computed so that small p-values keep their relative
 * precision, matching R's {@code pt}, {@code pnorm}, {@code qt} and {@code qnorm} to about 1e-13 relative.
 * Every tail is taken from its own (complementary) function, never as {@code 1 - cdf}, and every returned
 * probability is clamped to [0, 1] ({@link Probabilities#clamp01}; NaN in, NaN out).
 * Package-private: the public classes state which tail they use.
 */
final class Distributions {
    private static final double SQRT2 = Math.sqrt(2.0);

    private Distributions() {}

    /** Two-sided Student-t p-value {@code 2 * pt(-|t|, df)}; NaN when t is NaN or df is not positive. */
    static double tTwoSided(double t, double df) {
        if (Double.isNaN(t) || Double.isNaN(df) || df <= 0) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return 0.0;
        }
        // cumulativeProbability(x < 0) = 0.5 * I_{df/(df+x^2)}(df/2, 1/2): no cancellation in the tail.
        return Probabilities.twoSided(t(df).cumulativeProbability(-Math.abs(t)));
    }

    /** One tail {@code P(T > |t|)} = {@code pt(-|t|, df)}. */
    static double tUpperAbs(double t, double df) {
        if (Double.isNaN(t) || Double.isNaN(df) || df <= 0) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return 0.0;
        }
        return Probabilities.clamp01(t(df).cumulativeProbability(-Math.abs(t)));
    }

    /** {@code qt(p, df)}: commons-math inverse, polished by Newton steps on the cdf. */
    static double tQuantile(double p, double df) {
        if (Double.isNaN(df) || df <= 0) {
            return Double.NaN;
        }
        TDistribution d = t(df);
        double q = d.inverseCumulativeProbability(p);
        for (int i = 0; i < 4; i++) {
            double f = d.density(q);
            if (!(f > 0)) {
                break;
            }
            double cdf = q < 0 ? d.cumulativeProbability(q) : 1.0 - d.cumulativeProbability(-q);
            double step = (cdf - p) / f;
            q -= step;
            if (Math.abs(step) <= 1e-16 * Math.abs(q)) {
                break;
            }
        }
        return q;
    }

    /** Standard normal lower tail {@code pnorm(x)}. */
    static double normalLower(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        return Probabilities.clamp01(0.5 * Erf.erfc(-x / SQRT2));
    }

    /** Standard normal upper tail {@code pnorm(x, lower.tail = FALSE)}. */
    static double normalUpper(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        return Probabilities.clamp01(0.5 * Erf.erfc(x / SQRT2));
    }

    /** Two-sided normal p-value {@code 2 * pnorm(-|z|)}. */
    static double normalTwoSided(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        return Probabilities.clamp01(Erf.erfc(Math.abs(z) / SQRT2));
    }

    /** {@code qnorm(p)}: commons-math inverse, polished by Newton steps. */
    static double normalQuantile(double p) {
        double q = new NormalDistribution(null, 0.0, 1.0).inverseCumulativeProbability(p);
        for (int i = 0; i < 4 && Double.isFinite(q); i++) {
            double f = Math.exp(-0.5 * q * q) / Math.sqrt(2 * Math.PI);
            double cdf = q < 0 ? normalLower(q) : 1.0 - normalUpper(q);
            double step = (cdf - p) / f;
            q -= step;
            if (Math.abs(step) <= 1e-16 * Math.abs(q)) {
                break;
            }
        }
        return q;
    }

    private static TDistribution t(double df) {
        return new TDistribution(null, df);
    }
}
