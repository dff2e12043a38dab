package org.chiso.cli;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.chiso.analysis.Review;
import org.chiso.analysis.cluster.ProvinceClustering;
import org.chiso.harmonize.Harmonize;
import org.chiso.io.OutputLayout;
import org.chiso.io.Progress;
import org.chiso.jobs.AnalyzeJob;
import org.chiso.jobs.PipelineJob;
import org.chiso.survey.DesignOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Harmonisation (and the analyses) from the warehouse into a new report run. */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description =
                "Harmonize the warehouse scores onto the 63- and 34-province bases and run every analysis into a new report run.")
class AnalyzeCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    @Option(
            names = "--harmonize-weights",
            defaultValue = "POPULATION",
            description = "Weights for merged provinces: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Harmonize.Weights weights;

    @Option(
            names = "--seed",
            defaultValue = "20250701",
            description =
                    "Seed of the clustering restarts and of the bootstraps (clusters, review's alpha) (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--cluster-engine",
            defaultValue = "PLAIN",
            description =
                    "k-means fits: PLAIN (plain Java, every feature-set year one task of one Spark job) or MLLIB (Spark MLlib "
                            + "KMeans, one Spark job per fit, minutes); default ${DEFAULT-VALUE}")
    ProvinceClustering.Engine clusterEngine;

    @Option(
            names = "--geo",
            description =
                    "Folder with provinces_63.topojson and provinces_34.geojson for the report's map (default: tile grid)")
    String geo;

    @Option(
            names = "--as-of",
            paramLabel = "RUN_ID",
            description =
                    "Read the warehouse as it was for a run: a report run id (its manifest records the table versions it "
                            + "read) or a warehouse run id (`./workbench warehouse` lists them); Delta time travel")
    String asOf;

    @Mixin
    SparkMixin spark;

    @Mixin
    CovariatesOption covariates;

    boolean analyses() {
        return true;
    }

    /** The methodology review run with the report (null: none): with the analyses, the whole audit. */
    Review.Options review() {
        return analyses() ? Review.Options.defaults(seed) : null;
    }

    @Option(
            names = "--min-respondents",
            defaultValue = "" + DesignOptions.DEFAULT_MIN_RESPONDENTS,
            description =
                    "Estimates from fewer respondents stay out of the panels (default ${DEFAULT-VALUE}, as in estimate)")
    int minRespondents;

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        List<String> terms = covariates.terms(); // an unknown term stops the run before Spark starts
        Review.Options review = review(); // so does a faulty --weights file
        if (!analyses() && !terms.isEmpty()) {
            throw new IllegalArgumentException("--covariates is for the panel regressions of analyze and all");
        }
        try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf)) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("out", OutputLayout.of(output.out).root());
            params.put("harmonize_weights", weights.name());
            params.put("seed", seed);
            params.put("min_respondents", minRespondents);
            params.put("cluster_engine", clusterEngine.name());
            if (!terms.isEmpty()) {
                params.put("covariates", terms);
            }
            if (asOf != null) {
                params.put("as_of", asOf);
            }
            PipelineJob.report(
                    s,
                    new AnalyzeJob.Options(
                            output.out, weights, analyses(), minRespondents, seed, clusterEngine, covariates.terms()),
                    review,
                    asOf,
                    geo,
                    params,
                    started,
                    new Progress(System.out));
        }
        return 0;
    }
}
