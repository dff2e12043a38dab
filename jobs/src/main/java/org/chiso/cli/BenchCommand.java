package org.chiso.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.chiso.jobs.EstimateBenchJob;
import org.chiso.jobs.Progress;
import org.chiso.jobs.ScaleBenchJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Benchmarks: measured by commands, never by timed tests. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks of the estimate stage and of the pipeline at growing sizes.",
        subcommands = {BenchCommand.Estimate.class, BenchCommand.Scale.class})
final class BenchCommand {
    /** The estimate stage against DuckDB and R survey on the same files. */
    @Command(name = "estimate", mixinStandardHelpOptions = true,
            description = "Item-answers per second of the estimate stage at each --scale, and the same estimates by DuckDB (JDBC) and R survey (svyby).")
    static final class Estimate implements Callable<Integer> {
        @Mixin
        OutputOptions output;

        @Option(names = "--scale", split = ",", description = "Sizes (1 = realistic yearly sizes); repeatable or comma-separated; default 1")
        List<Integer> scales = new ArrayList<>();

        @Option(names = "--end-to-end-up-to", paramLabel = "SCALE", description = "Time the whole estimate stage (validation and"
                + " warehouse copies too) only up to this scale; above it only the like-for-like estimation pass, DuckDB and R"
                + " (default: every scale)")
        int endToEndUpTo = Integer.MAX_VALUE;

        @Mixin
        SparkMixin spark;

        @Override
        public Integer call() throws Exception {
            try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf)) {
                EstimateBenchJob.run(s, scales.isEmpty() ? List.of(1) : scales, endToEndUpTo, output.out, new Progress(System.out));
            }
            return 0;
        }
    }

    /** The estimate stage plus analyses at growing sizes. */
    @Command(name = "scale", mixinStandardHelpOptions = true,
            description = "Seconds and item-answers per second of estimate + analyses at each --scale (default 1,10), and the per-row cost growth.")
    static final class Scale implements Callable<Integer> {
        @Mixin
        OutputOptions output;

        @Option(names = "--scale", split = ",", description = "Sizes; repeatable or comma-separated; default 1,10")
        List<Integer> scales = new ArrayList<>();

        @Mixin
        SparkMixin spark;

        @Override
        public Integer call() throws Exception {
            try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf)) {
                ScaleBenchJob.run(s, scales, output.out, new Progress(System.out));
            }
            return 0;
        }
    }
}
