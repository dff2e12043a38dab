package org.chiso.cli;

import org.chiso.survey.CiMethod;
import org.chiso.survey.DeffVariant;
import org.chiso.survey.DesignOptions;
import org.chiso.survey.LonelyPsu;
import org.chiso.survey.PpsVariance;
import picocli.CommandLine.Option;

/** Options of design-based estimation, with R survey's defaults. */
final class DesignMixin {
    @Option(
            names = "--lonely-psu",
            defaultValue = "FAIL",
            description =
                    "Strata with one PSU: ${COMPLETION-CANDIDATES} (as R's survey.lonely.psu; default ${DEFAULT-VALUE})")
    LonelyPsu lonelyPsu;

    @Option(
            names = "--ci",
            defaultValue = "T_DOMAIN",
            description =
                    "Interval: T_DOMAIN (t with the domain's df, degf(subset(design, province)): honest for provinces with 3 PSUs), "
                            + "NORMAL (R's confint(svymean) default), T (t with the full design's df), LOGIT (svyciprop 'logit' for proportions); "
                            + "default ${DEFAULT-VALUE}")
    CiMethod ci;

    @Option(names = "--level", defaultValue = "0.95", description = "Confidence level (default ${DEFAULT-VALUE})")
    double level;

    @Option(
            names = "--deff",
            defaultValue = "REPLACE",
            description =
                    "Design effect: REPLACE (svymean deff='replace': V/(s²/n)) or WITHOUT_REPLACEMENT (deff=TRUE); default ${DEFAULT-VALUE}")
    DeffVariant deff;

    @Option(
            names = "--pps",
            defaultValue = "with-replacement",
            description = "First-stage variance where the microdata carry the PSUs' inclusion probabilities (psu_prob, "
                    + "PPS sampling without replacement): with-replacement (serves the model quantity; conservative for "
                    + "the finite-population mean), brewer, overton or hartley-rao (serve the finite-population mean of "
                    + "the realised province; R svydesign(fpc=~psu_prob, pps=...), with the second stage on the "
                    + "PSUs' SSUs (ssu column; else respondents) and Satterthwaite's df for T_DOMAIN and LOGIT intervals); "
                    + "designs without psu_prob are "
                    + "not affected (their fpc, if any, is the equal-probability correction); default ${DEFAULT-VALUE}")
    String pps;

    @Option(
            names = "--min-respondents",
            defaultValue = "" + DesignOptions.DEFAULT_MIN_RESPONDENTS,
            description = "Cells estimated from fewer respondents are suppressed in reports (default ${DEFAULT-VALUE})")
    int minRespondents;

    DesignOptions options() {
        return DesignOptions.defaults()
                .withLonelyPsu(lonelyPsu)
                .withCiMethod(ci)
                .withLevel(level)
                .withDeffVariant(deff)
                .withPps(PpsVariance.parse(pps));
    }
}
