package org.chiso.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.chiso.io.Progress;
import org.chiso.jobs.DemoDataJob;
import org.chiso.jobs.EstimateJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Province scores from survey microdata with design-based standard errors. */
@Command(
        name = "estimate",
        mixinStandardHelpOptions = true,
        description =
                "Estimate province x year x component scores from survey microdata (Taylor linearisation, as R's survey package).")
final class EstimateCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    @Option(
            names = "--data",
            description =
                    "Folders holding survey folders (codebook.csv + respondents + answers); default: the demo microdata")
    List<String> data = new ArrayList<>();

    @Mixin
    DesignMixin design;

    @Mixin
    SparkMixin spark;

    @Override
    public Integer call() throws Exception {
        List<String> inputs = data.isEmpty() ? List.of(DemoDataJob.microdataFolder(output.out)) : data;
        try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf)) {
            EstimateJob.run(
                    s,
                    new EstimateJob.Options(inputs, output.out, design.options(), design.minRespondents),
                    new Progress(System.out));
        }
        return 0;
    }
}
