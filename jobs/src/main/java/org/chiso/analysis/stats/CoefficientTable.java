package org.chiso.analysis.stats;

import java.util.List;

/**
 * Coefficients with one variance estimate: standard errors, t = estimate / se and two-sided p on
 * {@code df} degrees of freedom (Student t).
 *
 * @param names      coefficient names ("(Intercept)" first when there is one)
 * @param estimate   coefficients
 * @param se         standard errors = sqrt(diag(vcov))
 * @param t          estimate / se
 * @param p          2 * pt(-|t|, df)
 * @param df         degrees of freedom of the t reference distribution (n-k, or G-1 for CR1)
 * @param vcov       the variance-covariance matrix behind se
 * @param vcovType   "classical", "HC1" or "CR1"
 * @param convention the reference this matches
 */
public record CoefficientTable(
        List<String> names,
        double[] estimate,
        double[] se,
        double[] t,
        double[] p,
        double df,
        double[][] vcov,
        String vcovType,
        String convention) {

    /** Index of a coefficient by name. */
    public int index(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no coefficient named " + name + " in " + names);
        }
        return i;
    }

    /** Confidence interval {low, high} = estimate ± qt((1+level)/2, df)·se (R {@code confint}). */
    public double[] confidenceInterval(int j, double level) {
        double q = Distributions.tQuantile((1 + level) / 2, df);
        return new double[] {estimate[j] - q * se[j], estimate[j] + q * se[j]};
    }

    static CoefficientTable of(
            List<String> names, double[] beta, double[][] vcov, double df, String type, String convention) {
        int k = beta.length;
        double[] se = new double[k];
        double[] t = new double[k];
        double[] p = new double[k];
        for (int j = 0; j < k; j++) {
            se[j] = Math.sqrt(vcov[j][j]);
            t[j] = beta[j] / se[j];
            p[j] = Distributions.tTwoSided(t[j], df);
        }
        return new CoefficientTable(List.copyOf(names), beta.clone(), se, t, p, df, vcov, type, convention);
    }
}
