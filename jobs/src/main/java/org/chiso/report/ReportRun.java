package org.chiso.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.chiso.core.Table;
import org.chiso.io.CsvGuard;
import org.chiso.io.Fs;
import org.chiso.io.OutputLayout;

/**
 * One report run: {@code <out>/reports/<run-id>/tables/<name>.parquet} and {@code .csv} for every table.
 * {@link #complete()} switches {@code reports/latest} to this run atomically; a run that fails or is
 * killed before that leaves {@code latest} untouched.
 *
 * <p>CSV tables are written by the workbench itself from the sorted rows (report tables are small):
 * RFC 4180, UTF-8, header row, numbers in Java's shortest round-trip form, empty for null, so two runs on
 * the same inputs give byte-identical files.
 */
public final class ReportRun {
    private static final DateTimeFormatter ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private final Fs fs;
    private final String reports;
    private final String id;
    private final Map<String, Long> rowCounts = new LinkedHashMap<>();
    private final Map<String, String> tableNotes = new LinkedHashMap<>();

    private ReportRun(Fs fs, String reports, String id) {
        this.fs = fs;
        this.reports = reports;
        this.id = id;
    }

    /** A new run folder in the reports folder of {@code out} ({@link OutputLayout}), named by the start time (UTC). */
    public static ReportRun start(Fs fs, String out, Instant started) throws IOException {
        String reports = OutputLayout.of(out).reports();
        String id = ID.format(started);
        int n = 1;
        String candidate = id;
        while (fs.exists(Fs.child(reports, candidate))) {
            candidate = id + "-" + (++n);
        }
        return new ReportRun(fs, reports, candidate);
    }

    public String id() {
        return id;
    }

    /** The run's folder. */
    public String folder() {
        return Fs.child(reports, id);
    }

    /** A path inside the run's folder. */
    public String path(String relative) {
        return Fs.child(folder(), relative);
    }

    /** Row counts of the tables written so far. */
    public Map<String, Long> rowCounts() {
        return rowCounts;
    }

    /** One-line descriptions of the tables written so far (their schema and convention). */
    public Map<String, String> tableNotes() {
        return tableNotes;
    }

    /**
     * Writes a table as Parquet (one file, sorted) and CSV (sorted, deterministic formatting). The Dataset
     * is sorted and collected in one Spark job (report tables are small); the files are written from the
     * driver as {@link #write(String, Table, String, String...)} writes them.
     *
     * @param note one line saying what the table holds and which convention its statistics follow
     */
    public long write(String name, Dataset<Row> table, String note, String... orderBy) throws IOException {
        Dataset<Row> sorted = sorted(table, orderBy);
        if (!ParquetTables.supports(table.schema())) {
            List<Row> rows = sorted.collectAsList();
            sorted.coalesce(1).write().mode(SaveMode.Overwrite).parquet(path("tables/" + name + ".parquet"));
            return written(name, table.schema(), rows, note);
        }
        return writeSorted(name, new Table(table.schema(), sorted.collectAsList()), note);
    }

    /** A table for {@link #writeAll}: as the arguments of {@link #write(String, Dataset, String, String...)}. */
    public record Pending(String name, Dataset<Row> table, String note, String... orderBy) {}

    /**
     * Writes several tables as {@link #write(String, Dataset, String, String...)} writes each, in the given order,
     * while the Spark work of up to two of them (reading their sources, e.g. a Delta snapshot, sorting, collecting)
     * runs at once: for small tables that work is mostly on the driver, so two tables keep both cores busy. The
     * files, row counts and notes are written in list order, as one by one.
     */
    public void writeAll(List<Pending> tables) throws IOException {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "report-tables");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<List<Row>>> rows = new ArrayList<>();
            for (Pending p : tables) {
                rows.add(
                        ParquetTables.supports(p.table().schema())
                                ? pool.submit(
                                        () -> sorted(p.table(), p.orderBy()).collectAsList())
                                : null);
            }
            for (int i = 0; i < tables.size(); i++) {
                Pending p = tables.get(i);
                if (rows.get(i) == null) {
                    write(p.name(), p.table(), p.note(), p.orderBy());
                } else {
                    writeSorted(
                            p.name(), new Table(p.table().schema(), rows.get(i).get()), p.note());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the report tables", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Dataset<Row> sorted(Dataset<Row> table, String... orderBy) {
        Column[] order = new Column[orderBy.length];
        for (int i = 0; i < orderBy.length; i++) {
            order[i] = table.col(orderBy[i]).asc_nulls_first();
        }
        return table.orderBy(order);
    }

    /**
     * Writes a driver-side table without a Spark job: rows sorted in Java as Spark's {@code orderBy} with
     * ascending, nulls-first columns ({@link Table#order}), Parquet (one file) and CSV.
     */
    public long write(String name, Table table, String note, String... orderBy) throws IOException {
        return writeSorted(name, table.sorted(orderBy), note);
    }

    /** From this many rows up, a table's Parquet file is written beside its CSV, on a thread of its own. */
    static final int PARALLEL_ROWS = 50_000;

    private long writeSorted(String name, Table t, String note) throws IOException {
        String parquet = fs.path(path("tables/" + name + ".parquet")).toString();
        if (t.rows().size() < PARALLEL_ROWS) {
            ParquetTables.write(fs.configuration(), parquet, t.schema(), t.rows());
            return written(name, t.schema(), t.rows(), note);
        }
        // a large table (the service index's units x periods): the two files' encodings each take one core
        java.util.concurrent.FutureTask<Void> task = new java.util.concurrent.FutureTask<>(() -> {
            ParquetTables.write(fs.configuration(), parquet, t.schema(), t.rows());
            return null;
        });
        Thread thread = new Thread(task, "report-parquet-" + name);
        thread.setDaemon(true);
        thread.start();
        long n;
        try {
            n = written(name, t.schema(), t.rows(), note);
        } finally {
            try {
                task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing " + parquet, e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IOException(e.getCause());
            }
        }
        return n;
    }

    private long written(String name, StructType schema, List<Row> rows, String note) throws IOException {
        try (java.io.Writer w = new java.io.BufferedWriter(
                new java.io.OutputStreamWriter(
                        fs.create(path("tables/" + name + ".csv")), java.nio.charset.StandardCharsets.UTF_8),
                1 << 16)) {
            csv(schema.fields(), rows, w);
        }
        rowCounts.put(name, (long) rows.size());
        tableNotes.put(name, note);
        return rows.size();
    }

    /** Writes the CSV of rows: a header of the field names, then a line per row (streamed, not built as one text). */
    static void csv(StructField[] fields, List<Row> rows, java.io.Writer w) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                w.append(',');
            }
            w.append(quote(fields[i].name()));
        }
        w.append('\n');
        for (Row r : rows) {
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    w.append(',');
                }
                Object v = r.isNullAt(i) ? null : r.get(i);
                if (v != null) {
                    w.append(quote(v instanceof String t ? CsvGuard.neutralise(t) : format(v)));
                }
            }
            w.append('\n');
        }
    }

    private static String format(Object o) {
        if (o instanceof Double d) {
            return d.isNaN() ? "NaN" : Double.toString(d).replace("E", "e");
        }
        if (o instanceof Float f) {
            return Float.toString(f);
        }
        return String.valueOf(o);
    }

    private static String quote(String s) {
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /**
     * Marks the run complete: writes {@code reports/LATEST} (the run id) by an atomic rename, and on a
     * local file system points the symbolic link {@code reports/latest} at the run, also by an atomic rename.
     */
    public void complete() throws IOException {
        org.apache.hadoop.fs.Path to = fs.path(Fs.child(reports, "LATEST"));
        FileSystem hfs = to.getFileSystem(fs.configuration());
        if (hfs instanceof LocalFileSystem || hfs instanceof RawLocalFileSystem) {
            Path dir = Path.of(fs.path(reports).toUri());
            Path tmp = dir.resolve(".LATEST." + id + ".tmp");
            Files.writeString(tmp, id + "\n");
            Files.move(tmp, dir.resolve("LATEST"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Path link = dir.resolve(".latest." + id + ".tmp");
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of(id));
            Files.move(
                    link, dir.resolve("latest"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        String tmp = Fs.child(reports, ".LATEST." + id + ".tmp");
        fs.writeText(tmp, id + "\n");
        org.apache.hadoop.fs.Path from = fs.path(tmp);
        if (!hfs.rename(from, to)) {
            hfs.delete(to, false);
            if (!hfs.rename(from, to)) {
                throw new IOException("could not move " + tmp + " to " + to);
            }
        }
    }

    /** The id of the latest completed run under an output folder, if any. */
    public static java.util.Optional<String> latest(Fs fs, String out) throws IOException {
        String f = OutputLayout.of(out).latestMarker();
        if (!fs.exists(f)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new String(fs.read(f), java.nio.charset.StandardCharsets.UTF_8).trim());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "run %s (%d tables)", id, rowCounts.size());
    }
}
