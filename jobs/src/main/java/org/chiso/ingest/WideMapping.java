package org.chiso.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.chiso.io.TextTable;

/**
 * Which columns of a wide CSV play which roles. A mapping file is a CSV with header {@code role,column,value}:
 * <ul>
 *   <li>{@code index}, {@code year}, {@code province}, {@code basis}, {@code source}, {@code provenance}:
 *       from the named column, or the constant in {@code value} when the column is blank;</li>
 *   <li>{@code value}: a column holding scores of the component named in {@code value};</li>
 *   <li>{@code label}: an identifier or name column that holds no scores;</li>
 *   <li>{@code ignore}: a column that holds something other than published scores (the reason in
 *       {@code value}); its cells are counted as ignored.</li>
 * </ul>
 * A mapping applies to a file whose header consists of exactly the columns it names.
 */
public record WideMapping(
        String name,
        Map<String, String> roleColumns,
        Map<String, String> constants,
        Map<String, String> valueColumns,
        Set<String> labelColumns,
        Set<String> ignoredColumns) {
    /** A data file's own mapping that cannot be parsed or does not fit the file: the file is refused whole. */
    public static final class MappingException extends IOException {
        private static final long serialVersionUID = 1L;

        public MappingException(String message) {
            super(message);
        }
    }

    static final List<String> ROLES = List.of("index", "year", "province", "basis", "source", "provenance");

    /** Parses a mapping file; errors name the file and line. */
    public static WideMapping parse(String name, byte[] bytes) throws IOException {
        TextTable t = TextTable.read(name, new ByteArrayInputStream(bytes));
        int role = TextTable.column(t.header(), "role");
        int column = TextTable.column(t.header(), "column");
        int value = TextTable.column(t.header(), "value");
        if (role < 0 || column < 0 || value < 0) {
            throw new IOException(name + ":1: a mapping file needs the columns role,column,value");
        }
        Map<String, String> roleColumns = new LinkedHashMap<>();
        Map<String, String> constants = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> labels = new LinkedHashSet<>();
        Set<String> ignored = new LinkedHashSet<>();
        Map<String, Integer> mapped = new LinkedHashMap<>();
        for (TextTable.Record r : t.records()) {
            if (r.fields().size() < 3) {
                throw new IOException(
                        name + ":" + r.line() + ": mapping row too short: expected role,column,value, found "
                                + r.fields().size() + " field" + (r.fields().size() == 1 ? "" : "s"));
            }
            String ro = r.fields().get(role).trim().toLowerCase(Locale.ROOT);
            String col = r.fields().get(column).trim();
            String val = r.fields().get(value).trim();
            if (!col.isEmpty()) {
                Integer first = mapped.putIfAbsent(col, r.line());
                if (first != null) {
                    throw new IOException(name + ":" + r.line() + ": mapping names column '" + col
                            + "' again (first on line " + first + "): one column plays one role");
                }
            }
            switch (ro) {
                case "value" -> values.put(col, val);
                case "label" -> labels.add(col);
                case "ignore" -> ignored.add(col);
                default -> {
                    if (!ROLES.contains(ro)) {
                        throw new IOException(name + ":" + r.line() + ": mapping role unknown: '" + ro + "' (roles: "
                                + String.join(", ", ROLES) + ", value, label, ignore)");
                    }
                    if (col.isEmpty()) {
                        constants.put(ro, val);
                    } else {
                        roleColumns.put(ro, col);
                    }
                }
            }
        }
        for (String needed : List.of("index", "year", "province")) {
            if (!roleColumns.containsKey(needed) && !constants.containsKey(needed)) {
                throw new IOException(name + ": the mapping gives no " + needed);
            }
        }
        if (values.isEmpty()) {
            throw new IOException(name + ": the mapping names no value column");
        }
        return new WideMapping(name, roleColumns, constants, values, labels, ignored);
    }

    /** Parses a mapping given as text (tests, bundled resources). */
    public static WideMapping parse(String name, String text) throws IOException {
        return parse(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every column the mapping names. */
    public Set<String> columns() {
        Set<String> all = new LinkedHashSet<>(roleColumns.values());
        all.addAll(valueColumns.keySet());
        all.addAll(labelColumns);
        all.addAll(ignoredColumns);
        return all;
    }

    /** Whether a header consists of exactly the mapped columns. */
    public boolean matches(List<String> header) {
        List<String> h = new ArrayList<>();
        header.forEach(x -> h.add(x.trim()));
        return h.size() == columns().size() && Set.copyOf(h).equals(columns());
    }
}
