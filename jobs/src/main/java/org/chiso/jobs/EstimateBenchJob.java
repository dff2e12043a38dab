package org.chiso.jobs;

import org.chiso.io.Progress;

import org.chiso.io.Fs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.chiso.core.Columns;
import org.chiso.core.ProvinceRegistry;
import org.chiso.survey.CiMethod;
import org.chiso.survey.Codebook;
import org.chiso.survey.DesignOptions;
import org.chiso.survey.MicrodataStages;
import org.chiso.survey.synth.SyntheticSurveys;

/**
 * {@code ./workbench bench estimate --scale N}: times the estimate stage on generated microdata and runs the same
 * estimation, on the same Parquet files, in DuckDB (SQL through JDBC) and in R {@code survey}
 * ({@code svydesign} + {@code svyby(svymean)}), checks that the three agree, and prints a table.
 *
 * <p>Per scale, under {@code <out>/bench/}:
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
 *       formula in SQL ({@link #duckDbSql}); every estimate must equal the workbench's to {@value #DUCKDB_TOLERANCE}
 *       relative, or the run fails;</li>
 *   <li>R: the respondent × component scores are exported to CSV by Spark (timed separately, not counted as R's
 *       time); {@code jobs/src/test/r/bench_svyby.R} reads them and runs, per survey-year, {@code svydesign(ids=~psu,
 *       strata=~stratum, weights=~weight, fpc=~fpc, nest=TRUE)} and per component {@code svyby(~y, ~province_key,
 *       design, svymean, na.rm=TRUE)}, timing itself with {@code system.time}; every R result must equal the
 *       workbench's to {@value #R_TOLERANCE} relative. Above {@value #R_FULL_MAX_ANSWERS} item answers R runs on the
 *       last year of each survey only and its time is extrapolated linearly in item answers (said in the table).</li>
 * </ol>
 * The {@code fpc} column of the synthetic respondents is used by the workbench (as by {@code ./workbench estimate}),
 * so DuckDB applies the same (1 − n_h/N_h) factor and R gets {@code fpc=~fpc}.
 *
 * <p>The table ({@code <out>/bench/estimate-bench.md} and {@code .csv}) gives wall-clock and CPU seconds per engine
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
 */
public final class EstimateBenchJob {
    /** Seed of the benchmark microdata. */
    public static final long SEED = 20240901L;
    /** DuckDB estimates and SEs must equal the workbench's to this relative difference. */
    public static final double DUCKDB_TOLERANCE = 1e-9;
    /** R's svyby results must equal the workbench's to this relative difference. */
    public static final double R_TOLERANCE = 1e-8;
    /** Above this many item answers R runs on one survey-year per survey and is extrapolated (property chiso.bench.r). */
    public static final long R_FULL_MAX_ANSWERS = 20_000_000L;
    static final String DUCKDB_THREADS = "2";
    static final String PASS = "workbench estimation pass alone";

    private EstimateBenchJob() {
    }

    /** One estimate on the component's reporting scale; {@code n} respondents. */
    public record Estimate(long n, double value, double se) {
    }

    /** Largest relative differences of a comparison over {@code compared} estimates. */
    public record Agreement(int compared, double maxRelValue, double maxRelSe, String worstKey) {
        String describe() {
            return String.format(Locale.ROOT, "%,d estimates, max relative difference: mean %.2e, SE %.2e", compared, maxRelValue,
                    maxRelSe);
        }
    }

    /**
     * One line of the table: wall-clock and CPU seconds (CPU: this JVM's process CPU time, which includes Spark's
     * local executors and DuckDB's native threads; for R the user + system time R reports). {@code measured*} differ
     * from the shown values when extrapolated.
     */
    record Timing(String engine, int scale, long answers, double seconds, double cpuSeconds, boolean extrapolated,
                  long measuredAnswers, double measuredSeconds, double measuredCpuSeconds) {
        static Timing of(String engine, int scale, long answers, Clock c) {
            return new Timing(engine, scale, answers, c.wall, c.cpu, false, answers, c.wall, c.cpu);
        }
    }

    /**
     * Wall clock, process CPU time, the 1-minute load average and this process's resident memory (at the start, and
     * its peak: Linux VmHWM, reset at the start through /proc/self/clear_refs) between start and {@link #stop}.
     */
    static final class Clock {
        private final double rss0 = resetPeakRss();
        private final long wall0 = System.nanoTime();
        private final long cpu0 = processCpuNanos();
        private final double load0 = loadAverage();
        double wall;
        double cpu;
        double load1;
        double rssPeak;

        Clock stop() {
            wall = (System.nanoTime() - wall0) / 1e9;
            cpu = (processCpuNanos() - cpu0) / 1e9;
            load1 = loadAverage();
            rssPeak = procStatus("VmHWM:");
            return this;
        }

        String load() {
            return String.format(Locale.ROOT, "load %.1f->%.1f, RSS %.1f->peak %.1f GiB", load0, load1, rss0 / GIB, rssPeak / GIB);
        }
    }

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
            throw new IllegalArgumentException("bench estimate needs a local --out folder (DuckDB and R read the files): " + out);
        }
        Path bench = Paths.get(outUri).resolve("bench");
        Files.createDirectories(bench);
        List<Timing> table = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "machine: %d cores, Spark master %s, JVM max heap %.1f GiB, physical memory %.1f GiB",
                Runtime.getRuntime().availableProcessors(), spark.sparkContext().master(), Runtime.getRuntime().maxMemory() / GIB,
                physicalMemory() / GIB));
        if (!"false".equals(System.getProperty("chiso.bench.warmup"))) {
            warmUp(spark, fs, bench, progress);
        }
        for (int scale : scales) {
            if (scale < 1) {
                throw new IllegalArgumentException("scale must be >= 1, got " + scale);
            }
            runScale(spark, fs, bench, scale, endToEndUpTo, progress, table, notes);
            writeTable(bench, table, notes, scales);
        }
        progress.line("");
        progress.line(formatTable(table, notes));
        progress.line("written to " + bench.resolve("estimate-bench.md") + " and estimate-bench.csv");
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    private static void warmUp(SparkSession spark, Fs fs, Path bench, Progress progress) throws IOException {
        progress.stage("bench", "warm-up (untimed): a tiny sample through the workbench estimate");
        Path dir = bench.resolve("warmup");
        deleteTree(dir);
        Progress quiet = new Progress(new PrintStream(OutputStream.nullOutputStream()));
        SyntheticSurveys.writeSmallForTests(spark, fs, dir.resolve("data").toString(), SEED, 4, 4, List.of(2024));
        EstimateJob.run(spark, new EstimateJob.Options(List.of(dir.resolve("data").toString()), dir.resolve("run").toString(),
                designOptions(), 30), quiet);
        workbenchPass(spark, fs, EstimateJob.surveyFolders(fs, List.of(dir.resolve("data").toString())), designOptions(), null);
        deleteTree(dir);
        progress.done("bench", "warm-up done");
    }

    /** As {@code ./workbench estimate} by default (the interval method does not change means and SEs). */
    static DesignOptions designOptions() {
        return DesignOptions.defaults().withCiMethod(CiMethod.T_DOMAIN);
    }

    private static void runScale(SparkSession spark, Fs fs, Path bench, int scale, int endToEndUpTo, Progress progress,
                                 List<Timing> table, List<String> notes) throws IOException {
        Path data = bench.resolve("scale-" + scale);
        ensureData(spark, fs, data, scale, progress, notes);
        List<String> folders = EstimateJob.surveyFolders(fs, List.of(data.toString()));
        Path work = bench.resolve("runs").resolve("scale-" + scale);
        deleteTree(work);
        Files.createDirectories(work);

        Map<String, Estimate> workbench = null;
        long answers;
        if (scale <= endToEndUpTo) {
            // (a) the workbench estimate, end to end
            EndToEnd e = endToEnd(spark, data, work, scale, progress, table, notes);
            workbench = e.estimates();
            answers = e.answers();
        } else {
            answers = spark.read().parquet(folders.stream().map(f -> Fs.child(f, "answers")).toArray(String[]::new)).count();
            notes.add(String.format(Locale.ROOT, "scale %d: the end-to-end run (validation into the nested microdata table) was left out"
                    + " (--end-to-end-up-to %d); DuckDB and R are compared with the estimation pass", scale, endToEndUpTo));
        }
        runComparisons(spark, fs, folders, work, scale, answers, workbench, progress, table, notes);
    }

    private record EndToEnd(Map<String, Estimate> estimates, long answers) {
    }

    private static EndToEnd endToEnd(SparkSession spark, Path data, Path work, int scale, Progress progress, List<Timing> table,
                                     List<String> notes) throws IOException {
        progress.stage("bench", "scale " + scale + ": workbench estimate (EstimateJob end to end)");
        List<String> lines = new ArrayList<>();
        Progress tee = new Progress(new PrintStream(new LineSink(l -> {
            lines.add(l);
            progress.line("  " + l);
        }), true, StandardCharsets.UTF_8));
        StageLog e2eStages = new StageLog();
        spark.sparkContext().addSparkListener(e2eStages);
        Clock c = new Clock();
        EstimateJob.Summary s = EstimateJob.run(spark, new EstimateJob.Options(List.of(data.toString()), work.toString(),
                designOptions(), 30), tee);
        double e2e = c.stop().wall;
        long answers = s.answersIn();
        if (s.answersAccepted() != answers || s.respondentsAccepted() != s.respondentsIn()) {
            throw new IllegalStateException("the benchmark microdata should be all valid: " + s);
        }
        progress.done("bench", String.format(Locale.ROOT, "scale %d: workbench estimate %.1f s (CPU %.1f s, %s), %,d item answers,"
                + " %,d respondents", scale, e2e, c.cpu, c.load(), answers, s.respondentsIn()));
        table.add(Timing.of("workbench estimate (EstimateJob end to end)", scale, answers, c));
        double validation = stageSeconds(lines, "[estimate] validated ");
        double estimation = stageSeconds(lines, " estimates (");
        notes.add(String.format(Locale.ROOT, "scale %d workbench end to end %.1f s = validation and nesting of the microdata %.1f s"
                + " + per-PSU totals, Taylor estimates and scores table %.1f s + folder listing/codebook/setup %.1f s (%s)",
                scale, e2e, validation, estimation, e2e - validation - estimation, c.load()));
        Map<String, Estimate> workbench = readEstimates(spark, Warehouse.under(work.toString()).table("estimates"));
        spark.sparkContext().removeSparkListener(e2eStages);
        notes.add(String.format(Locale.ROOT, "scale %d workbench end to end, Spark stages of 5 %% or more: %s", scale,
                e2eStages.describe(0.05)));

        // the estimation pass alone: what a re-estimate costs once the microdata are validated (EstimateJob skips the
        // validation when its manifest matches the input files), i.e. one scan of the nested table, the Taylor
        // estimates and the scores table; like for like with DuckDB and R, which validate nothing
        progress.stage("bench", "scale " + scale + ": workbench estimation pass alone (re-estimate from the validated nested microdata)");
        lines.clear();
        c = new Clock();
        EstimateJob.Summary again = EstimateJob.run(spark, new EstimateJob.Options(List.of(data.toString()), work.toString(),
                designOptions(), 30), tee);
        c.stop();
        if (lines.stream().noneMatch(l -> l.contains("validation skipped"))) {
            throw new IllegalStateException("the re-estimate validated the microdata again; the estimation pass would be mistimed");
        }
        Map<String, Estimate> pass = readEstimates(spark, Warehouse.under(work.toString()).table("estimates"));
        Agreement same = compare(workbench, pass, 0.0, "re-estimate vs end to end");
        progress.done("bench", String.format(Locale.ROOT, "scale %d: estimation pass %.1f s (CPU %.1f s, %s), %,d estimates; identical to the"
                + " end-to-end run's: %s", scale, c.wall, c.cpu, c.load(), again.estimates(), same.describe()));
        table.add(Timing.of(PASS + " (one scan of the validated nested microdata, Taylor estimates, scores table)", scale, answers, c));
        notes.add(String.format(Locale.ROOT, "scale %d workbench estimation pass %.1f s (CPU %.1f s, %s): EstimateJob re-run on the"
                + " same inputs, validation skipped by its manifest; estimates identical to the end-to-end run's: %s", scale, c.wall,
                c.cpu, c.load(), same.describe()));
        return new EndToEnd(workbench, answers);
    }

    /** The estimation pass alone, DuckDB and R on the same files; each compared with {@code reference} (the end-to-end
     * estimates), or with the pass where there is no end-to-end run. */
    private static void runComparisons(SparkSession spark, Fs fs, List<String> folders, Path work, int scale, long answers,
                                       Map<String, Estimate> reference, Progress progress, List<Timing> table, List<String> notes)
            throws IOException {
        Map<String, Estimate> workbench = reference != null ? reference : formerPass(spark, fs, folders, scale, answers, progress, table, notes);
        Clock c;


        // (b) DuckDB
        progress.stage("bench", "scale " + scale + ": DuckDB (JDBC, in memory, threads=" + DUCKDB_THREADS + ")");
        Map<String, String> info = new LinkedHashMap<>();
        c = new Clock();
        try {
            Map<String, Estimate> duck = duckDbEstimates(folders, work.resolve("duckdb-tmp"), info);
            c.stop();
            Agreement duckAgree = compare(workbench, duck, DUCKDB_TOLERANCE, "DuckDB vs workbench");
            progress.done("bench", String.format(Locale.ROOT, "scale %d: DuckDB %s %.1f s (CPU %.1f s, %s; %s); agrees with the workbench: %s",
                    scale, info.get("version"), c.wall, c.cpu, c.load(), info.get("statements"), duckAgree.describe()));
            table.add(Timing.of("DuckDB " + info.get("version") + " (JDBC, threads=" + DUCKDB_THREADS + ")", scale, answers, c));
            notes.add(String.format(Locale.ROOT, "scale %d DuckDB %.1f s (CPU %.1f s, %s; %s) = workbench to %.0e: %s; DuckDB memory_limit %s",
                    scale, c.wall, c.cpu, c.load(), info.get("statements"), DUCKDB_TOLERANCE, duckAgree.describe(),
                    info.get("memory_limit")));
        } catch (IOException e) {
            // an engine that cannot finish (out of disk for its spill, say) costs its row, not the hour already spent
            // on the workbench pass: the failure goes into the notes and the progress output, and R still runs
            c.stop();
            String why = e.getMessage().lines().findFirst().orElse(e.toString());
            progress.line(String.format(Locale.ROOT, "[bench] scale %d: DuckDB FAILED after %.1f s (memory_limit %s, %s): %s", scale,
                    c.wall, info.get("memory_limit"), info.getOrDefault("statements", "?"), why));
            notes.add(String.format(Locale.ROOT, "scale %d DuckDB FAILED after %.1f s (CPU %.1f s; memory_limit %s, %s), no row: %s",
                    scale, c.wall, c.cpu, info.get("memory_limit"), info.getOrDefault("statements", "?"), why));
        }
        deleteTree(work.resolve("duckdb-tmp"));

        // (c) R survey
        rBench(spark, fs, folders, work, scale, answers, workbench, progress, table, notes);
    }

    /**
     * Where there is no validated nested table (above {@code --end-to-end-up-to}): the former estimation pass on the raw
     * files (item scores joined, grouped and joined again, three shuffles), which needs no validation first.
     */
    private static Map<String, Estimate> formerPass(SparkSession spark, Fs fs, List<String> folders, int scale, long answers,
                                                    Progress progress, List<Timing> table, List<String> notes) throws IOException {
        progress.stage("bench", "scale " + scale + ": workbench estimation pass on the raw files (former three-shuffle path)");
        Map<String, Double> breakdown = new LinkedHashMap<>();
        StageLog stages = new StageLog();
        spark.sparkContext().addSparkListener(stages);
        Clock c = new Clock();
        Map<String, Estimate> pass = workbenchPass(spark, fs, folders, designOptions(), breakdown);
        c.stop();
        spark.sparkContext().removeSparkListener(stages);
        progress.done("bench", String.format(Locale.ROOT, "scale %d: estimation pass %.1f s (CPU %.1f s, %s; %s)", scale, c.wall,
                c.cpu, c.load(), describe(breakdown)));
        table.add(Timing.of(PASS + " (former three-shuffle path on the raw files; no validated table at this scale)", scale, answers, c));
        notes.add(String.format(Locale.ROOT, "scale %d workbench estimation pass (former path) %.1f s (CPU %.1f s, %s): %s; Spark stages: %s",
                scale, c.wall, c.cpu, c.load(), describe(breakdown), stages.describe(0.03)));
        return pass;
    }

    private static void ensureData(SparkSession spark, Fs fs, Path data, int scale, Progress progress, List<String> notes)
            throws IOException {
        Path marker = data.resolve("bench-complete.txt");
        String want = "seed=" + SEED + " scale=" + scale + "\n";
        if (Files.exists(marker) && Files.readString(marker).equals(want)) {
            progress.line("[bench] scale " + scale + ": reusing the microdata in " + data);
            return;
        }
        deleteTree(data);
        progress.stage("bench", "scale " + scale + ": generating the synthetic microdata in " + data);
        long t0 = System.nanoTime();
        SyntheticSurveys.Summary sum = SyntheticSurveys.write(spark, fs, data.toString(), SEED, scale, progress);
        double g = seconds(t0);
        long answers = sum.surveys().stream().mapToLong(SyntheticSurveys.SurveySummary::answers).sum();
        long respondents = sum.surveys().stream().mapToLong(SyntheticSurveys.SurveySummary::respondents).sum();
        Files.writeString(marker, want);
        progress.done("bench", String.format(Locale.ROOT, "scale %d: generated %,d respondents and %,d answers, %.0f MB", scale,
                respondents, answers, treeSize(data) / 1e6));
        notes.add(String.format(Locale.ROOT, "scale %d microdata generated in %.0f s (%,d respondents, %.0f MB Parquet)", scale, g,
                respondents, treeSize(data) / 1e6));
    }

    // ---------------------------------------------------------------------------------------------- the workbench pass

    /**
     * The estimation of {@link EstimateJob} without validation and warehouse: reads the survey folders' Parquet, scores,
     * totals of parts, one aggregation of per-PSU statistics per domain (VN63 province, VN34 province, VN), the design's
     * strata, and {@link EstimateJob#estimate} (the Taylor estimator). {@code breakdown} (nullable) gets seconds per step.
     */
    static Map<String, Estimate> workbenchPass(SparkSession spark, Fs fs, List<String> folders, DesignOptions design,
                                               Map<String, Double> breakdown) throws IOException {
        long t0 = System.nanoTime();
        Dataset<Row> respondents = null;
        Dataset<Row> answers = null;
        List<Codebook.Item> items = new ArrayList<>();
        for (String folder : folders) {
            Dataset<Row> r = spark.read().parquet(Fs.child(folder, "respondents"));
            r = r.select(col("survey").cast("string"), col("year").cast("int"), col("respondent_id").cast("string"),
                    col("province_key").cast("string"), col("stratum").cast("string"), col("psu").cast("string"),
                    col("weight").cast("double"), (List.of(r.columns()).contains("fpc") ? col("fpc") : lit(null)).cast("double").as("fpc"));
            Dataset<Row> a = spark.read().parquet(Fs.child(folder, "answers")).select(col("survey").cast("string"),
                    col("year").cast("int"), col("respondent_id").cast("string"), col("item").cast("string"), col("value").cast("double"));
            String cb = Fs.child(folder, "codebook.csv");
            items.addAll(Codebook.parse(Fs.display(cb), fs.read(cb)));
            respondents = respondents == null ? r : respondents.unionByName(r);
            answers = answers == null ? a : answers.unionByName(a);
        }
        Dataset<Row> scores = scores(spark, answers, items);
        Dataset<Row> r34 = withProvince34(spark, respondents);
        long t1 = System.nanoTime();
        List<Row> psu = MicrodataStages.psuTotals(r34, scores, Columns.PROVINCE_KEY, "province34").collectAsList();
        long t2 = System.nanoTime();
        List<Row> strata = MicrodataStages.strata(respondents).collectAsList();
        long t3 = System.nanoTime();
        List<Row> est = EstimateJob.estimate(EstimateJob.PsuCell.of(psu), EstimateJob.StratumInfo.of(strata),
                new EstimateJob.Options(List.of(), "", design, 30), Map.of());
        long t4 = System.nanoTime();
        if (breakdown != null) {
            breakdown.put("plan", (t1 - t0) / 1e9);
            breakdown.put("Spark job: answers -> scores -> per-PSU totals (" + psu.size() + " PSU x domain x component cells)", (t2 - t1) / 1e9);
            breakdown.put("Spark job: strata", (t3 - t2) / 1e9);
            breakdown.put("Taylor estimates on the driver (" + est.size() + ")", (t4 - t3) / 1e9);
        }
        Map<String, Estimate> out = new TreeMap<>();
        for (Row r : est) {
            put(out, key(r.getString(0), r.getString(1), r.getInt(2), r.getString(3), r.getString(4)),
                    new Estimate(r.getLong(5), r.getDouble(7), r.getDouble(8)));
        }
        return out;
    }

    /** Respondent × component scores of the workbench, with the TOTALs that are sums of their parts. */
    static Dataset<Row> scores(SparkSession spark, Dataset<Row> answers, List<Codebook.Item> items) {
        return MicrodataStages.withTotals(MicrodataStages.componentScores(answers, Codebook.toDataset(spark, items)),
                EstimateJob.totalParts(spark));
    }

    /** Respondents with their VN34 province as EstimateJob derives it. */
    static Dataset<Row> withProvince34(SparkSession spark, Dataset<Row> respondents) {
        Dataset<Row> cw = org.chiso.harmonize.HarmonizeInputs.crosswalk(spark, ProvinceRegistry.load());
        return respondents.join(cw, respondents.col(Columns.PROVINCE_KEY).equalTo(cw.col("old_key")), "left")
                .withColumn("province34", when(col(Columns.PROVINCE_KEY).startsWith("VN34-"), col(Columns.PROVINCE_KEY))
                        .otherwise(col("new_key")));
    }

    /** The estimates table of a warehouse, by {@link #key}. */
    static Map<String, Estimate> readEstimates(SparkSession spark, String table) {
        Map<String, Estimate> out = new TreeMap<>();
        for (Row r : spark.read().parquet(table).select("survey", Columns.INDEX, Columns.YEAR, Columns.PROVINCE_KEY, Columns.COMPONENT,
                Columns.N, Columns.VALUE, Columns.SE).collectAsList()) {
            put(out, key(r.getString(0), r.getString(1), r.getInt(2), r.getString(3), r.getString(4)),
                    new Estimate(r.getLong(5), r.getDouble(6), r.getDouble(7)));
        }
        return out;
    }

    /** survey|index|year|domain|component. */
    static String key(String survey, String index, int year, String domain, String component) {
        return survey + "|" + index + "|" + year + "|" + domain + "|" + component;
    }

    private static void put(Map<String, Estimate> m, String k, Estimate e) {
        if (m.put(k, e) != null) {
            throw new IllegalStateException("two estimates for " + k);
        }
    }

    // ---------------------------------------------------------------------------------------------------------- DuckDB

    /**
     * The whole estimation in DuckDB SQL (one statement). Tables {@code cb} (codebook), {@code cw} (63 → 34 crosswalk)
     * and {@code parts} (index, year, component of the TOTALs that are sums) must exist. Columns of the result:
     * survey, idx, year, domain, component, n, sum_w, value, se, lonely (strata of the domain with one PSU and no
     * census fpc: the workbench's default lonely-PSU rule fails there), too_many (domain PSUs above n_h).
     *
     * <p>Variance, with-replacement ultimate cluster as {@link org.chiso.survey.TaylorEstimator}: ȳ = Σwy/Σw over the
     * domain; per PSU z_hj = (Σ_j wy − ȳ Σ_j w)/Σw; per stratum where the domain has members,
     * V_h = (1 − f_h) n_h/(n_h − 1) [Σ_{j with members} (z_hj − z̄_h)² + (n_h − m_h) z̄_h²], z̄_h = Σ_j z_hj / n_h, n_h the
     * PSUs of the full design (PSUs without domain members are the zeros), 1 − f_h = (N_h − n_h)/N_h from the fpc column
     * (population sizes when any fpc &gt; 1, else sampling fractions; 1 without fpc; 0 below 1e-7, as R);
     * V = Σ_h V_h; the estimate and its SE are mapped to [out_min, out_max].
     *
     * <p>{@code year} restricts the statement to one survey year (null: all years). Every design (survey × year) and
     * every domain lies inside one year, so the union of the per-year results is the all-years result, row for row.
     */
    static String duckDbSql(List<String> respondentGlobs, List<String> answerGlobs, Integer year) {
        String where = year == null ? "" : " WHERE year = " + year.intValue();
        return """
                WITH
                ans AS (SELECT survey, year, respondent_id, item, value
                        FROM read_parquet(%2$s, hive_partitioning = true, union_by_name = true)%3$s),
                vals AS (SELECT a.survey, a.year, a.respondent_id, c.idx, c.component, c.rule, c.amin, c.amax, c.out_min, c.out_max,
                                CASE WHEN c.rev THEN c.amin + c.amax - a.value ELSE a.value END AS v
                         FROM ans a JOIN cb c ON a.survey = c.survey AND a.item = c.item AND a.year BETWEEN c.year_from AND c.year_to),
                items AS (SELECT survey, year, respondent_id, idx, component, out_min, out_max, rule <> 'mean' AS prop,
                                 CASE rule WHEN 'mean' THEN (v - amin) / (amax - amin)
                                           WHEN 'top2' THEN CASE WHEN v >= amax - 1 THEN 1.0 ELSE 0.0 END
                                           ELSE v END AS s
                          FROM vals),
                comp AS (SELECT survey, year, respondent_id, idx, component, avg(s) AS score01, min(out_min) AS out_min,
                                min(out_max) AS out_max, bool_and(prop) AS proportion
                         FROM items GROUP BY survey, year, respondent_id, idx, component),
                nparts AS (SELECT idx, year, count(*) AS k FROM parts GROUP BY idx, year),
                tot AS (SELECT c.survey, c.year, c.respondent_id, c.idx, 'TOTAL' AS component,
                               (sum(c.out_min + (c.out_max - c.out_min) * c.score01) - sum(c.out_min))
                                   / (sum(c.out_max) - sum(c.out_min)) AS score01,
                               sum(c.out_min) AS out_min, sum(c.out_max) AS out_max, false AS proportion
                        FROM comp c JOIN parts p ON c.idx = p.idx AND c.year = p.year AND c.component = p.component
                                    JOIN nparts k ON c.idx = k.idx AND c.year = k.year
                        GROUP BY c.survey, c.year, c.respondent_id, c.idx, k.k
                        HAVING count(*) = k.k),
                scores AS (SELECT * FROM comp UNION ALL SELECT * FROM tot),
                resp AS (SELECT r.survey, r.year, r.respondent_id, r.stratum, r.psu, r.weight, r.fpc,
                                list_distinct([r.province_key,
                                               CASE WHEN starts_with(r.province_key, 'VN34-') THEN r.province_key ELSE w.new_key END,
                                               'VN']) AS domains
                         FROM (SELECT * FROM read_parquet(%1$s, hive_partitioning = true, union_by_name = true)%3$s) r
                              LEFT JOIN cw w ON r.province_key = w.old_key),
                rd AS (SELECT survey, year, respondent_id, stratum, psu, weight, unnest(domains) AS domain FROM resp),
                psu AS (SELECT s.survey, s.year, s.idx, s.component, d.domain, d.stratum, d.psu,
                               sum(d.weight) AS sum_w, sum(d.weight * s.score01) AS sum_wy,
                               sum(d.weight * s.score01 * s.score01) AS sum_wyy, count(*) AS n,
                               min(s.out_min) AS out_min, min(s.out_max) AS out_max, bool_or(s.proportion) AS proportion
                        FROM scores s JOIN rd d ON s.survey = d.survey AND s.year = d.year AND s.respondent_id = d.respondent_id
                        GROUP BY s.survey, s.year, s.idx, s.component, d.domain, d.stratum, d.psu),
                design AS (SELECT survey, year, stratum, count(DISTINCT psu) AS nh, min(fpc) AS fpc
                           FROM resp GROUP BY survey, year, stratum),
                big AS (SELECT *, coalesce(bool_or(fpc > 1) OVER (PARTITION BY survey, year), false) AS any_big FROM design),
                fac AS (SELECT survey, year, stratum, nh,
                               CASE WHEN fpc IS NULL THEN 1.0
                                    ELSE ((CASE WHEN any_big THEN fpc ELSE nh / fpc END) - nh)
                                         / (CASE WHEN any_big THEN fpc ELSE nh / fpc END) END AS f
                        FROM big),
                dom AS (SELECT survey, year, idx, component, domain, sum(sum_w) AS w, sum(sum_wy) AS wy, sum(n) AS n,
                               min(out_min) AS out_min, min(out_max) AS out_max
                        FROM psu GROUP BY survey, year, idx, component, domain),
                z AS (SELECT p.survey, p.year, p.idx, p.component, p.domain, p.stratum, (p.sum_wy - (d.wy / d.w) * p.sum_w) / d.w AS z
                      FROM psu p JOIN dom d ON p.survey = d.survey AND p.year = d.year AND p.idx = d.idx
                                           AND p.component = d.component AND p.domain = d.domain),
                zbar AS (SELECT z.survey, z.year, z.idx, z.component, z.domain, z.stratum, any_value(f.nh) AS nh, any_value(f.f) AS f,
                                count(*) AS m, sum(z.z) / any_value(f.nh) AS zbar
                         FROM z JOIN fac f ON z.survey = f.survey AND z.year = f.year AND z.stratum = f.stratum
                         GROUP BY z.survey, z.year, z.idx, z.component, z.domain, z.stratum),
                strat AS (SELECT b.survey, b.year, b.idx, b.component, b.domain, b.stratum, b.nh, b.f, b.m, b.zbar,
                                 sum((z.z - b.zbar) * (z.z - b.zbar)) AS dev
                          FROM zbar b JOIN z ON b.survey = z.survey AND b.year = z.year AND b.idx = z.idx
                                            AND b.component = z.component AND b.domain = z.domain AND b.stratum = z.stratum
                          GROUP BY b.survey, b.year, b.idx, b.component, b.domain, b.stratum, b.nh, b.f, b.m, b.zbar),
                var AS (SELECT survey, year, idx, component, domain,
                               sum(CASE WHEN f < 1e-7 OR nh < 2 THEN 0.0
                                        ELSE f * nh / (nh - 1.0) * ((nh - m) * zbar * zbar + dev) END) AS v,
                               count(*) FILTER (WHERE nh < 2 AND f >= 1e-7) AS lonely,
                               count(*) FILTER (WHERE m > nh) AS too_many
                        FROM strat GROUP BY survey, year, idx, component, domain)
                SELECT d.survey, d.idx, d.year, d.domain, d.component, d.n, d.w AS sum_w,
                       d.out_min + (d.out_max - d.out_min) * (d.wy / d.w) AS value,
                       (d.out_max - d.out_min) * sqrt(v.v) AS se, v.lonely, v.too_many
                FROM dom d JOIN var v ON d.survey = v.survey AND d.year = v.year AND d.idx = v.idx
                                     AND d.component = v.component AND d.domain = v.domain
                """.formatted(sqlList(respondentGlobs), sqlList(answerGlobs), where);
    }

    /**
     * Runs {@link #duckDbSql} on the survey folders' Parquet in an in-memory DuckDB with {@value #DUCKDB_THREADS} threads.
     * {@code info} gets the DuckDB version and memory limit. Fails on a lonely PSU (the workbench's default rule).
     */
    static Map<String, Estimate> duckDbEstimates(List<String> folders, Path tmp, Map<String, String> info) throws IOException {
        String split = System.getProperty("chiso.bench.duckdb.split", "year");
        if (!split.equals("year") && !split.equals("none")) {
            throw new IllegalArgumentException("chiso.bench.duckdb.split must be year or none, not " + split);
        }
        return duckDbEstimates(folders, tmp, info, split.equals("year"));
    }

    /** {@link #duckDbEstimates(List, Path, Map)} with one statement per survey year ({@code perYear}) or one in all. */
    static Map<String, Estimate> duckDbEstimates(List<String> folders, Path tmp, Map<String, String> info, boolean perYear)
            throws IOException {
        List<String> respondentGlobs = new ArrayList<>();
        List<String> answerGlobs = new ArrayList<>();
        List<Codebook.Item> items = new ArrayList<>();
        for (String f : folders) {
            String local = Fs.display(f);
            respondentGlobs.add(local + "/respondents/**/*.parquet");
            answerGlobs.add(local + "/answers/**/*.parquet");
            Path cb = Paths.get(local, "codebook.csv");
            items.addAll(Codebook.parse(cb.toString(), Files.readAllBytes(cb)));
        }
        String memory = System.getProperty("chiso.bench.duckdb.memory",
                Math.max(1024, ((physicalMemory() - Runtime.getRuntime().maxMemory()) / (1024 * 1024) - 2048) * 3 / 4) + "MB");
        Map<String, Estimate> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement st = c.createStatement()) {
                st.execute("SET threads=" + DUCKDB_THREADS);
                st.execute("SET memory_limit='" + memory + "'");
                if (tmp != null) {
                    Files.createDirectories(tmp);
                    st.execute("SET temp_directory='" + tmp.toString().replace("'", "''") + "'");
                }
                st.execute("SET preserve_insertion_order=false");
                try (ResultSet rs = st.executeQuery("SELECT version(), current_setting('memory_limit')")) {
                    rs.next();
                    info.put("version", rs.getString(1));
                    info.put("memory_limit", rs.getString(2));
                }
                st.execute("CREATE TABLE cb (survey VARCHAR, year_from INTEGER, year_to INTEGER, item VARCHAR, component VARCHAR,"
                        + " idx VARCHAR, amin DOUBLE, amax DOUBLE, rev BOOLEAN, rule VARCHAR, out_min DOUBLE, out_max DOUBLE)");
                st.execute("CREATE TABLE cw (old_key VARCHAR, new_key VARCHAR)");
                st.execute("CREATE TABLE parts (idx VARCHAR, year INTEGER, component VARCHAR)");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO cb VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Codebook.Item i : items) {
                    p.setString(1, i.survey());
                    p.setInt(2, i.yearFrom());
                    p.setInt(3, i.yearTo());
                    p.setString(4, i.item());
                    p.setString(5, i.component());
                    p.setString(6, i.index());
                    p.setDouble(7, i.answerMin());
                    p.setDouble(8, i.answerMax());
                    p.setBoolean(9, i.reverse());
                    p.setString(10, i.rule());
                    p.setDouble(11, i.outMin());
                    p.setDouble(12, i.outMax());
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO cw VALUES (?, ?)")) {
                for (Map.Entry<String, String> e : ProvinceRegistry.load().crosswalk().entrySet()) {
                    p.setString(1, e.getKey());
                    p.setString(2, e.getValue());
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO parts VALUES (?, ?, ?)")) {
                for (String[] part : totalParts()) {
                    p.setString(1, part[0]);
                    p.setInt(2, Integer.parseInt(part[1]));
                    p.setString(3, part[2]);
                    p.addBatch();
                }
                p.executeBatch();
            }
            // one statement per survey year (default): the single statement over all years of the scale-100 data
            // (807M item answers) spilled more than 75 GB to disk here and failed; per year, each statement's hash
            // tables are an eighth of that
            List<Integer> years = new ArrayList<>();
            if (perYear) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT DISTINCT year FROM read_parquet("
                        + sqlList(respondentGlobs) + ", hive_partitioning = true, union_by_name = true) ORDER BY year")) {
                    while (rs.next()) {
                        years.add(rs.getInt(1));
                    }
                }
            } else {
                years.add(null);
            }
            info.put("statements", perYear ? years.size() + " statements, one per year" : "one statement");
            for (Integer year : years) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery(duckDbSql(respondentGlobs, answerGlobs, year))) {
                    readDuckDb(rs, out);
                }
            }
        } catch (SQLException e) {
            throw new IOException("DuckDB: " + e.getMessage(), e);
        }
        return out;
    }

    private static void readDuckDb(ResultSet rs, Map<String, Estimate> out) throws SQLException {
        while (rs.next()) {
            String k = key(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5));
            if (rs.getLong(10) > 0) {
                throw new IllegalStateException("DuckDB: " + k + " lies in a stratum with a single PSU (lonely PSU)");
            }
            if (rs.getLong(11) > 0) {
                throw new IllegalStateException("DuckDB: " + k + " has more PSUs in a stratum than the design");
            }
            put(out, k, new Estimate(rs.getLong(6), rs.getDouble(8), rs.getDouble(9)));
        }
    }

    /** index, year, component of the TOTALs that are sums of parts (as {@link EstimateJob#totalParts}, without Spark). */
    private static List<String[]> totalParts() {
        org.chiso.core.IndexDefinitions defs = org.chiso.core.IndexDefinitions.load();
        List<String[]> rows = new ArrayList<>();
        for (org.chiso.core.ComponentDef c : defs.components()) {
            if (c.component().equals("TOTAL") && c.aggregation().equals("sum")) {
                for (int y = c.yearFrom(); y <= c.yearTo(); y++) {
                    for (org.chiso.core.ComponentDef part : defs.parts(c.index(), y, "TOTAL")) {
                        rows.add(new String[] {c.index(), Integer.toString(y), part.component()});
                    }
                }
            }
        }
        return rows;
    }

    private static String sqlList(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (String v : values) {
            b.append(b.length() > 1 ? ", " : "").append('\'').append(v.replace("'", "''")).append('\'');
        }
        return b.append(']').toString();
    }

    // --------------------------------------------------------------------------------------------------------------- R

    private static void rBench(SparkSession spark, Fs fs, List<String> folders, Path work, int scale, long answers,
                               Map<String, Estimate> workbench, Progress progress, List<Timing> table, List<String> notes)
            throws IOException {
        String mode = System.getProperty("chiso.bench.r", "auto");
        if (mode.equals("skip")) {
            notes.add("scale " + scale + " R: skipped (chiso.bench.r=skip)");
            return;
        }
        Path script = rScript();
        if (script == null) {
            notes.add("scale " + scale + " R: not run, jobs/src/test/r/bench_svyby.R not found (set -Dworkbench.home)");
            progress.line("[bench] R: jobs/src/test/r/bench_svyby.R not found; R skipped");
            return;
        }
        boolean subset = mode.equals("subset") || (mode.equals("auto") && answers > R_FULL_MAX_ANSWERS);
        progress.stage("bench", "scale " + scale + ": export of respondent x component scores to CSV for R"
                + (subset ? " (last year of each survey only)" : ""));
        Path csv = work.resolve("r-scores");
        Clock ce = new Clock();
        long[] sub = exportForR(spark, fs, folders, csv, subset);
        double export = ce.stop().wall;
        long subsetAnswers = subset ? sub[0] : answers;
        progress.done("bench", String.format(Locale.ROOT, "scale %d: exported %,d respondent rows (%,d item answers behind them), %.0f MB",
                scale, sub[1], subsetAnswers, treeSize(csv) / 1e6));

        progress.stage("bench", "scale " + scale + ": R survey svydesign + svyby(svymean) per component");
        Path results = work.resolve("r-results.csv");
        List<String> out = new ArrayList<>();
        ProcessBuilder pb = new ProcessBuilder("Rscript", script.toString(), csv.toString(), results.toString()).redirectErrorStream(true);
        int rc;
        Clock cr = new Clock();
        try {
            Process p = pb.start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    out.add(l);
                }
            }
            rc = p.waitFor();
        } catch (IOException e) {
            notes.add("scale " + scale + " R: not run (" + e.getMessage() + ")");
            progress.line("[bench] R: Rscript could not be started (" + e.getMessage() + "); R skipped");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while R ran", e);
        }
        double wall = cr.stop().wall;
        if (rc != 0) {
            throw new IOException("Rscript " + script + " failed (exit " + rc + "):\n" + String.join("\n", out));
        }
        Map<String, String> r = new LinkedHashMap<>();
        for (String l : out) {
            Matcher m = Pattern.compile("^bench_r_(\\w+)=(.*)$").matcher(l.trim());
            if (m.matches()) {
                r.put(m.group(1), m.group(2));
            }
        }
        double read = Double.parseDouble(r.getOrDefault("read_seconds", "NaN"));
        double estimate = Double.parseDouble(r.getOrDefault("estimate_seconds", "NaN"));
        double measured = read + estimate;
        double cpu = Double.parseDouble(r.getOrDefault("read_cpu_seconds", "NaN")) + Double.parseDouble(r.getOrDefault("estimate_cpu_seconds", "NaN"));
        Agreement agree = compareR(workbench, results);
        progress.done("bench", String.format(Locale.ROOT, "scale %d: R %.1f s, CPU %.1f s (read CSV %.1f s + svydesign/svyby %.1f s; Rscript"
                + " wall %.1f s, %s); agrees with the workbench: %s", scale, measured, cpu, read, estimate, wall, cr.load(), agree.describe()));
        double factor = answers / (double) subsetAnswers;
        String engine = "R survey " + r.getOrDefault("survey_version", "?") + " svyby";
        table.add(new Timing(subset ? engine + " (EXTRAPOLATED x" + String.format(Locale.ROOT, "%.2f", factor)
                + " from the last year of each survey)" : engine, scale, answers, measured * factor, cpu * factor, subset, subsetAnswers,
                measured, cpu));
        notes.add(String.format(Locale.ROOT, "scale %d R (%s, %s): %s item answers' scores, read CSV %.1f s + %s designs / %s svyby calls"
                        + " %.1f s = %.1f s measured (CPU %.1f s, %s, R max used %s MB)%s; Spark export of the scores to CSV %.1f s (not counted); R = workbench"
                        + " to %.0e: %s",
                scale, r.getOrDefault("version", "R"), r.getOrDefault("reader", "?"), String.format(Locale.ROOT, "%,d", subsetAnswers), read,
                r.getOrDefault("designs", "?"), r.getOrDefault("svyby", "?"), estimate, measured, cpu, cr.load(), r.getOrDefault("max_used_mb", "?"),
                subset ? String.format(Locale.ROOT, ", EXTRAPOLATED linearly in item answers x%.2f = %.0f s (CPU %.0f s)", factor,
                        measured * factor, cpu * factor) : "",
                export, R_TOLERANCE, agree.describe()));
    }

    /**
     * Writes per survey-year CSV files {@code survey=S/year=Y/part-*.csv} (respondent_id, province_key, stratum, psu, weight,
     * fpc, one column per component: the score y on the reporting scale, empty when none) for R. Every respondent of
     * the design is written, with or without scores. Returns {item answers of the exported survey-years, respondent rows}.
     */
    static long[] exportForR(SparkSession spark, Fs fs, List<String> folders, Path dir, boolean lastYearOnly) throws IOException {
        deleteTree(dir);
        long answers = 0;
        long rows = 0;
        int part = 0;
        for (String folder : folders) {
            List<Codebook.Item> items = Codebook.parse(Fs.display(Fs.child(folder, "codebook.csv")), fs.read(Fs.child(folder, "codebook.csv")));
            Dataset<Row> r = spark.read().parquet(Fs.child(folder, "respondents"));
            Dataset<Row> a = spark.read().parquet(Fs.child(folder, "answers")).select(col("survey").cast("string"),
                    col("year").cast("int"), col("respondent_id").cast("string"), col("item").cast("string"), col("value").cast("double"));
            if (lastYearOnly) {
                int last = r.agg(max(col("year").cast("int"))).first().getInt(0);
                r = r.filter(col("year").equalTo(last));
                a = a.filter(col("year").equalTo(last));
            }
            answers += a.count();
            TreeSet<String> comps = new TreeSet<>();
            items.forEach(i -> comps.add(i.component()));
            comps.add("TOTAL");
            Dataset<Row> s = scores(spark, a, items);
            Column y = col("out_min").plus(col("out_max").minus(col("out_min")).multiply(col("score01")));
            Dataset<Row> wide = s.select(col("survey"), col("year"), col("respondent_id"), col(Columns.COMPONENT), y.as("y"))
                    .groupBy("survey", "year", "respondent_id").pivot(Columns.COMPONENT, new ArrayList<Object>(comps)).agg(first("y"));
            Dataset<Row> design = r.select(col("survey").cast("string"), col("year").cast("int"), col("respondent_id").cast("string"),
                    col("province_key").cast("string"), col("stratum").cast("string"), col("psu").cast("string"), col("weight").cast("double"),
                    (List.of(r.columns()).contains("fpc") ? col("fpc") : lit(null)).cast("double").as("fpc"));
            Dataset<Row> rowsOut = design.join(wide, scala.jdk.javaapi.CollectionConverters.asScala(List.of("survey", "year", "respondent_id"))
                    .toSeq(), "left");
            Path target = dir.resolve("part" + part++);
            rowsOut.repartition(col("survey"), col("year")).write().mode(SaveMode.Overwrite).partitionBy("survey", "year")
                    .option("header", "true").csv(target.toString());
            rows += design.count();
        }
        return new long[] {answers, rows};
    }

    /** Compares R's results file (survey,year,component,province_key,mean,se) with the workbench's estimates. */
    static Agreement compareR(Map<String, Estimate> workbench, Path results) throws IOException {
        Map<String, Estimate> bySurveyYear = new TreeMap<>();
        for (Map.Entry<String, Estimate> e : workbench.entrySet()) {
            String[] k = e.getKey().split("\\|");
            bySurveyYear.put(k[0] + "|" + k[2] + "|" + k[3] + "|" + k[4], e.getValue());
        }
        Map<String, Estimate> r = new TreeMap<>();
        List<String> lines = Files.readAllLines(results, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals("survey,year,component,province_key,mean,se")) {
            throw new IOException(results + ": unexpected header " + (lines.isEmpty() ? "(empty)" : lines.get(0)));
        }
        Map<String, Estimate> wb = new TreeMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            String k = f[0] + "|" + f[1] + "|" + f[3] + "|" + f[2];
            Estimate w = bySurveyYear.get(k);
            if (w == null) {
                throw new IllegalStateException("R estimated " + k + " which the workbench did not");
            }
            r.put(k, new Estimate(w.n(), Double.parseDouble(f[4]), Double.parseDouble(f[5])));
            wb.put(k, w);
        }
        if (r.isEmpty()) {
            throw new IllegalStateException("R returned no estimates");
        }
        return compare(wb, r, R_TOLERANCE, "R survey vs workbench");
    }

    private static Path rScript() {
        List<Path> candidates = new ArrayList<>();
        if (System.getProperty("workbench.home") != null) {
            candidates.add(Paths.get(System.getProperty("workbench.home"), "jobs/src/test/r/bench_svyby.R"));
        }
        Path here = Paths.get("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            candidates.add(p.resolve("jobs/src/test/r/bench_svyby.R"));
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    }

    // --------------------------------------------------------------------------------------------------- comparison

    /**
     * Compares two sets of estimates: the same keys, and mean and SE within {@code tolerance} relative
     * (|a − b| ≤ tolerance · max(|a|, |b|)). Throws {@link IllegalStateException} naming the worst cells otherwise.
     */
    public static Agreement compare(Map<String, Estimate> expected, Map<String, Estimate> actual, double tolerance, String what) {
        if (!expected.keySet().equals(actual.keySet())) {
            TreeSet<String> missing = new TreeSet<>(expected.keySet());
            missing.removeAll(actual.keySet());
            TreeSet<String> extra = new TreeSet<>(actual.keySet());
            extra.removeAll(expected.keySet());
            throw new IllegalStateException(what + ": different cells: " + missing.size() + " missing (e.g. "
                    + missing.stream().limit(3).toList() + "), " + extra.size() + " extra (e.g. " + extra.stream().limit(3).toList() + ")");
        }
        double maxV = 0;
        double maxS = 0;
        String worst = null;
        double worstRel = -1;
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Estimate> e : expected.entrySet()) {
            Estimate x = e.getValue();
            Estimate y = actual.get(e.getKey());
            double rv = rel(x.value(), y.value());
            double rs = rel(x.se(), y.se());
            maxV = Math.max(maxV, rv);
            maxS = Math.max(maxS, rs);
            if (Math.max(rv, rs) > worstRel) {
                worstRel = Math.max(rv, rs);
                worst = e.getKey();
            }
            if (!(rv <= tolerance && rs <= tolerance) || x.n() != y.n()) {
                bad.add(String.format(Locale.ROOT, "%s: n %d vs %d, mean %.17g vs %.17g, SE %.17g vs %.17g", e.getKey(), x.n(), y.n(), x.value(),
                        y.value(), x.se(), y.se()));
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalStateException(String.format(Locale.ROOT, "%s: %d of %d estimates differ (n, or mean or SE by more than %.0e relative), e.g.%n  %s",
                    what, bad.size(), expected.size(), tolerance, String.join("\n  ", bad.subList(0, Math.min(5, bad.size())))));
        }
        return new Agreement(expected.size(), maxV, maxS, worst);
    }

    static double rel(double a, double b) {
        if (a == b) {
            return 0;
        }
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    }

    // -------------------------------------------------------------------------------------------------------- table

    static String formatTable(List<Timing> table, List<String> notes) {
        StringBuilder b = new StringBuilder();
        b.append("Estimate benchmark: province x year x component means and SEs (VN63, VN34, national) from item answers.\n");
        b.append("seconds = wall clock; CPU s = CPU time of the engine's process (the JVM for the workbench and DuckDB, Rscript for R).\n");
        b.append("'÷ DuckDB' / '÷ R' = this row's seconds / DuckDB's (or R's) seconds at the same scale, wall clock and CPU:"
                + " above 1 this row is slower, below 1 faster (the workbench rows: workbench time / the other engine's time).\n");
        b.append("~ = extrapolated.\n\n");
        String[] head = {"engine", "scale", "item answers", "seconds", "CPU s", "answers/s", "÷ DuckDB", "÷ R", "CPU ÷ DuckDB",
            "CPU ÷ R"};
        List<String[]> rows = new ArrayList<>();
        for (Timing t : table) {
            Timing duck = find(table, t.scale(), "DuckDB");
            Timing r = find(table, t.scale(), "R survey");
            String x = t.extrapolated() ? "~" : "";
            String xr = r != null && (r.extrapolated() || t.extrapolated()) ? "~" : "";
            rows.add(new String[] {t.engine(), Integer.toString(t.scale()), String.format(Locale.ROOT, "%,d", t.answers()),
                    String.format(Locale.ROOT, x + "%.1f", t.seconds()), String.format(Locale.ROOT, x + "%.1f", t.cpuSeconds()),
                    String.format(Locale.ROOT, x + "%,.0f", t.answers() / t.seconds()),
                    duck == null ? "-" : String.format(Locale.ROOT, x + "%.2f", t.seconds() / duck.seconds()),
                    r == null ? "-" : String.format(Locale.ROOT, xr + "%.2f", t.seconds() / r.seconds()),
                    duck == null ? "-" : String.format(Locale.ROOT, x + "%.2f", t.cpuSeconds() / duck.cpuSeconds()),
                    r == null ? "-" : String.format(Locale.ROOT, xr + "%.2f", t.cpuSeconds() / r.cpuSeconds())});
        }
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = head[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        appendRow(b, head, w);
        StringBuilder sep = new StringBuilder("|");
        for (int i = 0; i < w.length; i++) {
            sep.append(i == 0 ? ":" : "-").append("-".repeat(w[i])).append(i == 0 ? "-|" : ":|");
        }
        b.append(sep).append('\n');
        for (String[] r : rows) {
            appendRow(b, r, w);
        }
        b.append('\n');
        for (String n : notes) {
            b.append("- ").append(n).append('\n');
        }
        return b.toString();
    }

    private static void appendRow(StringBuilder b, String[] cells, int[] w) {
        b.append('|');
        for (int i = 0; i < cells.length; i++) {
            b.append(' ').append(i == 0 ? pad(cells[i], w[i], false) : pad(cells[i], w[i], true)).append(" |");
        }
        b.append('\n');
    }

    private static String pad(String s, int w, boolean right) {
        String p = " ".repeat(Math.max(0, w - s.length()));
        return right ? p + s : s + p;
    }

    private static Timing find(List<Timing> table, int scale, String enginePrefix) {
        return table.stream().filter(t -> t.scale() == scale && t.engine().startsWith(enginePrefix)).findFirst().orElse(null);
    }

    private static void writeTable(Path bench, List<Timing> table, List<String> notes, List<Integer> scales) throws IOException {
        Files.writeString(bench.resolve("estimate-bench.md"), "# bench estimate, scales " + scales + "\n\n" + formatTable(table, notes));
        StringBuilder csv = new StringBuilder("engine,scale,item_answers,seconds,cpu_seconds,answers_per_second,extrapolated,"
                + "measured_item_answers,measured_seconds,measured_cpu_seconds\n");
        for (Timing t : table) {
            csv.append(String.format(Locale.ROOT, "\"%s\",%d,%d,%.3f,%.3f,%.0f,%s,%d,%.3f,%.3f%n", t.engine(), t.scale(), t.answers(),
                    t.seconds(), t.cpuSeconds(), t.answers() / t.seconds(), t.extrapolated(), t.measuredAnswers(), t.measuredSeconds(),
                    t.measuredCpuSeconds()));
        }
        Files.writeString(bench.resolve("estimate-bench.csv"), csv.toString());
    }

    // -------------------------------------------------------------------------------------------------------- utils

    private static String describe(Map<String, Double> breakdown) {
        StringBuilder b = new StringBuilder();
        breakdown.forEach((k, v) -> b.append(b.length() > 0 ? ", " : "").append(k).append(String.format(Locale.ROOT, " %.1f s", v)));
        return b.toString();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Seconds of the first Progress "done" line containing {@code marker}, or NaN. */
    private static double stageSeconds(List<String> lines, String marker) {
        Pattern p = Pattern.compile("\\((\\d+(?:\\.\\d+)?) s\\)\\s*$");
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (l.contains(marker) && m.find()) {
                return Double.parseDouble(m.group(1));
            }
        }
        return Double.NaN;
    }

    /** CPU time of this process, all threads (JVM, Spark executors, DuckDB's native threads), in ns. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** The 1-minute load average (Linux /proc/loadavg), NaN elsewhere. */
    static double loadAverage() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? Double.NaN : l;
    }

    /** Completed Spark stages while registered: tasks, input/shuffle records, executor run and CPU time. */
    static final class StageLog extends org.apache.spark.scheduler.SparkListener {
        private final List<String> stages = java.util.Collections.synchronizedList(new ArrayList<>());
        private final List<Long> runMs = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onStageCompleted(org.apache.spark.scheduler.SparkListenerStageCompleted e) {
            org.apache.spark.scheduler.StageInfo i = e.stageInfo();
            org.apache.spark.executor.TaskMetrics m = i.taskMetrics();
            if (m == null) {
                return;
            }
            runMs.add(m.executorRunTime());
            stages.add(String.format(Locale.ROOT, "[%d tasks: in %,d rows%s%s; run %.1f s, CPU %.1f s, GC %.1f s%s]", i.numTasks(),
                    m.inputMetrics().recordsRead(),
                    m.shuffleReadMetrics().recordsRead() > 0 ? String.format(Locale.ROOT, ", shuffle in %,d rows",
                            m.shuffleReadMetrics().recordsRead()) : "",
                    m.shuffleWriteMetrics().recordsWritten() > 0 ? String.format(Locale.ROOT, ", shuffle out %,d rows %.0f MB",
                            m.shuffleWriteMetrics().recordsWritten(), m.shuffleWriteMetrics().bytesWritten() / 1e6) : "",
                    m.executorRunTime() / 1e3, m.executorCpuTime() / 1e9, m.jvmGCTime() / 1e3,
                    m.memoryBytesSpilled() > 0 ? String.format(Locale.ROOT, ", spilled %.0f MB", m.diskBytesSpilled() / 1e6) : ""));
        }

        /** The stages taking at least {@code minFraction} of the executors' run time, in order, and the rest summed. */
        String describe(double minFraction) {
            synchronized (stages) {
                long total = runMs.stream().mapToLong(Long::longValue).sum();
                List<String> shown = new ArrayList<>();
                long rest = 0;
                int restCount = 0;
                for (int k = 0; k < stages.size(); k++) {
                    if (runMs.get(k) >= minFraction * total) {
                        shown.add(stages.get(k));
                    } else {
                        rest += runMs.get(k);
                        restCount++;
                    }
                }
                return String.format(Locale.ROOT, "%d stages, executors' run time %.1f s: %s%s", stages.size(), total / 1e3,
                        String.join(" ", shown), restCount > 0 ? String.format(Locale.ROOT, " + %d small stages %.1f s", restCount, rest / 1e3) : "");
            }
        }
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory() * 2;
    }

    /** A memory line of /proc/self/status (VmHWM: peak resident set size, VmRSS: current) in bytes, NaN elsewhere. */
    static double procStatus(String field) {
        try {
            for (String l : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (l.startsWith(field)) {
                    return Double.parseDouble(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** Resets the peak resident set size to the current one (Linux: "5" into /proc/self/clear_refs); returns VmRSS. */
    static double resetPeakRss() {
        try {
            Files.writeString(Paths.get("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux, or not allowed: the peak is then the process's peak so far
        }
        return procStatus("VmRSS:");
    }

    private static long treeSize(Path p) throws IOException {
        if (!Files.exists(p)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** An OutputStream handing each complete UTF-8 line to a consumer. */
    private static final class LineSink extends OutputStream {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final Consumer<String> sink;

        LineSink(Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                sink.accept(buf.toString(StandardCharsets.UTF_8).replace("\r", ""));
                buf.reset();
            } else {
                buf.write(b);
            }
        }

        @Override
        public void flush() {
        }
    }
}
