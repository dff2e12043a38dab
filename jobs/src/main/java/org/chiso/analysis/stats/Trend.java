package org.chiso.analysis.stats;

import java.util.Arrays;

/**
 * Per-series linear trend: OLS slope per year with inference, Theil-Sen slope, and the Mann-Kendall test.
 *
 * <ul>
 *   <li>OLS = R {@code summary(lm(y ~ x))} and {@code confint}: slope b = Sxy/Sxx, intercept ȳ - b·x̄ (at
 *       x = 0, i.e. year 0 when x are calendar years), s² = RSS/(n-2), SE(b) = s/sqrt(Sxx),
 *       SE(a) = s·sqrt(1/n + x̄²/Sxx), t on n-2 df, two-sided p, CI b ± qt(0.975, n-2)·SE(b),
 *       R² = MSS/(MSS+RSS).</li>
 *   <li>Theil-Sen: slope = median of (y_j - y_i)/(x_j - x_i) over all pairs i &lt; j (median of an even
 *       count = mean of the middle two, R {@code median}); intercept = median(y) - slope·median(x).</li>
 *   <li>Mann-Kendall: S = Σ_{i&lt;j} sgn(y_j - y_i) with observations in x order; Var(S) =
 *       [n(n-1)(2n+5) - Σ_t t(t-1)(2t+5)]/18 over groups of tied y; Z = (S - sgn S)/sqrt(Var S) (0 when
 *       S = 0); two-sided normal p = 2Φ(-|Z|); Kendall tau = tau-b between x and y (R
 *       {@code cor(x, y, method = "kendall")}).</li>
 * </ul>
 * NaN in x or y marks a missing point; the remaining points are used (n reported). The x values must be
 * distinct (one value per period).
 *
 * <p>Robustness: p-values are clamped to [0, 1] ({@link Probabilities}). Nothing throws on data: with fewer
 * than 2 complete points or a repeated x every statistic is NaN, and whenever a p-value is NaN (n = 2 leaves
 * no residual df, a constant or overflowing series makes t undefined) the reason is appended to
 * {@link Result#convention()} after {@value #NOT_COMPUTABLE}.
 */
public final class Trend {
    /** Convention string carried by every {@link Result}. */
    public static final String CONVENTION =
            "OLS slope = R summary(lm(y ~ x)), t on n-2 df, 95% CI = confint; Theil-Sen = median pairwise slope,"
                    + " intercept median(y) - b*median(x); Mann-Kendall S, tie-corrected Var(S),"
                    + " Z = (S - sgn S)/sqrt(Var S), two-sided normal p; tau = tau-b(x, y)";

    /** Marker in {@link Result#convention()} before the reason why a statistic is NaN. */
    public static final String NOT_COMPUTABLE = "; not computable: ";

    private Trend() {}

    /**
     * Trend statistics of one series.
     *
     * @param n                  points used
     * @param df                 n - 2
     * @param slope              OLS slope per unit of x
     * @param slopeSe            its classical standard error
     * @param slopeT             slope / slopeSe
     * @param slopeP             two-sided p on n-2 df
     * @param slopeCiLow         lower 95% bound
     * @param slopeCiHigh        upper 95% bound
     * @param intercept          OLS intercept (value at x = 0)
     * @param interceptSe        its standard error
     * @param interceptT         intercept / interceptSe
     * @param interceptP         two-sided p on n-2 df
     * @param rSquared           R²
     * @param theilSenSlope      median pairwise slope
     * @param theilSenIntercept  median(y) - theilSenSlope·median(x)
     * @param mannKendallS       S
     * @param mannKendallVarS    Var(S) with tie correction
     * @param mannKendallZ       (S - sgn S)/sqrt(Var S)
     * @param mannKendallP       2Φ(-|Z|)
     * @param kendallTau         tau-b between x and y
     * @param convention         {@link #CONVENTION}
     */
    public record Result(
            int n,
            double df,
            double slope,
            double slopeSe,
            double slopeT,
            double slopeP,
            double slopeCiLow,
            double slopeCiHigh,
            double intercept,
            double interceptSe,
            double interceptT,
            double interceptP,
            double rSquared,
            double theilSenSlope,
            double theilSenIntercept,
            double mannKendallS,
            double mannKendallVarS,
            double mannKendallZ,
            double mannKendallP,
            double kendallTau,
            String convention) {}

    /** Trend of y over x with a 95% CI. */
    public static Result fit(double[] x, double[] y) {
        return fit(x, y, 0.95);
    }

    /**
     * Trend of y over x.
     *
     * <p>Fewer than 2 complete points or a repeated x give an all-NaN result with the reason in the convention.
     *
     * @throws IllegalArgumentException on a length mismatch
     */
    public static Result fit(double[] x, double[] y, double level) {
        double[][] c = Correlation.complete(x, y);
        int n = c[0].length;
        if (n < 2) {
            return notComputable(n, "a trend needs at least 2 complete points, got " + n);
        }
        // order by x
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        double[] x0 = c[0];
        double[] y0 = c[1];
        Arrays.sort(idx, (a, b) -> Double.compare(x0[a], x0[b]));
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = x0[idx[i]];
            ys[i] = y0[idx[i]];
            if (i > 0 && xs[i] == xs[i - 1]) {
                return notComputable(n, "duplicate x value " + xs[i] + ": one value per period expected");
            }
        }
        // OLS
        double mx = mean(xs);
        double my = mean(ys);
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (xs[i] - mx) * (xs[i] - mx);
            sxy += (xs[i] - mx) * (ys[i] - my);
        }
        double b = sxy / sxx;
        double a = my - b * mx;
        double rss = 0;
        double mss = 0;
        for (int i = 0; i < n; i++) {
            double f = a + b * xs[i];
            rss += (ys[i] - f) * (ys[i] - f);
        }
        double mf = 0;
        for (int i = 0; i < n; i++) {
            mf += a + b * xs[i];
        }
        mf /= n;
        for (int i = 0; i < n; i++) {
            double f = a + b * xs[i] - mf;
            mss += f * f;
        }
        double df = n - 2;
        double s = df > 0 ? Math.sqrt(rss / df) : Double.NaN;
        double seB = s / Math.sqrt(sxx);
        double seA = s * Math.sqrt(1.0 / n + mx * mx / sxx);
        double tB = b / seB;
        double tA = a / seA;
        double q = df > 0 ? Distributions.tQuantile((1 + level) / 2, df) : Double.NaN;
        // Theil-Sen
        double[] slopes = new double[n * (n - 1) / 2];
        int h = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                slopes[h++] = (ys[j] - ys[i]) / (xs[j] - xs[i]);
            }
        }
        double ts = median(slopes);
        double tsA = median(ys) - ts * median(xs);
        // Mann-Kendall
        double sStat = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                sStat += Math.signum(ys[j] - ys[i]);
            }
        }
        double nd = n;
        double ties = 0;
        for (double t : Correlation.tieSizes(ys)) {
            ties += t * (t - 1) * (2 * t + 5);
        }
        double varS = (nd * (nd - 1) * (2 * nd + 5) - ties) / 18;
        double z = sStat == 0 ? 0.0 : (sStat - Math.signum(sStat)) / Math.sqrt(varS);
        double pz = Distributions.normalTwoSided(z);
        double tau = Correlation.kendallTauB(xs, ys);
        double slopeP = Distributions.tTwoSided(tB, df);
        double interceptP = Distributions.tTwoSided(tA, df);
        String convention = CONVENTION;
        if (Double.isNaN(slopeP) || Double.isNaN(interceptP) || Double.isNaN(pz)) {
            String why;
            if (df <= 0) {
                why = "OLS p-values need n >= 3 (n - 2 = " + df + " df)";
            } else if (rss == 0) {
                why = "OLS t undefined: exact fit (zero residual variance)";
            } else {
                why = "t or z undefined (non-finite sums: SE = " + seB + ", Var(S) = " + varS + ")";
            }
            convention += NOT_COMPUTABLE + why;
        }
        return new Result(
                n,
                df,
                b,
                seB,
                tB,
                slopeP,
                b - q * seB,
                b + q * seB,
                a,
                seA,
                tA,
                interceptP,
                mss / (mss + rss),
                ts,
                tsA,
                sStat,
                varS,
                z,
                pz,
                tau,
                convention);
    }

    private static Result notComputable(int n, String reason) {
        double nan = Double.NaN;
        return new Result(
                n,
                n - 2.0,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                CONVENTION + NOT_COMPUTABLE + reason);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    /** R {@code median}: middle value, or the mean of the two middle values. */
    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length;
        if (m == 0) {
            return Double.NaN;
        }
        return m % 2 == 1 ? s[m / 2] : (s[m / 2 - 1] + s[m / 2]) / 2;
    }
}
