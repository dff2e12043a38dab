package org.chiso.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.chiso.core.Resources;
import org.chiso.io.TextTable;
import org.chiso.io.Fs;

/**
 * The report run's CSV tables as read by the HTML report, and the bundled reference tables it needs
 * (province names, the 63 to 34 crosswalk, 2024 population, the tile grid).
 *
 * <p>A value counts as synthetic when its row has a {@code synthetic} (or {@code *synthetic*}) column equal
 * to {@code true}, a {@code provenance} of {@code synthetic}, or a {@code source} mentioning "synthetic".
 */
final class HtmlData {
    private HtmlData() {
    }

    /** The columns of a table, and those that can mark a row as synthetic. */
    static final class Schema {
        final Map<String, Integer> columns = new HashMap<>();
        final List<Integer> flags = new ArrayList<>();
        int provenance = -1;
        final List<Integer> sources = new ArrayList<>();

        Schema(List<String> header) {
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i).trim();
                columns.putIfAbsent(name, i);
                String lower = name.toLowerCase(Locale.ROOT);
                columns.putIfAbsent(lower, i);
                if (lower.contains("synthetic")) {
                    flags.add(i);
                } else if (lower.equals("provenance")) {
                    provenance = i;
                } else if (lower.equals("source") || lower.equals("sources")) {
                    sources.add(i);
                }
            }
        }
    }

    /** One row of a table; missing columns read as empty text. */
    static final class Row {
        private final Schema schema;
        private final List<String> fields;
        private Boolean synthetic;

        Row(Schema schema, List<String> fields) {
            this.schema = schema;
            this.fields = fields;
        }

        private String field(int i) {
            return i < 0 || i >= fields.size() ? "" : fields.get(i).trim();
        }

        /** The trimmed text of a column, empty when absent. */
        String get(String column) {
            Integer i = schema.columns.get(column);
            if (i == null) {
                i = schema.columns.get(column.toLowerCase(Locale.ROOT));
            }
            return i == null ? "" : field(i);
        }

        boolean has(String column) {
            return !get(column).isEmpty();
        }

        /** A column as a number; NaN when blank or not a number. */
        double num(String column) {
            String s = get(column);
            if (s.isEmpty()) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }

        /** A column as an integer, or {@code fallback} when blank or not an integer. */
        int integer(String column, int fallback) {
            double d = num(column);
            return Double.isNaN(d) ? fallback : (int) Math.round(d);
        }

        boolean bool(String column) {
            return "true".equalsIgnoreCase(get(column));
        }

        /** Whether this row holds a synthetic value (see the class comment). */
        boolean synthetic() {
            if (synthetic == null) {
                boolean s = schema.provenance >= 0 && field(schema.provenance).equalsIgnoreCase("synthetic");
                for (int i : schema.flags) {
                    s |= field(i).equalsIgnoreCase("true");
                }
                for (int i : schema.sources) {
                    s |= field(i).toLowerCase(Locale.ROOT).contains("synthetic");
                }
                synthetic = s;
            }
            return synthetic;
        }
    }

    /** A table of the run: its rows, or none when the CSV is absent or unreadable. */
    static final class Table {
        final String name;
        final boolean present;
        final String problem;
        final List<String> header;
        final List<Row> rows;
        private long synthetic = -1;

        Table(String name, boolean present, String problem, List<String> header, List<Row> rows) {
            this.name = name;
            this.present = present;
            this.problem = problem;
            this.header = header;
            this.rows = rows;
        }

        static Table absent(String name, String problem) {
            return new Table(name, false, problem, List.of(), List.of());
        }

        /** Builds a table from a header and rows of text (used by tests and for derived tables). */
        static Table of(String name, List<String> header, List<List<String>> rows) {
            Schema cols = new Schema(header);
            List<Row> out = new ArrayList<>();
            for (List<String> r : rows) {
                out.add(new Row(cols, r));
            }
            return new Table(name, true, null, List.copyOf(header), out);
        }

        boolean hasColumn(String column) {
            return header.stream().anyMatch(h -> h.equalsIgnoreCase(column));
        }

        int size() {
            return rows.size();
        }

        List<Row> where(Predicate<Row> p) {
            return rows.stream().filter(p).collect(Collectors.toList());
        }

        /** How many rows hold synthetic values. */
        long syntheticRows() {
            if (synthetic < 0) {
                synthetic = rows.stream().filter(Row::synthetic).count();
            }
            return synthetic;
        }

        /** The distinct values of a column, in first-seen order. */
        List<String> distinct(String column) {
            return rows.stream().map(r -> r.get(column)).distinct().collect(Collectors.toList());
        }

        /** Rows grouped by a key, in first-seen order. */
        <K> Map<K, List<Row>> groupBy(Function<Row, K> key) {
            Map<K, List<Row>> m = new LinkedHashMap<>();
            for (Row r : rows) {
                m.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
            }
            return m;
        }

        /** A short sentence for a missing table. */
        String missingNote() {
            return "Table " + name + ".csv is not in this run" + (problem == null ? "" : " (" + problem + ")") + ".";
        }
    }

    /** Reads {@code <run>/tables/<name>.csv}; an absent or unreadable file gives an absent table. */
    static Table load(Fs fs, String runFolder, String name) {
        String path = Fs.child(Fs.child(runFolder, "tables"), name + ".csv");
        try {
            if (!fs.exists(path)) {
                return Table.absent(name, null);
            }
            TextTable t = TextTable.read(name + ".csv", new ByteArrayInputStream(fs.read(path)));
            Schema cols = new Schema(t.header());
            List<Row> rows = new ArrayList<>(t.records().size());
            for (TextTable.Record r : t.records()) {
                rows.add(new Row(cols, r.fields()));
            }
            return new Table(name, true, null, t.header(), rows);
        } catch (IOException | RuntimeException e) {
            return Table.absent(name, "unreadable: " + e.getMessage());
        }
    }

    /** A bundled reference table, or no rows when it is missing. */
    static List<Map<String, String>> reference(String file) {
        try {
            return Resources.csv("/reference/" + file);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** The bundled reference tables the report uses. */
    static final class Reference {
        final Map<String, Map<String, String>> provinces = new LinkedHashMap<>();
        /** VN63 key to its VN34 successor. */
        final Map<String, String> successor = new LinkedHashMap<>();
        /** VN63 key to 2024 average population (thousands). */
        final Map<String, Double> population = new HashMap<>();
        /** VN63 key to {row, col} in the tile grid, with a short label. */
        final Map<String, int[]> tiles = new LinkedHashMap<>();
        final Map<String, String> tileLabels = new HashMap<>();

        static Reference load() {
            Reference r = new Reference();
            for (Map<String, String> p : reference("provinces.csv")) {
                r.provinces.put(p.getOrDefault("key", ""), p);
            }
            for (Map<String, String> c : reference("crosswalk_63_34.csv")) {
                r.successor.put(c.getOrDefault("old_key", ""), c.getOrDefault("new_key", ""));
            }
            for (Map<String, String> p : reference("population_2024.csv")) {
                try {
                    r.population.put(p.get("key"), Double.parseDouble(p.getOrDefault("avg_population_thousand", "")));
                } catch (NumberFormatException | NullPointerException e) {
                    // a row without a population is left out
                }
            }
            for (Map<String, String> t : reference("tile_grid_63.csv")) {
                try {
                    r.tiles.put(t.get("key"), new int[] {Integer.parseInt(t.get("row")), Integer.parseInt(t.get("col"))});
                    r.tileLabels.put(t.get("key"), t.getOrDefault("label", t.get("key")));
                } catch (NumberFormatException | NullPointerException e) {
                    // a malformed tile is left out
                }
            }
            return r;
        }

        /** The Vietnamese name of a province key, or the key itself. */
        String name(String key) {
            if ("VN".equals(key)) {
                return "Toàn quốc (national)";
            }
            Map<String, String> p = provinces.get(key);
            return p == null || p.getOrDefault("name_vi", "").isEmpty() ? key : p.get("name_vi");
        }

        /** The VN63 predecessors of a VN34 key, in crosswalk order. */
        List<String> predecessors(String newKey) {
            List<String> out = new ArrayList<>();
            successor.forEach((old, now) -> {
                if (now.equals(newKey)) {
                    out.add(old);
                }
            });
            return out;
        }

        /** How many provinces a basis has at its end (63 for "VN63", 34 for "VN34"). */
        int count(String basis) {
            int n = keys(basis).size();
            return n > 0 ? n : "VN34".equals(basis) ? 34 : 63;
        }

        /** The provinces of a basis at its end: rows whose validity ends last (Hà Tây, merged in 2008, is left out). */
        List<String> keys(String basis) {
            String last = "";
            boolean open = false;
            for (Map<String, String> p : provinces.values()) {
                if (basis.equals(p.get("basis"))) {
                    String to = p.getOrDefault("valid_to", "");
                    open |= to.isEmpty();
                    last = to.compareTo(last) > 0 ? to : last;
                }
            }
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, Map<String, String>> e : provinces.entrySet()) {
                Map<String, String> p = e.getValue();
                String to = p.getOrDefault("valid_to", "");
                if (basis.equals(p.get("basis")) && (open ? to.isEmpty() : to.equals(last))) {
                    out.add(e.getKey());
                }
            }
            return Collections.unmodifiableList(out);
        }
    }

    /** The basis of a province key: "VN63", "VN34" or "VN" (national). */
    static String basisOf(String key) {
        if (key.startsWith("VN63")) {
            return "VN63";
        }
        if (key.startsWith("VN34")) {
            return "VN34";
        }
        return key.isEmpty() ? "" : "VN";
    }
}
