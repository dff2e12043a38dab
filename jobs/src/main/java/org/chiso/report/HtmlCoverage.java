package org.chiso.report;

import static org.chiso.report.HtmlFormat.count;
import static org.chiso.report.HtmlFormat.esc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chiso.report.HtmlData.Row;
import org.chiso.report.HtmlData.Table;

/** The coverage section: which index, year and province values the run holds, and what was refused. */
final class HtmlCoverage {
    private HtmlCoverage() {}

    /** Provinces present, cells and synthetic cells of one index x basis x year. */
    private static final class Cell {
        final Set<String> provinces = new HashSet<>();
        final Map<String, String> provenanceByProvince = new LinkedHashMap<>();
        long cells;
        long synthetic;
        long partial;
        final Set<String> sources = new TreeSet<>();
    }

    static HtmlReport.Section build(HtmlReport.Context cx) {
        Table p63 = cx.table("panel_63");
        Table p34 = cx.table("panel_34");
        Table coverage = cx.table("coverage");
        Table rejects = cx.table("rejects");
        Table checks = cx.table("derivation_checks");
        StringBuilder b = new StringBuilder();
        b.append(
                HtmlFormat.lead(
                        "Which values the run holds: for each index and year, how many provinces have at least one value in "
                                + "the 63-province panel (to mid-2025) and in the 34-province panel (harmonised back in time). Darker cells hold more "
                                + "of the basis's provinces; hatched cells hold synthetic values. Hover a cell for its counts and sources."));

        // index -> basis label -> year -> cell
        Map<String, Map<String, TreeMap<Integer, Cell>>> grid = new TreeMap<>();
        Set<Integer> years = new TreeSet<>();
        boolean synthetic = false;
        for (Table t : List.of(p63, p34)) {
            if (!t.present) {
                continue;
            }
            for (Row r : t.rows) {
                String key = r.get("province_key");
                String basis = HtmlData.basisOf(key);
                if (!basis.startsWith("VN") || basis.equals("VN")) {
                    continue;
                }
                int year = r.integer("year", Integer.MIN_VALUE);
                if (year == Integer.MIN_VALUE) {
                    continue;
                }
                years.add(year);
                String label = basis.equals("VN63") ? "63 provinces (" + t.name + ")" : "34 provinces (" + t.name + ")";
                Cell c = grid.computeIfAbsent(r.get("index"), x -> new TreeMap<>())
                        .computeIfAbsent(label, x -> new TreeMap<>())
                        .computeIfAbsent(year, x -> new Cell());
                c.provinces.add(key);
                c.cells++;
                boolean syn = r.synthetic();
                if (syn) {
                    c.synthetic++;
                    synthetic = true;
                }
                if (r.bool("partial")) {
                    c.partial++;
                }
                c.sources.add(r.get("provenance").isEmpty() ? r.get("source") : r.get("provenance"));
                String prev = c.provenanceByProvince.get(key);
                String mine = syn ? "synthetic" : r.bool("partial") ? "partial" : r.get("provenance");
                if (prev == null || "synthetic".equals(mine)) {
                    c.provenanceByProvince.put(key, mine);
                }
            }
        }
        if (grid.isEmpty() && coverage.present) {
            // Without the panels, the coverage table gives a lower bound per source.
            for (Row r : coverage.rows) {
                int year = r.integer("year", Integer.MIN_VALUE);
                if (year == Integer.MIN_VALUE) {
                    continue;
                }
                years.add(year);
                String basis = r.get("basis");
                Cell c = grid.computeIfAbsent(r.get("index"), x -> new TreeMap<>())
                        .computeIfAbsent(
                                ("VN34".equals(basis) ? "34" : "63") + " provinces (coverage)", x -> new TreeMap<>())
                        .computeIfAbsent(year, x -> new Cell());
                int n = r.integer("provinces", 0);
                for (int i = c.provinces.size(); i < n; i++) {
                    c.provinces.add(basis + "#" + i);
                }
                c.cells += r.integer("cells", 0);
                if (r.synthetic()) {
                    c.synthetic += r.integer("cells", 0);
                    synthetic = true;
                }
                c.sources.add(r.get("source"));
            }
        }
        if (grid.isEmpty()) {
            b.append(HtmlFormat.note(
                    p63.present || p34.present ? "The panels hold no province values." : p63.missingNote()));
        } else {
            b.append("<h3>Provinces present by index and year</h3>");
            b.append(
                    "<div class=\"table-wrap\"><table class=\"heat coverage\"><thead><tr><th>Index</th><th>Panel</th>");
            for (int y : years) {
                b.append("<th class=\"yr\">").append(y).append("</th>");
            }
            b.append("</tr></thead><tbody>");
            for (Map.Entry<String, Map<String, TreeMap<Integer, Cell>>> idx : grid.entrySet()) {
                boolean firstRow = true;
                for (Map.Entry<String, TreeMap<Integer, Cell>> basis :
                        idx.getValue().entrySet()) {
                    int expected = basis.getKey().startsWith("34") ? cx.ref.count("VN34") : cx.ref.count("VN63");
                    b.append("<tr>");
                    if (firstRow) {
                        b.append("<th rowspan=\"")
                                .append(idx.getValue().size())
                                .append("\">")
                                .append(esc(idx.getKey()))
                                .append("</th>");
                        firstRow = false;
                    }
                    b.append("<td class=\"lbl\">").append(esc(basis.getKey())).append("</td>");
                    for (int y : years) {
                        Cell c = basis.getValue().get(y);
                        if (c == null) {
                            b.append("<td class=\"none\" title=\"")
                                    .append(esc(idx.getKey() + " " + y + ": no values"))
                                    .append("\">·</td>");
                            continue;
                        }
                        double share = c.provinces.size() / (double) expected;
                        String bg = HtmlFormat.shareColour(share);
                        String title = idx.getKey() + " " + y + ", " + basis.getKey() + ": " + c.provinces.size()
                                + " of " + expected
                                + " provinces, " + c.cells + " values"
                                + (c.synthetic > 0 ? " (" + c.synthetic + " synthetic)" : "")
                                + (c.partial > 0 ? ", " + c.partial + " partial" : "") + "; provenance: "
                                + String.join(", ", c.sources);
                        List<String> gone =
                                missing(cx.ref.keys(basis.getKey().startsWith("34") ? "VN34" : "VN63"), c.provinces);
                        if (!gone.isEmpty() && gone.size() <= 5 && c.provinces.size() > 0) {
                            title += "; missing: "
                                    + String.join(
                                            ", ",
                                            gone.stream().map(cx.ref::name).toList());
                        }
                        b.append("<td class=\"")
                                .append(c.synthetic > 0 ? "syn" : "")
                                .append("\" style=\"background-color:")
                                .append(bg)
                                .append(";color:")
                                .append(HtmlFormat.textOn(bg))
                                .append("\" title=\"")
                                .append(esc(title))
                                .append("\">")
                                .append(c.provinces.size())
                                .append(c.partial > 0 ? "<sup>p</sup>" : "")
                                .append("</td>");
                    }
                    b.append("</tr>");
                }
            }
            b.append("</tbody></table></div>");
            b.append(HtmlFormat.note("Cell = number of provinces with at least one component value; full colour = all "
                    + cx.ref.count("VN63") + " (or " + cx.ref.count("VN34") + ") provinces of the basis. "
                    + "<span class=\"swatch syn\"></span> hatched = some values synthetic; <sup>p</sup> = some harmonised values are partial "
                    + "(a predecessor was missing); · = no values. National rows (key VN) are not counted."));
            b.append(provinceGrids(cx, grid.keySet(), p63, p34, years));
        }

        if (coverage.present && !coverage.rows.isEmpty()) {
            b.append("<h3>Sources in the warehouse</h3>");
            Map<String, long[]> bySource = new TreeMap<>();
            Map<String, Set<String>> idxBySource = new TreeMap<>();
            Map<String, int[]> yrs = new TreeMap<>();
            for (Row r : coverage.rows) {
                String k = r.get("source") + "\u0000" + r.get("provenance");
                long[] v = bySource.computeIfAbsent(k, x -> new long[2]);
                v[0] += r.integer("cells", 0);
                v[1] += r.synthetic() ? 1 : 0;
                idxBySource.computeIfAbsent(k, x -> new TreeSet<>()).add(r.get("index") + " (" + r.get("basis") + ")");
                int y = r.integer("year", 0);
                int[] span = yrs.computeIfAbsent(k, x -> new int[] {y, y});
                span[0] = Math.min(span[0], y);
                span[1] = Math.max(span[1], y);
            }
            HtmlFormat.HtmlTable tb =
                    new HtmlFormat.HtmlTable("Source", "Provenance", "Indices", "Years", "Values").numeric(4);
            bySource.forEach((k, v) -> {
                String[] parts = k.split("\u0000", -1);
                int[] span = yrs.get(k);
                tb.rowWithClass(
                        v[1] > 0 ? "syn-row" : null,
                        esc(parts[0]),
                        esc(parts[1]),
                        esc(String.join(", ", idxBySource.get(k))),
                        span[0] == span[1] ? String.valueOf(span[0]) : span[0] + "–" + span[1],
                        count(v[0]));
            });
            b.append(tb.render(HtmlFormat.ROW_CAP, tb.size(), "coverage"));
            if (coverage.syntheticRows() > 0) {
                synthetic = true;
            }
        }

        b.append("<h3>Refused input rows (rejects) by reason</h3>");
        if (!rejects.present) {
            b.append(HtmlFormat.note(rejects.missingNote()));
        } else if (rejects.rows.isEmpty()) {
            b.append(HtmlFormat.note("No input row was refused in this run."));
        } else {
            Map<String, long[]> byReason = new TreeMap<>();
            Map<String, Row> example = new LinkedHashMap<>();
            for (Row r : rejects.rows) {
                String k = r.get("reason") + "\u0000" + r.get("table");
                long n = r.has("rows") ? Math.max(1, r.integer("rows", 1)) : 1;
                byReason.computeIfAbsent(k, x -> new long[1])[0] += n;
                example.putIfAbsent(k, r);
            }
            long total = byReason.values().stream().mapToLong(v -> v[0]).sum();
            HtmlFormat.HtmlTable tb =
                    new HtmlFormat.HtmlTable("Reason", "Table", "Rows refused", "Share", "Example").numeric(2, 3);
            byReason.entrySet().stream()
                    .sorted((a, c) -> Long.compare(c.getValue()[0], a.getValue()[0]))
                    .forEach(e -> {
                        String[] parts = e.getKey().split("\u0000", -1);
                        Row ex = example.get(e.getKey());
                        String where = ex.get("file")
                                + (ex.has("line") ? ":" + ex.get("line") : "")
                                + (ex.has("column") ? " [" + ex.get("column") + "]" : "")
                                + (ex.has("raw_value") ? " = \"" + ex.get("raw_value") + "\"" : "")
                                + (ex.has("detail") ? " – " + ex.get("detail") : "");
                        tb.row(
                                esc(parts[0]),
                                esc(parts[1]),
                                count(e.getValue()[0]),
                                HtmlFormat.pct(e.getValue()[0] / (double) total),
                                "<span class=\"small\">" + esc(abbreviate(where, 140)) + "</span>");
                    });
            b.append(tb.render(HtmlFormat.ROW_CAP, tb.size(), "rejects"));
            b.append(HtmlFormat.note(count(total)
                    + " refused rows in all (microdata rejects are counted by reason, others one per row)."));
        }

        if (checks.present && !checks.rows.isEmpty()) {
            b.append("<h3>Published parents against their derived value</h3>");
            List<Row> bad = checks.where(r -> !r.bool("within_tolerance"));
            double worst = checks.rows.stream()
                    .mapToDouble(r -> Math.abs(r.num("difference")))
                    .filter(d -> !Double.isNaN(d))
                    .max()
                    .orElse(Double.NaN);
            b.append("<p>")
                    .append(count(checks.size()))
                    .append(" published totals were compared with the value derived from their parts: ")
                    .append(
                            bad.isEmpty()
                                    ? "all within tolerance"
                                    : "<strong>" + count(bad.size()) + " outside tolerance</strong>")
                    .append(" (largest |difference| ")
                    .append(HtmlFormat.num(worst))
                    .append(").</p>");
            if (!bad.isEmpty()) {
                HtmlFormat.HtmlTable tb = new HtmlFormat.HtmlTable(
                                "Index", "Year", "Province", "Component", "Published", "Derived", "Difference")
                        .numeric(4, 5, 6);
                for (Row r : bad) {
                    tb.row(
                            esc(r.get("index")),
                            esc(r.get("year")),
                            HtmlFormat.province(cx.ref, r.get("province_key")),
                            esc(r.get("component")),
                            HtmlFormat.num(r.num("published_value")),
                            HtmlFormat.num(r.num("derived_value")),
                            HtmlFormat.signed(r.num("difference"), 3));
                }
                b.append(tb.render(HtmlFormat.ROW_CAP, bad.size(), "derivation_checks"));
            }
        }
        b.append(precision(cx));
        return new HtmlReport.Section(
                "coverage", "Coverage", synthetic, "panel and coverage rows with synthetic provenance", b.toString());
    }

    /**
     * Published figures against the value derived from their published parts (other sources), within the published
     * figure's printed precision: how many were confirmed, and every conflict with the rule that chose the value.
     */
    static String precision(HtmlReport.Context cx) {
        Table checks = cx.table("precision_checks");
        Table conflicts = cx.table("conflicts");
        if (!checks.present && !conflicts.present) {
            return "";
        }
        StringBuilder b = new StringBuilder("<h3>Published figures against their published parts (precision)</h3>");
        List<Row> bad = conflicts.present ? conflicts.rows : checks.where(r -> "conflict".equals(r.get("outcome")));
        long confirmed = checks.present
                ? checks.where(r -> "confirmed".equals(r.get("outcome"))).size()
                : 0;
        long usedDerived = checks.present
                ? checks.where(r -> "confirmed".equals(r.get("outcome")) && "derived".equals(r.get("used")))
                        .size()
                : 0;
        b.append("<p>")
                .append(count(confirmed))
                .append(" published figures agree with the value derived from their published parts within their "
                        + "precisions (|published - derived| at most half a unit of the last printed decimal plus the "
                        + "rounding bound of the parts): they are confirmed, and the derived value is used where it is "
                        + "the more precise ("
                        + count(usedDerived)
                        + " cells). ")
                .append(
                        bad.isEmpty()
                                ? "No conflicts."
                                : "<strong>" + count(bad.size())
                                        + " conflicts</strong>: the published figure disagrees with its parts beyond "
                                        + "its printed precision; the published value is kept.")
                .append("</p>");
        if (!bad.isEmpty()) {
            HtmlFormat.HtmlTable tb = new HtmlFormat.HtmlTable(
                            "Index",
                            "Year",
                            "Province",
                            "Component",
                            "Published",
                            "Decimals",
                            "Derived",
                            "Difference",
                            "Rule")
                    .numeric(4, 5, 6, 7);
            for (Row r : bad) {
                tb.row(
                        esc(r.get("index")),
                        esc(r.get("year")),
                        HtmlFormat.province(cx.ref, r.get("province_key")),
                        esc(r.get("component")),
                        esc(r.get("published_value")),
                        esc(r.get("printed_decimals")),
                        HtmlFormat.fixed(r.num("derived_value"), 6),
                        HtmlFormat.signed(r.num("difference"), 6),
                        "<span class=\"small\">" + esc(r.get("rule")) + "</span>");
            }
            b.append(tb.render(HtmlFormat.ROW_CAP, bad.size(), "conflicts"));
        }
        return b.toString();
    }

    /** Province x year grids per index, folded away by default. */
    private static String provinceGrids(
            HtmlReport.Context cx, Set<String> indices, Table p63, Table p34, Set<Integer> years) {
        StringBuilder b = new StringBuilder();
        b.append("<h3>Province by year, per index</h3>");
        b.append(
                HtmlFormat.note(
                        "Each square is one province and year: <span class=\"swatch pub\"></span> published or re-estimated, "
                                + "<span class=\"swatch harm\"></span> harmonised, <span class=\"swatch part\"></span> partial, "
                                + "<span class=\"swatch syn-solid\"></span> synthetic, blank = missing. Open a panel to see it."));
        for (Table t : List.of(p63, p34)) {
            if (!t.present) {
                continue;
            }
            String basis = t.name.endsWith("34") ? "VN34" : "VN63";
            for (String index : indices) {
                Map<String, Map<Integer, String>> state = new LinkedHashMap<>();
                for (String k : cx.ref.keys(basis)) {
                    state.put(k, new TreeMap<>());
                }
                boolean any = false;
                for (Row r : t.rows) {
                    if (!index.equals(r.get("index")) || !basis.equals(HtmlData.basisOf(r.get("province_key")))) {
                        continue;
                    }
                    any = true;
                    int y = r.integer("year", 0);
                    String s = r.synthetic()
                            ? "s"
                            : r.bool("partial") ? "p" : "harmonized".equals(r.get("provenance")) ? "h" : "o";
                    Map<Integer, String> m = state.computeIfAbsent(r.get("province_key"), x -> new TreeMap<>());
                    String prev = m.get(y);
                    if (prev == null || s.equals("s") || (s.equals("p") && !prev.equals("s"))) {
                        m.put(y, s);
                    }
                }
                if (!any) {
                    continue;
                }
                b.append("<details class=\"pgrid\"><summary>")
                        .append(esc(index))
                        .append(" – ")
                        .append(esc(t.name))
                        .append(" (")
                        .append(state.size())
                        .append(
                                " provinces)</summary><div class=\"table-wrap\"><table class=\"pgrid\"><thead><tr><th></th>");
                for (int y : years) {
                    b.append("<th class=\"yr\">").append(y).append("</th>");
                }
                b.append("</tr></thead><tbody>");
                state.forEach((k, m) -> {
                    b.append("<tr><th>").append(esc(cx.ref.name(k))).append("</th>");
                    for (int y : years) {
                        String s = m.get(y);
                        b.append(s == null ? "<td></td>" : "<td class=\"g" + s + "\"></td>");
                    }
                    b.append("</tr>");
                });
                b.append("</tbody></table></div></details>");
            }
        }
        return b.toString();
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** The provinces of a basis without a value in a cell. */
    static List<String> missing(List<String> all, Set<String> present) {
        List<String> out = new ArrayList<>();
        for (String k : all) {
            if (!present.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }
}
