package org.chiso.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.chiso.jobs.DemoDataJob;
import org.chiso.jobs.Fs;
import org.chiso.jobs.IngestJob;
import org.chiso.jobs.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The whole pipeline on the bundled data, the demo data and any real sources given. */
@Command(name = "all", mixinStandardHelpOptions = true,
        description = "Run the pipeline: generate the demo data if absent, ingest it with the bundled published figures and any --data sources, and print the summary.")
final class AllCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    @Option(names = "--data", description = "Real sources to ingest as well, e.g. ../shared/data (Hadoop path; repeatable)")
    List<String> data = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "20250701", description = "Seed of the demo data (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--tolerance", defaultValue = "1e-3", description = "Largest |published - derived| for a parent, default ${DEFAULT-VALUE}")
    double tolerance;

    @Mixin
    SparkMixin spark;

    @Override
    public Integer call() throws Exception {
        Progress progress = new Progress(System.out);
        try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf)) {
            Fs fs = new Fs(s.sparkContext().hadoopConfiguration());
            String demo = DemoDataJob.folder(output.out);
            if (!fs.exists(demo)) {
                DemoDataJob.run(fs, output.out, seed, progress);
            } else {
                progress.line("[demo-data] present in " + Fs.display(fs.path(demo).toString()) + " (delete it to regenerate)");
            }
            List<String> inputs = new ArrayList<>();
            inputs.add(demo);
            inputs.addAll(data);
            IngestJob.run(s, new IngestJob.Options(inputs, output.out, tolerance, true), progress);
        }
        return 0;
    }
}
