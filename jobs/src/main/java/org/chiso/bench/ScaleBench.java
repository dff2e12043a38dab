package org.chiso.bench;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.chiso.harmonize.Harmonize;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.jobs.AnalyzeJob;
import org.chiso.jobs.DemoDataJob;
import org.chiso.jobs.EstimateJob;
import org.chiso.jobs.IngestJob;
import org.chiso.report.ReportRun;
import org.chiso.survey.DesignOptions;
import org.chiso.survey.synth.SyntheticSurveys;

/**
 * {@code ./workbench bench scale}: how the pipeline's cost grows with the size of the survey microdata, on
 * whatever master the session has (embedded {@code local[*]}, or a cluster through spark-submit).
 *
 * <p>Per scale, below {@code <bench>/scale-N/}: the synthetic microdata ({@link SyntheticSurveys#write}, seed
 * {@value DemoDataJob#DEFAULT_SEED}, in {@code demo-data/microdata}; generated once and reused while it is
 * complete, its generation timed but outside the total), the demo panels ({@link DemoDataJob}), then, timed:
 * ingest of the demo panels ({@link IngestJob}), the estimate stage over the microdata ({@link EstimateJob}:
 * validation into the nested microdata table, per-PSU totals, Taylor estimates) and the analyses ({@link AnalyzeJob}:
 * harmonisation, correlations, clusters, trends, regressions, convergence, rank mobility) into a report run. The
 * table gives respondents and item answers as the estimate stage counted them, the seconds of each part, item
 * answers per second of the estimate stage and of the whole, and how the cost per item answer changed from the
 * smallest to the largest scale (1.0 = linear; below 1 = fixed costs amortised). It is also written to
 * {@code <bench>/scale-bench.csv}.
 */
public final class ScaleBench {
    /** The scales measured when none are given (100 takes hours on a small machine: ask for it). */
    public static final List<Integer> DEFAULT_SCALES = List.of(1, 10);
    /** The smallest number of respondents a published cell needs (the pipeline's default). */
    static final int MIN_RESPONDENTS = 30;

    /** One scale's measurements; seconds are wall time on the driver. */
    public record Result(
            int scale,
            long respondents,
            long answers,
            boolean generated,
            double generateSeconds,
            double ingestSeconds,
            double estimateSeconds,
            double analysesSeconds) {
        /** Ingest, estimate and analyses (generation excluded). */
        public double totalSeconds() {
            return ingestSeconds + estimateSeconds + analysesSeconds;
        }

        /** Item answers per second of the estimate stage. */
        public double answersPerEstimateSecond() {
            return answers / estimateSeconds;
        }

        /** Item answers per second of the whole (ingest, estimate, analyses). */
        public double answersPerSecond() {
            return answers / totalSeconds();
        }
    }

    private ScaleBench() {}

    /** Measures every scale in turn and prints the table. */
    public static void run(SparkSession spark, List<Integer> scales, String out, Progress progress) throws IOException {
        List<Integer> sizes = scales == null || scales.isEmpty() ? DEFAULT_SCALES : scales;
        for (int s : sizes) {
            if (s < 1) {
                throw new IllegalArgumentException("scales are whole numbers from 1, got " + s);
            }
        }
        progress.line(String.format(
                Locale.ROOT,
                "[bench] scales %s on %s (default parallelism %d, spark.sql.shuffle.partitions %s), into %s",
                sizes,
                spark.sparkContext().master(),
                spark.sparkContext().defaultParallelism(),
                spark.conf().get("spark.sql.shuffle.partitions"),
                Fs.display(new Fs(spark.sparkContext().hadoopConfiguration())
                        .path(out)
                        .toString())));
        List<Result> results = new ArrayList<>();
        for (int s : sizes) {
            results.add(measure(spark, s, out, progress));
            progress.line("[bench] " + row(results.get(results.size() - 1)));
        }
        List<String> lines = table(results, spark.sparkContext().master());
        progress.line("");
        lines.forEach(progress::line);
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        fs.writeText(
                Fs.child(out, "scale-bench.csv"),
                csv(results, spark.sparkContext().master()));
    }

    /** One scale: generation (when absent), demo panels, then ingest, estimate and analyses, timed. */
    public static Result measure(SparkSession spark, int scale, String out, Progress progress) throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        String dir = Fs.child(out, "scale-" + scale);
        String micro = DemoDataJob.microdataFolder(dir);
        progress.line(String.format(
                Locale.ROOT,
                "[bench] scale %d in %s",
                scale,
                Fs.display(fs.path(dir).toString())));
        for (String stale : List.of(Fs.child(dir, "warehouse"), Fs.child(dir, "reports"))) {
            org.apache.hadoop.fs.Path p = fs.path(stale);
            p.getFileSystem(fs.configuration()).delete(p, true);
        }
        long t = System.nanoTime();
        boolean generate = !complete(fs, micro, scale);
        if (generate) {
            org.apache.hadoop.fs.Path p = fs.path(micro);
            p.getFileSystem(fs.configuration()).delete(p, true);
            SyntheticSurveys.write(spark, fs, micro, DemoDataJob.DEFAULT_SEED, scale, progress);
        } else {
            progress.line("[bench] synthetic microdata of scale " + scale + " present, reused (delete "
                    + Fs.display(fs.path(micro).toString()) + " to regenerate)");
        }
        double generateSeconds = seconds(t);
        DemoDataJob.run(fs, dir, DemoDataJob.DEFAULT_SEED, progress);

        t = System.nanoTime();
        IngestJob.run(spark, new IngestJob.Options(List.of(DemoDataJob.folder(dir)), dir, 1e-3, true), progress);
        double ingestSeconds = seconds(t);

        t = System.nanoTime();
        EstimateJob.Summary est = EstimateJob.run(
                spark,
                new EstimateJob.Options(List.of(micro), dir, DesignOptions.defaults(), MIN_RESPONDENTS),
                progress);
        double estimateSeconds = seconds(t);

        t = System.nanoTime();
        ReportRun run = ReportRun.start(fs, dir, Instant.now());
        AnalyzeJob.run(
                spark,
                new AnalyzeJob.Options(
                        dir, Harmonize.Weights.POPULATION, true, MIN_RESPONDENTS, DemoDataJob.DEFAULT_SEED),
                run,
                progress);
        double analysesSeconds = seconds(t);
        // EstimateJob caches its validated microdata; drop it before the next (larger) scale
        spark.catalog().clearCache();
        return new Result(
                scale,
                est.respondentsIn(),
                est.answersIn(),
                generate,
                generateSeconds,
                ingestSeconds,
                estimateSeconds,
                analysesSeconds);
    }

    /** A complete generation of this scale: its README (written last) names the seed and scale. */
    private static boolean complete(Fs fs, String micro, int scale) throws IOException {
        String readme = Fs.child(micro, "README.md");
        if (!fs.exists(readme)) {
            return false;
        }
        String text = new String(fs.read(readme), java.nio.charset.StandardCharsets.UTF_8);
        return text.contains(String.format(Locale.ROOT, "seed %d, scale %d,", DemoDataJob.DEFAULT_SEED, scale));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String row(Result r) {
        return String.format(
                Locale.ROOT,
                "scale %d: %,d respondents, %,d item answers; generate %.1f s%s, ingest %.1f s, estimate %.1f s, analyses %.1f s, total %.1f s",
                r.scale(),
                r.respondents(),
                r.answers(),
                r.generateSeconds(),
                r.generated() ? "" : " (reused)",
                r.ingestSeconds(),
                r.estimateSeconds(),
                r.analysesSeconds(),
                r.totalSeconds());
    }

    /** The printed table. */
    static List<String> table(List<Result> results, String master) {
        List<String> out = new ArrayList<>();
        out.add("Scale benchmark on " + master
                + " (seconds of wall time; total = ingest + estimate + analyses; generation not included)");
        String head = String.format(
                Locale.ROOT,
                "%6s %12s %14s %10s %8s %10s %10s %9s %14s %14s",
                "scale",
                "respondents",
                "item-answers",
                "generate",
                "ingest",
                "estimate",
                "analyses",
                "total",
                "answers/s est",
                "answers/s all");
        out.add(head);
        out.add("-".repeat(head.length()));
        for (Result r : results) {
            out.add(String.format(
                    Locale.ROOT,
                    "%6d %,12d %,14d %10s %8.1f %10.1f %10.1f %9.1f %,14.0f %,14.0f",
                    r.scale(),
                    r.respondents(),
                    r.answers(),
                    String.format(Locale.ROOT, "%.1f%s", r.generateSeconds(), r.generated() ? "" : "*"),
                    r.ingestSeconds(),
                    r.estimateSeconds(),
                    r.analysesSeconds(),
                    r.totalSeconds(),
                    r.answersPerEstimateSecond(),
                    r.answersPerSecond()));
        }
        if (results.stream().anyMatch(r -> !r.generated())) {
            out.add("  * microdata already present: reused, the time is the check only");
        }
        if (results.size() > 1) {
            Result small = results.stream()
                    .min(java.util.Comparator.comparingLong(Result::answers))
                    .orElseThrow();
            Result large = results.stream()
                    .max(java.util.Comparator.comparingLong(Result::answers))
                    .orElseThrow();
            double rows = (double) large.answers() / small.answers();
            out.add(String.format(
                    Locale.ROOT,
                    "Per-row cost growth from scale %d to %d (%.1fx the item answers): estimate %.2fx, total %.2fx seconds per item answer "
                            + "(1.00 = linear; below 1 = fixed costs amortised); time grew %.1fx (estimate) and %.1fx (total)",
                    small.scale(),
                    large.scale(),
                    rows,
                    (large.estimateSeconds() / large.answers()) / (small.estimateSeconds() / small.answers()),
                    (large.totalSeconds() / large.answers()) / (small.totalSeconds() / small.answers()),
                    large.estimateSeconds() / small.estimateSeconds(),
                    large.totalSeconds() / small.totalSeconds()));
        }
        return out;
    }

    /** The CSV form of the table. */
    static String csv(List<Result> results, String master) {
        StringBuilder b = new StringBuilder(
                "master,scale,respondents,item_answers,generated,generate_s,ingest_s,estimate_s,analyses_s,total_s,"
                        + "answers_per_s_estimate,answers_per_s_total\n");
        for (Result r : results) {
            b.append(String.format(
                    Locale.ROOT,
                    "\"%s\",%d,%d,%d,%b,%.3f,%.3f,%.3f,%.3f,%.3f,%.1f,%.1f%n",
                    master.replace("\"", "\"\""),
                    r.scale(),
                    r.respondents(),
                    r.answers(),
                    r.generated(),
                    r.generateSeconds(),
                    r.ingestSeconds(),
                    r.estimateSeconds(),
                    r.analysesSeconds(),
                    r.totalSeconds(),
                    r.answersPerEstimateSecond(),
                    r.answersPerSecond()));
        }
        return b.toString();
    }
}
