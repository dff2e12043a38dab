package org.chiso.analysis.stats;

/**
 * One correlation test, laid out like R's {@code cor.test} result.
 *
 * <p>The constructor clamps {@code p} to [0, 1] and {@code estimate} to [-1, 1] (NaN stays NaN), as R's C
 * code clamps {@code prho}: rounding in tail sums and series can otherwise leave a value a few ulps outside
 * (e.g. {@code 1 - pkendall} = -2.2e-16). When a test cannot be computed on the data (fewer pairs than it
 * needs, a constant variable, values that overflow) the estimate and/or p is NaN and {@code pMethod} starts
 * with {@code "none ("} and gives the reason.
 *
 * @param method        "pearson", "spearman" or "kendall"
 * @param n             pairwise-complete observations used
 * @param estimate      r, rho or tau-b (NaN when a variable is constant or too few pairs remain)
 * @param statisticName "t" (Pearson), "S" (Spearman), "T" (Kendall exact) or "z" (Kendall normal)
 * @param statistic     value of that statistic
 * @param df            degrees of freedom of the t statistic (Pearson: n-2); null when there is none
 * @param p             two-sided p-value, in [0, 1] or NaN
 * @param ciLow         lower confidence bound (Pearson, Fisher z, only when n &gt; 3); NaN otherwise
 * @param ciHigh        upper confidence bound; NaN otherwise
 * @param pMethod       how p was obtained, e.g. "t on n-2 df", "AS 89 Edgeworth series", "exact", "normal";
 *                      "none (reason)" when p is not computable
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
        String convention) {

    /** Prefix of {@link #pMethod} when no p could be computed. */
    public static final String NONE = "none (";

    /** Clamps p to [0, 1] and the estimate to [-1, 1]; NaN is kept. */
    public CorrelationResult {
        p = Probabilities.clamp01(p);
        estimate = Probabilities.clampCorrelation(estimate);
    }

    /** A result with no estimate and no p: {@code pMethod = "none (" + reason + ")"}. */
    static CorrelationResult notComputable(
            String method, int n, String statisticName, String reason, String convention) {
        return new CorrelationResult(
                method,
                n,
                Double.NaN,
                statisticName,
                Double.NaN,
                null,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                NONE + reason + ")",
                convention);
    }

    /** True when p is NaN; then {@link #pMethod} gives the reason. */
    public boolean pMissing() {
        return Double.isNaN(p);
    }
}
