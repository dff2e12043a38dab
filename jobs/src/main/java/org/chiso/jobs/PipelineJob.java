package org.chiso.jobs;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.analysis.Review;
import org.chiso.analysis.cluster.ProvinceClustering;
import org.chiso.harmonize.Harmonize;
import org.chiso.io.CsvGuard;
import org.chiso.io.Fs;
import org.chiso.io.OutputLayout;
import org.chiso.io.Progress;
import org.chiso.report.HtmlReport;
import org.chiso.report.Manifest;
import org.chiso.report.ReportRun;
import org.chiso.survey.DesignOptions;
import org.chiso.survey.synth.SyntheticDesign;
import org.chiso.survey.synth.SyntheticSurveys;

/**
 * The whole pipeline of {@code ./workbench all}: demo data if absent, ingest, estimate, harmonise, the
 * analyses, report tables and manifest; {@code reports/latest} moves to the run only when all of it completed.
 */
public final class PipelineJob {
    /** Options of a pipeline run. */
    public record Options(
            List<String> data,
            String out,
            long seed,
            int demoScale,
            double tolerance,
            DesignOptions design,
            int minRespondents,
            Harmonize.Weights weights,
            String geo,
            ProvinceClustering.Engine clusterEngine,
            List<Integer> demoYears,
            List<String> covariates) {
        /**
         * {@code demoYears}: the survey years of the synthetic microdata (empty: all of {@link
         * SyntheticDesign#DEFAULT_YEARS}); {@code covariates}: the covariate terms of the panel regressions (empty: none).
         */
        public Options {
            covariates = covariates == null ? List.of() : List.copyOf(covariates);
            demoYears = demoYears == null || demoYears.isEmpty()
                    ? SyntheticDesign.DEFAULT_YEARS
                    : demoYears.stream().sorted().distinct().toList();
            if (!SyntheticDesign.DEFAULT_YEARS.containsAll(demoYears)) {
                throw new IllegalArgumentException("--demo-years: the synthetic surveys cover "
                        + SyntheticDesign.DEFAULT_YEARS + ", not " + demoYears);
            }
        }

        /** Options with the default (plain-Java) clustering engine, every synthetic survey year and no covariates. */
        public Options(
                List<String> data,
                String out,
                long seed,
                int demoScale,
                double tolerance,
                DesignOptions design,
                int minRespondents,
                Harmonize.Weights weights,
                String geo) {
            this(
                    data,
                    out,
                    seed,
                    demoScale,
                    tolerance,
                    design,
                    minRespondents,
                    weights,
                    geo,
                    ProvinceClustering.Engine.PLAIN,
                    List.of(),
                    List.of());
        }
    }

    private PipelineJob() {}

    /** The boundaries beside the real data ({@code <data>/geo}), if any: the map of the HTML report uses them. */
    static String defaultGeo(Fs fs, List<String> data) throws IOException {
        for (String d : data) {
            if (fs.exists(Fs.child(d, "geo/provinces_63.topojson"))) {
                return Fs.child(d, "geo");
            }
        }
        return null;
    }

    /** Runs every stage and returns the completed run. */
    public static ReportRun run(SparkSession spark, Options o, Progress progress) throws IOException {
        Instant started = Instant.now();
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        IngestJob.requireInputs(fs, o.data());
        // one warehouse run from ingest to the report: its writes become visible together, when the report is complete
        try (Warehouse w = Warehouse.begin(spark, o.out(), "all", progress)) {
            return run(spark, fs, o, w, started, progress);
        }
    }

    private static ReportRun run(SparkSession spark, Fs fs, Options o, Warehouse w, Instant started, Progress progress)
            throws IOException {
        demoData(spark, fs, o.out(), o.seed(), o.demoScale(), o.demoYears(), false, progress);
        List<String> inputs = new ArrayList<>();
        inputs.add(DemoDataJob.folder(o.out()));
        inputs.addAll(o.data());
        IngestJob.run(spark, new IngestJob.Options(inputs, o.out(), o.tolerance(), true), progress);
        EstimateJob.run(spark, new EstimateJob.Options(inputs, o.out(), o.design(), o.minRespondents()), progress);
        ServiceStage.run(spark, fs, o.out(), o.data(), progress);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("data", o.data());
        params.put("out", OutputLayout.of(o.out()).root());
        params.put("seed", o.seed());
        params.put("demo_scale", o.demoScale());
        params.put("demo_years", o.demoYears());
        params.put("tolerance", o.tolerance());
        params.put("lonely_psu", o.design().lonelyPsu().name());
        params.put("ci", o.design().ciMethod().name());
        params.put("level", o.design().level());
        params.put("deff", o.design().deffVariant().name());
        params.put("pps", o.design().pps().cliName());
        params.put("min_respondents", o.minRespondents());
        params.put("harmonize_weights", o.weights().name());
        params.put("cluster_engine", o.clusterEngine().name());
        if (!o.covariates().isEmpty()) {
            params.put("covariates", o.covariates());
        }
        String geo = o.geo() != null ? o.geo() : defaultGeo(fs, o.data());
        return report(
                spark,
                new AnalyzeJob.Options(
                        o.out(), o.weights(), true, o.minRespondents(), o.seed(), o.clusterEngine(), o.covariates()),
                Review.Options.defaults(o.seed()),
                w,
                geo,
                params,
                started,
                progress);
    }

    /**
     * The demo-data stage: the synthetic panels and survey microdata of an output folder, each generated when absent
     * (or always, with {@code regenerate}).
     */
    public static void demoData(
            SparkSession spark,
            Fs fs,
            String out,
            long seed,
            int scale,
            List<Integer> years,
            boolean regenerate,
            Progress progress)
            throws IOException {
        String demo = DemoDataJob.folder(out);
        if (regenerate || !fs.exists(demo)) {
            DemoDataJob.run(fs, out, seed, progress);
        } else {
            progress.line(
                    "[demo-data] present in " + Fs.display(fs.path(demo).toString()) + " (delete it to regenerate)");
        }
        if (regenerate || !fs.exists(DemoDataJob.microdataFolder(out))) {
            SyntheticSurveys.write(spark, fs, DemoDataJob.microdataFolder(out), seed, scale, years, progress);
        }
    }

    /**
     * The report stage, shared by {@code all}, {@code analyze} and {@code harmonize}: a new report run with the
     * harmonised panels and (unless {@code a.analyses()} is false) every analysis, the warehouse summaries, the manifest
     * (with {@code params}, the Spark master and the ingested files) and the HTML report; {@code reports/latest}
     * moves to the run only when all of it is written.
     */
    public static ReportRun report(
            SparkSession spark,
            AnalyzeJob.Options a,
            String asOf,
            String geo,
            Map<String, Object> params,
            Instant started,
            Progress progress)
            throws IOException {
        return report(
                spark,
                a,
                a.analyses() ? Review.Options.defaults(a.seed()) : null,
                asOf,
                geo,
                params,
                started,
                progress);
    }

    /**
     * The report stage with the methodology review of {@code review} (null: none) after the analyses; {@code ./workbench
     * review} runs it with the panels only ({@code a.analyses()} false).
     */
    public static ReportRun report(
            SparkSession spark,
            AnalyzeJob.Options a,
            Review.Options review,
            String asOf,
            String geo,
            Map<String, Object> params,
            Instant started,
            Progress progress)
            throws IOException {
        String command = a.analyses() ? "analyze" : review != null ? "review" : "harmonize";
        try (AutoCloseable lock = Warehouse.lock(spark, a.out(), command + (asOf == null ? "" : " --as-of " + asOf))) {
            Warehouse w;
            if (asOf != null) {
                w = Warehouse.asOf(spark, a.out(), asOf);
                progress.line("[warehouse] as of run " + w.basis().run() + " (commit "
                        + w.basis().number() + ")");
            } else {
                w = Warehouse.open(spark, a.out());
                Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
                for (Warehouse.Incomplete i : Warehouse.incomplete(fs, a.out())) {
                    progress.line(
                            "[warehouse] " + i + " did not complete: its writes are not read"
                                    + (w.basis() == null
                                            ? ""
                                            : "; this report reads the warehouse as run "
                                                    + w.basis().run() + " left it")
                                    + ". Run that command again to finish it, or `./workbench warehouse --discard` to discard it.");
                }
            }
            return report(spark, a, review, w, geo, params, started, progress);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /**
     * The report stage on a given state of the warehouse; a writing run ({@code all}) commits just before
     * {@code reports/latest} moves.
     */
    static ReportRun report(
            SparkSession spark,
            AnalyzeJob.Options a,
            Review.Options review,
            Warehouse w,
            String geo,
            Map<String, Object> params,
            Instant started,
            Progress progress)
            throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        ReportRun run = ReportRun.start(fs, a.out(), started);
        AnalyzeJob.Panels panels = AnalyzeJob.run(spark, a, w, run, progress);
        if (review != null) {
            ReviewJob.run(spark, review, panels, w, run, progress);
        }
        progress.stage("tables", "warehouse summaries and the manifest");
        ReportTablesJob.run(spark, w, run);
        Map<String, Object> all = new LinkedHashMap<>(params);
        all.put("analyses", a.analyses());
        if (review != null) {
            all.put("review_index", review.index() == null ? "all" : review.index());
            all.put("review_year", review.year() == null ? "all" : review.year());
            all.put("review_bootstrap", review.bootstrap());
            all.put("review_level", review.level());
            all.put("review_seed", review.seed());
            all.put("review_replications", review.replications());
            all.put("review_weight_band", review.band());
            if (!review.weights().isEmpty()) {
                all.put("review_weights_file", review.weights().file());
            }
        }
        all.put("spark_master", spark.sparkContext().master());
        all.put("geo", geo == null ? "tile grid" : geo);
        all.put("csv_text_cells", CsvGuard.RULE);
        all.put("warehouse", w.describe());
        List<Row> files = w.read(Warehouse.FILES)
                .select("path", "bytes", "sha256", "reader", "status")
                .orderBy("path")
                .collectAsList();
        Manifest.write(fs, spark, run, started, Instant.now(), all, files, List.of());
        progress.done("tables", run.rowCounts().size() + " tables and manifest.json");
        progress.stage("report", "HTML report " + Fs.display(run.path(HtmlReport.FILE)));
        HtmlReport.write(fs, run.folder(), geo);
        progress.done("report", "HTML report written");
        w.commit();
        run.complete();
        progress.line(String.format(
                Locale.ROOT,
                "[report] run %s complete: %d tables in %s; reports/latest points at it",
                run.id(),
                run.rowCounts().size(),
                Fs.display(run.folder())));
        return run;
    }
}
