package org.chiso.analysis;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.chiso.core.IndexDefinitions;
import org.chiso.io.TextTable;

/**
 * A reviewer's own weights for the what-if recomputation ({@code ./workbench review --weights FILE}): a CSV with the
 * columns {@code index,version,component,weight}, one row per dimension (a part of the TOTAL). {@code version} is a
 * structure version of the definitions or {@code *} for every version of the index. Weights are finite and
 * non-negative, not all zero; like the PCA weights they are used as given (the arithmetic mean renormalises them over
 * the present parts). The set applies to a case of the review when its index and version match; it must then name
 * every dimension of the case and nothing else, or the review stops naming the file and what is missing or unknown.
 * Every fault names the file, line and column.
 */
public final class UserWeights {
    /** No file: no user weight set. */
    public static final UserWeights NONE = new UserWeights("", Map.of());
    /** The name of the weight set in the what-if tables. */
    public static final String SET = "user";

    private final String file;
    // INDEX|version (or INDEX|*) -> component -> weight, in file order
    private final Map<String, Map<String, Double>> sets;

    private UserWeights(String file, Map<String, Map<String, Double>> sets) {
        this.file = file;
        this.sets = sets;
    }

    /** The file's name ("" for {@link #NONE}). */
    public String file() {
        return file;
    }

    /** True when no weight set was given. */
    public boolean isEmpty() {
        return sets.isEmpty();
    }

    /** Parses the file's bytes; throws {@link IllegalArgumentException} naming file, line and column on a fault. */
    public static UserWeights parse(String file, byte[] bytes) throws IOException {
        TextTable t = TextTable.read(file, new ByteArrayInputStream(bytes));
        List<String> header = t.header();
        int[] col = new int[4];
        String[] names = {"index", "version", "component", "weight"};
        for (int i = 0; i < names.length; i++) {
            col[i] = TextTable.column(header, names[i]);
            if (col[i] < 0) {
                throw new IllegalArgumentException(file + ", line 1: the column " + names[i] + " is missing (expected "
                        + String.join(",", names) + ")");
            }
        }
        IndexDefinitions defs = IndexDefinitions.load();
        Map<String, Map<String, Double>> sets = new LinkedHashMap<>();
        Map<String, Integer> lines = new TreeMap<>();
        for (TextTable.Record r : t.records()) {
            String index = field(r, col[0]).toUpperCase(Locale.ROOT);
            String version = field(r, col[1]);
            String component = field(r, col[2]).toUpperCase(Locale.ROOT);
            String w = field(r, col[3]);
            if (defs.index(index).isEmpty()) {
                throw fault(
                        file,
                        r,
                        col[0],
                        "index",
                        index,
                        "not an index of the definitions " + defs.indices().keySet());
            }
            if (version.isEmpty()) {
                throw fault(file, r, col[1], "version", version, "empty (a structure version, or * for all)");
            }
            if (component.isEmpty() || component.equals("TOTAL")) {
                throw fault(file, r, col[2], "component", component, "a dimension of the index is expected");
            }
            double weight;
            try {
                weight = Double.parseDouble(w);
            } catch (NumberFormatException e) {
                throw fault(file, r, col[3], "weight", w, "not a number");
            }
            if (!Double.isFinite(weight) || weight < 0) {
                throw fault(file, r, col[3], "weight", w, "a finite weight of 0 or more is expected");
            }
            String key = index + "|" + version;
            Integer before = lines.put(key + "|" + component, r.line());
            if (before != null) {
                throw fault(
                        file,
                        r,
                        col[2],
                        "component",
                        component,
                        "given twice for " + index + " " + version + " (first on line " + before + ")");
            }
            sets.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(component, weight);
        }
        for (Map.Entry<String, Map<String, Double>> e : sets.entrySet()) {
            if (e.getValue().values().stream().allMatch(v -> v == 0)) {
                throw new IllegalArgumentException(
                        file + ": every weight of " + e.getKey().replace('|', ' ') + " is 0");
            }
        }
        if (sets.isEmpty()) {
            throw new IllegalArgumentException(file + ": no weights (expected rows index,version,component,weight)");
        }
        return new UserWeights(file, sets);
    }

    private static String field(TextTable.Record r, int i) {
        return i < r.fields().size() ? r.fields().get(i).trim() : "";
    }

    private static IllegalArgumentException fault(
            String file, TextTable.Record r, int col, String column, String value, String why) {
        return new IllegalArgumentException(String.format(
                Locale.ROOT, "%s, line %d, column %d (%s): '%s' %s", file, r.line(), col + 1, column, value, why));
    }

    /**
     * The weights of a case's dimensions, in their order, or null when the file has no set for its index and version
     * (a set for the version itself before one for {@code *}).
     */
    public double[] weights(String index, String version, List<String> dimensions) {
        Map<String, Double> set = sets.get(index.toUpperCase(Locale.ROOT) + "|" + version);
        if (set == null) {
            set = sets.get(index.toUpperCase(Locale.ROOT) + "|*");
        }
        if (set == null) {
            return null;
        }
        List<String> missing = new ArrayList<>();
        double[] w = new double[dimensions.size()];
        for (int i = 0; i < w.length; i++) {
            Double v = set.get(dimensions.get(i).toUpperCase(Locale.ROOT));
            if (v == null) {
                missing.add(dimensions.get(i));
            } else {
                w[i] = v;
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String c : set.keySet()) {
            if (dimensions.stream().noneMatch(d -> d.equalsIgnoreCase(c))) {
                unknown.add(c);
            }
        }
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException(file + ": the weights of " + index + " " + version + " must name every "
                    + "dimension " + dimensions + (missing.isEmpty() ? "" : "; missing " + missing)
                    + (unknown.isEmpty() ? "" : "; not dimensions of it " + unknown));
        }
        return w;
    }
}
