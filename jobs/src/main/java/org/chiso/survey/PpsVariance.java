package org.chiso.survey;

import java.util.Locale;

/**
 * The first-stage variance of a design whose PSUs were drawn with unequal probabilities without
 * replacement (PPS), for strata that carry the PSUs' inclusion probabilities π_j ({@link
 * Stratum#psuProb()}, the {@code psu_prob} column of the microdata). Strata without inclusion
 * probabilities are not affected: they use the with-replacement variance, or the equal-probability
 * correction (1 − n_h/N_h) where they carry an {@code fpc}. With z_j the PSU totals of the linearised
 * scores (zero for PSUs without domain members) and n the PSUs of the stratum:
 *
 * <ul>
 *   <li>{@link #WITH_REPLACEMENT}: n/(n−1) Σ_j (z_j − z̄)², the inclusion probabilities unused (R:
 *       no {@code fpc}). Estimates the variance around the MODEL (superpopulation) quantity; for the
 *       finite-population mean it is conservative.</li>
 *   <li>{@link #BREWER}: n/(n−1) Σ_j (1 − π_j)(z_j − z̄)² (R {@code svydesign(fpc=~psu_prob,
 *       pps="brewer")}: {@code as.fpc} turns π_j into the popsize n/π_j and {@code onestrat} weighs
 *       each PSU by (1 − π_j)); lonely-PSU options as for other designs.</li>
 *   <li>{@link #OVERTON}: Σ_j (1 − π_j) z_j² + Σ_{i≠j} [1 − (n − (π_i + π_j)/2)/(n − 1)] z_i z_j
 *       (R {@code pps="overton"}: Horvitz-Thompson form with Overton's approximation of the joint
 *       probabilities; the pair term is 0 when (π_i + π_j)/2 = 1).</li>
 *   <li>{@link #HARTLEY_RAO}: Σ_j (1 − π_j) z_j² + Σ_{i≠j} [1 − (n − π_i − π_j + π̄)/(n − 1)] z_i z_j
 *       with π̄ the mean π_j of the stratum's PSUs (R {@code pps=HR()} without {@code psum}, which
 *       estimates Σ_U π²/n by π̄; as R, the pair term is 0 when π_i + π_j = 1).</li>
 * </ul>
 *
 * The three without-replacement options estimate the variance around the FINITE-POPULATION mean of
 * the stratum's PSU frame. Where the design gives each PSU's second-stage units ({@link
 * Stratum#psuUnits()}, as the estimate stage does: its SSUs where the microdata have an {@code ssu} column,
 * else its respondents) they add the second stage, the units taken as drawn with replacement (ultimate clusters
 * at stage 2): Σ_j π_j m_j/(m_j − 1) Σ_c (x_c − x̄_j)², x_c the unit's total of the linearised scores (R's
 * two-stage {@code svydesign(ids=~psu+ssu, fpc=~psu_prob+0, pps="brewer")}; R has no two-stage Overton or
 * Hartley-Rao, so theirs is the same term); without it they are R's one-stage formulas, which scale the within-PSU
 * variance by (1 − π) as well and so under-count it. Their interval's df (T_DOMAIN, LOGIT) is then Satterthwaite's
 * over the two stages ({@link TaylorEstimator#domainDf}): the first stage has the domain's PSUs − strata df, the
 * second Σ (m_j − 1). Respondents as second-stage units ignore the clustering of respondents in communes and
 * villages: the variance is about as large, but its df are far too many, so SSUs should be given where the
 * design has them.
 * Overton and Hartley-Rao have no lonely-PSU rule in R (a single PSU contributes (1 − π) z²); here only
 * {@link LonelyPsu#FAIL} acts on them (it refuses).
 */
public enum PpsVariance {
    WITH_REPLACEMENT,
    BREWER,
    OVERTON,
    HARTLEY_RAO;

    /** The option's name on the command line and in provenance ({@code with-replacement}, {@code brewer}, ...). */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The value of a {@link #cliName()} (case-insensitive; {@code _} or {@code -}). */
    public static PpsVariance parse(String s) {
        for (PpsVariance v : values()) {
            if (v.cliName().equalsIgnoreCase(s.trim().replace('_', '-'))) {
                return v;
            }
        }
        throw new IllegalArgumentException(
                "--pps: expected with-replacement, brewer, overton or hartley-rao, got " + s);
    }
}
