package org.chiso.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.chiso.io.Progress;
import org.chiso.jobs.IngestJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Validates index score files into the Parquet warehouse. */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description =
                "Validate index score files (tidy or wide CSV, PAPI workbook and per-year files, PCI long CSV) into the warehouse.")
final class IngestCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    @Option(names = "--data", description = "A file or folder to ingest (Hadoop path; repeatable)")
    List<String> data = new ArrayList<>();

    @Option(names = "--no-published", description = "Leave out the bundled published figures")
    boolean noPublished;

    @Option(
            names = "--tolerance",
            defaultValue = "1e-3",
            description = "Largest |published - derived| for a parent, default ${DEFAULT-VALUE}")
    double tolerance;

    @Mixin
    SparkMixin spark;

    @Override
    public Integer call() throws Exception {
        try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf)) {
            IngestJob.run(
                    s, new IngestJob.Options(data, output.out, tolerance, !noPublished), new Progress(System.out));
        }
        return 0;
    }
}
