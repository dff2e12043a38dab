package org.chiso.jobs;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.chiso.core.Columns;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.report.Manifest;
import org.chiso.report.ReportRun;
import org.chiso.service.ServiceIndexJob;
import org.chiso.service.ServiceScheme;

/**
 * {@code service-index}: the service index of a dossier folder into a report run of its own ({@code
 * reports/<run-id>/tables/service_index}, {@code service_indicators}, {@code service_rejects} and {@code manifest.json}).
 * The run is not made {@code reports/latest}, which stays the latest full report; its folder is printed.
 */
public final class ServiceIndexReportJob {
    private ServiceIndexReportJob() {}

    /**
     * The command's options: the folder, the scheme versions, the as-of date (nullable), the output folder, and the
     * levels whose indicators are written (province, department, commune).
     */
    public record Options(ServiceIndexJob.Options index, String out, java.util.Set<String> indicatorLevels) {
        /** Every level's indicators. */
        public Options(ServiceIndexJob.Options index, String out) {
            this(index, out, java.util.Set.of("province", "department", "commune"));
        }
    }

    /** The levels of {@code --indicators}, checked. */
    public static java.util.Set<String> levels(List<String> given) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String g : given) {
            String l = g.trim().toLowerCase(Locale.ROOT);
            if (!List.of("province", "department", "commune").contains(l)) {
                throw new IllegalArgumentException(
                        "--indicators: '" + g + "' is not a level (province, department, commune)");
            }
            out.add(l);
        }
        return out;
    }

    /** Computes and writes; returns the run. */
    public static ReportRun run(SparkSession spark, Options o, Progress progress) throws IOException {
        Instant started = Instant.now();
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        ServiceScheme scheme = ServiceScheme.bundled();
        progress.stage("service-index", "dossiers of " + Fs.display(o.index().folder()));
        ServiceIndexJob.Result r =
                ServiceIndexJob.run(spark, o.index().withIndicatorLevels(o.indicatorLevels()), scheme, progress);
        progress.done(
                "service-index",
                String.format(
                        Locale.ROOT,
                        "%d in = %d accepted + %d rejected; %d unit-period-version rows",
                        r.rowsIn(),
                        r.accepted(),
                        r.rejected(),
                        r.tables().index().rows().size()));
        ReportRun run = ReportRun.start(fs, o.out(), started);
        run.write(
                "service_index",
                r.tables().index(),
                "unit x period_type x period x scheme version: group points, total, band, ranks within level (national;"
                        + " departments and communes also within their province; ties share the better rank), change"
                        + " from the previous period of the type; scheme data/definitions/service_index, docs/DOSSIERS.md",
                "version",
                "period_type",
                "period",
                "level",
                "province_key",
                "unit_key");
        org.chiso.core.Table indicators = r.tables().indicators();
        run.write(
                "service_indicators",
                indicators,
                "unit x period x version x indicator: numerator, denominator, rate, points = max x min(1, rate /"
                        + " full_at); a zero denominator gives full points, not_applicable true",
                "version",
                "period_type",
                "period",
                "level",
                "province_key",
                "unit_key",
                "indicator");
        run.write(
                "service_rejects",
                r.rejects(),
                "refused dossier rows: file, line (CSV line; Parquet 1-based row number), column, value, reason",
                Columns.FILE,
                Columns.LINE,
                Columns.COLUMN);
        r.release();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("command", "service-index");
        params.put("dossiers", Fs.display(o.index().folder()));
        params.put("versions", String.join(",", o.index().versions()));
        params.put("as_of", o.index().asOf() == null ? "" : o.index().asOf().toString());
        params.put("indicator_levels", String.join(",", o.indicatorLevels()));
        params.put("rows_in", r.rowsIn());
        params.put("rows_accepted", r.accepted());
        params.put("rows_rejected", r.rejected());
        params.put("rejected_by_reason", r.rejectedByReason());
        params.put("spark_master", spark.sparkContext().master());
        List<Row> inputs = new ArrayList<>();
        for (Fs.FileInfo f : fs.listFileInfo(o.index().folder())) {
            inputs.add(RowFactory.create(f.path(), f.size(), null, "service-index", "read"));
        }
        Manifest.write(fs, spark, run, started, Instant.now(), params, inputs, List.of());
        progress.line("[service-index] tables service_index, service_indicators, service_rejects and manifest.json in "
                + Fs.display(run.folder()) + " (reports/latest unchanged)");
        return run;
    }
}
