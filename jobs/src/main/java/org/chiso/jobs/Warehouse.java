package org.chiso.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.chiso.io.Fs;
import org.chiso.io.OutputLayout;
import org.chiso.io.Progress;

/**
 * The warehouse of an output folder: Delta Lake tables, and the run records that make a run's writes visible
 * together.
 *
 * <p>Layout under the warehouse folder ({@link OutputLayout#warehouse()}):
 * <ul>
 *   <li>{@code <table>/}: one Delta table each; every write is a Delta transaction, so a reader never sees a
 *   half-written table.</li>
 *   <li>{@code _commits/<n>.json}: one per completed run, numbered from 1: the run's id and command and the Delta
 *   version of every table as the run left it.</li>
 *   <li>{@code _runs/<run>.json}: a run that is writing, or one that was killed before it completed.</li>
 *   <li>{@code _lock}: held (an operating-system file lock, released when the process ends however it ends) by the
 *   command that uses the output folder.</li>
 * </ul>
 *
 * <p>What a command reads is the versions of the newest commit ({@link #open}), or of a named run ({@link #asOf}):
 * always the state a completed run left. A writing command works in a run ({@link #begin}): its reads see its own
 * writes, and its writes become visible to others only when it {@link #commit}s. A run that ends without committing
 * (an error, or a killed process found by the next writer) is discarded: each table is restored to the committed
 * version (Delta's restore, itself a new version; the history stays readable).
 */
public final class Warehouse implements AutoCloseable {
    public static final String SCORES = "scores";
    public static final String FACTS = "published_facts";
    public static final String REJECTS = "rejects";
    public static final String FILES = "ingest_files";
    public static final String CHECKS = "derivation_checks";
    /** Province covariates (population, GRDP, ...) on both bases, written by ingest. */
    public static final String COVARIATES = "covariates";

    public static final String ESTIMATES = "estimates";
    public static final String MICRODATA = "microdata";
    public static final String DOSSIERS = "dossiers";
    public static final String MICRODATA_REJECTS = "microdata_rejects";
    /** The design-weighted Cronbach's alphas of the microdata, written by estimate beside the estimates. */
    public static final String DESIGN_ALPHA = "design_alpha";

    static final String COMMITS = "_commits";
    static final String RUNS = "_runs";
    private static final Pattern LOG_FILE = Pattern.compile("(\\d{20})\\.json");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    /** The runs open in this JVM, by warehouse folder: a stage started inside a pipeline run joins it. */
    private static final Map<String, Warehouse> OPEN = new HashMap<>();

    /** One completed run's record: its number, id, command, times and the Delta version of every table. */
    public record Commit(
            long number, String run, String command, String started, String finished, Map<String, Long> tables) {
        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("commit", number);
            m.put("run", run);
            m.put("command", command);
            m.put("finished", finished);
            m.put("tables", new TreeMap<>(tables));
            return m;
        }
    }

    /** A run that started writing and never committed (its process was killed). */
    public record Incomplete(String run, String command, String started, long pid) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "run %s (%s, started %s, process %d)", run, command, started, pid);
        }
    }

    private final SparkSession spark;
    private final Fs fs;
    private final String root;
    private final Commit basis;
    private final Map<String, Long> versions;
    /** Tables read so far, by name and version (a Delta snapshot is resolved once); shared with joined stages. */
    private final Map<String, Dataset<Row>> reads;
    /** The run this handle writes in (null: a read-only view). */
    private final Run run;
    /** True for a stage's handle inside a run started by its caller: commit and close are the caller's. */
    private final boolean joined;

    private static final class Run {
        final String id;
        final String command;
        final String started;
        boolean done;

        Run(String id, String command, String started) {
            this.id = id;
            this.command = command;
            this.started = started;
        }
    }

    private Warehouse(
            SparkSession spark,
            Fs fs,
            String root,
            Commit basis,
            Map<String, Long> versions,
            Map<String, Dataset<Row>> reads,
            Run run,
            boolean joined) {
        this.reads = reads;
        this.spark = spark;
        this.fs = fs;
        this.root = root;
        this.basis = basis;
        this.versions = versions;
        this.run = run;
        this.joined = joined;
    }

    // ----------------------------------------------------------------------------------------------------------
    // Opening

    /**
     * The warehouse as the newest completed run left it (or, inside a run of this process on the same folder, that
     * run's view with its own writes).
     */
    public static Warehouse open(SparkSession spark, String out) throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        String root = OutputLayout.of(out).warehouse();
        synchronized (OPEN) {
            Warehouse w = OPEN.get(key(fs, root));
            if (w != null) {
                return new Warehouse(spark, fs, root, w.basis, w.versions, w.reads, w.run, true);
            }
        }
        Commit c = lastCommit(fs, root);
        return new Warehouse(
                spark, fs, root, c, c == null ? Map.of() : Map.copyOf(c.tables()), new HashMap<>(), null, false);
    }

    /**
     * The warehouse as a run left it: {@code run} is a run id of the warehouse's commits, or a report run whose
     * manifest recorded the table versions it read (Delta time travel).
     */
    public static Warehouse asOf(SparkSession spark, String out, String run) throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        OutputLayout layout = OutputLayout.of(out);
        String manifest = Fs.child(Fs.child(layout.reports(), run), "manifest.json");
        if (fs.exists(manifest)) {
            JsonNode w = JSON.readTree(fs.read(manifest)).path("warehouse");
            if (w.isMissingNode() || !w.path("tables").isObject()) {
                throw new IllegalArgumentException("--as-of " + run + ": the manifest " + Fs.display(manifest)
                        + " records no warehouse versions (it was written before the warehouse was transactional)");
            }
            Commit c = commit(w.path("commit").asLong(), w);
            return new Warehouse(
                    spark, fs, layout.warehouse(), c, Map.copyOf(c.tables()), new HashMap<>(), null, false);
        }
        List<Commit> all = commitsUnder(fs, layout.warehouse());
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).run().equals(run)) {
                return new Warehouse(
                        spark,
                        fs,
                        layout.warehouse(),
                        all.get(i),
                        Map.copyOf(all.get(i).tables()),
                        new HashMap<>(),
                        null,
                        false);
            }
        }
        throw new IllegalArgumentException("--as-of " + run + ": neither a report run in "
                + Fs.display(layout.reports()) + " nor a run of the warehouse " + Fs.display(layout.warehouse())
                + " (`./workbench warehouse` lists its runs)");
    }

    /**
     * Starts a writing run on an output folder, or joins the one this process already has open there. The output
     * folder's lock is taken (a second command stops with a message naming the first); a run left incomplete by a
     * killed process is discarded first, with a line saying so.
     */
    public static Warehouse begin(SparkSession spark, String out, String command, Progress progress)
            throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        String root = OutputLayout.of(out).warehouse();
        synchronized (OPEN) {
            Warehouse open = OPEN.get(key(fs, root));
            if (open != null) {
                return new Warehouse(spark, fs, root, open.basis, open.versions, open.reads, open.run, true);
            }
        }
        WarehouseLock.lock(fs, root, command);
        try {
            discardIncomplete(spark, fs, root, progress);
            Commit c = lastCommit(fs, root);
            String started = Instant.now().toString();
            String id = runId(fs, root);
            Run run = new Run(id, command, started);
            ObjectNode r = JSON.createObjectNode();
            r.put("run", id);
            r.put("command", command);
            r.put("started", started);
            r.put("pid", ProcessHandle.current().pid());
            r.put("basis", c == null ? 0 : c.number());
            fs.write(Fs.child(Fs.child(root, RUNS), id + ".json"), JSON.writeValueAsBytes(r));
            Warehouse w = new Warehouse(
                    spark, fs, root, c, new TreeMap<>(c == null ? Map.of() : c.tables()), new HashMap<>(), run, false);
            synchronized (OPEN) {
                OPEN.put(key(fs, root), w);
            }
            return w;
        } catch (IOException | RuntimeException e) {
            WarehouseLock.unlock(fs, root);
            throw e;
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Reading

    /** The warehouse folder. */
    public String root() {
        return root;
    }

    /** A table's folder. */
    public String table(String name) {
        return Fs.child(root, name);
    }

    /** Whether the state this handle reads has the table. */
    public boolean has(String name) {
        return versions.containsKey(name);
    }

    /** The table at the version this handle reads. */
    public Dataset<Row> read(String name) {
        Long v = versions.get(name);
        if (v == null) {
            throw new WarehouseStateException("the warehouse " + Fs.display(root) + " has no table " + name
                    + (basis == null
                            ? ": no run has completed there yet; run ./workbench all (or ingest) first"
                            : " as of run " + basis.run()));
        }
        return reads.computeIfAbsent(
                name + "@" + v,
                k -> spark.read().format("delta").option("versionAsOf", v).load(table(name)));
    }

    /** The Delta version of a table this handle reads (null when absent). */
    public Long version(String name) {
        return versions.get(name);
    }

    /** The commit this handle reads (null when no run has completed). */
    public Commit basis() {
        return basis;
    }

    /** What a report run's manifest records of the warehouse it read. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        long number = basis == null ? 0 : basis.number();
        // inside a writing run: the commit it makes when its report is complete
        m.put("commit", run != null ? number + 1 : number);
        m.put("run", run != null ? run.id : basis == null ? null : basis.run());
        m.put("tables", new TreeMap<>(versions));
        return m;
    }

    /** Runs that started writing and never committed, oldest first (none while a writer holds the folder). */
    public static List<Incomplete> incomplete(Fs fs, String out) throws IOException {
        return incompleteRuns(fs, OutputLayout.of(out).warehouse());
    }

    /** Every completed run's record, oldest first. */
    public static List<Commit> commits(Fs fs, String out) throws IOException {
        return commitsUnder(fs, OutputLayout.of(out).warehouse());
    }

    // ----------------------------------------------------------------------------------------------------------
    // Writing

    /** Replaces a table's content (a new Delta version; the schema may change). */
    public long overwrite(String name, Dataset<Row> data, String... partitionBy) throws IOException {
        requireRun(name);
        dropForeign(name);
        data.write()
                .format("delta")
                .mode(SaveMode.Overwrite)
                .option("overwriteSchema", "true")
                .partitionBy(partitionBy)
                .save(table(name));
        long v = latestVersion(fs, table(name));
        versions.put(name, v);
        return v;
    }

    /** What a {@link #sync} changed: rows removed and added; zero and zero when nothing was written. */
    public record Change(long removed, long added, boolean rewritten) {
        @Override
        public String toString() {
            return rewritten
                    ? "table rewritten (its columns changed)"
                    : removed == 0 && added == 0
                            ? "unchanged"
                            : String.format(Locale.ROOT, "%d rows removed, %d added", removed, added);
        }
    }

    /**
     * Makes the rows of a table that satisfy {@code scope} (a SQL predicate; null for every row) equal to
     * {@code data}, writing only the difference: rows no longer there are deleted and new rows appended in one Delta
     * MERGE on every column (null-safe), so files without a changed row are not rewritten; nothing is written when
     * nothing changed. A table that does not exist yet, or whose columns differ from {@code data}'s, is written whole.
     */
    public Change sync(String name, Dataset<Row> data, String scope, String... partitionBy) throws IOException {
        requireRun(name);
        if (!has(name)) {
            overwrite(name, data, partitionBy);
            return new Change(0, data.count(), false);
        }
        Dataset<Row> current = read(name);
        if (!columns(current).equals(columns(data))) {
            // the columns changed (a newer workbench): the table is written whole, rows out of scope kept
            Dataset<Row> whole = scope == null
                    ? data
                    : current.filter(functions.not(functions.expr(scope)))
                            .select(java.util.Arrays.stream(data.schema().fields())
                                    .map(f -> functions.col(f.name()).cast(f.dataType()))
                                    .toArray(org.apache.spark.sql.Column[]::new))
                            .unionByName(data)
                            .localCheckpoint();
            overwrite(name, whole, partitionBy);
            return new Change(0, data.count(), true);
        }
        data = data.select(java.util.Arrays.stream(current.columns())
                .map(functions::col)
                .toArray(org.apache.spark.sql.Column[]::new));
        if (scope != null) {
            current = current.filter(functions.expr(scope));
        }
        String[] cols = data.columns();
        // the difference as multisets of rows, on the driver: warehouse tables other than the microdata are small
        // (thousands of rows), and two collects cost less than the shuffles of a distributed difference
        Map<Row, Integer> left = new HashMap<>();
        for (Row r : current.collectAsList()) {
            left.merge(plain(r), 1, Integer::sum);
        }
        List<Row> addedRows = new ArrayList<>();
        for (Row r : data.collectAsList()) {
            Row k = plain(r);
            Integer n = left.get(k);
            if (n == null) {
                addedRows.add(k);
            } else if (n == 1) {
                left.remove(k);
            } else {
                left.put(k, n - 1);
            }
        }
        List<Row> changed = new ArrayList<>();
        left.forEach((r, n) -> {
            for (int i = 0; i < n; i++) {
                changed.add(withValues(r, "D"));
            }
        });
        addedRows.forEach(r -> changed.add(withValues(r, "I")));
        long removed = changed.size() - addedRows.size();
        long inserted = addedRows.size();
        Dataset<Row> changes = spark.createDataFrame(
                changed, data.schema().add("_op", org.apache.spark.sql.types.DataTypes.StringType, false));
        if (removed == 0 && inserted > 0) {
            // only new rows: appended as new files, nothing else touched
            changes.filter("_op = 'I'")
                    .drop("_op")
                    .write()
                    .format("delta")
                    .mode(SaveMode.Append)
                    .save(table(name));
            versions.put(name, latestVersion(fs, table(name)));
        } else if (removed > 0) {
            StringBuilder on = new StringBuilder();
            Map<String, String> insert = new LinkedHashMap<>();
            for (String c : cols) {
                on.append("t.`").append(c).append("` <=> s.`").append(c).append("` AND ");
                insert.put("`" + c + "`", "s.`" + c + "`");
            }
            on.append("s._op = 'D'");
            DeltaTable.forPath(spark, table(name))
                    .as("t")
                    .merge(changes.as("s"), on.toString())
                    .whenMatched()
                    .delete()
                    .whenNotMatched("s._op = 'I'")
                    .insertExpr(insert)
                    .execute();
            versions.put(name, latestVersion(fs, table(name)));
        }
        return new Change(removed, inserted, false);
    }

    /**
     * Completes the run: its table versions become what every reader sees (a new {@code _commits/<n>.json}), and the
     * output folder is released. A no-op for a read-only view and for a stage that joined its caller's run.
     */
    public void commit() throws IOException {
        if (run == null || joined || run.done) {
            return;
        }
        long n = basis == null ? 1 : basis.number() + 1;
        ObjectNode c = JSON.createObjectNode();
        c.put("commit", n);
        c.put("run", run.id);
        c.put("command", run.command);
        c.put("started", run.started);
        c.put("finished", Instant.now().toString());
        ObjectNode t = c.putObject("tables");
        new TreeMap<>(versions).forEach(t::put);
        String commits = Fs.child(root, COMMITS);
        String tmp = Fs.child(commits, "." + name(n) + ".tmp");
        fs.write(tmp, JSON.writeValueAsBytes(c));
        Path to = fs.path(Fs.child(commits, name(n)));
        FileSystem hfs = to.getFileSystem(fs.configuration());
        if (hfs.exists(to) || !hfs.rename(fs.path(tmp), to)) {
            throw new IOException("could not record commit " + n + " in " + Fs.display(commits));
        }
        fs.delete(Fs.child(Fs.child(root, RUNS), run.id + ".json"));
        run.done = true;
        release();
    }

    /**
     * Ends the handle. A run that did not commit is discarded now: its tables go back to the committed versions. A
     * no-op for a read-only view and for a joined stage.
     */
    @Override
    public void close() throws IOException {
        if (run == null || joined || run.done) {
            return;
        }
        run.done = true;
        try {
            restore(spark, fs, root, basis == null ? Map.of() : basis.tables(), null);
            fs.delete(Fs.child(Fs.child(root, RUNS), run.id + ".json"));
        } finally {
            release();
        }
    }

    /**
     * The view of the newest commit even inside a run of this process (what another process reads meanwhile).
     */
    static Warehouse committed(SparkSession spark, String out) throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        String root = OutputLayout.of(out).warehouse();
        Commit c = lastCommit(fs, root);
        return new Warehouse(
                spark, fs, root, c, c == null ? Map.of() : Map.copyOf(c.tables()), new HashMap<>(), null, false);
    }

    /**
     * Ends this process's part in the run as a killed process would: nothing restored, the run record left behind,
     * the folder released. For the tests of recovery.
     */
    void abandon() throws IOException {
        if (run != null && !joined) {
            run.done = true;
            release();
        }
    }

    /**
     * Takes the output folder's lock for a command ({@link WarehouseLock}), or stops with a message naming the
     * command that holds it.
     */
    public static AutoCloseable lock(SparkSession spark, String out, String command) throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        String root = OutputLayout.of(out).warehouse();
        WarehouseLock.lock(fs, root, command);
        return () -> WarehouseLock.unlock(fs, root);
    }

    /** This run's id (null for a read-only view). */
    public String runId() {
        return run == null ? null : run.id;
    }

    private void release() throws IOException {
        synchronized (OPEN) {
            OPEN.remove(key(fs, root));
        }
        WarehouseLock.unlock(fs, root);
    }

    private void requireRun(String name) {
        if (run == null || run.done) {
            throw new IllegalStateException("writing warehouse table " + name + " outside a run");
        }
    }

    /** A row's values without its schema (rows read and rows given compare by value). */
    private static Row plain(Row r) {
        return withValues(r);
    }

    /** The row's values, then {@code more}, as a schema-less row. */
    private static Row withValues(Row r, Object... more) {
        Object[] v = new Object[r.length() + more.length];
        for (int i = 0; i < r.length(); i++) {
            v[i] = r.get(i);
        }
        System.arraycopy(more, 0, v, r.length(), more.length);
        return org.apache.spark.sql.RowFactory.create(v);
    }

    /** Column names and types in order (nullability aside: Delta may record it differently). */
    private static List<String> columns(Dataset<Row> d) {
        return java.util.Arrays.stream(d.schema().fields())
                .map(f -> f.name() + ":" + f.dataType().sql())
                .toList();
    }

    /** A table folder that is not a Delta table (the Parquet warehouse of earlier versions) is removed. */
    private void dropForeign(String name) throws IOException {
        if (fs.exists(table(name)) && !fs.exists(Fs.child(table(name), "_delta_log"))) {
            fs.delete(table(name));
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Runs, commits, recovery

    private static void discardIncomplete(SparkSession spark, Fs fs, String root, Progress progress)
            throws IOException {
        List<Incomplete> left = incompleteRuns(fs, root);
        Commit c = lastCommit(fs, root);
        for (Incomplete i : left) {
            progress.line("[warehouse] " + i + " did not complete: its writes are discarded; the tables go back to "
                    + (c == null ? "empty (no run had completed)" : "the versions of run " + c.run()));
        }
        restore(spark, fs, root, c == null ? Map.of() : c.tables(), progress);
        for (Incomplete i : left) {
            fs.delete(Fs.child(Fs.child(root, RUNS), i.run() + ".json"));
        }
    }

    /** Restores every table whose newest version is not the committed one; drops tables no commit has. */
    private static void restore(SparkSession spark, Fs fs, String root, Map<String, Long> committed, Progress progress)
            throws IOException {
        Path r = fs.path(root);
        FileSystem hfs = r.getFileSystem(fs.configuration());
        if (!hfs.exists(r)) {
            return;
        }
        for (FileStatus st : hfs.listStatus(r)) {
            String name = st.getPath().getName();
            if (!st.isDirectory() || name.startsWith("_") || name.startsWith(".")) {
                continue;
            }
            String table = Fs.child(root, name);
            Long keep = committed.get(name);
            if (!fs.exists(Fs.child(table, "_delta_log"))) {
                continue; // not a Delta table: dropped when it is next written
            }
            if (keep == null) {
                fs.delete(table);
                if (progress != null) {
                    progress.line("[warehouse]   " + name + ": removed (no completed run wrote it)");
                }
            } else if (latestVersion(fs, table) != keep) {
                DeltaTable.forPath(spark, table).restoreToVersion(keep);
                if (progress != null) {
                    progress.line("[warehouse]   " + name + ": restored to version " + keep);
                }
            }
        }
    }

    static List<Incomplete> incompleteRuns(Fs fs, String root) throws IOException {
        List<Incomplete> out = new ArrayList<>();
        for (String f : jsonFiles(fs, Fs.child(root, RUNS))) {
            JsonNode n;
            try {
                n = JSON.readTree(fs.read(f));
            } catch (IOException e) {
                n = JSON.createObjectNode().put("run", new Path(f).getName().replace(".json", ""));
            }
            out.add(new Incomplete(
                    n.path("run").asText(),
                    n.path("command").asText("?"),
                    n.path("started").asText("?"),
                    n.path("pid").asLong(-1)));
        }
        out.sort(java.util.Comparator.comparing(Incomplete::started));
        return out;
    }

    private static List<Commit> commitsUnder(Fs fs, String root) throws IOException {
        List<Commit> out = new ArrayList<>();
        for (String f : jsonFiles(fs, Fs.child(root, COMMITS))) {
            JsonNode n = JSON.readTree(fs.read(f));
            out.add(commit(n.path("commit").asLong(), n));
        }
        out.sort(java.util.Comparator.comparingLong(Commit::number));
        return out;
    }

    private static Commit commit(long number, JsonNode n) {
        Map<String, Long> tables = new TreeMap<>();
        n.path("tables")
                .fields()
                .forEachRemaining(e -> tables.put(e.getKey(), e.getValue().asLong()));
        return new Commit(
                number,
                n.path("run").asText(),
                n.path("command").asText(""),
                n.path("started").asText(""),
                n.path("finished").asText(""),
                Collections.unmodifiableMap(tables));
    }

    static Commit lastCommit(Fs fs, String root) throws IOException {
        List<Commit> all = commitsUnder(fs, root);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private static List<String> jsonFiles(Fs fs, String folder) throws IOException {
        Path p = fs.path(folder);
        FileSystem hfs = p.getFileSystem(fs.configuration());
        List<String> out = new ArrayList<>();
        if (!hfs.exists(p)) {
            return out;
        }
        for (FileStatus st : hfs.listStatus(p)) {
            String n = st.getPath().getName();
            if (st.isFile() && n.endsWith(".json") && !n.startsWith(".")) {
                out.add(st.getPath().toString());
            }
        }
        Collections.sort(out);
        return out;
    }

    /** The newest version in a Delta table's log (-1 when there is none). */
    static long latestVersion(Fs fs, String table) throws IOException {
        Path log = fs.path(Fs.child(table, "_delta_log"));
        FileSystem hfs = log.getFileSystem(fs.configuration());
        long max = -1;
        if (!hfs.exists(log)) {
            return max;
        }
        for (FileStatus st : hfs.listStatus(log)) {
            Matcher m = LOG_FILE.matcher(st.getPath().getName());
            if (m.matches()) {
                max = Math.max(max, Long.parseLong(m.group(1)));
            }
        }
        return max;
    }

    private static String name(long n) {
        return String.format(Locale.ROOT, "%06d.json", n);
    }

    private static String runId(Fs fs, String root) throws IOException {
        String base = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC)
                .format(Instant.now());
        String id = base;
        int n = 1;
        java.util.Set<String> used = new java.util.HashSet<>();
        commitsUnder(fs, root).forEach(c -> used.add(c.run()));
        while (used.contains(id) || fs.exists(Fs.child(Fs.child(root, RUNS), id + ".json"))) {
            id = base + "-" + (++n);
        }
        return id;
    }

    private static String key(Fs fs, String root) throws IOException {
        return fs.path(root).toString();
    }
}
