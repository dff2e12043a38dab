package org.chiso.survey;

import java.util.Objects;

/**
 * Options of {@link TaylorEstimator#mean}.
 *
 * @param lonelyPsu single-PSU strata rule (default {@link LonelyPsu#FAIL}, R's default)
 * @param ciMethod interval method (default {@link CiMethod#NORMAL}, like {@code confint(svymean)})
 * @param level confidence level in (0, 1) (default 0.95)
 * @param deffVariant design-effect variant (default {@link DeffVariant#REPLACE})
 * @param df degrees of freedom for {@link CiMethod#T} and {@link CiMethod#LOGIT}; {@code null} =
 *     R's defaults: for T the design df of the FULL design (Σ psuCount − #strata, R {@code
 *     degf(design)}); for LOGIT the df of the domain subset design (what {@code svyciprop}'s
 *     default {@code df = degf(design)} gives inside {@code svyby} or on {@code subset(design, ..)}); for a PPS
 *     variance with a second stage, the domain's df of T_DOMAIN and LOGIT is Satterthwaite's over the two stages
 *     ({@link TaylorEstimator#domainDf}).
 *     Ignored by NORMAL.
 * @param pps first-stage variance of strata that carry PSU inclusion probabilities (default {@link
 *     PpsVariance#WITH_REPLACEMENT}: it serves the model (superpopulation) quantity, and is conservative
 *     for the finite-population mean; {@link PpsVariance#BREWER} and the others serve the
 *     finite-population mean of the realised province). Strata without inclusion probabilities ignore it.
 */
public record DesignOptions(
        LonelyPsu lonelyPsu, CiMethod ciMethod, double level, DeffVariant deffVariant, Integer df, PpsVariance pps) {

    /** Cells estimated from fewer respondents are suppressed in reports and left out of the panels. */
    public static final int DEFAULT_MIN_RESPONDENTS = 30;

    public DesignOptions {
        Objects.requireNonNull(lonelyPsu, "lonelyPsu");
        Objects.requireNonNull(ciMethod, "ciMethod");
        Objects.requireNonNull(deffVariant, "deffVariant");
        Objects.requireNonNull(pps, "pps");
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0,1), got " + level);
        }
    }

    /** Options with the default PPS variance ({@link PpsVariance#WITH_REPLACEMENT}). */
    public DesignOptions(LonelyPsu lonelyPsu, CiMethod ciMethod, double level, DeffVariant deffVariant, Integer df) {
        this(lonelyPsu, ciMethod, level, deffVariant, df, PpsVariance.WITH_REPLACEMENT);
    }

    /** FAIL, NORMAL, 0.95, REPLACE, df = null (R defaults), PPS variance WITH_REPLACEMENT. */
    public static DesignOptions defaults() {
        return new DesignOptions(LonelyPsu.FAIL, CiMethod.NORMAL, 0.95, DeffVariant.REPLACE, null);
    }

    public DesignOptions withPps(PpsVariance v) {
        return new DesignOptions(lonelyPsu, ciMethod, level, deffVariant, df, v);
    }

    public DesignOptions withLonelyPsu(LonelyPsu v) {
        return new DesignOptions(v, ciMethod, level, deffVariant, df, pps);
    }

    public DesignOptions withCiMethod(CiMethod v) {
        return new DesignOptions(lonelyPsu, v, level, deffVariant, df, pps);
    }

    public DesignOptions withLevel(double v) {
        return new DesignOptions(lonelyPsu, ciMethod, v, deffVariant, df, pps);
    }

    public DesignOptions withDeffVariant(DeffVariant v) {
        return new DesignOptions(lonelyPsu, ciMethod, level, v, df, pps);
    }

    public DesignOptions withDf(Integer v) {
        return new DesignOptions(lonelyPsu, ciMethod, level, deffVariant, v, pps);
    }
}
