package org.chiso.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.chiso.bench.EstimateBench;
import org.chiso.bench.PipelineBench;
import org.chiso.bench.ReviewBench;
import org.chiso.bench.ScaleBench;
import org.chiso.bench.ServiceIndexBench;
import org.chiso.bench.TextBench;
import org.chiso.io.OutputLayout;
import org.chiso.io.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Benchmarks: measured by commands, never by timed tests. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmarks of the estimate stage and of the pipeline at growing sizes, of streaming text, and of the"
                        + " review's Monte Carlo, and of the service index against DuckDB.",
        subcommands = {
            BenchCommand.Estimate.class,
            BenchCommand.Scale.class,
            BenchCommand.Pipeline.class,
            BenchCommand.Text.class,
            BenchCommand.Review.class,
            BenchCommand.ServiceIndex.class
        })
final class BenchCommand {
    /** The estimate stage against DuckDB and R survey on the same files. */
    @Command(
            name = "estimate",
            mixinStandardHelpOptions = true,
            description =
                    "Item-answers per second of the estimate stage at each --scale, and the same estimates by DuckDB (JDBC) and R survey (svyby).")
    static final class Estimate implements Callable<Integer> {
        @Mixin
        OutputOptions output;

        @Option(
                names = "--scale",
                split = ",",
                description = "Sizes (1 = realistic yearly sizes); repeatable or comma-separated; default 1")
        List<Integer> scales = new ArrayList<>();

        @Option(
                names = "--end-to-end-up-to",
                paramLabel = "SCALE",
                description = "Time the whole estimate stage (validation and"
                        + " warehouse copies too) only up to this scale; above it only the like-for-like estimation pass, DuckDB and R"
                        + " (default: every scale)")
        int endToEndUpTo = Integer.MAX_VALUE;

        @Mixin
        SparkMixin spark;

        @Override
        public Integer call() throws Exception {
            try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf)) {
                EstimateBench.run(
                        s,
                        scales.isEmpty() ? List.of(1) : scales,
                        endToEndUpTo,
                        OutputLayout.of(output.out).bench(),
                        new Progress(System.out));
            }
            return 0;
        }
    }

    /** The estimate stage plus analyses at growing sizes. */
    @Command(
            name = "scale",
            mixinStandardHelpOptions = true,
            description =
                    "Seconds and item-answers per second of estimate + analyses at each --scale (default 1,10), and the per-row cost growth.")
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
                ScaleBench.run(s, scales, OutputLayout.of(output.out).bench(), new Progress(System.out));
            }
            return 0;
        }
    }

    /** The methodology review's Monte Carlo at growing N, and the same model in a base-R loop. */
    @Command(
            name = "review",
            mixinStandardHelpOptions = true,
            description =
                    "Seconds of the review's uncertainty and sensitivity analysis (Saltelli's design, one Spark job)"
                            + " on 63 provinces at each --replications N, seconds per run, and the same model in a plain base-R"
                            + " loop (replicate) at --r-replications. Writes <out>/bench/review.md.")
    static final class Review implements Callable<Integer> {
        @Mixin
        OutputOptions output;

        @Option(
                names = "--replications",
                split = ",",
                description = "Design rows N; comma-separated; default 10000,100000,1000000")
        List<Long> rows = new ArrayList<>();

        @Option(names = "--r-replications", description = "Design rows of the R loop (default ${DEFAULT-VALUE})")
        long rRows = 10_000;

        @Option(names = "--data", description = "Folder with papi/ (default ${DEFAULT-VALUE})")
        Path data = Path.of("../shared/data");

        @Mixin
        SparkMixin spark;

        @Override
        public Integer call() throws Exception {
            try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf)) {
                ReviewBench.run(
                        s,
                        rows.isEmpty() ? List.of(10_000L, 100_000L, 1_000_000L) : rows,
                        rRows,
                        data,
                        Path.of(OutputLayout.of(output.out).bench()),
                        new Progress(System.out));
            }
            return 0;
        }
    }

    /** Delimited text streamed in bounded memory. */
    @Command(
            name = "text",
            mixinStandardHelpOptions = true,
            description =
                    "Streams --gib GiB of generated SYNTHETIC tidy CSV (no file) through the text parser in a child"
                            + " JVM with --heap MiB of heap, digesting it as the ingest does; checks the record count and prints"
                            + " seconds and peak RSS. Writes <out>/bench/text.md.")
    static final class Text implements Callable<Integer> {
        @Mixin
        OutputOptions output;

        @Option(names = "--gib", description = "GiB of text (default ${DEFAULT-VALUE})")
        double gib = 1;

        @Option(names = "--heap", description = "The child JVM's -Xmx in MiB (default ${DEFAULT-VALUE})")
        int heap = 256;

        @Override
        public Integer call() throws Exception {
            TextBench.run(
                    (long) (gib * (1L << 30)),
                    heap,
                    Path.of(OutputLayout.of(output.out).bench()),
                    new Progress(System.out));
            return 0;
        }
    }

    /** Every stage of ./workbench all, on the demo data and with real data. */
    @Command(
            name = "pipeline",
            mixinStandardHelpOptions = true,
            description =
                    "Seconds per stage of ./workbench all (one JVM, one session): on the demo data, and with each --data folder "
                            + "(default ../shared/data when it exists). Writes <out>/bench/pipeline.md and .csv.")
    static final class Pipeline implements Callable<Integer> {
        @Mixin
        OutputOptions output;

        @Option(
                names = "--data",
                description = "Real-data folder for a second run (repeatable; default ../shared/data when present; "
                        + "--data none for the demo only)")
        List<String> data = new ArrayList<>();

        @Mixin
        DesignMixin design;

        @Mixin
        SparkMixin spark;

        @Override
        public Integer call() throws Exception {
            long t0 = System.nanoTime();
            try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf)) {
                double session = (System.nanoTime() - t0) / 1e9;
                List<PipelineBench.Scenario> scenarios = new ArrayList<>();
                scenarios.add(new PipelineBench.Scenario("demo", List.of()));
                List<String> real =
                        data.isEmpty() && java.nio.file.Files.isDirectory(java.nio.file.Path.of("../shared/data"))
                                ? List.of("../shared/data")
                                : data.stream().filter(d -> !d.equals("none")).toList();
                if (!real.isEmpty()) {
                    scenarios.add(new PipelineBench.Scenario("demo+data", real));
                }
                PipelineBench.run(
                        s,
                        session,
                        scenarios,
                        design.options(),
                        design.minRespondents,
                        OutputLayout.of(output.out).bench(),
                        new Progress(System.out));
            }
            return 0;
        }
    }

    /** The service index end to end against DuckDB on the same dossier files. */
    @Command(
            name = "service-index",
            mixinStandardHelpOptions = true,
            description =
                    "Dossiers per second of service-index end to end (records in, validated, index out) at each --scale"
                            + " of the SYNTHETIC dossier generator (1 = about 10 million dossiers), DuckDB on the same"
                            + " Parquet with the same formulas, the ratio and the per-dossier cost growth. Writes"
                            + " <out>/bench/service-index.md and service-index-bench.csv.")
    static final class ServiceIndex implements Callable<Integer> {
        @Mixin
        OutputOptions output;

        @Option(
                names = "--scale",
                split = ",",
                description = "Generator scales (decimals); comma-separated; default 1,10")
        List<Double> scales = new ArrayList<>();

        @Option(
                names = "--communes",
                description = "The commune conversion file (default ../shared/data/admin/commune_conversion_2025.csv"
                        + " from the repository; absent: invented communes)")
        String communes;

        @Mixin
        SparkMixin spark;

        @Override
        public Integer call() throws Exception {
            try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf)) {
                ServiceIndexBench.run(
                        s,
                        scales.isEmpty() ? List.of(1.0, 10.0) : scales,
                        communes == null ? ServiceIndexBench.defaultCommunes() : communes,
                        OutputLayout.of(output.out).bench(),
                        new Progress(System.out));
            }
            return 0;
        }
    }
}
