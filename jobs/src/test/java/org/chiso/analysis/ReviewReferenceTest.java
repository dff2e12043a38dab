package org.chiso.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.chiso.core.ComponentDef;
import org.chiso.core.IndexDefinitions;
import org.chiso.testing.RExpected;
import org.chiso.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The statistical audit of {@link Review} on the real PAPI panel against {@code src/test/r/review_reference.R} (base R,
 * COINr's formulas and winsorisation transcribed, prcomp): every value of {@code
 * src/test/resources/review/expected_review.csv} to 1e-8 relative (absolute when R's value is 0), and the same rows on
 * both sides (no audit row, winsorisation step, alpha or PCA row that R does not have, none missing). Fails, never
 * skips, when the panel or the expected file is missing.
 */
class ReviewReferenceTest {
    private static final double TOL = 1e-8;

    @Test
    void auditMatchesRReferenceOnRealPapiPanel() throws IOException {
        Path papi = SharedData.data("papi/papi_2011_2024_subdimensions_long.csv");
        Path expectedFile = SharedData.root().resolve("jobs/src/test/resources/review/expected_review.csv");
        IndexDefinitions defs = IndexDefinitions.load();
        List<Review.Group> groups = groups(papi, defs);
        assertEquals(14, groups.size(), "PAPI years 2011-2024");
        Review.Result r = Review.audit(groups, defs, new Review.Options(null, null, 0, 1, 0.95));
        Map<String, Double> actual = actual(r);

        Map<String, Double> expected = RExpected.read(expectedFile, "jobs/src/test/r/review_reference.R", 10000);
        assertEquals(rows(expected), rows(actual), "the same audit rows, steps, alphas and components as R");

        Map<String, Double> worst = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            Double a = actual.get(e.getKey());
            if (a == null) {
                failures.add("not computed in Java: " + e.getKey());
                continue;
            }
            double x = e.getValue();
            double rel = Double.isNaN(x) || Double.isNaN(a)
                    ? (Double.isNaN(x) && Double.isNaN(a) ? 0 : Double.POSITIVE_INFINITY)
                    : x == a ? 0 : x == 0 ? Math.abs(a) : Math.abs(a - x) / Math.abs(x);
            String family = e.getKey().substring(0, e.getKey().indexOf('\t'));
            worst.merge(family, rel, Math::max);
            if (!(rel <= TOL)) {
                failures.add(e.getKey() + ": R " + x + ", Java " + a + ", rel diff " + rel);
            }
        }
        System.out.println(
                "Largest relative difference Java vs R per family (" + expected.size() + " values): " + worst);
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + expected.size() + " values differ from R by more than " + TOL + ":\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(40, failures.size()))));
        }
        // the panel has real outliers: the comparison covers the winsorisation, not only its absence
        assertTrue(
                r.winsorisation().rows().size() >= 5,
                "winsorised points: " + r.winsorisation().rows().size());
    }

    /** One group per year, as the R script builds them: 63 provinces (papi_pid), SCxx, D1..D8 and the computed total. */
    static List<Review.Group> groups(Path papi, IndexDefinitions defs) throws IOException {
        List<String> lines = Files.readAllLines(papi, StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        Map<Integer, Map<String, String[]>> byYear = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            byYear.computeIfAbsent(Integer.parseInt(f[header.indexOf("year")]), k -> new TreeMap<>())
                    .put(f[header.indexOf("papi_pid")], f);
        }
        List<Review.Group> out = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, String[]>> y : byYear.entrySet()) {
            int year = y.getKey();
            List<ComponentDef> structure = defs.components("PAPI", year);
            List<String> units = List.copyOf(y.getValue().keySet());
            Map<String, double[]> values = new TreeMap<>();
            for (ComponentDef c : structure) {
                int col = header.indexOf(c.component().equals("TOTAL") ? "papi_total_computed" : c.component());
                double[] v = new double[units.size()];
                for (int i = 0; i < units.size(); i++) {
                    String s = y.getValue().get(units.get(i))[col];
                    v[i] = s.isEmpty() ? Double.NaN : Double.parseDouble(s);
                }
                values.put(c.component(), v);
            }
            out.add(new Review.Group(
                    "VN63", "PAPI", structure.get(0).version(), year, units, structure, values, false));
        }
        return out;
    }

    private static Map<String, Double> actual(Review.Result r) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Row x : r.audit().rows()) {
            String key = "audit\t" + x.getAs("year") + "|" + x.getAs("component") + "\t";
            for (String s : List.of(
                    "n",
                    "missing_share",
                    "mean",
                    "sd",
                    "min",
                    "max",
                    "skewness",
                    "kurtosis",
                    "outlier",
                    "skewness_treated",
                    "kurtosis_treated",
                    "outlier_treated",
                    "corr_parent",
                    "n_parent",
                    "corr_total",
                    "n_total")) {
                m.put(key + s, num(x, s));
            }
            m.put(key + "points", num(x, "winsorised_points"));
        }
        for (Row x : r.winsorisation().rows()) {
            String key = "win_step\t" + x.getAs("year") + "|" + x.getAs("component") + "|" + x.getAs("step") + "|"
                    + x.getAs("province_key") + "\t";
            for (String s : List.of("value", "value_treated", "skewness_after", "kurtosis_after")) {
                m.put(key + s, num(x, s));
            }
        }
        for (Row x : r.alpha().rows()) {
            String key = "alpha\t" + x.getAs("year") + "|" + x.getAs("aggregate") + "|" + x.getAs("items_level") + "\t";
            m.put(key + "raw", num(x, "alpha_raw"));
            m.put(key + "standardised", num(x, "alpha_standardised"));
            m.put(key + "n_units", num(x, "n_units"));
            m.put(key + "n_complete", num(x, "n_complete"));
            m.put(key + "k", num(x, "k"));
        }
        for (Row x : r.pca().rows()) {
            String key = "pca\t" + x.getAs("year") + "|" + x.getAs("aggregate") + "|" + x.getAs("items_level") + "|"
                    + x.getAs("pc") + "\t";
            m.put(key + "eigenvalue", num(x, "eigenvalue"));
            m.put(key + "share", num(x, "share"));
        }
        for (Row x : r.loadings().rows()) {
            String key = "pca_loading\t" + x.getAs("year") + "|" + x.getAs("aggregate") + "|" + x.getAs("items_level")
                    + "|" + x.getAs("item") + "\t";
            m.put(key + "rotation", num(x, "rotation_pc1"));
            m.put(key + "loading", num(x, "loading_pc1"));
        }
        return m;
    }

    private static double num(Row r, String column) {
        Object v = r.get(r.fieldIndex(column));
        if (v == null) {
            return Double.NaN;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return ((Number) v).doubleValue();
    }

    /** The rows (case and key) of a long value map. */
    private static TreeSet<String> rows(Map<String, Double> m) {
        TreeSet<String> out = new TreeSet<>();
        for (String k : m.keySet()) {
            out.add(k.substring(0, k.lastIndexOf('\t')));
        }
        return out;
    }
}
