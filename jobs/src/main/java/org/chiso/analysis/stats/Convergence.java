package org.chiso.analysis.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * β- and σ-convergence of a panel of scores.
 *
 * <ul>
 *   <li>β-convergence: OLS (R {@code summary(lm(g ~ y0))}) of the annualised change g = (y_T - y_0)/T on
 *       the initial level y_0, with classical SE, t on n-2 df and two-sided p. Implied speed
 *       λ = -ln(1 + β·T)/T (from y_T - y* = e^{-λT}(y_0 - y*)); NaN when 1 + β·T ≤ 0. β &lt; 0 means
 *       low starters improve faster.</li>
 *   <li>σ-convergence: per year the sample SD (divisor n-1, R {@code sd}), the population SD (divisor n)
 *       and CV = sample SD / mean. A falling SD/CV over years is σ-convergence.</li>
 * </ul>
 * NaN marks a missing score; β uses units observed in both years, σ the units observed that year.
 *
 * <p>Robustness: p is clamped to [0, 1]. Nothing throws on data: when β cannot be estimated (fewer than 3
 * units in both years, a constant initial level, values that overflow) every number of {@link Beta} is NaN
 * and its convention ends with {@value #NOT_COMPUTABLE} and the reason; σ of fewer than 2 values has NaN
 * SDs (and of none a NaN mean), as R's {@code sd} does.
 */
public final class Convergence {
    /** Convention of {@link #beta}. */
    public static final String BETA_CONVENTION =
            "beta-convergence: OLS of (y_T - y_0)/T on y_0 (R summary(lm)), t on n-2 df; "
                    + "lambda = -ln(1 + beta*T)/T (NaN when 1 + beta*T <= 0)";
    /** Convention of {@link #sigma}. */
    public static final String SIGMA_CONVENTION =
            "sigma-convergence: sample SD (n-1), population SD (n), CV = sample SD / mean";

    /** Marker in a convention before the reason why the numbers are NaN. */
    public static final String NOT_COMPUTABLE = "; not computable: ";

    private Convergence() {}

    /**
     * β-convergence result.
     *
     * @param n      units with both scores
     * @param years  T
     * @param alpha  intercept of the regression
     * @param beta   slope on the initial level
     * @param se     classical SE of beta
     * @param t      beta / se
     * @param df     n - 2
     * @param p      two-sided p
     * @param lambda implied annual speed -ln(1 + beta·T)/T
     * @param convention {@link #BETA_CONVENTION}
     */
    public record Beta(
            int n,
            double years,
            double alpha,
            double beta,
            double se,
            double t,
            double df,
            double p,
            double lambda,
            String convention) {}

    /**
     * Dispersion of one cross-section.
     *
     * @param n            non-missing values
     * @param mean         mean
     * @param sdSample     SD with divisor n-1
     * @param sdPopulation SD with divisor n
     * @param cv           sdSample / mean
     * @param convention   {@link #SIGMA_CONVENTION}
     */
    public record Dispersion(int n, double mean, double sdSample, double sdPopulation, double cv, String convention) {}

    /**
     * β-convergence between two score vectors on the same units.
     *
     * @param initial scores in the first year (NaN = missing)
     * @param last    scores T years later, same unit order
     * @param years   T &gt; 0
     */
    public static Beta beta(double[] initial, double[] last, double years) {
        if (initial.length != last.length) {
            throw new IllegalArgumentException("initial and last must have the same length");
        }
        if (!(years > 0)) {
            throw new IllegalArgumentException("years must be positive: " + years);
        }
        double[][] c = Correlation.complete(initial, last);
        int n = c[0].length;
        double[] g = new double[n];
        double[][] x = new double[n][1];
        for (int i = 0; i < n; i++) {
            g[i] = (c[1][i] - c[0][i]) / years;
            x[i][0] = c[0][i];
        }
        if (n < 3) {
            return notComputable(n, years, "beta needs at least 3 units with both scores, got " + n);
        }
        CoefficientTable tab;
        try {
            tab = Ols.fit(g, x, "y0").classical();
        } catch (IllegalArgumentException e) {
            // Ols rejects a design it cannot estimate (constant or collinear initial level); the inputs
            // themselves were validated above, so this is a property of the data, reported as NaN.
            return notComputable(n, years, e.getMessage());
        }
        double b = tab.estimate()[1];
        double lambda = 1 + b * years > 0 ? -Math.log(1 + b * years) / years : Double.NaN;
        String convention = BETA_CONVENTION + "; T = " + years;
        if (Double.isNaN(tab.p()[1])) {
            convention += NOT_COMPUTABLE + "t undefined (beta = " + b + ", SE = " + tab.se()[1]
                    + "; an exact fit such as no change leaves no residual variance)";
        }
        return new Beta(
                n, years, tab.estimate()[0], b, tab.se()[1], tab.t()[1], tab.df(), tab.p()[1], lambda, convention);
    }

    private static Beta notComputable(int n, double years, String reason) {
        double nan = Double.NaN;
        return new Beta(
                n,
                years,
                nan,
                nan,
                nan,
                nan,
                n - 2.0,
                nan,
                nan,
                BETA_CONVENTION + "; T = " + years + NOT_COMPUTABLE + reason);
    }

    /** Dispersion of one cross-section (NaN ignored; SDs NaN below 2 values, mean NaN for none). */
    public static Dispersion sigma(double[] values) {
        List<Double> v = new ArrayList<>();
        for (double d : values) {
            if (!Double.isNaN(d)) {
                v.add(d);
            }
        }
        int n = v.size();
        double mean = 0;
        for (double d : v) {
            mean += d;
        }
        mean /= n;
        double ss = 0;
        for (double d : v) {
            ss += (d - mean) * (d - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        return new Dispersion(n, mean, sd, Math.sqrt(ss / n), sd / mean, SIGMA_CONVENTION);
    }

    /** Dispersion per year of a long panel (year[i], value[i]); sorted by year. */
    public static Map<Integer, Dispersion> sigmaByYear(int[] year, double[] value) {
        if (year.length != value.length) {
            throw new IllegalArgumentException("year and value must have the same length");
        }
        Map<Integer, List<Double>> by = new TreeMap<>();
        for (int i = 0; i < year.length; i++) {
            by.computeIfAbsent(year[i], k -> new ArrayList<>()).add(value[i]);
        }
        Map<Integer, Dispersion> out = new TreeMap<>();
        by.forEach((y, l) ->
                out.put(y, sigma(l.stream().mapToDouble(Double::doubleValue).toArray())));
        return out;
    }
}
