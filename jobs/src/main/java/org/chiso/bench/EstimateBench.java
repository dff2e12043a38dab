package org.chiso.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.chiso.bench.Estimates.Estimate;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.jobs.EstimateJob;
import org.chiso.survey.synth.SyntheticSurveys;

/**
 * {@code ./workbench bench estimate --scale N}: times the estimate stage on generated microdata and runs the same
 * estimation, on the same Parquet files, in DuckDB (SQL through JDBC) and in R {@code survey}
 * ({@code svydesign} + {@code svyby(svymean)}), checks that the three agree, and prints a table.
 *
 * <p>Per scale, under the bench folder ({@code <bench>}: {@link org.chiso.io.OutputLayout#bench()}):
 * <ol>
 *   <li>{@code scale-N/}: the synthetic microdata ({@link SyntheticSurveys#write}, seed {@value #SEED}), generated once
 *       and reused while its marker file says the same seed and scale;</li>
 *   <li>the workbench: {@link EstimateJob#run} end to end (validation into the nested microdata table, per-PSU totals, Taylor
 *       estimates, scores table) into {@code runs/scale-N/}; then the estimation pass alone: the same command again,
 *       which finds the validated table current and only scans it (per-PSU totals per domain →
 *       {@link org.chiso.survey.TaylorEstimator} → estimates and scores tables), like DuckDB and R, which validate
 *       nothing. Above {@code --end-to-end-up-to} there is no validated table and the pass is the former one on the raw
 *       files (item scores joined, grouped and joined again);</li>
 *   <li>DuckDB in memory, {@code SET threads=2}: reads the same Parquet and computes item scores, respondent ×
 *       component scores (and the TOTALs that are sums of parts), per-PSU totals per domain (VN63 province, VN34
 *       province, national {@code VN}) and the mean and its standard error with the with-replacement ultimate-cluster
 *       formula in SQL ({@link DuckDbEngine#sql}); every estimate must equal the workbench's to {@value DuckDbEngine#TOLERANCE}
 *       relative, or the run fails;</li>
 *   <li>R: the respondent × component scores are exported to CSV by Spark (timed separately, not counted as R's
 *       time); {@code bench_svyby.R} (a resource of this package, copied into the run folder) reads them and runs, per survey-year, {@code svydesign(ids=~psu,
 *       strata=~stratum, weights=~weight, fpc=~fpc, nest=TRUE)} and per component {@code svyby(~y, ~province_key,
 *       design, svymean, na.rm=TRUE)}, timing itself with {@code system.time}; every R result must equal the
 *       workbench's to {@value REngine#TOLERANCE} relative. Above {@value REngine#FULL_MAX_ANSWERS} item answers R runs on the
 *       last year of each survey only and its time is extrapolated linearly in item answers (said in the table).</li>
 * </ol>
 * The {@code fpc} column of the synthetic respondents is used by the workbench (as by {@code ./workbench estimate}),
 * so DuckDB applies the same (1 − n_h/N_h) factor and R gets {@code fpc=~fpc}.
 *
 * <p>The table ({@code <bench>/estimate-bench.md} and {@code .csv}) gives wall-clock and CPU seconds per engine
 * (CPU: this JVM's process CPU time for the workbench and DuckDB, which run in it; user + system time reported by R),
 * item answers per second and the ratios of each row's time to DuckDB's and to R's. On a shared machine the wall
 * clock depends on the other tenants (the notes give the 1-minute load average around each measurement); the CPU
 * seconds are the steadier comparison. The notes also give where the time of the Spark pass goes (its stages) and the
 * memory (resident set of the JVM per phase, R's {@code gc()} maximum).
 *
 * <p>System properties: {@code chiso.bench.r} = {@code auto} (default) | {@code full} | {@code subset} | {@code skip};
 * {@code chiso.bench.warmup} = {@code true} (default: one untimed run on a tiny sample first, so the first scale does
 * not pay Spark's class loading and code generation); {@code chiso.bench.duckdb.memory} (default: ¾ of (physical
 * memory − JVM max heap − 2 GiB), so that DuckDB and the JVM together stay inside the machine);
 * {@code chiso.bench.duckdb.split} = {@code year} (default: one DuckDB statement per survey year, the results are the
 * same and the spill to disk an eighth) | {@code none} (one statement over all years). A DuckDB run that fails (out of
 * disk for its spill, say) is reported in the notes and leaves its row out; the other engines still run.
 *
 * <p>This class owns the order of the work: the warm-up, the microdata per scale, which engine runs when, and the table
 * after each scale. The engines are {@link WorkbenchEngine}, {@link DuckDbEngine} and {@link REngine}; the measurements
 * {@link Clock}, {@link StageLog} and {@link ProcessStats}; the table {@link BenchTable}; the comparison {@link Estimates}.
 */
public final class EstimateBench {
    /** Seed of the benchmark microdata. */
    static final long SEED = 20240901L;

    private EstimateBench() {}

    /** Runs the benchmark for each scale and prints (and writes) the table. */
    public static void run(SparkSession spark, List<Integer> scales, String out, Progress progress) throws IOException {
        run(spark, scales, Integer.MAX_VALUE, out, progress);
    }

    /**
     * As {@link #run(SparkSession, List, String, Progress)}; the end-to-end run (validation into the nested microdata table
     * before the estimation) only at scales up to {@code endToEndUpTo}: at larger ones the like-for-like rows alone.
     */
    public static void run(SparkSession spark, List<Integer> scales, int endToEndUpTo, String out, Progress progress)
            throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        URI outUri = fs.path(out).toUri();
        if (!"file".equals(outUri.getScheme())) {
            throw new IllegalArgumentException(
                    "bench estimate needs a local --out folder (DuckDB and R read the files): " + out);
        }
        Path bench = Paths.get(outUri);
        Files.createDirectories(bench);
        List<Timing> table = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add(ProcessStats.machine(spark.sparkContext().master()));
        if (!"false".equals(System.getProperty("chiso.bench.warmup"))) {
            warmUp(spark, fs, bench, progress);
        }
        for (int scale : scales) {
            if (scale < 1) {
                throw new IllegalArgumentException("scale must be >= 1, got " + scale);
            }
            runScale(spark, fs, bench, scale, endToEndUpTo, progress, table, notes);
            BenchTable.write(bench, table, notes, scales);
        }
        progress.line("");
        progress.line(BenchTable.format(table, notes));
        progress.line("written to " + bench.resolve("estimate-bench.md") + " and estimate-bench.csv");
    }

    private static void warmUp(SparkSession spark, Fs fs, Path bench, Progress progress) throws IOException {
        progress.stage("bench", "warm-up (untimed): a tiny sample through the workbench estimate");
        Path dir = bench.resolve("warmup");
        BenchFiles.deleteTree(dir);
        Progress quiet = new Progress(new PrintStream(OutputStream.nullOutputStream()));
        SyntheticSurveys.writeSmallForTests(spark, fs, dir.resolve("data").toString(), SEED, 4, 4, List.of(2024));
        EstimateJob.run(
                spark,
                new EstimateJob.Options(
                        List.of(dir.resolve("data").toString()),
                        dir.resolve("run").toString(),
                        WorkbenchEngine.designOptions(),
                        30),
                quiet);
        WorkbenchEngine.pass(
                spark,
                fs,
                EstimateJob.surveyFolders(fs, List.of(dir.resolve("data").toString())),
                WorkbenchEngine.designOptions(),
                null);
        BenchFiles.deleteTree(dir);
        progress.done("bench", "warm-up done");
    }

    private static void runScale(
            SparkSession spark,
            Fs fs,
            Path bench,
            int scale,
            int endToEndUpTo,
            Progress progress,
            List<Timing> table,
            List<String> notes)
            throws IOException {
        Path data = bench.resolve("scale-" + scale);
        ensureData(spark, fs, data, scale, progress, notes);
        List<String> folders = EstimateJob.surveyFolders(fs, List.of(data.toString()));
        Path work = bench.resolve("runs").resolve("scale-" + scale);
        BenchFiles.deleteTree(work);
        Files.createDirectories(work);

        Map<String, Estimate> workbench = null;
        long answers;
        if (scale <= endToEndUpTo) {
            // (a) the workbench estimate, end to end
            WorkbenchEngine.EndToEnd e = WorkbenchEngine.endToEnd(spark, data, work, scale, progress, table, notes);
            workbench = e.estimates();
            answers = e.answers();
        } else {
            answers = spark.read()
                    .parquet(folders.stream().map(f -> Fs.child(f, "answers")).toArray(String[]::new))
                    .count();
            notes.add(String.format(
                    Locale.ROOT,
                    "scale %d: the end-to-end run (validation into the nested microdata table) was left out"
                            + " (--end-to-end-up-to %d); DuckDB and R are compared with the estimation pass",
                    scale,
                    endToEndUpTo));
        }
        runComparisons(spark, fs, folders, work, scale, answers, workbench, progress, table, notes);
    }

    /** The estimation pass alone (where there is no end-to-end run), DuckDB and R on the same files; each compared with
     * {@code reference} (the end-to-end estimates), or with the pass where there is no end-to-end run. */
    private static void runComparisons(
            SparkSession spark,
            Fs fs,
            List<String> folders,
            Path work,
            int scale,
            long answers,
            Map<String, Estimate> reference,
            Progress progress,
            List<Timing> table,
            List<String> notes)
            throws IOException {
        Map<String, Estimate> workbench = reference != null
                ? reference
                : WorkbenchEngine.formerPass(spark, fs, folders, scale, answers, progress, table, notes);

        // (b) DuckDB
        DuckDbEngine.bench(folders, work, scale, answers, workbench, progress, table, notes);

        // (c) R survey
        REngine.bench(spark, fs, folders, work, scale, answers, workbench, progress, table, notes);
    }

    private static void ensureData(
            SparkSession spark, Fs fs, Path data, int scale, Progress progress, List<String> notes) throws IOException {
        Path marker = data.resolve("bench-complete.txt");
        String want = "seed=" + SEED + " scale=" + scale + "\n";
        if (Files.exists(marker) && Files.readString(marker).equals(want)) {
            progress.line("[bench] scale " + scale + ": reusing the microdata in " + data);
            return;
        }
        BenchFiles.deleteTree(data);
        progress.stage("bench", "scale " + scale + ": generating the synthetic microdata in " + data);
        long t0 = System.nanoTime();
        SyntheticSurveys.Summary sum = SyntheticSurveys.write(spark, fs, data.toString(), SEED, scale, progress);
        double g = seconds(t0);
        long answers = sum.surveys().stream()
                .mapToLong(SyntheticSurveys.SurveySummary::answers)
                .sum();
        long respondents = sum.surveys().stream()
                .mapToLong(SyntheticSurveys.SurveySummary::respondents)
                .sum();
        Files.writeString(marker, want);
        progress.done(
                "bench",
                String.format(
                        Locale.ROOT,
                        "scale %d: generated %,d respondents and %,d answers, %.0f MB",
                        scale,
                        respondents,
                        answers,
                        BenchFiles.treeSize(data) / 1e6));
        notes.add(String.format(
                Locale.ROOT,
                "scale %d microdata generated in %.0f s (%,d respondents, %.0f MB Parquet)",
                scale,
                g,
                respondents,
                BenchFiles.treeSize(data) / 1e6));
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
