package org.chiso.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.chiso.jobs.CompareRunsJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Compares two report runs. */
@Command(
        name = "compare-runs",
        mixinStandardHelpOptions = true,
        description =
                "Compare two report runs: every table's CSV byte for byte and Parquet contents row for row; exit 1 on any difference.")
final class CompareRunsCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The first run folder, e.g. reports/20261122T032506Z")
    String runA;

    @Parameters(index = "1", description = "The second run folder")
    String runB;

    @Mixin
    SparkMixin spark;

    @Override
    public Integer call() throws Exception {
        try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf)) {
            List<CompareRunsJob.Difference> d = CompareRunsJob.compare(s, runA, runB);
            d.forEach(x -> System.out.println("differs: " + x.table() + ": " + x.what()));
            System.out.println(d.isEmpty() ? "the runs agree: every table identical" : d.size() + " tables differ");
            return d.isEmpty() ? 0 : 1;
        }
    }
}
