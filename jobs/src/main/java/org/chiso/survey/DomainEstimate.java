package org.chiso.survey;

/**
 * A design-based domain mean (or proportion) with its Taylor-linearised uncertainty.
 *
 * @param mean ratio mean ȳ = Σwy/Σw
 * @param se standard error √variance
 * @param variance Taylor-linearised variance ({@code varianceMethod} says which first-stage variance)
 * @param df degrees of freedom used by the interval: {@code Double.POSITIVE_INFINITY} for NORMAL,
 *     the t df for T, T_DOMAIN and LOGIT (for a PPS variance with a second stage, T_DOMAIN and LOGIT use
 *     Satterthwaite's effective df of the two stages, {@link TaylorEstimator#domainDf}, not a whole number)
 * @param ciLow lower interval bound (NaN if df ≤ 0)
 * @param ciHigh upper interval bound (NaN if df ≤ 0)
 * @param deff design effect V/V_srs of the variant named by {@code deffVariant} (NaN/∞ as R when
 *     V_srs is 0 or undefined)
 * @param n unweighted number of domain members with non-missing y and non-zero weight
 * @param sumW Σw of those members (estimated domain population size)
 * @param ciMethod interval convention used: "normal", "t" or "logit"
 * @param lonelyPsu lonely-PSU rule used, as R's option value: "fail", "remove", "certainty",
 *     "adjust", "average"
 * @param deffVariant "replace" (svymean deff="replace") or "without_replacement" (deff=TRUE)
 * @param varianceMethod the first-stage variance used: "with-replacement" (no correction),
 *     "equal-probability-fpc" (1 − n_h/N_h from an fpc, equal-probability strata), or the {@link
 *     PpsVariance#cliName()} of a PPS variance ("brewer", "overton", "hartley-rao") when the domain lies in
 *     strata that carry PSU inclusion probabilities
 */
public record DomainEstimate(
        double mean,
        double se,
        double variance,
        double df,
        double ciLow,
        double ciHigh,
        double deff,
        long n,
        double sumW,
        String ciMethod,
        String lonelyPsu,
        String deffVariant,
        String varianceMethod) {}
