package org.chiso.cli;

import java.util.List;
import org.chiso.analysis.CovariateTerms;
import picocli.CommandLine.Option;

/** {@code --covariates}: covariate terms added to every panel regression. */
class CovariatesOption {
    @Option(
            names = "--covariates",
            paramLabel = "TERM,...",
            description = "Covariates added to every panel regression, from the warehouse table covariates, e.g."
                    + " log_population,log_grdp_per_capita (same CR1 errors; one row per term). A term is a variable or"
                    + " log_ and a variable: population, grdp, grdp_per_capita, urban_population, investment_nonstate,"
                    + " investment_state, fdi, labour_force, unemployment_rate, new_enterprises")
    String list;

    /** The terms given, checked; empty without the option. */
    List<String> terms() {
        return list == null ? List.of() : CovariateTerms.parse(list);
    }
}
