package org.chiso.report;

import static org.chiso.report.HtmlFormat.esc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chiso.analysis.Analyses;
import org.chiso.report.HtmlData.Row;
import org.chiso.report.HtmlData.Table;
import org.jfree.data.Range;

/** The trends section: small multiples of selected provinces' series and the steepest and flattest slopes. */
final class HtmlTrends {
    private static final int MULTIPLES_EACH_END = 3;
    private static final int TABLE_EACH_END = 10;

    private HtmlTrends() {}

    private static String groupKey(Row r) {
        return r.get("basis") + "\u0000" + r.get("index") + "\u0000" + r.get("component") + "\u0000" + r.get("segment");
    }

    static HtmlReport.Section build(HtmlReport.Context cx) {
        Table t = cx.table("trends");
        StringBuilder b = new StringBuilder();
        if (!t.present || t.rows.isEmpty()) {
            b.append(HtmlFormat.note(t.present ? "No trends in this run." : t.missingNote()));
            return new HtmlReport.Section("trends", "Trends", false, null, b.toString());
        }
        Map<String, List<Row>> groups = t.groupBy(HtmlTrends::groupKey);
        // A total (if any), over the longest span, with the most provinces.
        String chosen = groups.entrySet().stream()
                .max(Comparator.comparingInt((Map.Entry<String, List<Row>> e) ->
                                "TOTAL".equals(e.getValue().get(0).get("component")) ? 1 : 0)
                        .thenComparingInt(e -> e.getValue().get(0).integer("year_to", 0)
                                - e.getValue().get(0).integer("year_from", 0))
                        .thenComparingInt(e -> e.getValue().size())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey)
                .orElseThrow();
        // Ranked trends in rank order; the others (too few years for a ranking) are listed apart.
        List<Row> rows = new ArrayList<>(
                groups.get(chosen).stream().filter(HtmlTrends::ranked).toList());
        rows.sort(Comparator.comparingDouble((Row r) -> -r.num("slope")));
        List<Row> apart = groups.get(chosen).stream()
                .filter(r -> !ranked(r))
                .sorted(Comparator.comparing((Row r) -> r.get("province_key")))
                .toList();
        Row first = groups.get(chosen).get(0);
        String basis = first.get("basis");
        String index = first.get("index");
        String component = first.get("component");
        String segment = first.get("segment");
        int from = first.integer("year_from", 0);
        int to = first.integer("year_to", 0);
        boolean synthetic = groups.get(chosen).stream().anyMatch(Row::synthetic);

        b.append(HtmlFormat.lead(
                "Linear trends per province: the OLS slope of the score on the year (as R's lm), with the Theil–Sen slope "
                        + "and the Mann–Kendall test as robust checks. Shown: <strong>" + esc(index + " " + component)
                        + "</strong> (" + esc(segment)
                        + ") on the " + esc(basis) + " basis, " + from + "–" + to
                        + ", the longest series in the run. The small multiples show the "
                        + MULTIPLES_EACH_END + " provinces with the largest slopes (▲) and the " + MULTIPLES_EACH_END
                        + " with the smallest (▼), on a "
                        + "common vertical scale; the dashed line is the OLS fit."));

        // Small multiples.
        List<Row> picks = new ArrayList<>();
        if (rows.size() <= 2 * MULTIPLES_EACH_END) {
            picks.addAll(rows);
        } else {
            picks.addAll(rows.subList(0, MULTIPLES_EACH_END));
            picks.addAll(rows.subList(rows.size() - MULTIPLES_EACH_END, rows.size()));
        }
        Table panel = cx.table("VN34".equals(basis) ? "panel_34" : "panel_63");
        String version = segment.startsWith("version ")
                ? segment.substring("version ".length()).trim()
                : null;
        Map<String, TreeMap<Integer, Double>> series = new TreeMap<>();
        boolean seriesSynthetic = false;
        if (panel.present) {
            java.util.Set<String> wanted = new java.util.HashSet<>();
            picks.forEach(r -> wanted.add(r.get("province_key")));
            for (Row r : panel.rows) {
                if (!wanted.contains(r.get("province_key"))
                        || !index.equals(r.get("index"))
                        || !component.equals(r.get("component"))) {
                    continue;
                }
                if (version != null && !version.equals(r.get("structure_version"))) {
                    continue;
                }
                int y = r.integer("year", 0);
                if (y < from || y > to || Double.isNaN(r.num("value"))) {
                    continue;
                }
                series.computeIfAbsent(r.get("province_key"), x -> new TreeMap<>())
                        .put(y, r.num("value"));
                seriesSynthetic |= r.synthetic();
            }
        }
        if (!picks.isEmpty()) {
            double lo = Double.MAX_VALUE;
            double hi = -Double.MAX_VALUE;
            for (Row r : picks) {
                for (int y : new int[] {from, to}) {
                    double f = r.num("intercept") + r.num("slope") * y;
                    if (!Double.isNaN(f)) {
                        lo = Math.min(lo, f);
                        hi = Math.max(hi, f);
                    }
                }
                for (double v : series.getOrDefault(r.get("province_key"), new TreeMap<>())
                        .values()) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            Range range = lo < hi ? new Range(lo - 0.06 * (hi - lo), hi + 0.06 * (hi - lo)) : null;
            b.append("<div class=\"multiples\">");
            for (int i = 0; i < picks.size(); i++) {
                Row r = picks.get(i);
                String key = r.get("province_key");
                TreeMap<Integer, Double> s = series.getOrDefault(key, new TreeMap<>());
                double[] xs =
                        s.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
                double[] ys =
                        s.values().stream().mapToDouble(Double::doubleValue).toArray();
                double[] fx = {from, to};
                double[] fy = {r.num("intercept") + r.num("slope") * from, r.num("intercept") + r.num("slope") * to};
                List<ChartSvg.Line> lines = new ArrayList<>();
                lines.add(new ChartSvg.Line("observed", xs, ys, ChartSvg.colour(0), 1.6f, false, true));
                lines.add(new ChartSvg.Line("OLS fit", fx, fy, ChartSvg.colour(5), 1.4f, true, false));
                String sub = "OLS " + HtmlFormat.signed(r.num("slope"), 3) + "/yr ["
                        + HtmlFormat.fixed(r.num("slope_ci_low"), 3) + ", "
                        + HtmlFormat.fixed(r.num("slope_ci_high"), 3) + "], p " + pText(r.num("slope_p"))
                        + "; Theil–Sen "
                        + HtmlFormat.signed(r.num("theil_sen_slope"), 3);
                String title = (i < MULTIPLES_EACH_END || rows.size() <= 2 * MULTIPLES_EACH_END ? "▲ " : "▼ ")
                        + cx.ref.name(key);
                b.append(HtmlFormat.figure(
                        ChartSvg.lines(
                                cx.chartId(),
                                "trend of " + cx.ref.name(key),
                                title,
                                sub,
                                lines,
                                null,
                                range,
                                false,
                                360,
                                210),
                        esc(cx.ref.name(key)) + " <span class=\"key\">" + esc(key) + "</span>, n = " + r.integer("n", 0)
                                + " years" + (s.isEmpty() ? " (series not found in " + esc(panel.name) + ")" : ""),
                        synthetic || seriesSynthetic,
                        "small"));
            }
            b.append("</div>");
        }

        // Slope table: the top and the bottom of the ranking.
        HtmlFormat.HtmlTable st = new HtmlFormat.HtmlTable(
                        "Rank", "Province", "n", "OLS slope/yr", "95% CI", "p", "Theil–Sen", "MK p", "R²")
                .numeric(0, 2, 3, 4, 5, 6, 7, 8)
                .caption("Provinces ranked by OLS slope: the top and bottom " + TABLE_EACH_END + " of " + rows.size()
                        + " trends of at least " + Analyses.MIN_RANKED_POINTS + " years"
                        + (apart.isEmpty() ? "" : " (" + apart.size() + " shorter, listed below, not ranked)"));
        int top = Math.min(TABLE_EACH_END, rows.size());
        int bottomFrom = Math.max(top, rows.size() - TABLE_EACH_END);
        for (int i = 0; i < rows.size(); i++) {
            if (i == top && bottomFrom > top) {
                st.rowWithClass(
                        "gap",
                        "⋮",
                        "<span class=\"note\">" + (bottomFrom - top) + " provinces in between</span>",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "");
                i = bottomFrom;
            }
            Row r = rows.get(i);
            st.row(
                    r.has("slope_rank") ? String.valueOf(r.integer("slope_rank", 0)) : String.valueOf(i + 1),
                    HtmlFormat.province(cx.ref, r.get("province_key")),
                    String.valueOf(r.integer("n", 0)),
                    HtmlFormat.signed(r.num("slope"), 3),
                    "[" + HtmlFormat.fixed(r.num("slope_ci_low"), 3) + ", "
                            + HtmlFormat.fixed(r.num("slope_ci_high"), 3) + "]",
                    HtmlFormat.p(r.num("slope_p")),
                    HtmlFormat.signed(r.num("theil_sen_slope"), 3),
                    HtmlFormat.p(r.num("mk_p")),
                    HtmlFormat.fixed(r.num("r_squared"), 2));
        }
        b.append(st.render());
        b.append(
                HtmlFormat.note(
                        "Slopes in index points per year; 95% interval from t on n − 2 df; p two-sided and not adjusted for the "
                                + rows.size()
                                + " provinces tested. MK = Mann–Kendall trend test (tie-corrected variance, normal approximation)."));

        if (!apart.isEmpty()) {
            HtmlFormat.HtmlTable at = new HtmlFormat.HtmlTable(
                            "Province", "Years", "n", "OLS slope/yr", "95% CI", "Why not ranked")
                    .numeric(2, 3, 4)
                    .caption("Trends listed apart, not ranked: too few years for their slope to order provinces");
            for (Row r : apart) {
                at.row(
                        HtmlFormat.province(cx.ref, r.get("province_key")),
                        r.get("year_from") + "–" + r.get("year_to"),
                        String.valueOf(r.integer("n", 0)),
                        HtmlFormat.signed(r.num("slope"), 3),
                        "[" + HtmlFormat.fixed(r.num("slope_ci_low"), 3) + ", "
                                + HtmlFormat.fixed(r.num("slope_ci_high"), 3) + "]",
                        esc(r.get("ranking")));
            }
            b.append(at.render());
        }

        // All series in brief.
        HtmlFormat.HtmlTable all = new HtmlFormat.HtmlTable(
                        "Basis",
                        "Index",
                        "Component",
                        "Segment",
                        "Years",
                        "Provinces",
                        "Median slope/yr",
                        "Rising (p &lt; 0.05)",
                        "Falling (p &lt; 0.05)")
                .numeric(5, 6, 7, 8)
                .caption("All trend series");
        groups.values().stream()
                .sorted(Comparator.comparing((List<Row> g) -> g.get(0).get("index"))
                        .thenComparing(g -> g.get(0).get("basis"))
                        .thenComparing(g -> g.get(0).get("component"), HtmlCorrelations::natural))
                .forEach(g -> {
                    Row r0 = g.get(0);
                    double[] slopes = g.stream()
                            .mapToDouble(r -> r.num("slope"))
                            .filter(d -> !Double.isNaN(d))
                            .sorted()
                            .toArray();
                    double median = slopes.length == 0
                            ? Double.NaN
                            : slopes.length % 2 == 1
                                    ? slopes[slopes.length / 2]
                                    : (slopes[slopes.length / 2 - 1] + slopes[slopes.length / 2]) / 2;
                    long up = g.stream()
                            .filter(r -> r.num("slope") > 0 && r.num("slope_p") < 0.05)
                            .count();
                    long down = g.stream()
                            .filter(r -> r.num("slope") < 0 && r.num("slope_p") < 0.05)
                            .count();
                    all.rowWithClass(
                            groupKey(r0).equals(chosen) ? "hl" : null,
                            esc(r0.get("basis")),
                            esc(r0.get("index")),
                            esc(r0.get("component")),
                            esc(r0.get("segment")),
                            r0.get("year_from") + "–" + r0.get("year_to"),
                            String.valueOf(g.size()),
                            HtmlFormat.signed(median, 3),
                            String.valueOf(up),
                            String.valueOf(down));
                });
        b.append(all.render(HtmlFormat.ROW_CAP, all.size(), "trends"));
        return new HtmlReport.Section(
                "trends", "Trends", synthetic || seriesSynthetic, "trends fitted to synthetic values", b.toString());
    }

    /** Whether a trend row takes part in its series' ranking (runs before the ranking column: every fitted slope). */
    private static boolean ranked(Row r) {
        return r.has("ranking") ? "ranked".equals(r.get("ranking")) : !Double.isNaN(r.num("slope"));
    }

    private static String pText(double p) {
        return p < 0.001 ? "< 0.001" : "= " + HtmlFormat.fixed(p, 3);
    }
}
