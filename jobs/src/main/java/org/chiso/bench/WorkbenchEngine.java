package org.chiso.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;
import static org.chiso.bench.Estimates.key;
import static org.chiso.bench.Estimates.put;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.bench.Estimates.Agreement;
import org.chiso.bench.Estimates.Estimate;
import org.chiso.core.Columns;
import org.chiso.core.ProvinceRegistry;
import org.chiso.harmonize.HarmonizeInputs;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.jobs.EstimateJob;
import org.chiso.jobs.Warehouse;
import org.chiso.survey.CiMethod;
import org.chiso.survey.Codebook;
import org.chiso.survey.DesignOptions;
import org.chiso.survey.MicrodataStages;

/**
 * The workbench side of {@code ./workbench bench estimate}: times {@link EstimateJob} end to end and its estimation pass
 * alone (the same command again, validation skipped), or, where there is no validated table, the former estimation pass
 * on the raw files; and reads the estimates they give.
 */
final class WorkbenchEngine {
    /** The start of the table rows of the estimation pass alone. */
    static final String PASS = "workbench estimation pass alone";

    private WorkbenchEngine() {}

    /** As {@code ./workbench estimate} by default (the interval method does not change means and SEs). */
    static DesignOptions designOptions() {
        return DesignOptions.defaults().withCiMethod(CiMethod.T_DOMAIN);
    }

    /** The end-to-end run's estimates and the item answers it read. */
    record EndToEnd(Map<String, Estimate> estimates, long answers) {}

    /**
     * {@link EstimateJob} end to end into {@code work}, then the estimation pass alone (the same command again, which
     * skips the validation by its manifest); a row and notes for each.
     */
    static EndToEnd endToEnd(
            SparkSession spark,
            Path data,
            Path work,
            int scale,
            Progress progress,
            List<Timing> table,
            List<String> notes)
            throws IOException {
        progress.stage("bench", "scale " + scale + ": workbench estimate (EstimateJob end to end)");
        List<String> lines = new ArrayList<>();
        Progress tee = new Progress(new PrintStream(
                new LineSink(l -> {
                    lines.add(l);
                    progress.line("  " + l);
                }),
                true,
                StandardCharsets.UTF_8));
        StageLog e2eStages = new StageLog();
        spark.sparkContext().addSparkListener(e2eStages);
        Clock c = new Clock();
        EstimateJob.Summary s = EstimateJob.run(
                spark, new EstimateJob.Options(List.of(data.toString()), work.toString(), designOptions(), 30), tee);
        double e2e = c.stop().wall;
        long answers = s.answersIn();
        if (s.answersAccepted() != answers || s.respondentsAccepted() != s.respondentsIn()) {
            throw new IllegalStateException("the benchmark microdata should be all valid: " + s);
        }
        progress.done(
                "bench",
                String.format(
                        Locale.ROOT,
                        "scale %d: workbench estimate %.1f s (CPU %.1f s, %s), %,d item answers," + " %,d respondents",
                        scale,
                        e2e,
                        c.cpu,
                        c.load(),
                        answers,
                        s.respondentsIn()));
        table.add(Timing.of("workbench estimate (EstimateJob end to end)", scale, answers, c));
        double validation = stageSeconds(lines, "[estimate] validated ");
        double estimation = stageSeconds(lines, " estimates (");
        notes.add(String.format(
                Locale.ROOT,
                "scale %d workbench end to end %.1f s = validation and nesting of the microdata %.1f s"
                        + " + per-PSU totals, Taylor estimates and scores table %.1f s + folder listing/codebook/setup %.1f s (%s)",
                scale,
                e2e,
                validation,
                estimation,
                e2e - validation - estimation,
                c.load()));
        Map<String, Estimate> workbench =
                readEstimates(Warehouse.open(spark, work.toString()).read(Warehouse.ESTIMATES));
        spark.sparkContext().removeSparkListener(e2eStages);
        notes.add(String.format(
                Locale.ROOT,
                "scale %d workbench end to end, Spark stages of 5 %% or more: %s",
                scale,
                e2eStages.describe(0.05)));

        // the estimation pass alone: what a re-estimate costs once the microdata are validated (EstimateJob skips the
        // validation when its manifest matches the input files), i.e. one scan of the nested table, the Taylor
        // estimates and the scores table; like for like with DuckDB and R, which validate nothing
        progress.stage(
                "bench",
                "scale " + scale
                        + ": workbench estimation pass alone (re-estimate from the validated nested microdata)");
        lines.clear();
        c = new Clock();
        EstimateJob.Summary again = EstimateJob.run(
                spark, new EstimateJob.Options(List.of(data.toString()), work.toString(), designOptions(), 30), tee);
        c.stop();
        if (lines.stream().noneMatch(l -> l.contains("validation skipped"))) {
            throw new IllegalStateException(
                    "the re-estimate validated the microdata again; the estimation pass would be mistimed");
        }
        Map<String, Estimate> pass =
                readEstimates(Warehouse.open(spark, work.toString()).read(Warehouse.ESTIMATES));
        Agreement same = Estimates.compare(workbench, pass, 0.0, "re-estimate vs end to end");
        progress.done(
                "bench",
                String.format(
                        Locale.ROOT,
                        "scale %d: estimation pass %.1f s (CPU %.1f s, %s), %,d estimates; identical to the"
                                + " end-to-end run's: %s",
                        scale,
                        c.wall,
                        c.cpu,
                        c.load(),
                        again.estimates(),
                        same.describe()));
        table.add(Timing.of(
                PASS + " (one scan of the validated nested microdata, Taylor estimates, scores table)",
                scale,
                answers,
                c));
        notes.add(String.format(
                Locale.ROOT,
                "scale %d workbench estimation pass %.1f s (CPU %.1f s, %s): EstimateJob re-run on the"
                        + " same inputs, validation skipped by its manifest; estimates identical to the end-to-end run's: %s",
                scale,
                c.wall,
                c.cpu,
                c.load(),
                same.describe()));
        return new EndToEnd(workbench, answers);
    }

    /**
     * Where there is no validated nested table (above {@code --end-to-end-up-to}): the former estimation pass on the raw
     * files (item scores joined, grouped and joined again, three shuffles), which needs no validation first.
     */
    static Map<String, Estimate> formerPass(
            SparkSession spark,
            Fs fs,
            List<String> folders,
            int scale,
            long answers,
            Progress progress,
            List<Timing> table,
            List<String> notes)
            throws IOException {
        progress.stage(
                "bench", "scale " + scale + ": workbench estimation pass on the raw files (former three-shuffle path)");
        Map<String, Double> breakdown = new LinkedHashMap<>();
        StageLog stages = new StageLog();
        spark.sparkContext().addSparkListener(stages);
        Clock c = new Clock();
        Map<String, Estimate> pass = pass(spark, fs, folders, designOptions(), breakdown);
        c.stop();
        spark.sparkContext().removeSparkListener(stages);
        progress.done(
                "bench",
                String.format(
                        Locale.ROOT,
                        "scale %d: estimation pass %.1f s (CPU %.1f s, %s; %s)",
                        scale,
                        c.wall,
                        c.cpu,
                        c.load(),
                        describe(breakdown)));
        table.add(Timing.of(
                PASS + " (former three-shuffle path on the raw files; no validated table at this scale)",
                scale,
                answers,
                c));
        notes.add(String.format(
                Locale.ROOT,
                "scale %d workbench estimation pass (former path) %.1f s (CPU %.1f s, %s): %s; Spark stages: %s",
                scale,
                c.wall,
                c.cpu,
                c.load(),
                describe(breakdown),
                stages.describe(0.03)));
        return pass;
    }

    /**
     * The estimation of {@link EstimateJob} without validation and warehouse: reads the survey folders' Parquet, scores,
     * totals of parts, one aggregation of per-PSU statistics per domain (VN63 province, VN34 province, VN), the design's
     * strata, and {@link EstimateJob#estimate} (the Taylor estimator). {@code breakdown} (nullable) gets seconds per step.
     */
    static Map<String, Estimate> pass(
            SparkSession spark, Fs fs, List<String> folders, DesignOptions design, Map<String, Double> breakdown)
            throws IOException {
        long t0 = System.nanoTime();
        Dataset<Row> respondents = null;
        Dataset<Row> answers = null;
        List<Codebook.Item> items = new ArrayList<>();
        for (String folder : folders) {
            Dataset<Row> r = spark.read().parquet(Fs.child(folder, "respondents"));
            if (List.of(r.columns()).contains("psu_prob")) {
                // PPS designs: no fpc, as the estimate stage's default --pps with-replacement
                r = r.withColumn(
                        "fpc",
                        org.apache.spark.sql.functions.when(
                                org.apache.spark.sql.functions.col("psu_prob").isNull(),
                                org.apache.spark.sql.functions.col("fpc").cast("double")));
            }
            r = r.select(EstimateJob.respondentColumns(r));
            Dataset<Row> a = spark.read().parquet(Fs.child(folder, "answers")).select(EstimateJob.answerColumns());
            String cb = Fs.child(folder, "codebook.csv");
            items.addAll(Codebook.parse(Fs.display(cb), fs.read(cb)));
            respondents = respondents == null ? r : respondents.unionByName(r);
            answers = answers == null ? a : answers.unionByName(a);
        }
        Dataset<Row> scores = scores(spark, answers, items);
        Dataset<Row> r34 = withProvince34(spark, respondents);
        long t1 = System.nanoTime();
        List<Row> psu = MicrodataStages.psuTotals(r34, scores, Columns.PROVINCE_KEY, "province34")
                .collectAsList();
        long t2 = System.nanoTime();
        List<Row> strata = MicrodataStages.strata(respondents).collectAsList();
        long t3 = System.nanoTime();
        List<Row> est = EstimateJob.estimate(
                EstimateJob.PsuCell.of(psu),
                EstimateJob.StratumInfo.of(strata),
                new EstimateJob.Options(List.of(), "", design, 30),
                Map.of());
        long t4 = System.nanoTime();
        if (breakdown != null) {
            breakdown.put("plan", (t1 - t0) / 1e9);
            breakdown.put(
                    "Spark job: answers -> scores -> per-PSU totals (" + psu.size()
                            + " PSU x domain x component cells)",
                    (t2 - t1) / 1e9);
            breakdown.put("Spark job: strata", (t3 - t2) / 1e9);
            breakdown.put("Taylor estimates on the driver (" + est.size() + ")", (t4 - t3) / 1e9);
        }
        Map<String, Estimate> out = new TreeMap<>();
        for (Row r : est) {
            put(
                    out,
                    key(r.getString(0), r.getString(1), r.getInt(2), r.getString(3), r.getString(4)),
                    new Estimate(r.getLong(5), r.getDouble(7), r.getDouble(8)));
        }
        return out;
    }

    /** Respondent × component scores of the workbench, with the TOTALs that are sums of their parts. */
    static Dataset<Row> scores(SparkSession spark, Dataset<Row> answers, List<Codebook.Item> items) {
        return MicrodataStages.withTotals(
                MicrodataStages.componentScores(answers, Codebook.toDataset(spark, items)),
                EstimateJob.totalParts(spark));
    }

    /** Respondents with their VN34 province as EstimateJob derives it. */
    static Dataset<Row> withProvince34(SparkSession spark, Dataset<Row> respondents) {
        Dataset<Row> cw = HarmonizeInputs.crosswalk(spark, ProvinceRegistry.load());
        return respondents
                .join(cw, respondents.col(Columns.PROVINCE_KEY).equalTo(cw.col("old_key")), "left")
                .withColumn(
                        "province34",
                        when(col(Columns.PROVINCE_KEY).startsWith("VN34-"), col(Columns.PROVINCE_KEY))
                                .otherwise(col("new_key")));
    }

    /** The estimates table of a warehouse, by {@link Estimates#key}. */
    static Map<String, Estimate> readEstimates(Dataset<Row> table) {
        Map<String, Estimate> out = new TreeMap<>();
        for (Row r : table.select(
                        "survey",
                        Columns.INDEX,
                        Columns.YEAR,
                        Columns.PROVINCE_KEY,
                        Columns.COMPONENT,
                        Columns.N,
                        Columns.VALUE,
                        Columns.SE)
                .collectAsList()) {
            put(
                    out,
                    key(r.getString(0), r.getString(1), r.getInt(2), r.getString(3), r.getString(4)),
                    new Estimate(r.getLong(5), r.getDouble(6), r.getDouble(7)));
        }
        return out;
    }

    /** "step 1.2 s, step 3.4 s" of a breakdown of seconds. */
    private static String describe(Map<String, Double> breakdown) {
        StringBuilder b = new StringBuilder();
        breakdown.forEach((k, v) ->
                b.append(b.length() > 0 ? ", " : "").append(k).append(String.format(Locale.ROOT, " %.1f s", v)));
        return b.toString();
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
        public void flush() {}
    }
}
