package org.chiso.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.chiso.analysis.Review;
import org.chiso.analysis.UserWeights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The methodology review: the harmonised panels and the statistical audit, into a new report run. */
@Command(
        name = "review",
        mixinStandardHelpOptions = true,
        description = "Methodology review of the harmonised panels into a new report run: per index, structure version "
                + "and year, the statistical audit (shape, outliers and COINr's winsorisation, correlations with parent "
                + "and total, Cronbach's alpha with bootstrap intervals, PCA); for each index's latest year (or --year) the "
                + "index under alternative choices (what-if), the uncertainty and Sobol sensitivity of each province's "
                + "rank, and confidence sets for ranks where standard errors exist; tables review_*, section "
                + "\"Methodology review\" of the HTML report.")
final class ReviewCommand extends AnalyzeCommand {
    @Option(names = "--index", paramLabel = "I", description = "Only this index (PAPI, PCI, PAR, SIPAS; default: all)")
    String index;

    @Option(names = "--year", paramLabel = "Y", description = "Only this year (default: all)")
    Integer year;

    @Option(
            names = "--bootstrap",
            paramLabel = "B",
            defaultValue = "" + Review.Options.DEFAULT_BOOTSTRAP,
            description =
                    "Bootstrap replicates of each alpha's percentile interval (default ${DEFAULT-VALUE}; 0: none)")
    int bootstrap;

    @Option(
            names = "--replications",
            paramLabel = "N",
            defaultValue = "" + Review.Options.DEFAULT_REPLICATIONS,
            description = "Rows of Saltelli's design for the rank uncertainty and Sobol indices: N (d + 2) runs of the"
                    + " index per index-year, one Spark job (default ${DEFAULT-VALUE}; up to 1,000,000)")
    int replications;

    @Option(
            names = "--weight-band",
            paramLabel = "B",
            defaultValue = "" + Review.Options.DEFAULT_BAND,
            description = "Relative perturbation of each weight in the Monte Carlo: times U[1 - B, 1 + B] (default"
                    + " ${DEFAULT-VALUE})")
    double band;

    @Option(
            names = "--weights",
            paramLabel = "FILE",
            description = "A reviewer's weights for the what-if, as one more weight set (\"user\"): CSV with columns"
                    + " index,version,component,weight, one row per dimension; version * for every version")
    String weightsFile;

    @Override
    boolean analyses() {
        return false;
    }

    @Override
    Review.Options review() {
        UserWeights weights = UserWeights.NONE;
        if (weightsFile != null) {
            try {
                Path p = Path.of(weightsFile);
                weights = UserWeights.parse(p.toString(), Files.readAllBytes(p));
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "--weights " + weightsFile + ": cannot be read (" + e.getMessage() + ")");
            }
        }
        return new Review.Options(index, year, bootstrap, seed, 0.95, replications, band, weights);
    }
}
