package org.chiso.jobs;

import org.chiso.io.Progress;

import org.chiso.io.Fs;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.analysis.cluster.ProvinceClustering;
import org.chiso.harmonize.Harmonize;
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
    public record Options(List<String> data, String out, long seed, int demoScale, double tolerance, DesignOptions design,
                          int minRespondents, Harmonize.Weights weights, String geo, ProvinceClustering.Engine clusterEngine,
                          List<Integer> demoYears) {
        /** {@code demoYears}: the survey years of the synthetic microdata (empty: all of {@link SyntheticDesign#DEFAULT_YEARS}). */
        public Options {
            demoYears = demoYears == null || demoYears.isEmpty() ? SyntheticDesign.DEFAULT_YEARS : demoYears.stream().sorted().distinct().toList();
            if (!SyntheticDesign.DEFAULT_YEARS.containsAll(demoYears)) {
                throw new IllegalArgumentException("--demo-years: the synthetic surveys cover " + SyntheticDesign.DEFAULT_YEARS + ", not " + demoYears);
            }
        }

        /** Options with the default (plain-Java) clustering engine and every synthetic survey year. */
        public Options(List<String> data, String out, long seed, int demoScale, double tolerance, DesignOptions design,
                       int minRespondents, Harmonize.Weights weights, String geo) {
            this(data, out, seed, demoScale, tolerance, design, minRespondents, weights, geo, ProvinceClustering.Engine.PLAIN, List.of());
        }
    }

    private PipelineJob() {
    }

    /** The boundaries beside the real data ({@code <data>/geo}), if any: the map of the HTML report uses them. */
    static String defaultGeo(Fs fs, List<String> data) throws IOException {
        for (String d : data) {
            if (fs.exists(Fs.child(d, "geo/provinces_63.topojson"))) {
                return Fs.child(d, "geo");
            }
        }
        return null;
    }

    /** Runs everything and returns the completed run. */
    public static ReportRun run(SparkSession spark, Options o, Progress progress) throws IOException {
        Instant started = Instant.now();
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        String demo = DemoDataJob.folder(o.out());
        if (!fs.exists(demo)) {
            DemoDataJob.run(fs, o.out(), o.seed(), progress);
        } else {
            progress.line("[demo-data] present in " + Fs.display(fs.path(demo).toString()) + " (delete it to regenerate)");
        }
        if (!fs.exists(DemoDataJob.microdataFolder(o.out()))) {
            SyntheticSurveys.write(spark, fs, DemoDataJob.microdataFolder(o.out()), o.seed(), o.demoScale(), o.demoYears(), progress);
        }
        List<String> inputs = new ArrayList<>();
        inputs.add(demo);
        inputs.addAll(o.data());
        IngestJob.run(spark, new IngestJob.Options(inputs, o.out(), o.tolerance(), true), progress);
        EstimateJob.run(spark, new EstimateJob.Options(inputs, o.out(), o.design(), o.minRespondents()), progress);
        ReportRun run = ReportRun.start(fs, o.out(), started);
        AnalyzeJob.run(spark, new AnalyzeJob.Options(o.out(), o.weights(), true, o.minRespondents(), o.seed(), o.clusterEngine()), run, progress);
        progress.stage("tables", "warehouse summaries and the manifest");
        ReportTablesJob.run(spark, o.out(), run);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("data", o.data());
        params.put("out", o.out());
        params.put("seed", o.seed());
        params.put("demo_scale", o.demoScale());
        params.put("demo_years", o.demoYears());
        params.put("tolerance", o.tolerance());
        params.put("lonely_psu", o.design().lonelyPsu().name());
        params.put("ci", o.design().ciMethod().name());
        params.put("level", o.design().level());
        params.put("deff", o.design().deffVariant().name());
        params.put("min_respondents", o.minRespondents());
        params.put("harmonize_weights", o.weights().name());
        params.put("cluster_engine", o.clusterEngine().name());
        params.put("spark_master", spark.sparkContext().master());
        List<Row> files = spark.read().parquet(Warehouse.under(o.out()).table(Warehouse.FILES))
                .select("path", "bytes", "sha256", "reader", "status").orderBy("path").collectAsList();
        String geo = o.geo() != null ? o.geo() : defaultGeo(fs, o.data());
        params.put("geo", geo == null ? "tile grid" : geo);
        Manifest.write(fs, spark, run, started, Instant.now(), params, files, List.of());
        progress.done("tables", run.rowCounts().size() + " tables and manifest.json");
        progress.stage("report", "HTML report " + Fs.display(run.path(HtmlReport.FILE)));
        HtmlReport.write(fs, run.folder(), geo);
        progress.done("report", "HTML report written");
        run.complete();
        progress.line(String.format(Locale.ROOT, "[report] run %s complete: %d tables in %s; reports/latest points at it", run.id(),
                run.rowCounts().size(), Fs.display(run.folder())));
        return run;
    }
}
