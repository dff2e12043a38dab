package org.chiso.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.chiso.core.Basis;
import org.chiso.core.Province;
import org.chiso.core.ProvinceRegistry;
import org.chiso.io.Fs;

/**
 * The report run's CSV tables as the HTML report reads them (through {@link ReportTable}, the reader notebooks use,
 * keeping each cell's text as written), and the reference data it needs from {@link ProvinceRegistry}.
 *
 * <p>A value counts as synthetic when its row has a {@code synthetic} (or {@code *synthetic*}) column equal
 * to {@code true}, a {@code provenance} of {@code synthetic}, or a {@code source} mentioning "synthetic".
 */
final class HtmlData {
    private HtmlData() {}

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
        private final ReportTable.Row cells;
        private final int width;
        private Boolean synthetic;

        Row(Schema schema, ReportTable.Row cells, int width) {
            this.schema = schema;
            this.cells = cells;
            this.width = width;
        }

        private String field(int i) {
            return i < 0 || i >= width ? "" : cells.text(i).trim();
        }

        /** The trimmed text of a column as written in the CSV, empty when absent. */
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

    /** A table of the run ({@link ReportTable} read from its CSV), or none when the CSV is absent or unreadable. */
    static final class Table {
        final String name;
        final boolean present;
        final String problem;
        final List<Row> rows;
        private long synthetic = -1;

        private Table(String name, boolean present, String problem, List<Row> rows) {
            this.name = name;
            this.present = present;
            this.problem = problem;
            this.rows = rows;
        }

        static Table absent(String name, String problem) {
            return new Table(name, false, problem, List.of());
        }

        /** The rows of a table read by {@link ReportTable}, with text access by (case-insensitive) column name. */
        static Table of(ReportTable t) {
            Schema cols = new Schema(t.columns());
            List<Row> out = new ArrayList<>(t.size());
            for (ReportTable.Row r : t.rows()) {
                out.add(new Row(cols, r, t.columns().size()));
            }
            return new Table(t.name(), true, null, Collections.unmodifiableList(out));
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

    /** Reads {@code <run>/tables/<name>.csv} with {@link ReportTable}; an absent or unreadable file gives an absent table. */
    static Table load(Fs fs, String runFolder, String name) {
        String path = Fs.child(Fs.child(runFolder, "tables"), name + ".csv");
        try {
            if (!fs.exists(path)) {
                return Table.absent(name, null);
            }
            return Table.of(ReportTable.read(name, name + ".csv", new ByteArrayInputStream(fs.read(path))));
        } catch (IOException | RuntimeException e) {
            return Table.absent(name, "unreadable: " + e.getMessage());
        }
    }

    /**
     * The reference data the report uses, from {@link ProvinceRegistry}: province names, the 63 to 34 crosswalk in
     * file order, 2024 population and the tile grids.
     */
    static final class Reference {
        final ProvinceRegistry registry;
        /** VN63 key to 2024 average population (thousands). */
        final Map<String, Double> population;

        Reference(ProvinceRegistry registry) {
            this.registry = registry;
            this.population = registry.population2024();
        }

        /** The bundled reference tables; a missing or malformed table fails with the file named. */
        static Reference load() {
            return new Reference(ProvinceRegistry.load());
        }

        /** The Vietnamese name of a province key, or the key itself. */
        String name(String key) {
            if ("VN".equals(key)) {
                return "Toàn quốc (national)";
            }
            return registry.byKey(key)
                    .map(Province::nameVi)
                    .filter(n -> !n.isEmpty())
                    .orElse(key);
        }

        /** The VN63 predecessors of a VN34 key, in crosswalk order. */
        List<String> predecessors(String newKey) {
            List<String> out = new ArrayList<>();
            registry.crosswalk().forEach((old, now) -> {
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

        /** The provinces of a basis at its end: those whose validity ends last (Hà Tây, merged in 2008, is left out). */
        List<String> keys(String basis) {
            if (!"VN63".equals(basis) && !"VN34".equals(basis)) {
                return List.of();
            }
            List<Province> all = registry.provinces(Basis.valueOf(basis));
            boolean open = all.stream().anyMatch(p -> p.validTo() == null);
            LocalDate last = all.stream()
                    .map(Province::validTo)
                    .filter(Objects::nonNull)
                    .max(Comparator.naturalOrder())
                    .orElse(null);
            return all.stream()
                    .filter(p -> open ? p.validTo() == null : p.validTo().equals(last))
                    .map(Province::key)
                    .toList();
        }

        /** The tile grid of a basis: VN34 for "VN34", VN63 otherwise. */
        Map<String, ProvinceRegistry.Tile> tiles(String basis) {
            return registry.tileGrid("VN34".equals(basis) ? Basis.VN34 : Basis.VN63);
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
