package org.chiso.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.max;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.chiso.bench.Estimates.Agreement;
import org.chiso.bench.Estimates.Estimate;
import org.chiso.core.Columns;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.jobs.EstimateJob;
import org.chiso.survey.Codebook;

/**
 * R {@code survey} in {@code ./workbench bench estimate}: exports the respondent × component scores to CSV with Spark,
 * copies {@value #SCRIPT} (a resource of this package) into the run folder, runs it with {@code Rscript}, reads its
 * timings and results, and compares them with the workbench's estimates.
 */
final class REngine {
    /** R's svyby results must equal the workbench's to this relative difference. */
    static final double TOLERANCE = 1e-8;
    /** Above this many item answers R runs on one survey-year per survey and is extrapolated (property chiso.bench.r). */
    static final long FULL_MAX_ANSWERS = 20_000_000L;
    /** The R script, a classpath resource next to this class. */
    static final String SCRIPT = "bench_svyby.R";

    private static final String RESOURCE = "org/chiso/bench/" + SCRIPT;

    private REngine() {}

    /** Runs and times R on {@code folders} (mode: property {@code chiso.bench.r}), compares, adds its row and notes. */
    static void bench(
            SparkSession spark,
            Fs fs,
            List<String> folders,
            Path work,
            int scale,
            long answers,
            Map<String, Estimate> workbench,
            Progress progress,
            List<Timing> table,
            List<String> notes)
            throws IOException {
        String mode = System.getProperty("chiso.bench.r", "auto");
        if (mode.equals("skip")) {
            notes.add("scale " + scale + " R: skipped (chiso.bench.r=skip)");
            return;
        }
        Path script = script(work);
        if (script == null) {
            notes.add("scale " + scale + " R: not run, the resource " + RESOURCE + " is missing from the classpath");
            progress.line("[bench] R: the resource " + RESOURCE + " is missing from the classpath; R skipped");
            return;
        }
        boolean subset = mode.equals("subset") || (mode.equals("auto") && answers > FULL_MAX_ANSWERS);
        progress.stage(
                "bench",
                "scale " + scale + ": export of respondent x component scores to CSV for R"
                        + (subset ? " (last year of each survey only)" : ""));
        Path csv = work.resolve("r-scores");
        Clock ce = new Clock();
        long[] sub = exportForR(spark, fs, folders, csv, subset);
        double export = ce.stop().wall;
        long subsetAnswers = subset ? sub[0] : answers;
        progress.done(
                "bench",
                String.format(
                        Locale.ROOT,
                        "scale %d: exported %,d respondent rows (%,d item answers behind them), %.0f MB",
                        scale,
                        sub[1],
                        subsetAnswers,
                        BenchFiles.treeSize(csv) / 1e6));

        progress.stage("bench", "scale " + scale + ": R survey svydesign + svyby(svymean) per component");
        Path results = work.resolve("r-results.csv");
        List<String> out = new ArrayList<>();
        ProcessBuilder pb = new ProcessBuilder("Rscript", script.toString(), csv.toString(), results.toString())
                .redirectErrorStream(true);
        int rc;
        Clock cr = new Clock();
        try {
            Process p = pb.start();
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
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
        double cpu = Double.parseDouble(r.getOrDefault("read_cpu_seconds", "NaN"))
                + Double.parseDouble(r.getOrDefault("estimate_cpu_seconds", "NaN"));
        Agreement agree = compareR(workbench, results);
        progress.done(
                "bench",
                String.format(
                        Locale.ROOT,
                        "scale %d: R %.1f s, CPU %.1f s (read CSV %.1f s + svydesign/svyby %.1f s; Rscript"
                                + " wall %.1f s, %s); agrees with the workbench: %s",
                        scale,
                        measured,
                        cpu,
                        read,
                        estimate,
                        wall,
                        cr.load(),
                        agree.describe()));
        double factor = answers / (double) subsetAnswers;
        String engine = "R survey " + r.getOrDefault("survey_version", "?") + " svyby";
        table.add(new Timing(
                subset
                        ? engine + " (EXTRAPOLATED x" + String.format(Locale.ROOT, "%.2f", factor)
                                + " from the last year of each survey)"
                        : engine,
                scale,
                answers,
                measured * factor,
                cpu * factor,
                subset,
                subsetAnswers,
                measured,
                cpu));
        notes.add(String.format(
                Locale.ROOT,
                "scale %d R (%s, %s): %s item answers' scores, read CSV %.1f s + %s designs / %s svyby calls"
                        + " %.1f s = %.1f s measured (CPU %.1f s, %s, R max used %s MB)%s; Spark export of the scores to CSV %.1f s (not counted); R = workbench"
                        + " to %.0e: %s",
                scale,
                r.getOrDefault("version", "R"),
                r.getOrDefault("reader", "?"),
                String.format(Locale.ROOT, "%,d", subsetAnswers),
                read,
                r.getOrDefault("designs", "?"),
                r.getOrDefault("svyby", "?"),
                estimate,
                measured,
                cpu,
                cr.load(),
                r.getOrDefault("max_used_mb", "?"),
                subset
                        ? String.format(
                                Locale.ROOT,
                                ", EXTRAPOLATED linearly in item answers x%.2f = %.0f s (CPU %.0f s)",
                                factor,
                                measured * factor,
                                cpu * factor)
                        : "",
                export,
                TOLERANCE,
                agree.describe()));
    }

    /**
     * Writes per survey-year CSV files {@code survey=S/year=Y/part-*.csv} (respondent_id, province_key, stratum, psu, weight,
     * fpc, one column per component: the score y on the reporting scale, empty when none) for R. Every respondent of
     * the design is written, with or without scores. Returns {item answers of the exported survey-years, respondent rows}.
     */
    static long[] exportForR(SparkSession spark, Fs fs, List<String> folders, Path dir, boolean lastYearOnly)
            throws IOException {
        BenchFiles.deleteTree(dir);
        long answers = 0;
        long rows = 0;
        int part = 0;
        for (String folder : folders) {
            List<Codebook.Item> items = Codebook.parse(
                    Fs.display(Fs.child(folder, "codebook.csv")), fs.read(Fs.child(folder, "codebook.csv")));
            Dataset<Row> r = spark.read().parquet(Fs.child(folder, "respondents"));
            Dataset<Row> a = spark.read()
                    .parquet(Fs.child(folder, "answers"))
                    .select(
                            col("survey").cast("string"),
                            col("year").cast("int"),
                            col("respondent_id").cast("string"),
                            col("item").cast("string"),
                            col("value").cast("double"));
            if (lastYearOnly) {
                int last = r.agg(max(col("year").cast("int"))).first().getInt(0);
                r = r.filter(col("year").equalTo(last));
                a = a.filter(col("year").equalTo(last));
            }
            answers += a.count();
            TreeSet<String> comps = new TreeSet<>();
            items.forEach(i -> comps.add(i.component()));
            comps.add("TOTAL");
            Dataset<Row> s = WorkbenchEngine.scores(spark, a, items);
            Column y = col("out_min").plus(col("out_max").minus(col("out_min")).multiply(col("score01")));
            Dataset<Row> wide = s.select(
                            col("survey"), col("year"), col("respondent_id"), col(Columns.COMPONENT), y.as("y"))
                    .groupBy("survey", "year", "respondent_id")
                    .pivot(Columns.COMPONENT, new ArrayList<Object>(comps))
                    .agg(first("y"));
            // PPS designs (psu_prob given): no fpc, as the workbench's default --pps with-replacement
            Dataset<Row> rr = List.of(r.columns()).contains("psu_prob")
                    ? r.withColumn(
                            "fpc",
                            org.apache.spark.sql.functions.when(
                                    col("psu_prob").isNull(), col("fpc").cast("double")))
                    : r;
            Dataset<Row> design = rr.select(EstimateJob.respondentColumns(rr));
            Dataset<Row> rowsOut = design.join(
                    wide,
                    scala.jdk.javaapi.CollectionConverters.asScala(List.of("survey", "year", "respondent_id"))
                            .toSeq(),
                    "left");
            Path target = dir.resolve("part" + part++);
            rowsOut.repartition(col("survey"), col("year"))
                    .write()
                    .mode(SaveMode.Overwrite)
                    .partitionBy("survey", "year")
                    .option("header", "true")
                    .csv(target.toString());
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
        return Estimates.compare(wb, r, TOLERANCE, "R survey vs workbench");
    }

    /**
     * Copies {@value #SCRIPT}, a resource of this package ({@code jobs/src/main/resources/org/chiso/bench/} in the
     * sources), into {@code dir} for Rscript, which needs a file; returns its path, or null when the resource is missing.
     */
    static Path script(Path dir) throws IOException {
        try (InputStream in = REngine.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                return null;
            }
            Files.createDirectories(dir);
            Path file = dir.resolve(SCRIPT);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }
}
