package org.chiso.cli;

import org.chiso.analysis.Review;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The methodology review: the harmonised panels and the statistical audit, into a new report run. */
@Command(
        name = "review",
        mixinStandardHelpOptions = true,
        description = "Methodology review of the harmonised panels into a new report run: per index, structure version "
                + "and year, the statistical audit (shape, outliers and COINr's winsorisation, correlations with parent "
                + "and total, Cronbach's alpha with bootstrap intervals, PCA); tables review_*, section \"Methodology "
                + "review\" of the HTML report.")
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

    @Override
    boolean analyses() {
        return false;
    }

    @Override
    Review.Options review() {
        return new Review.Options(index, year, bootstrap, seed, 0.95);
    }
}
