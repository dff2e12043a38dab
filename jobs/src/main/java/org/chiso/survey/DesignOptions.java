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
 *     default {@code df = degf(design)} gives inside {@code svyby} or on {@code subset(design, ..)}).
 *     Ignored by NORMAL.
 */
public record DesignOptions(LonelyPsu lonelyPsu, CiMethod ciMethod, double level, DeffVariant deffVariant, Integer df) {

    /** Cells estimated from fewer respondents are suppressed in reports and left out of the panels. */
    public static final int DEFAULT_MIN_RESPONDENTS = 30;

    public DesignOptions {
        Objects.requireNonNull(lonelyPsu, "lonelyPsu");
        Objects.requireNonNull(ciMethod, "ciMethod");
        Objects.requireNonNull(deffVariant, "deffVariant");
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0,1), got " + level);
        }
    }

    /** FAIL, NORMAL, 0.95, REPLACE, df = null (R defaults). */
    public static DesignOptions defaults() {
        return new DesignOptions(LonelyPsu.FAIL, CiMethod.NORMAL, 0.95, DeffVariant.REPLACE, null);
    }

    public DesignOptions withLonelyPsu(LonelyPsu v) {
        return new DesignOptions(v, ciMethod, level, deffVariant, df);
    }

    public DesignOptions withCiMethod(CiMethod v) {
        return new DesignOptions(lonelyPsu, v, level, deffVariant, df);
    }

    public DesignOptions withLevel(double v) {
        return new DesignOptions(lonelyPsu, ciMethod, v, deffVariant, df);
    }

    public DesignOptions withDeffVariant(DeffVariant v) {
        return new DesignOptions(lonelyPsu, ciMethod, level, v, df);
    }

    public DesignOptions withDf(Integer v) {
        return new DesignOptions(lonelyPsu, ciMethod, level, deffVariant, v);
    }
}
