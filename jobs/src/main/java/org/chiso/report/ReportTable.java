package org.chiso.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.chiso.io.CsvGuard;
import org.chiso.io.TextTable;

/**
 * One report table held in memory, read from the {@code tables/<name>.csv} a report run wrote: small, immutable,
 * for notebooks and tests.
 *
 * <ul>
 *   <li>read: {@link #rows()}, {@link #column}, {@link #doubles}, {@link #distinct}, {@link #max}, {@link #columns()},
 *       {@link Row#text} (a cell as written in the file, as the HTML report shows it);</li>
 *   <li>derive (each returns a new table): {@link #where}, {@link #filter}, {@link #sort(String, boolean)},
 *       {@link #head}, {@link #select}, {@link #with}, {@link #summarize};</li>
 *   <li>show: {@link #toString()} (a text table), {@link #toHtml()} (for notebook display);</li>
 *   <li>build: {@link #read}, {@link #of}, {@link #collect} (from a Spark Dataset).</li>
 * </ul>
 *
 * <p>Typing: a column is numeric (cells are {@link Double}) when every non-empty cell is a plain decimal number
 * ({@code NaN} and {@code Infinity} included, as the run writes them) and none is a zero-padded code such as
 * {@code 01} or an integer of 16 or more digits (a seed or an id, which a double would round); otherwise its cells
 * are {@link String}s. Empty cells are {@code null} in either kind. So years are doubles ({@code 2018.0}, printed
 * {@code 2018}) and {@code true}/{@code false} flags are strings.
 *
 * <pre>{@code
 * ReportTable cov = Reports.latest().table("coverage");
 * cov.where("basis", "VN63").sort("year", false).head(5)     // toString() prints a text table
 * cov.summarize("cells", "index", "year")                     // count, n, sum, mean, min, max per group
 * cov.with("share", r -> r.num("cells") / 63)                 // a computed column
 * double latest = cov.max("year");
 * }</pre>
 */
public final class ReportTable {
    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?Infinity|NaN");
    private static final Pattern ZERO_PADDED = Pattern.compile("[+-]?0\\d.*");
    private static final Pattern LONG_INTEGER = Pattern.compile("[+-]?\\d{16,}");
    /** Rows shown by {@link #toString()} and {@link #toHtml()}. */
    public static final int DISPLAY_ROWS = 40;

    private final String name;
    private final List<String> columns;
    private final boolean[] numeric;
    private final List<Row> rows;

    /** One row: cells by column name or position ({@link Double}, {@link String} or {@code null}). */
    public final class Row {
        private final Object[] cells;
        private final String[] text;
        private final int index;

        private Row(Object[] cells, String[] text, int index) {
            this.cells = cells;
            this.text = text;
            this.index = index;
        }

        /** The row's 0-based position in its table (after sorting, a rank). */
        public int index() {
            return index;
        }

        /** The cell of {@code column}: a {@link Double}, a {@link String} or {@code null} for an empty cell. */
        public Object get(String column) {
            return cells[ReportTable.this.index(column)];
        }

        /** The cell at position {@code i}. */
        public Object get(int i) {
            return cells[i];
        }

        /** The numeric cell of {@code column}, NaN when empty. */
        public double num(String column) {
            int i = ReportTable.this.index(column);
            if (!numeric[i]) {
                throw new IllegalArgumentException("column '" + column + "' of " + name + " is not numeric");
            }
            return cells[i] == null ? Double.NaN : (Double) cells[i];
        }

        /** The cell of {@code column} as text (numbers formatted as in {@link #toString()}), null when empty. */
        public String str(String column) {
            Object v = cells[ReportTable.this.index(column)];
            return v == null ? null : format(v);
        }

        /**
         * The cell at position {@code i} as written in the file it was read from (untrimmed, empty for a missing
         * field); for a table built in code or derived with new cells, the cell as formatted ({@link #format}),
         * empty when null.
         */
        public String text(int i) {
            if (text != null) {
                return text[i];
            }
            return cells[i] == null ? "" : format(cells[i]);
        }

        /** The cell of {@code column} as written in the file (see {@link #text(int)}). */
        public String text(String column) {
            return text(ReportTable.this.index(column));
        }

        /** Whether the cell of {@code column} is empty. */
        public boolean isNull(String column) {
            return cells[ReportTable.this.index(column)] == null;
        }

        /** The table this row belongs to. */
        public ReportTable table() {
            return ReportTable.this;
        }

        private Object[] cells() {
            return cells;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < cells.length; i++) {
                b.append(i == 0 ? "" : ", ")
                        .append(columns.get(i))
                        .append('=')
                        .append(cells[i] == null ? "" : format(cells[i]));
            }
            return b.append('}').toString();
        }
    }

    private ReportTable(String name, List<String> columns, boolean[] numeric, List<Object[]> cells) {
        this(name, columns, numeric, cells, null);
    }

    /** {@code text}: the cells as written in the file, parallel to {@code cells}, or null for a table built in code. */
    private ReportTable(
            String name, List<String> columns, boolean[] numeric, List<Object[]> cells, List<String[]> text) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.numeric = numeric;
        List<Row> r = new ArrayList<>(cells.size());
        for (Object[] c : cells) {
            r.add(new Row(c, text == null ? null : text.get(r.size()), r.size()));
        }
        this.rows = Collections.unmodifiableList(r);
    }

    /** Reads a CSV file written by a report run (or any UTF-8 CSV with a header) with {@link TextTable}. */
    public static ReportTable read(String name, Path csv) throws IOException {
        try (InputStream in = Files.newInputStream(csv)) {
            return read(name, csv.toString(), in);
        }
    }

    /**
     * Reads a CSV from a stream (e.g. a run's {@code tables/<name>.csv} on any file system) with {@link TextTable}.
     *
     * @param source the file's name for error messages
     */
    public static ReportTable read(String name, String source, InputStream in) throws IOException {
        return parse(name, TextTable.read(source, in));
    }

    /** Types the columns of a parsed text table (see the class comment). */
    public static ReportTable parse(String name, TextTable text) {
        List<String> header = text.header();
        int width = header.size();
        boolean[] numeric = new boolean[width];
        Arrays.fill(numeric, true);
        for (TextTable.Record r : text.records()) {
            for (int i = 0; i < width; i++) {
                String cell = i < r.fields().size()
                        ? CsvGuard.restore(r.fields().get(i)).trim()
                        : "";
                if (cell.isEmpty() || !numeric[i]) {
                    continue;
                }
                if (!NUMBER.matcher(cell).matches()
                        || ZERO_PADDED.matcher(cell).matches()
                        || LONG_INTEGER.matcher(cell).matches()) {
                    numeric[i] = false;
                }
            }
        }
        // A column with no value at all (e.g. an empty table) stays numeric: its cells read as NaN, so
        // summaries of an empty table are empty instead of failing.
        List<Object[]> cells = new ArrayList<>(text.records().size());
        List<String[]> written = new ArrayList<>(text.records().size());
        for (TextTable.Record r : text.records()) {
            Object[] row = new Object[width];
            String[] raw = new String[width];
            for (int i = 0; i < width; i++) {
                String cell =
                        i < r.fields().size() ? CsvGuard.restore(r.fields().get(i)) : "";
                raw[i] = cell;
                if (cell.trim().isEmpty()) {
                    row[i] = null;
                } else {
                    row[i] = numeric[i] ? (Object) Double.parseDouble(cell.trim()) : cell;
                }
            }
            cells.add(row);
            written.add(raw);
        }
        return new ReportTable(name, header, numeric, cells, written);
    }

    /**
     * A table built in code, e.g. for a chart. Cells must be {@link Number} (stored as double), {@link String}
     * or null; a column is numeric when it holds no strings.
     */
    public static ReportTable of(String name, List<String> columns, List<? extends List<?>> rows) {
        int width = columns.size();
        boolean[] numeric = new boolean[width];
        Arrays.fill(numeric, true);
        List<Object[]> cells = new ArrayList<>();
        for (List<?> r : rows) {
            if (r.size() != width) {
                throw new IllegalArgumentException("row has " + r.size() + " cells, expected " + width + ": " + r);
            }
            Object[] row = new Object[width];
            for (int i = 0; i < width; i++) {
                Object v = r.get(i);
                if (v instanceof Number n) {
                    row[i] = n.doubleValue();
                } else if (v != null) {
                    row[i] = v.toString();
                    numeric[i] = false;
                }
            }
            cells.add(row);
        }
        for (Object[] row : cells) {
            for (int i = 0; i < width; i++) {
                if (!numeric[i] && row[i] instanceof Double d) {
                    row[i] = format(d);
                }
            }
        }
        return new ReportTable(name, columns, numeric, cells);
    }

    /**
     * The first {@code maxRows} rows of a Spark Dataset, collected: numeric columns as doubles, everything else
     * as text (e.g. to show an aggregate computed with Spark next to the CSV tables).
     */
    public static ReportTable collect(String name, Dataset<org.apache.spark.sql.Row> ds, int maxRows) {
        String[] names = ds.columns();
        boolean[] num = new boolean[names.length];
        for (int i = 0; i < names.length; i++) {
            num[i] = ds.schema().fields()[i].dataType() instanceof org.apache.spark.sql.types.NumericType;
        }
        List<Object[]> cells = new ArrayList<>();
        for (org.apache.spark.sql.Row r : ds.limit(maxRows).collectAsList()) {
            Object[] c = new Object[names.length];
            for (int i = 0; i < names.length; i++) {
                Object v = r.isNullAt(i) ? null : r.get(i);
                c[i] = v == null ? null : num[i] ? (Object) ((Number) v).doubleValue() : v.toString();
            }
            cells.add(c);
        }
        return new ReportTable(name, Arrays.asList(names), num, cells);
    }

    /** The table's name (the file name without {@code .csv}). */
    public String name() {
        return name;
    }

    /** Column names in file order. */
    public List<String> columns() {
        return columns;
    }

    /** Whether {@code column} holds numbers. */
    public boolean isNumeric(String column) {
        return numeric[index(column)];
    }

    /** Number of rows. */
    public int size() {
        return rows.size();
    }

    /** The rows, in order. */
    public List<Row> rows() {
        return rows;
    }

    /** The cells of {@code column} ({@link Double}, {@link String} or null), in row order. */
    public List<Object> column(String column) {
        int i = index(column);
        List<Object> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(r.cells()[i]);
        }
        return Collections.unmodifiableList(out);
    }

    /** The numeric column {@code column} as an array, NaN for empty cells. */
    public double[] doubles(String column) {
        int i = index(column);
        if (!numeric[i]) {
            throw new IllegalArgumentException("column '" + column + "' of " + name + " is not numeric");
        }
        double[] out = new double[rows.size()];
        for (int k = 0; k < out.length; k++) {
            Object v = rows.get(k).cells()[i];
            out[k] = v == null ? Double.NaN : (Double) v;
        }
        return out;
    }

    /** The distinct non-null values of {@code column}, in order of first appearance. */
    public List<Object> distinct(String column) {
        return List.copyOf(new LinkedHashSet<>(
                column(column).stream().filter(Objects::nonNull).toList()));
    }

    /** The largest non-NaN value of a numeric column, NaN if there is none (e.g. the most recent year). */
    public double max(String column) {
        return Arrays.stream(doubles(column))
                .filter(d -> !Double.isNaN(d))
                .max()
                .orElse(Double.NaN);
    }

    /** The rows for which {@code keep} holds. */
    public ReportTable filter(Predicate<Row> keep) {
        return derive(rows.stream().filter(keep).toList());
    }

    /**
     * The rows whose {@code column} equals {@code value}: a number compares numerically with a numeric column
     * ({@code where("year", 2024)}), anything else compares as text; {@code null} selects empty cells.
     */
    public ReportTable where(String column, Object value) {
        int i = index(column);
        if (value == null) {
            return filter(r -> r.cells()[i] == null);
        }
        if (numeric[i] && value instanceof Number n) {
            double want = n.doubleValue();
            return filter(r -> r.cells()[i] instanceof Double d && Double.compare(d, want) == 0);
        }
        String want = value instanceof Number n ? format(n.doubleValue()) : value.toString();
        return filter(r -> r.cells()[i] != null && want.equals(format(r.cells()[i])));
    }

    /** Sorted by {@code column}, ascending, empty cells first (stable). */
    public ReportTable sort(String column) {
        return sort(column, true);
    }

    /** Sorted by {@code column}; empty cells first when ascending, last when descending (stable). */
    public ReportTable sort(String column, boolean ascending) {
        int i = index(column);
        Comparator<Row> c = Comparator.comparing(r -> r.cells()[i], Comparator.nullsFirst(ReportTable::compareCells));
        return sort(ascending ? c : c.reversed());
    }

    /** Sorted by a comparator (stable). */
    public ReportTable sort(Comparator<Row> order) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(order);
        return derive(sorted);
    }

    /** The first {@code n} rows. */
    public ReportTable head(int n) {
        return derive(rows.subList(0, Math.max(0, Math.min(n, rows.size()))));
    }

    /** Only the named columns, in the order given. */
    public ReportTable select(String... names) {
        int[] idx = Arrays.stream(names).mapToInt(this::index).toArray();
        boolean[] num = new boolean[idx.length];
        for (int k = 0; k < idx.length; k++) {
            num[k] = numeric[idx[k]];
        }
        List<Object[]> cells = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Object[] c = new Object[idx.length];
            for (int k = 0; k < idx.length; k++) {
                c[k] = r.cells()[idx[k]];
            }
            cells.add(c);
        }
        return new ReportTable(name, Arrays.asList(names), num, cells);
    }

    /**
     * The table with a column computed from each row, added at the end (or replacing a column of that name). The
     * column is numeric when {@code f} returns only numbers and nulls.
     */
    public ReportTable with(String column, Function<Row, Object> f) {
        Object[] values = new Object[rows.size()];
        boolean num = true;
        for (Row r : rows) {
            Object v = f.apply(r);
            if (v instanceof Number n) {
                v = n.doubleValue();
            } else if (v != null) {
                v = v.toString();
                num = false;
            }
            values[r.index()] = v;
        }
        int at = columns.indexOf(column);
        int width = at >= 0 ? columns.size() : columns.size() + 1;
        int pos = at >= 0 ? at : columns.size();
        List<String> names = new ArrayList<>(columns);
        if (at < 0) {
            names.add(column);
        }
        boolean[] kinds = Arrays.copyOf(numeric, width);
        kinds[pos] = num;
        List<Object[]> cells = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Object[] c = Arrays.copyOf(r.cells(), width);
            Object v = values[r.index()];
            c[pos] = !num && v instanceof Double d ? format(d) : v;
            cells.add(c);
        }
        return new ReportTable(name, names, kinds, cells);
    }

    /**
     * One row per distinct combination of the {@code by} columns (sorted by them), with {@code count} (rows in the
     * group) and the {@code n}, {@code sum}, {@code mean}, {@code min} and {@code max} of the numeric column
     * {@code value} over its non-empty, non-NaN cells.
     */
    public ReportTable summarize(String value, String... by) {
        int vi = index(value);
        if (!numeric[vi]) {
            throw new IllegalArgumentException("column '" + value + "' of " + name + " is not numeric");
        }
        int[] keys = Arrays.stream(by).mapToInt(this::index).toArray();
        Map<List<Object>, double[]> groups = new TreeMap<>(ReportTable::compareKeys);
        for (Row r : rows) {
            List<Object> key = new ArrayList<>(keys.length);
            for (int k : keys) {
                key.add(r.cells()[k]);
            }
            double[] acc = groups.computeIfAbsent(
                    key, k -> new double[] {0, 0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
            acc[0]++;
            Object v = r.cells()[vi];
            if (v instanceof Double d && !d.isNaN()) {
                acc[1]++;
                acc[2] += d;
                acc[3] = Math.min(acc[3], d);
                acc[4] = Math.max(acc[4], d);
            }
        }
        List<String> names = new ArrayList<>(Arrays.asList(by));
        names.addAll(List.of("count", "n", "sum", "mean", "min", "max"));
        boolean[] kinds = new boolean[names.size()];
        for (int k = 0; k < keys.length; k++) {
            kinds[k] = numeric[keys[k]];
        }
        Arrays.fill(kinds, keys.length, kinds.length, true);
        List<Object[]> cells = new ArrayList<>();
        groups.forEach((key, acc) -> {
            Object[] c = Arrays.copyOf(key.toArray(), names.size());
            boolean any = acc[1] > 0;
            c[keys.length] = acc[0];
            c[keys.length + 1] = acc[1];
            c[keys.length + 2] = acc[2];
            c[keys.length + 3] = any ? acc[2] / acc[1] : null;
            c[keys.length + 4] = any ? acc[3] : null;
            c[keys.length + 5] = any ? acc[4] : null;
            cells.add(c);
        });
        return new ReportTable(name, names, kinds, cells);
    }

    /** The text table of the first {@link #DISPLAY_ROWS} rows, with a line saying how many were left out. */
    @Override
    public String toString() {
        return toString(DISPLAY_ROWS);
    }

    /** The text table of the first {@code maxRows} rows; numbers right-aligned. */
    public String toString(int maxRows) {
        int shown = Math.min(maxRows, rows.size());
        int width = columns.size();
        String[][] text = new String[shown][width];
        int[] w = new int[width];
        for (int i = 0; i < width; i++) {
            w[i] = columns.get(i).length();
        }
        for (int k = 0; k < shown; k++) {
            for (int i = 0; i < width; i++) {
                Object v = rows.get(k).cells()[i];
                String s = v == null ? "" : clip(format(v), 60);
                text[k][i] = s;
                w[i] = Math.max(w[i], s.length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < width; i++) {
            b.append(i == 0 ? "" : "  ").append(pad(columns.get(i), w[i], numeric[i]));
        }
        b.append('\n');
        for (int i = 0; i < width; i++) {
            b.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
        }
        b.append('\n');
        for (int k = 0; k < shown; k++) {
            for (int i = 0; i < width; i++) {
                b.append(i == 0 ? "" : "  ").append(pad(text[k][i], w[i], numeric[i]));
            }
            b.append('\n');
        }
        if (shown < rows.size()) {
            b.append("... ").append(rows.size() - shown).append(" more rows\n");
        }
        b.append(String.format(Locale.ROOT, "[%s: %d rows x %d columns]", name, rows.size(), width));
        return b.toString();
    }

    /** An HTML table of the first {@link #DISPLAY_ROWS} rows, for notebook display. */
    public String toHtml() {
        return toHtml(DISPLAY_ROWS);
    }

    /** An HTML table of the first {@code maxRows} rows, with a caption giving the name and size. */
    public String toHtml(int maxRows) {
        int shown = Math.min(maxRows, rows.size());
        StringBuilder b =
                new StringBuilder("<table class=\"chiso-table\" style=\"border-collapse:collapse;font-size:12px\">");
        b.append("<caption style=\"text-align:left;font-weight:bold\">")
                .append(escape(name))
                .append(" &#8212; ")
                .append(rows.size())
                .append(" rows")
                .append(shown < rows.size() ? " (first " + shown + " shown)" : "")
                .append("</caption><thead><tr>");
        for (int i = 0; i < columns.size(); i++) {
            b.append("<th style=\"border-bottom:1px solid #888;padding:2px 6px;text-align:")
                    .append(numeric[i] ? "right" : "left")
                    .append("\">")
                    .append(escape(columns.get(i)))
                    .append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (int k = 0; k < shown; k++) {
            b.append("<tr>");
            for (int i = 0; i < columns.size(); i++) {
                Object v = rows.get(k).cells()[i];
                String full = v == null ? "" : format(v);
                String s = clip(full, 80);
                b.append("<td style=\"padding:2px 6px;text-align:")
                        .append(numeric[i] ? "right" : "left")
                        .append('"');
                if (!s.equals(full)) {
                    b.append(" title=\"").append(escape(full)).append('"');
                }
                b.append('>').append(escape(s)).append("</td>");
            }
            b.append("</tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    /** A number as shown: integers without a fraction, others with up to 4 decimals (or 4 significant digits). */
    public static String format(Object v) {
        if (!(v instanceof Double d)) {
            return String.valueOf(v);
        }
        if (d.isNaN() || d.isInfinite()) {
            return d.toString();
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        double a = Math.abs(d);
        if (a >= 1e6 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.4g", d);
        }
        String s = String.format(Locale.ROOT, "%.4f", d);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    int index(String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + column + "' in " + name + "; columns: " + columns);
        }
        return i;
    }

    private ReportTable derive(List<Row> kept) {
        List<Object[]> cells = new ArrayList<>(kept.size());
        List<String[]> text = new ArrayList<>(kept.size());
        kept.forEach(r -> {
            cells.add(r.cells());
            text.add(r.text);
        });
        return new ReportTable(name, columns, numeric, cells, text.contains(null) ? null : text);
    }

    private static int compareKeys(List<Object> a, List<Object> b) {
        Comparator<Object> cells = Comparator.nullsFirst(ReportTable::compareCells);
        for (int i = 0; i < a.size(); i++) {
            int c = cells.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareCells(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return Double.compare(x, y);
        }
        return ((Comparable) a.toString()).compareTo(b.toString());
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(Math.max(0, w - s.length()));
        return right ? fill + s : s + fill;
    }

    private static String clip(String s, int max) {
        String oneLine = s.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "\u2026";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
