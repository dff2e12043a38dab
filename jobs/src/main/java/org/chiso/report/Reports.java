package org.chiso.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Read access to one finished report run ({@code <out>/reports/<run-id>/}: {@code manifest.json} and
 * {@code tables/<name>.csv|.parquet}), for notebooks and other Java code.
 *
 * <pre>{@code
 * Reports run = Reports.latest();                 // reports/latest, found from the working directory upwards
 * run.tables();                                   // [cluster_excluded, ..., trends]
 * ReportTable cov = run.table("coverage");        // in memory, from the CSV
 * Dataset<Row> panel = run.dataset(spark, "panel_63");   // Spark, from the Parquet
 * run.manifest().path("versions").path("spark").asText();
 * }</pre>
 *
 * <p>Tables are read once and cached; a run folder is never written to.
 */
public final class Reports {
    /** System property naming the output folder (the one holding {@code reports/}). */
    public static final String OUT_PROPERTY = "workbench.out";
    /** Environment variable naming the output folder, used when the system property is not set. */
    public static final String OUT_ENV = "WORKBENCH_OUT";

    private final Path folder;
    private final Map<String, ReportTable> cache = new ConcurrentHashMap<>();
    private JsonNode manifest;

    private Reports(Path folder) {
        this.folder = folder;
    }

    /**
     * The latest completed run. The output folder is the system property {@value #OUT_PROPERTY}, else the
     * environment variable {@value #OUT_ENV}, else the first folder holding {@code reports/latest} found from the
     * working directory upwards (so a notebook in {@code notebooks/} finds the repository's {@code ../reports/latest}).
     * The named folder may be the output folder, its {@code reports} folder or a run folder itself.
     *
     * @throws IllegalStateException naming the places searched when there is no completed run
     */
    public static Reports latest() {
        String configured = System.getProperty(OUT_PROPERTY);
        String source = "system property " + OUT_PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(OUT_ENV);
            source = "environment variable " + OUT_ENV;
        }
        if (configured != null && !configured.isBlank()) {
            Path out = Path.of(configured).toAbsolutePath().normalize();
            Path run = resolveRun(out);
            if (run == null) {
                throw new IllegalStateException(
                        "no completed report run under " + out + " (from " + source + "): expected "
                                + out.resolve("reports/latest") + " or reports/LATEST; run `./workbench all` first");
            }
            return new Reports(run);
        }
        Path cwd = Path.of("").toAbsolutePath().normalize();
        List<Path> searched = new ArrayList<>();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            searched.add(dir.resolve("reports"));
            Path run = resolveRun(dir);
            if (run != null && !isRun(dir)) {
                return new Reports(run);
            }
        }
        throw new IllegalStateException("no completed report run found: looked for reports/latest under " + searched
                + " (set -D" + OUT_PROPERTY + "=<output folder> or " + OUT_ENV + "; run `./workbench all` first)");
    }

    /** The latest completed run under an output folder (or its {@code reports} folder). */
    public static Reports latest(Path out) {
        Path run = resolveRun(out.toAbsolutePath().normalize());
        if (run == null) {
            throw new IllegalStateException(
                    "no completed report run under " + out + ": no reports/latest or reports/LATEST");
        }
        return new Reports(run);
    }

    /**
     * A run folder, e.g. {@code reports/20261122T032506Z}.
     *
     * @throws IllegalArgumentException if the folder has neither {@code manifest.json} nor {@code tables/}
     */
    public static Reports open(String runFolder) {
        Path p = Path.of(runFolder).toAbsolutePath().normalize();
        if (!isRun(p)) {
            throw new IllegalArgumentException("not a report run folder (no manifest.json or tables/): " + p);
        }
        return new Reports(p);
    }

    /** The run folder: {@code out} itself, {@code out/latest} (a reports folder) or {@code out/reports/latest}. */
    private static Path resolveRun(Path out) {
        if (isRun(out)) {
            return out;
        }
        for (Path reports : List.of(out.resolve("reports"), out)) {
            Path link = reports.resolve("latest");
            if (isRun(link)) {
                return real(link);
            }
            Path marker = reports.resolve("LATEST");
            if (Files.isRegularFile(marker)) {
                try {
                    String id = Files.readString(marker, StandardCharsets.UTF_8).trim();
                    if (!id.isEmpty() && isRun(reports.resolve(id))) {
                        return reports.resolve(id);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + marker, e);
                }
            }
        }
        return null;
    }

    private static boolean isRun(Path p) {
        return Files.isDirectory(p)
                && (Files.isRegularFile(p.resolve("manifest.json")) || Files.isDirectory(p.resolve("tables")));
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    /** The run id: the manifest's {@code run_id}, else the folder name. */
    public String id() {
        if (Files.isRegularFile(folder.resolve("manifest.json"))) {
            String id = manifest().path("run_id").asText("");
            if (!id.isEmpty()) {
                return id;
            }
        }
        return folder.getFileName().toString();
    }

    /** The run folder (absolute, symbolic links resolved). */
    public Path folder() {
        return folder;
    }

    /**
     * The parsed {@code manifest.json}: run_id, started, ended, versions, parameters, inputs, tables (rows, about),
     * conventions, warnings. Use {@code path("a").path("b")} to walk it without null checks.
     */
    public synchronized JsonNode manifest() {
        if (manifest == null) {
            Path f = folder.resolve("manifest.json");
            try {
                manifest = new ObjectMapper().readTree(f.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
        }
        return manifest;
    }

    /** The manifest as plain Java maps, lists, strings, numbers and booleans. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> manifestMap() {
        return new ObjectMapper().convertValue(manifest(), Map.class);
    }

    /** The names of the tables in the run (files {@code tables/<name>.csv} or {@code .parquet}), sorted. */
    public List<String> tables() {
        TreeSet<String> names = new TreeSet<>();
        Path dir = folder.resolve("tables");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.map(f -> f.getFileName().toString())
                        .filter(n -> n.endsWith(".csv") || n.endsWith(".parquet"))
                        .map(n -> n.substring(0, n.lastIndexOf('.')))
                        .forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        return List.copyOf(names);
    }

    /** The manifest's one-line description of a table, or "" if it has none. */
    public String about(String name) {
        return Files.isRegularFile(folder.resolve("manifest.json"))
                ? manifest().path("tables").path(name).path("about").asText("")
                : "";
    }

    /**
     * A table read into memory from {@code tables/<name>.csv} (cached).
     *
     * @throws IllegalArgumentException listing the available tables when there is no such CSV
     */
    public ReportTable table(String name) {
        return cache.computeIfAbsent(name, n -> {
            Path csv = folder.resolve("tables").resolve(n + ".csv");
            if (!Files.isRegularFile(csv)) {
                throw new IllegalArgumentException(
                        "run " + id() + " has no table '" + n + "' (" + csv + "); tables: " + tables());
            }
            try {
                return ReportTable.read(n, csv);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + csv, e);
            }
        });
    }

    /**
     * A table as a Spark Dataset read from {@code tables/<name>.parquet}, with the types the run wrote.
     *
     * @throws IllegalArgumentException listing the available tables when there is no such Parquet
     */
    public Dataset<Row> dataset(SparkSession spark, String name) {
        Path parquet = folder.resolve("tables").resolve(name + ".parquet");
        if (!Files.exists(parquet)) {
            throw new IllegalArgumentException(
                    "run " + id() + " has no table '" + name + "' (" + parquet + "); tables: " + tables());
        }
        return spark.read().parquet(parquet.toString());
    }

    @Override
    public String toString() {
        return "report run " + id() + " at " + folder + " (" + tables().size() + " tables)";
    }
}
