package org.chiso.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.chiso.analysis.cluster.ProvinceClustering;
import org.chiso.harmonize.Harmonize;
import org.chiso.io.Progress;
import org.chiso.jobs.PipelineJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The whole pipeline on the bundled data, the demo data and any real sources given. */
@Command(
        name = "all",
        mixinStandardHelpOptions = true,
        description =
                "Run the pipeline: demo data if absent, ingest, estimate, harmonize, analyses, report tables and manifest.")
final class AllCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    @Option(
            names = "--data",
            description = "Real sources to ingest as well, e.g. ../shared/data (Hadoop path; repeatable)")
    List<String> data = new ArrayList<>();

    @Option(
            names = "--seed",
            defaultValue = "20250701",
            description = "Seed of the demo data and of the analyses (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--demo-scale",
            defaultValue = "1",
            description = "Size of the synthetic microdata: 1 = realistic yearly sizes (default ${DEFAULT-VALUE})")
    int demoScale;

    @Option(
            names = "--demo-years",
            split = ",",
            paramLabel = "YEAR",
            description =
                    "Survey years of the synthetic microdata, e.g. 2023,2024 for a quicker run (default: all of 2017-2024)")
    List<Integer> demoYears = new ArrayList<>();

    @Option(
            names = "--tolerance",
            defaultValue = "1e-3",
            description = "Largest |published - derived| for a parent, default ${DEFAULT-VALUE}")
    double tolerance;

    @Option(
            names = "--harmonize-weights",
            defaultValue = "POPULATION",
            description = "Weights for merged provinces: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Harmonize.Weights weights;

    @Option(
            names = "--geo",
            description = "Folder with provinces_63.topojson and provinces_34.geojson for the report's map "
                    + "(default: <data>/geo when present, else a tile-grid layout)")
    String geo;

    @Option(
            names = "--cluster-engine",
            defaultValue = "PLAIN",
            description =
                    "k-means fits: PLAIN (plain Java, every feature-set year one task of one Spark job) or MLLIB (Spark MLlib "
                            + "KMeans, one Spark job per fit, minutes); default ${DEFAULT-VALUE}")
    ProvinceClustering.Engine clusterEngine;

    @Mixin
    DesignMixin design;

    @Mixin
    SparkMixin spark;

    @Mixin
    CovariatesOption covariates;

    @Override
    public Integer call() throws Exception {
        List<String> terms = covariates.terms(); // an unknown term stops the run before Spark starts
        try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf)) {
            PipelineJob.run(
                    s,
                    new PipelineJob.Options(
                            data,
                            output.out,
                            seed,
                            demoScale,
                            tolerance,
                            design.options(),
                            design.minRespondents,
                            weights,
                            geo,
                            clusterEngine,
                            demoYears,
                            terms),
                    new Progress(System.out));
        }
        return 0;
    }
}
