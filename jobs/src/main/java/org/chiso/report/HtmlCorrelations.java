package org.chiso.report;

import static org.chiso.report.HtmlFormat.esc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chiso.report.HtmlData.Row;
import org.chiso.report.HtmlData.Table;

/** The correlations section: Pearson r among indices and components for a recent year, as a heatmap. */
final class HtmlCorrelations {
    private static final int MAX_VARIABLES = 30;

    private HtmlCorrelations() {}

    static HtmlReport.Section build(HtmlReport.Context cx) {
        Table t = cx.table("correlations");
        StringBuilder b = new StringBuilder();
        if (!t.present || t.rows.isEmpty()) {
            b.append(HtmlFormat.note(t.present ? "The correlations table is empty." : t.missingNote()));
            return new HtmlReport.Section("correlations", "Correlations", false, null, b.toString());
        }
        List<Row> pearson = t.where(r -> "pearson".equalsIgnoreCase(r.get("method"))
                && r.has("year")
                && !r.has("year_b")
                && (r.get("scope").equals("within_index") || r.get("scope").equals("cross_index")));
        if (pearson.isEmpty()) {
            b.append(HtmlFormat.note("No same-year Pearson correlations in this run."));
            return new HtmlReport.Section(
                    "correlations",
                    "Correlations",
                    t.syntheticRows() > 0,
                    "correlations computed from synthetic values",
                    b.toString());
        }
        // The most recent of the years covering the most indices, on the basis with the most provinces.
        Map<Integer, java.util.Set<String>> indicesByYear = new TreeMap<>();
        for (Row r : pearson) {
            java.util.Set<String> s =
                    indicesByYear.computeIfAbsent(r.integer("year", 0), x -> new java.util.HashSet<>());
            s.add(r.get("index_a"));
            s.add(r.get("index_b"));
        }
        int most = indicesByYear.values().stream()
                .mapToInt(java.util.Set::size)
                .max()
                .orElse(0);
        int year = indicesByYear.entrySet().stream()
                .filter(e -> e.getValue().size() == most)
                .mapToInt(Map.Entry::getKey)
                .max()
                .orElse(0);
        Map<String, Integer> nByBasis = new TreeMap<>();
        for (Row r : pearson) {
            if (r.integer("year", 0) == year) {
                nByBasis.merge(r.get("basis"), r.integer("n", 0), Math::max);
            }
        }
        String basis = nByBasis.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey)
                .orElse("");
        List<Row> sel = pearson.stream()
                .filter(r -> r.integer("year", 0) == year && r.get("basis").equals(basis))
                .toList();
        boolean synthetic = sel.stream().anyMatch(Row::synthetic);

        TreeSet<String> vars = new TreeSet<>(HtmlCorrelations::compareVariables);
        Map<String, String> version = new HashMap<>();
        Map<String, Row> pair = new HashMap<>();
        for (Row r : sel) {
            String a = r.get("index_a") + " " + r.get("component_a");
            String c = r.get("index_b") + " " + r.get("component_b");
            vars.add(a);
            vars.add(c);
            version.putIfAbsent(a, r.get("version_a"));
            version.putIfAbsent(c, r.get("version_b"));
            pair.put(a + "|" + c, r);
            pair.put(c + "|" + a, r);
        }
        List<String> v = new ArrayList<>(vars);
        String capNote = "";
        if (v.size() > MAX_VARIABLES) {
            capNote = " Only the first " + MAX_VARIABLES + " of " + v.size() + " variables are shown.";
            v = v.subList(0, MAX_VARIABLES);
        }
        TreeSet<Integer> ns = new TreeSet<>();
        sel.forEach(r -> ns.add(r.integer("n", 0)));
        String nText = ns.size() == 1
                ? "n = " + ns.first() + " provinces for every pair"
                : "n from " + ns.first() + " to " + ns.last()
                        + " provinces (pairwise complete; n printed under r where it differs from " + ns.last() + ")";

        b.append(
                HtmlFormat.lead(
                        "Pearson correlation r between provinces' values of each pair of indices and components in <strong>"
                                + year + "</strong>, on the " + esc(basis) + " basis (" + nText
                                + "). Blue = positive, red = negative; a bold r has a "
                                + "Benjamini–Hochberg adjusted p below 0.05 (within basis × scope × method). Hover a cell for the 95% Fisher-z interval."));
        b.append("<div class=\"table-wrap\"><table class=\"heat corr\"><thead><tr><th></th>");
        for (String c : v) {
            b.append("<th class=\"vert\"><span>").append(esc(c)).append("</span></th>");
        }
        b.append("</tr></thead><tbody>");
        String prevIndex = null;
        for (int i = 0; i < v.size(); i++) {
            String a = v.get(i);
            String idx = a.split(" ")[0];
            b.append("<tr")
                    .append(prevIndex != null && !prevIndex.equals(idx) ? " class=\"block\"" : "")
                    .append("><th class=\"rowh\">")
                    .append(esc(a))
                    .append("</th>");
            prevIndex = idx;
            for (int j = 0; j < v.size(); j++) {
                String c = v.get(j);
                if (j == i) {
                    b.append("<td class=\"diag\">1</td>");
                    continue;
                }
                if (j > i) {
                    b.append("<td class=\"upper\"></td>");
                    continue;
                }
                Row r = pair.get(a + "|" + c);
                if (r == null) {
                    b.append("<td class=\"none\" title=\"no pair\">·</td>");
                    continue;
                }
                double est = r.num("estimate");
                String bg = HtmlFormat.rColour(est);
                int n = r.integer("n", 0);
                boolean sig = r.num("p_bh") < 0.05;
                String title = a + " × " + c + ": r = " + HtmlFormat.fixed(est, 3) + ", 95% CI ["
                        + HtmlFormat.fixed(r.num("ci_low"), 3) + ", "
                        + HtmlFormat.fixed(r.num("ci_high"), 3) + "], n = " + n + ", p = "
                        + HtmlFormat.p(r.num("p")).replace("&lt;", "<")
                        + ", BH p = " + HtmlFormat.p(r.num("p_bh")).replace("&lt;", "<") + " ("
                        + r.get("scope").replace('_', ' ') + ")";
                b.append("<td style=\"background-color:")
                        .append(bg)
                        .append(";color:")
                        .append(HtmlFormat.textOn(bg))
                        .append("\" title=\"")
                        .append(esc(title))
                        .append("\">")
                        .append(sig ? "<b>" : "")
                        .append(HtmlFormat.fixed(est, 2))
                        .append(sig ? "</b>" : "");
                if (ns.size() > 1 && n != ns.last()) {
                    b.append("<small>n=").append(n).append("</small>");
                }
                b.append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table></div>");
        StringBuilder versions = new StringBuilder();
        Map<String, TreeSet<String>> byIndex = new LinkedHashMap<>();
        for (String var : v) {
            byIndex.computeIfAbsent(var.split(" ")[0], x -> new TreeSet<>()).add(version.getOrDefault(var, ""));
        }
        byIndex.forEach((i, vs) -> versions.append(versions.length() == 0 ? "" : "; ")
                .append(esc(i))
                .append(" structure ")
                .append(esc(String.join("/", vs))));
        b.append(HtmlFormat.note(
                "Structure versions: " + versions + "." + capNote + " Spearman and Kendall versions, pooled and lagged "
                        + "correlations are in <code>tables/correlations.csv</code>."));

        List<Row> cross = new ArrayList<>(
                sel.stream().filter(r -> r.get("scope").equals("cross_index")).toList());
        if (!cross.isEmpty()) {
            cross.sort(Comparator.comparingDouble((Row r) -> -Math.abs(r.num("estimate"))));
            HtmlFormat.HtmlTable tb = new HtmlFormat.HtmlTable("Pair", "r", "95% CI", "n", "p", "BH p")
                    .numeric(1, 2, 3, 4, 5)
                    .caption("Strongest cross-index correlations, " + year + " (" + esc(basis) + ")");
            for (Row r : cross.subList(0, Math.min(8, cross.size()))) {
                tb.row(
                        esc(r.get("index_a") + " " + r.get("component_a") + " × " + r.get("index_b") + " "
                                + r.get("component_b")),
                        HtmlFormat.fixed(r.num("estimate"), 2),
                        "[" + HtmlFormat.fixed(r.num("ci_low"), 2) + ", " + HtmlFormat.fixed(r.num("ci_high"), 2) + "]",
                        String.valueOf(r.integer("n", 0)),
                        HtmlFormat.p(r.num("p")),
                        HtmlFormat.p(r.num("p_bh")));
            }
            b.append(tb.render(8, cross.size(), "correlations"));
        }
        return new HtmlReport.Section(
                "correlations", "Correlations", synthetic, "correlations computed from synthetic values", b.toString());
    }

    /** Index, then TOTAL first, then components in natural order (D2 before D10). */
    static int compareVariables(String a, String b) {
        String[] pa = a.split(" ", 2);
        String[] pb = b.split(" ", 2);
        int c = pa[0].compareTo(pb[0]);
        if (c != 0) {
            return c;
        }
        String ca = pa.length > 1 ? pa[1] : "";
        String cb = pb.length > 1 ? pb[1] : "";
        if (ca.equals(cb)) {
            return 0;
        }
        if (ca.equals("TOTAL")) {
            return -1;
        }
        if (cb.equals("TOTAL")) {
            return 1;
        }
        return natural(ca, cb);
    }

    static int natural(String a, String b) {
        String na = a.replaceAll("\\d+", "");
        String nb = b.replaceAll("\\d+", "");
        if (na.equals(nb)) {
            String da = a.replaceAll("\\D+", "");
            String db = b.replaceAll("\\D+", "");
            if (!da.isEmpty() && !db.isEmpty() && da.length() < 10 && db.length() < 10) {
                return Long.compare(Long.parseLong(da), Long.parseLong(db));
            }
        }
        return a.compareTo(b);
    }
}
