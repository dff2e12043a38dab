package org.chiso.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.io.Fs;
import org.chiso.io.OutputLayout;
import org.chiso.io.Progress;
import org.chiso.service.ServiceIndexJob;
import org.chiso.service.ServiceScheme;
import org.chiso.service.synth.DossierGenerator;
import org.chiso.service.synth.DossierModel;

/**
 * {@code ./workbench bench service-index --scale 1,10}: per scale, the SYNTHETIC dossier folder of {@code demo-data
 * --dossiers} (seed {@value #SEED}; generated once under {@code <bench>/service-index/scale-S/} and reused while its
 * marker says the same seed and scale), then
 *
 * <ol>
 *   <li>the workbench as {@code ./workbench service-index} computes it ({@link ServiceIndexJob}): records read and
 *       validated (rows in = accepted + rejected), every indicator, group, total, band, rank and change per unit and
 *       week, month, quarter, year and as-of date ({@value #AS_OF}), versions 2024 and 2022, as tables on the
 *       driver. Writing them as a report run is left out: {@code ReportRun} builds each table's CSV as one string,
 *       which ran out of an 8 GiB heap on the {@code service_indicators} table at scale 0.05;</li>
 *   <li>DuckDB in memory ({@code SET threads=2}, {@code memory_limit} {@value #DUCKDB_MEMORY}, spilling to the run folder) on the same files with the same formulas ({@link ServiceIndexDuckDb}),
 *       its totals compared with the workbench's: the same unit-period-version cells, every total within
 *       {@value #TOLERANCE}, or the run fails.</li>
 * </ol>
 *
 * Prints and writes {@code <bench>/service-index.md} and {@code service-index-bench.csv}: wall-clock and CPU seconds (this JVM's
 * process CPU time, Spark's local executors and DuckDB's threads included), dossiers per second, the workbench's time
 * over DuckDB's, and the per-dossier cost growth from the first scale to the last (wall seconds per dossier at the last
 * over the first, minus one). No warm-up run: the first scale pays Spark's class loading and code generation.
 */
public final class ServiceIndexBench {
    /** Seed of the benchmark dossiers (the generator's default). */
    static final long SEED = 20250701L;
    /** The as-of date both engines evaluate. */
    static final String AS_OF = "2026-06-30";
    /** DuckDB's memory limit (it spills to the run folder beyond it). */
    static final String DUCKDB_MEMORY = "8GB";

    /** Largest allowed difference between the workbench's and DuckDB's totals (points). */
    static final double TOLERANCE = 1e-9;

    private ServiceIndexBench() {}

    /** One measured row. */
    record Measure(String engine, double scale, long dossiers, double wall, double cpu, String load) {}

    /** Runs every scale and prints (and writes) the table. */
    public static void run(SparkSession spark, List<Double> scales, String communes, String out, Progress progress)
            throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        URI uri = fs.path(out).toUri();
        if (!"file".equals(uri.getScheme())) {
            throw new IllegalArgumentException(
                    "bench service-index needs a local --out folder (DuckDB reads the files): " + out);
        }
        Path bench = Paths.get(uri);
        Path root = bench.resolve("service-index");
        Files.createDirectories(root);
        List<Measure> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add(ProcessStats.machine(spark.sparkContext().master()));
        for (double scale : scales) {
            if (!(scale > 0)) {
                throw new IllegalArgumentException("scale must be positive, got " + scale);
            }
            String s = text(scale);
            Path data = root.resolve("scale-" + s);
            ensureData(spark, fs, data, scale, communes, progress, notes);
            Path work = root.resolve("runs").resolve("scale-" + s);
            BenchFiles.deleteTree(work);
            Files.createDirectories(work);

            progress.stage("bench", "scale " + s + ": the workbench (service-index: records in, validated, index out)");
            Progress quiet = new Progress(new PrintStream(OutputStream.nullOutputStream()));
            Clock c = new Clock();
            ServiceIndexJob.Result result = ServiceIndexJob.run(
                    spark,
                    new ServiceIndexJob.Options(
                            data.toString(),
                            List.of("2024", "2022"),
                            LocalDate.parse(AS_OF),
                            java.util.Set.of(org.chiso.service.Catalogue.PROVINCE)),
                    ServiceScheme.bundled(),
                    quiet);
            c.stop();
            long dossiers = result.rowsIn();
            rows.add(
                    new Measure("workbench (Spark " + spark.version() + ")", scale, dossiers, c.wall, c.cpu, c.load()));
            progress.done("bench", String.format(Locale.ROOT, "%.1f s wall, %.1f s CPU, %s", c.wall, c.cpu, c.load()));

            progress.stage(
                    "bench",
                    "scale " + s + ": DuckDB (JDBC, in memory, threads=" + DuckDbEngine.THREADS + ", memory_limit="
                            + DUCKDB_MEMORY + ")");
            Map<String, Double> duck;
            String version;
            Clock d = new Clock();
            try (Connection conn = DriverManager.getConnection("jdbc:duckdb:")) {
                try (Statement st = conn.createStatement()) {
                    st.execute("SET threads=" + DuckDbEngine.THREADS);
                    // the workbench's JVM may hold its 8 GiB heap meanwhile: DuckDB spills beyond its own 8 GB
                    st.execute("SET memory_limit='" + DUCKDB_MEMORY + "'");
                    Path tmp = work.resolve("duckdb-tmp");
                    Files.createDirectories(tmp);
                    st.execute("SET temp_directory='" + tmp.toString().replace("'", "''") + "'");
                    try (ResultSet v = st.executeQuery("SELECT version()")) {
                        v.next();
                        version = v.getString(1);
                    }
                }
                ServiceIndexDuckDb.run(
                        conn, data, ServiceIndexDuckDb.scheme(work.resolve("scheme")), LocalDate.parse(AS_OF));
                duck = ServiceIndexDuckDb.totals(conn);
            } catch (SQLException e) {
                throw new IOException("DuckDB failed at scale " + s + ": " + e.getMessage(), e);
            }
            d.stop();
            rows.add(new Measure(
                    "DuckDB " + version + " (JDBC, threads=" + DuckDbEngine.THREADS + ", memory_limit=" + DUCKDB_MEMORY
                            + ")",
                    scale,
                    dossiers,
                    d.wall,
                    d.cpu,
                    d.load()));
            progress.done("bench", String.format(Locale.ROOT, "%.1f s wall, %.1f s CPU, %s", d.wall, d.cpu, d.load()));
            notes.add(compare(result, duck, s));
            write(bench, rows, notes);
        }
        progress.line("");
        progress.line("# bench service-index");
        progress.line(format(rows, notes));
        progress.line("written to " + bench.resolve("service-index.md") + " and service-index-bench.csv");
    }

    /** The workbench's totals against DuckDB's: the same cells, the largest difference; fails beyond the tolerance. */
    private static String compare(ServiceIndexJob.Result result, Map<String, Double> duck, String scale) {
        List<Row> engine = result.tables().index().rows();
        double max = 0;
        int missing = 0;
        for (Row r : engine) {
            Double t = duck.get(r.getAs("version") + "|" + r.getAs("unit_key") + "|" + r.getAs("period_type") + "|"
                    + r.getAs("period"));
            if (t == null) {
                missing++;
            } else {
                max = Math.max(max, Math.abs(t - r.<Double>getAs("total")));
            }
        }
        if (missing > 0 || engine.size() != duck.size() || max > TOLERANCE) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "scale %s: DuckDB and the workbench disagree: %,d workbench totals, %,d DuckDB totals, %,d"
                            + " workbench cells without a DuckDB total, largest difference %.3g",
                    scale,
                    engine.size(),
                    duck.size(),
                    missing,
                    max));
        }
        return String.format(
                Locale.ROOT,
                "scale %s: DuckDB's %,d totals (unit x period x version) equal the workbench's, largest difference %.2g",
                scale,
                engine.size(),
                max);
    }

    private static void ensureData(
            SparkSession spark, Fs fs, Path data, double scale, String communes, Progress progress, List<String> notes)
            throws IOException {
        Path marker = data.resolve("bench-complete.txt");
        String want = "seed=" + SEED + " scale=" + text(scale) + "\n";
        if (Files.exists(marker) && Files.readString(marker).equals(want)) {
            progress.line("[bench] scale " + text(scale) + ": reusing the dossiers in " + data);
            return;
        }
        BenchFiles.deleteTree(data);
        long t0 = System.nanoTime();
        DossierModel m = DossierGenerator.model(SEED, scale, DossierGenerator.communes(fs, communes, progress));
        DossierGenerator.Summary sum = DossierGenerator.write(spark, fs, data.toString(), m, progress);
        Files.writeString(marker, want);
        notes.add(String.format(
                Locale.ROOT,
                "scale %s: %,d SYNTHETIC dossiers generated in %.0f s (%.0f MB)",
                text(scale),
                sum.dossiers(),
                (System.nanoTime() - t0) / 1e9,
                BenchFiles.treeSize(data) / 1e6));
    }

    /** The table and notes as Markdown. */
    static String format(List<Measure> rows, List<String> notes) {
        StringBuilder b = new StringBuilder();
        b.append("| scale | engine | dossiers | wall s | CPU s | dossiers/s | x DuckDB (wall) |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Measure m : rows) {
            Measure duck = duckOf(rows, m.scale());
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %,d | %.1f | %.1f | %,.0f | %s |\n",
                    text(m.scale()),
                    m.engine(),
                    m.dossiers(),
                    m.wall(),
                    m.cpu(),
                    m.dossiers() / m.wall(),
                    duck == null ? "" : String.format(Locale.ROOT, "%.2f", m.wall() / duck.wall())));
        }
        List<String> growth = growth(rows);
        b.append('\n');
        for (String g : growth) {
            b.append("- ").append(g).append('\n');
        }
        for (String n : notes) {
            b.append("- ").append(n).append('\n');
        }
        for (Measure m : rows) {
            b.append("- ")
                    .append(text(m.scale()))
                    .append(", ")
                    .append(m.engine())
                    .append(": ")
                    .append(m.load())
                    .append('\n');
        }
        return b.toString();
    }

    private static Measure duckOf(List<Measure> rows, double scale) {
        return rows.stream()
                .filter(r -> r.scale() == scale && r.engine().startsWith("DuckDB"))
                .findFirst()
                .orElse(null);
    }

    /** Per engine: wall seconds per dossier at the last scale over the first, minus one. */
    static List<String> growth(List<Measure> rows) {
        List<String> out = new ArrayList<>();
        for (String prefix : List.of("workbench", "DuckDB")) {
            List<Measure> m =
                    rows.stream().filter(r -> r.engine().startsWith(prefix)).toList();
            if (m.size() < 2) {
                continue;
            }
            Measure a = m.get(0);
            Measure z = m.get(m.size() - 1);
            double g = (z.wall() / z.dossiers()) / (a.wall() / a.dossiers()) - 1;
            out.add(String.format(
                    Locale.ROOT,
                    "%s: per-dossier cost (wall) %+.0f%% from scale %s to %s (%.3g to %.3g ms per dossier)",
                    prefix,
                    100 * g,
                    text(a.scale()),
                    text(z.scale()),
                    1e3 * a.wall() / a.dossiers(),
                    1e3 * z.wall() / z.dossiers()));
        }
        return out;
    }

    private static void write(Path bench, List<Measure> rows, List<String> notes) throws IOException {
        Files.writeString(
                bench.resolve("service-index.md"),
                "# bench service-index\n\nSYNTHETIC dossiers (`./workbench demo-data --dossiers`, seed " + SEED
                        + "); command: `./workbench bench service-index --scale ...`.\n\n" + format(rows, notes));
        StringBuilder csv = new StringBuilder("scale,engine,dossiers,wall_seconds,cpu_seconds,dossiers_per_second\n");
        for (Measure m : rows) {
            csv.append(String.format(
                    Locale.ROOT,
                    "%s,\"%s\",%d,%.3f,%.3f,%.1f\n",
                    text(m.scale()),
                    m.engine().replace("\"", "\"\""),
                    m.dossiers(),
                    m.wall(),
                    m.cpu(),
                    m.dossiers() / m.wall()));
        }
        Files.writeString(bench.resolve("service-index-bench.csv"), csv.toString());
    }

    /** A scale as its shortest decimal: 0.05, 1, 10. */
    static String text(double scale) {
        return java.math.BigDecimal.valueOf(scale).stripTrailingZeros().toPlainString();
    }

    /** The default commune file: {@code ../shared/data/admin/commune_conversion_2025.csv} from the repository. */
    public static String defaultCommunes() {
        return Path.of(OutputLayout.home())
                .resolve("../shared/data/admin/commune_conversion_2025.csv")
                .normalize()
                .toString();
    }
}
