package org.chiso.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.chiso.core.Columns;
import org.chiso.ingest.ScoreTables;
import org.chiso.io.Fs;
import org.chiso.io.OutputLayout;
import org.chiso.io.Progress;
import org.chiso.service.ServiceIndexJob;
import org.chiso.service.ServiceScheme;
import org.chiso.service.synth.DossierGenerator;
import org.chiso.service.synth.DossierModel;

/**
 * The service-index stage of {@code ./workbench all}: the dossier records of the inputs (a folder with {@code
 * units.csv}, {@code procedures.csv} and {@code dossiers/}, docs/DOSSIERS.md) scored by {@link ServiceIndexJob} into
 * the warehouse tables {@code service_index}, {@code service_indicators} and {@code service_rejects} (in the run's
 * transaction, so a killed run leaves the last completed run's), and each province's yearly scores of the current
 * scheme version appended to {@code scores} as index {@value #INDEX} on the 34-province basis, so the panels, the
 * correlations, trends and the review include it. The demo's dossiers ({@code <out>/demo-data/dossiers}) are generated
 * when absent at {@link #DEMO_SCALE} ({@code ./workbench demo-data --dossiers --scale S} writes a larger set first);
 * a dossier folder given with {@code --data} is used instead of the demo's.
 */
public final class ServiceStage {
    /** The index name of the service index in the scores and panels. */
    public static final String INDEX = "SERVICE";
    /**
     * The demo's dossier scale: about 20,000 SYNTHETIC dossiers over the 104 weeks, plus Thái Nguyên's planted week
     * (12,000 at every scale).
     */
    public static final double DEMO_SCALE = 0.002;
    /** The scheme version whose province totals go to the panels. */
    public static final String PANEL_VERSION = "2024";
    /** The first year on the 34-province basis: earlier years of the records stay out of the panels. */
    public static final int FIRST_PANEL_YEAR = 2025;

    public static final String TABLE_INDEX = "service_index";
    public static final String TABLE_INDICATORS = "service_indicators";
    public static final String TABLE_REJECTS = "service_rejects";

    /** The component codes of the groups in the scores (those of the published figures). */
    static final Map<String, String> COMPONENTS = Map.of(
            "transparency", "TRANSPARENCY",
            "progress", "DOSSIER_PROGRESS",
            "online", "ONLINE_SERVICES",
            "payment", "ONLINE_PAYMENT",
            "satisfaction", "SATISFACTION",
            "digitisation", "DIGITISATION");

    private static final String SERVICE_ROWS = Columns.INDEX + " = '" + INDEX + "'";

    private ServiceStage() {}

    /** The dossier folders among the inputs: folders holding units.csv, procedures.csv and dossiers/. */
    public static List<String> folders(Fs fs, List<String> inputs) throws IOException {
        List<String> out = new ArrayList<>();
        for (String input : inputs) {
            if (!fs.exists(input)) {
                continue;
            }
            for (String f : fs.listFiles(input)) {
                if (f.endsWith("/units.csv")) {
                    String dir = f.substring(0, f.length() - "/units.csv".length());
                    if (fs.exists(Fs.child(dir, "procedures.csv"))
                            && fs.exists(Fs.child(dir, "dossiers"))
                            && !out.contains(dir)) {
                        out.add(dir);
                    }
                }
            }
        }
        return out;
    }

    /** The demo's dossier folder of an output folder. */
    public static String demoFolder(String out) {
        return Fs.child(OutputLayout.of(out).demoData(), "dossiers");
    }

    /** Generates the demo's dossiers when absent. */
    static void demoDossiers(SparkSession spark, Fs fs, String out, long seed, Progress progress) throws IOException {
        String folder = demoFolder(out);
        if (fs.exists(Fs.child(folder, "units.csv"))) {
            return;
        }
        String communes = java.nio.file.Path.of(OutputLayout.home())
                .resolve("../shared/data/admin/commune_conversion_2025.csv")
                .normalize()
                .toString();
        DossierModel model =
                DossierGenerator.model(seed, DEMO_SCALE, DossierGenerator.communes(fs, communes, progress));
        DossierGenerator.write(spark, fs, folder, model, progress);
    }

    /** The stage: the folder of {@code data} (else the demo's), scored into the warehouse and the scores. */
    static void run(SparkSession spark, Fs fs, String out, List<String> data, Progress progress) throws IOException {
        List<String> given = folders(fs, data);
        if (given.size() > 1) {
            throw new IllegalArgumentException("service index: more than one dossier folder among --data ("
                    + String.join(", ", given) + "): give one");
        }
        String folder = given.isEmpty() ? demoFolder(out) : given.get(0);
        try (Warehouse w = Warehouse.begin(spark, out, "service-index", progress)) {
            if (!fs.exists(Fs.child(folder, "units.csv"))) {
                progress.line("[service-index] no dossier records: the service index is not computed");
                return;
            }
            progress.stage("service-index", "dossier records of " + Fs.display(folder));
            ServiceScheme scheme = ServiceScheme.bundled();
            ServiceIndexJob.Result r = ServiceIndexJob.run(
                    spark, new ServiceIndexJob.Options(folder, List.of(PANEL_VERSION), null), scheme, progress);
            w.sync(TABLE_INDEX, dataset(spark, r.tables().index(), x -> true), null);
            // the indicators of provinces and departments: a commune's are in `./workbench service-index`'s own run
            // (with about 3,300 communes and 21 indicators per week they would be most of a report's bytes)
            w.sync(
                    TABLE_INDICATORS,
                    dataset(spark, r.tables().indicators(), x -> !"commune".equals(x.getAs("level"))),
                    null);
            w.sync(TABLE_REJECTS, r.rejects().coalesce(1), null);
            r.rejects().sparkSession().sqlContext().clearCache();
            Map<String, Double> maxima = new java.util.HashMap<>();
            scheme.version(PANEL_VERSION).groups().forEach(g -> maxima.put(g.name(), g.maxPoints()));
            List<Row> scores = provinceScores(r.tables().index().rows(), maxima);
            w.sync(
                    Warehouse.SCORES,
                    spark.createDataFrame(scores, ScoreTables.SCORES),
                    SERVICE_ROWS,
                    Columns.INDEX,
                    Columns.YEAR);
            progress.done(
                    "service-index",
                    String.format(
                            Locale.ROOT,
                            "%d in = %d accepted + %d rejected; %d unit-period-version rows; %d province scores"
                                    + " (index %s, %d+) into the panels",
                            r.rowsIn(),
                            r.accepted(),
                            r.rejected(),
                            r.tables().index().rows().size(),
                            scores.size(),
                            INDEX,
                            FIRST_PANEL_YEAR));
            w.commit();
        }
    }

    /**
     * A table's rows as a Dataset, parallelised in slices rather than captured in the plan (no task carries more than
     * a few hundred KiB).
     */
    private static org.apache.spark.sql.Dataset<Row> dataset(
            SparkSession spark, org.chiso.core.Table t, java.util.function.Predicate<Row> keep) {
        List<Row> rows = t.rows().stream().filter(keep).toList();
        int slices = Math.max(1, (rows.size() + 1999) / 2000);
        return spark.createDataFrame(
                        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                                .parallelize(rows, slices),
                        t.schema())
                .coalesce(1);
    }

    /**
     * The score rows of the provinces' yearly totals and groups in {@link #PANEL_VERSION}, years from {@link
     * #FIRST_PANEL_YEAR}: basis VN34, provenance synthetic when every dossier of the cell is synthetic; {@code maxima}:
     * each group's maximum in that version.
     */
    static List<Row> provinceScores(List<Row> rows, Map<String, Double> maxima) {
        List<Row> out = new ArrayList<>();
        String[] fields = ScoreTables.SCORES.fieldNames();
        for (Row r : rows) {
            if (!PANEL_VERSION.equals(r.getAs("version"))
                    || !"year".equals(r.getAs("period_type"))
                    || !"province".equals(r.getAs("level"))) {
                continue;
            }
            int year = Integer.parseInt(r.getAs("period"));
            if (year < FIRST_PANEL_YEAR) {
                continue;
            }
            boolean synthetic = "synthetic".equals(r.getAs("provenance"));
            String source = "service index from dossier records of " + r.getAs("source") + " (scheme "
                    + PANEL_VERSION + ", " + r.getAs("period_start") + " to " + r.getAs("period_end")
                    + (synthetic ? ", synthetic" : "") + ")";
            List<String[]> parts = new ArrayList<>();
            parts.add(new String[] {"TOTAL", "total", null, "TOTAL"});
            for (String g : new java.util.TreeSet<>(maxima.keySet())) {
                parts.add(new String[] {COMPONENTS.get(g), g, "TOTAL", "DIMENSION"});
            }
            for (String[] p : parts) {
                Object v = r.getAs(p[1]);
                if (v == null) {
                    continue;
                }
                Object[] cells = new Object[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    cells[i] = switch (fields[i]) {
                        case Columns.INDEX -> INDEX;
                        case Columns.VERSION -> PANEL_VERSION;
                        case Columns.YEAR -> year;
                        case Columns.PROVINCE_KEY -> r.getAs("province_key");
                        case Columns.BASIS -> "VN34";
                        case Columns.COMPONENT -> p[0];
                        case Columns.PARENT -> p[2];
                        case Columns.LEVEL -> p[3];
                        case Columns.VALUE -> v;
                        case Columns.SCALE_MIN -> 0.0;
                        case Columns.SCALE_MAX -> p[0].equals("TOTAL") ? 100.0 : maxima.get(p[1]);
                        case Columns.N -> r.getAs("dossiers");
                        case Columns.PROVENANCE -> synthetic ? Columns.SYNTHETIC : "records";
                        case Columns.DERIVED_FLAG -> false;
                        case Columns.SOURCE -> source;
                        default -> null;
                    };
                }
                out.add(RowFactory.create(cells));
            }
        }
        return out;
    }

    /** The stage's tables in a report run, when the warehouse has them. */
    static void report(Warehouse w, List<org.chiso.report.ReportRun.Pending> tables) {
        if (!w.has(TABLE_INDEX)) {
            return;
        }
        tables.add(new org.chiso.report.ReportRun.Pending(
                TABLE_INDEX,
                w.read(TABLE_INDEX),
                "unit x period_type x period x scheme version: group points, total, band, ranks, change (docs/DOSSIERS.md)",
                "version",
                "period_type",
                "period",
                "level",
                "province_key",
                "unit_key"));
        tables.add(new org.chiso.report.ReportRun.Pending(
                TABLE_INDICATORS,
                w.read(TABLE_INDICATORS),
                "province or department x period x version x indicator: numerator, denominator, rate, points (communes:"
                        + " ./workbench service-index)",
                "version",
                "period_type",
                "period",
                "level",
                "province_key",
                "unit_key",
                "indicator"));
        tables.add(new org.chiso.report.ReportRun.Pending(
                TABLE_REJECTS,
                w.read(TABLE_REJECTS),
                "refused dossier rows: file, line, column, value, reason",
                Columns.FILE,
                Columns.LINE,
                Columns.COLUMN));
    }
}
