package org.chiso.analysis.stats;

/**
 * One correlation test, laid out like R's {@code cor.test} result.
 *
 * @param method        "pearson", "spearman" or "kendall"
 * @param n             pairwise-complete observations used
 * @param estimate      r, rho or tau-b (NaN when a variable is constant)
 * @param statisticName "t" (Pearson), "S" (Spearman), "T" (Kendall exact) or "z" (Kendall normal)
 * @param statistic     value of that statistic
 * @param df            degrees of freedom of the t statistic (Pearson: n-2); null when there is none
 * @param p             two-sided p-value
 * @param ciLow         lower confidence bound (Pearson, Fisher z, only when n &gt; 3); NaN otherwise
 * @param ciHigh        upper confidence bound; NaN otherwise
 * @param pMethod       how p was obtained, e.g. "t on n-2 df", "AS 89 Edgeworth series", "exact", "normal"
 * @param convention    the reference this matches, e.g. {@code R cor.test(method='pearson'); Fisher z CI}
 */
public record CorrelationResult(
        String method,
        int n,
        double estimate,
        String statisticName,
        double statistic,
        Double df,
        double p,
        double ciLow,
        double ciHigh,
        String pMethod,
        String convention) {}
