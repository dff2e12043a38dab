package org.chiso.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.jobs.PipelineJob;
import org.chiso.jobs.Warehouse;
import org.chiso.survey.synth.SyntheticDesign;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes the synthetic demo data. */
@Command(
        name = "demo-data",
        mixinStandardHelpOptions = true,
        description =
                "Generate the SYNTHETIC demo data into <out>/demo-data: PAR and SIPAS panels consistent with every published "
                        + "figure, and PAPI-like and SIPAS-like survey microdata (8 years) with planted province scores.")
final class DemoDataCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    @Option(names = "--seed", defaultValue = "20250701", description = "Random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--scale",
            defaultValue = "1",
            description =
                    "Microdata size: 1 = realistic yearly sizes, 10 and 100 for benchmarks (default ${DEFAULT-VALUE})")
    int scale;

    @Mixin
    SparkMixin spark;

    @Override
    public Integer call() throws Exception {
        Progress progress = new Progress(System.out);
        try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf);
                AutoCloseable lock = Warehouse.lock(s, output.out, "demo-data")) {
            PipelineJob.demoData(
                    s,
                    new Fs(s.sparkContext().hadoopConfiguration()),
                    output.out,
                    seed,
                    scale,
                    SyntheticDesign.DEFAULT_YEARS,
                    true,
                    progress);
        }
        return 0;
    }
}
