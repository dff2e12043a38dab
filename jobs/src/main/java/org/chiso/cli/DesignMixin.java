package org.chiso.cli;

import org.chiso.survey.CiMethod;
import org.chiso.survey.DeffVariant;
import org.chiso.survey.DesignOptions;
import org.chiso.survey.LonelyPsu;
import picocli.CommandLine.Option;

/** Options of design-based estimation, with R survey's defaults. */
final class DesignMixin {
    @Option(names = "--lonely-psu", defaultValue = "FAIL",
            description = "Strata with one PSU: ${COMPLETION-CANDIDATES} (as R's survey.lonely.psu; default ${DEFAULT-VALUE})")
    LonelyPsu lonelyPsu;

    @Option(names = "--ci", defaultValue = "NORMAL",
            description = "Interval: NORMAL (confint(svymean)), T (t with design df), LOGIT (svyciprop 'logit', proportions); default ${DEFAULT-VALUE}")
    CiMethod ci;

    @Option(names = "--level", defaultValue = "0.95", description = "Confidence level (default ${DEFAULT-VALUE})")
    double level;

    @Option(names = "--deff", defaultValue = "REPLACE",
            description = "Design effect: REPLACE (svymean deff='replace': V/(s²/n)) or WITHOUT_REPLACEMENT (deff=TRUE); default ${DEFAULT-VALUE}")
    DeffVariant deff;

    @Option(names = "--min-respondents", defaultValue = "30",
            description = "Cells estimated from fewer respondents are suppressed in reports (default ${DEFAULT-VALUE})")
    int minRespondents;

    DesignOptions options() {
        return DesignOptions.defaults().withLonelyPsu(lonelyPsu).withCiMethod(ci).withLevel(level).withDeffVariant(deff);
    }
}
