package org.chiso.report;

import static org.chiso.report.HtmlFormat.count;
import static org.chiso.report.HtmlFormat.esc;
import static org.chiso.report.HtmlFormat.fixed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chiso.demo.PublishedFigure;
import org.chiso.demo.PublishedFigures;
import org.chiso.demo.ServiceFigureCheck;
import org.chiso.report.HtmlData.Row;
import org.chiso.report.HtmlData.Table;
import org.jfree.data.Range;

/**
 * The service index section (docs/DOSSIERS.md): from the run's {@code service_index} table, in the newest scheme
 * version it holds, the province map by total in the latest week, the provinces' league table, the departments and
 * communes of one province (top and bottom) in one week, the national top communes, the bands, one small weekly trend
 * chart per province, and the published figures with whether the scheme can produce them ({@link ServiceFigureCheck};
 * a figure it cannot produce is listed, never dropped).
 *
 * <p>The province and week of the league tables: the province of the published service figures when the run has its
 * units, in the week of the figures' year whose unit totals come nearest to the published ones (root mean square
 * difference); otherwise the first-ranked province in the latest week.
 */
final class HtmlService {
    static final String ID = "service";
    static final String TITLE = "Service index";
    /** Rows of each end of a league table. */
    static final int TOP = 10;

    static final int BOTTOM = 5;
    /** Communes in the national top list. */
    static final int NATIONAL_COMMUNES = 20;

    /** The service_index column of each published group figure. */
    private static final Map<String, String> GROUP_COLUMN = Map.of(
            "TRANSPARENCY", "transparency",
            "DOSSIER_PROGRESS", "progress",
            "ONLINE_SERVICES", "online",
            "ONLINE_PAYMENT", "payment",
            "SATISFACTION", "satisfaction",
            "DIGITISATION", "digitisation");

    private static final List<String> GROUPS =
            List.of("transparency", "progress", "online", "payment", "satisfaction", "digitisation");
    private static final List<String> BANDS = List.of("excellent", "good", "fair", "average", "weak");

    private HtmlService() {}

    /** The week and province the league tables show, and how they were chosen. */
    record Focus(String province, String week, String why) {}

    static HtmlReport.Section build(HtmlReport.Context cx) {
        Table t = cx.table("service_index");
        StringBuilder b = new StringBuilder();
        if (!t.present || t.rows.isEmpty()) {
            b.append(HtmlFormat.note((t.present ? "The service_index table of this run is empty." : t.missingNote())
                    + " Run <code>./workbench service-index --dossiers FOLDER</code> (SYNTHETIC records: "
                    + "<code>./workbench demo-data --dossiers</code>) and render its report run; docs/DOSSIERS.md"
                    + " describes the records and the scheme."));
            return new HtmlReport.Section(ID, TITLE, false, null, b.toString());
        }
        String version = t.rows.stream()
                .map(r -> r.get("version"))
                .max(Comparator.naturalOrder())
                .orElse("");
        List<Row> weeks = t.where(
                r -> r.get("version").equals(version) && r.get("period_type").equals("week"));
        if (weeks.isEmpty()) {
            b.append(HtmlFormat.note("No weekly rows of version " + esc(version) + " in this run."));
            return new HtmlReport.Section(ID, TITLE, synthetic(t.rows), "synthetic dossier records", b.toString());
        }
        boolean synthetic = synthetic(weeks);
        String latest = weeks.stream()
                .map(r -> r.get("period"))
                .max(Comparator.naturalOrder())
                .orElse("");
        List<Row> provincesLatest = level(weeks, "province", latest);
        provincesLatest.sort(Comparator.comparingInt(r -> r.integer("rank_national", Integer.MAX_VALUE)));

        b.append(
                HtmlFormat.lead(
                        "The service index for citizens and businesses (Decision 766/QĐ-TTg) computed from"
                                + " dossier records: six groups (version " + esc(version) + " of the scheme in"
                                + " <code>data/definitions/service_index/</code>; the run's other versions are in"
                                + " <code>tables/service_index.csv</code>), their total out of 100, a band (excellent &ge; 90, good 80-90,"
                                + " fair 70-80, average 50-70, weak &lt; 50: an assumption) and ranks, per province, department and"
                                + " commune and week. Indicators with their numerators and denominators are in"
                                + " <code>tables/service_indicators.csv</code>, refused records in <code>tables/service_rejects.csv</code>."));
        if (synthetic) {
            b.append("<div class=\"reading\"><strong>SYNTHETIC.</strong> These dossier records are generated"
                    + " (<code>./workbench demo-data --dossiers</code>), not the national portal's: the scores show"
                    + " what the workbench computes, not how any province serves its citizens.</div>");
        }
        facts(cx, b, weeks, latest);
        b.append("<div class=\"two\">");
        map(cx, b, provincesLatest, latest, synthetic);
        b.append("<div>").append(bands(weeks, latest)).append("</div>");
        b.append("</div>");
        b.append(provinceLeague(cx, provincesLatest, latest));

        Focus focus = focus(weeks, latest, provincesLatest);
        b.append("<h3>")
                .append(esc(cx.ref.name(focus.province())))
                .append(", week ")
                .append(esc(focus.week()));
        b.append("</h3>").append(HtmlFormat.note(focus.why()));
        b.append(unitLeague(weeks, focus, "department", "Departments"));
        b.append(unitLeague(weeks, focus, "commune", "Communes and wards"));

        b.append("<h3>Top communes and wards of the country, week ")
                .append(esc(latest))
                .append("</h3>");
        b.append(nationalCommunes(cx, weeks, latest));

        b.append("<h3>Weekly totals by province</h3>");
        b.append(trends(cx, weeks, focus, synthetic));

        b.append("<h3>Published figures</h3>");
        b.append(published(weeks, t, focus));
        return new HtmlReport.Section(ID, TITLE, synthetic, "computed from SYNTHETIC dossier records", b.toString());
    }

    /** Whether any row comes, in whole or in part, from synthetic records. */
    static boolean synthetic(List<Row> rows) {
        for (Row r : rows) {
            if (r.synthetic() || r.get("provenance").equals("mixed") || r.num("synthetic_dossiers") > 0) {
                return true;
            }
        }
        return false;
    }

    private static List<Row> level(List<Row> rows, String level, String period) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            if (r.get("level").equals(level) && r.get("period").equals(period)) {
                out.add(r);
            }
        }
        return out;
    }

    private static void facts(HtmlReport.Context cx, StringBuilder b, List<Row> weeks, String latest) {
        String first = weeks.stream()
                .map(r -> r.get("period"))
                .min(Comparator.naturalOrder())
                .orElse("");
        long dossiers = 0;
        for (Row r : weeks) {
            if (r.get("level").equals("province")) {
                dossiers += (long) r.num("dossiers");
            }
        }
        Map<String, java.util.Set<String>> distinct = new TreeMap<>();
        for (Row r : weeks) {
            distinct.computeIfAbsent(r.get("level"), k -> new java.util.HashSet<>())
                    .add(r.get("unit_key"));
        }
        b.append("<dl class=\"facts\"><dt>weeks</dt><dd>")
                .append(esc(first))
                .append(" to ")
                .append(esc(latest))
                .append("</dd><dt>dossiers in weeks</dt><dd>")
                .append(count(dossiers))
                .append("</dd>");
        for (Map.Entry<String, java.util.Set<String>> e : distinct.entrySet()) {
            b.append("<dt>").append(esc(e.getKey())).append(" units</dt><dd>");
            b.append(count(e.getValue().size())).append("</dd>");
        }
        String in = cx.parameter("rows_in");
        if (!in.isEmpty()) {
            b.append("<dt>records in</dt><dd>")
                    .append(esc(in))
                    .append(" = ")
                    .append(esc(cx.parameter("rows_accepted")))
                    .append(" accepted + ")
                    .append(esc(cx.parameter("rows_rejected")))
                    .append(" rejected</dd>");
        }
        b.append("</dl>");
    }

    private static void map(HtmlReport.Context cx, StringBuilder b, List<Row> provinces, String week, boolean syn) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (Row r : provinces) {
            lo = Math.min(lo, r.num("total"));
            hi = Math.max(hi, r.num("total"));
        }
        Map<String, String> fill = new HashMap<>();
        Map<String, String> tip = new HashMap<>();
        for (Row r : provinces) {
            double share = hi > lo ? (r.num("total") - lo) / (hi - lo) : 1;
            fill.put(r.get("province_key"), HtmlFormat.shareColour(0.05 + 0.95 * share));
            tip.put(
                    r.get("province_key"),
                    cx.ref.name(r.get("province_key")) + ": " + fixed(r.num("total"), 2) + " (" + r.get("band")
                            + "), rank " + r.get("rank_national") + " of " + r.get("units_national"));
        }
        MapView.Result m = MapView.render(cx.fs, cx.geoFolder, "VN34", fill, tip, cx.ref, cx.chartId());
        String legend = provinces.isEmpty()
                ? ""
                : "<div class=\"legend\"><span><i style=\"background:" + HtmlFormat.shareColour(0.05) + "\"></i>"
                        + fixed(lo, 2) + "</span><span><i style=\"background:" + HtmlFormat.shareColour(1) + "\"></i>"
                        + fixed(hi, 2) + "</span><span><i style=\"background:" + MapView.MISSING_FILL
                        + "\"></i>no dossiers</span></div>";
        b.append(HtmlFormat.figure(
                "<div class=\"map-wrap\">" + m.svg() + "</div>" + legend,
                "Provinces by total, week " + esc(week) + " (VN34). Drawn from " + esc(m.how())
                        + ". Hover a province for its total, band and rank.",
                syn,
                "map-figure"));
    }

    /** Units per band and level in the week. */
    private static String bands(List<Row> weeks, String week) {
        Map<String, Map<String, Integer>> n = new LinkedHashMap<>();
        for (String level : List.of("province", "department", "commune")) {
            n.put(level, new TreeMap<>());
        }
        for (Row r : weeks) {
            if (r.get("period").equals(week)) {
                n.computeIfAbsent(r.get("level"), k -> new TreeMap<>()).merge(r.get("band"), 1, Integer::sum);
            }
        }
        List<String> head = new ArrayList<>(List.of("level"));
        head.addAll(BANDS);
        HtmlFormat.HtmlTable t = new HtmlFormat.HtmlTable(head.toArray(String[]::new))
                .numeric(1, 2, 3, 4, 5)
                .caption("Units by band, week " + esc(week));
        for (Map.Entry<String, Map<String, Integer>> e : n.entrySet()) {
            List<String> cells = new ArrayList<>(List.of(esc(e.getKey())));
            for (String band : BANDS) {
                cells.add(String.valueOf(e.getValue().getOrDefault(band, 0)));
            }
            t.row(cells.toArray(String[]::new));
        }
        return t.render();
    }

    private static String[] head(String first, String second) {
        List<String> h = new ArrayList<>(List.of("rank", first, second));
        h.addAll(GROUPS);
        h.addAll(List.of("total", "band", "change"));
        return h.toArray(String[]::new);
    }

    private static String[] cells(String rank, String unit, Row r) {
        List<String> c = new ArrayList<>(List.of(rank, unit, count((long) r.num("dossiers"))));
        for (String g : GROUPS) {
            c.add(fixed(r.num(g), 2));
        }
        c.add("<strong>" + fixed(r.num("total"), 2) + "</strong>");
        c.add(esc(r.get("band")));
        c.add(r.has("change") ? HtmlFormat.signed(r.num("change"), 2) : "");
        return c.toArray(String[]::new);
    }

    private static String provinceLeague(HtmlReport.Context cx, List<Row> provinces, String week) {
        HtmlFormat.HtmlTable t = new HtmlFormat.HtmlTable(head("province", "dossiers"))
                .numeric(0, 2, 3, 4, 5, 6, 7, 8, 9, 11)
                .caption("Provinces, week " + esc(week) + " (change: from the week before)");
        for (Row r : provinces) {
            t.rowWithClass(
                    r.synthetic() ? "syn-row" : null,
                    cells(r.get("rank_national"), HtmlFormat.province(cx.ref, r.get("province_key")), r));
        }
        return t.render();
    }

    /**
     * The province and week of the league tables: the published service figures' province, in the week of their year
     * whose unit totals are nearest to the published ones; else the first-ranked province in the latest week.
     */
    static Focus focus(List<Row> weeks, String latest, List<Row> provincesLatest) {
        Map<String, Double> units = new LinkedHashMap<>();
        String province = null;
        int year = 0;
        Map<String, String> unitOf = unitKeys();
        for (PublishedFigure f : PublishedFigures.load()) {
            if (f.index().equals("SERVICE") && f.measure().equals("unit_points") && unitOf.containsKey(f.component())) {
                units.put(unitOf.get(f.component()), f.value());
                province = f.province();
                year = f.year();
            }
        }
        if (province != null) {
            Map<String, double[]> byWeek = new TreeMap<>();
            String prefix = year + "-W";
            for (Row r : weeks) {
                Double p = units.get(r.get("unit_key"));
                if (p != null && r.get("period").startsWith(prefix)) {
                    double d = r.num("total") - p;
                    double[] s = byWeek.computeIfAbsent(r.get("period"), k -> new double[2]);
                    s[0] += d * d;
                    s[1]++;
                }
            }
            String best = null;
            double bestRms = Double.MAX_VALUE;
            for (Map.Entry<String, double[]> e : byWeek.entrySet()) {
                double rms = Math.sqrt(e.getValue()[0] / e.getValue()[1]);
                if (e.getValue()[1] == units.size() && rms < bestRms) {
                    best = e.getKey();
                    bestRms = rms;
                }
            }
            if (best != null) {
                return new Focus(
                        province,
                        best,
                        "The province of the published service figures (data/published/figures.csv), in the week of "
                                + year + " whose totals of its " + units.size()
                                + " published departments and communes come nearest to the published ones (root"
                                + " mean square difference " + fixed(bestRms, 4) + " points).");
            }
        }
        String top = provincesLatest.isEmpty() ? "" : provincesLatest.get(0).get("province_key");
        return new Focus(
                top,
                latest,
                "The first-ranked province in the latest week (the run has no week with every published"
                        + " department and commune of the published service figures).");
    }

    /** Published component to unit key ({@link ServiceFigureCheck#UNITS}). */
    private static Map<String, String> unitKeys() {
        Map<String, String> out = new HashMap<>();
        for (Map<String, String> r : org.chiso.core.Resources.csv(ServiceFigureCheck.UNITS)) {
            out.put(r.get("component"), r.get("unit_key"));
        }
        return out;
    }

    private static String unitLeague(List<Row> weeks, Focus focus, String level, String title) {
        List<Row> rows = level(weeks, level, focus.week()).stream()
                .filter(r -> r.get("province_key").equals(focus.province()))
                .sorted(Comparator.comparingInt(r -> r.integer("rank_in_province", Integer.MAX_VALUE)))
                .toList();
        HtmlFormat.HtmlTable t = new HtmlFormat.HtmlTable(head(level, "dossiers"))
                .numeric(0, 2, 3, 4, 5, 6, 7, 8, 9, 11)
                .caption(title + ": the top " + TOP + " and bottom " + BOTTOM + " of " + rows.size()
                        + " with dossiers (rank within the province)");
        int top = Math.min(TOP, rows.size());
        int bottomFrom = Math.max(top, rows.size() - BOTTOM);
        for (int i = 0; i < rows.size(); i++) {
            if (i == top && bottomFrom > top) {
                String[] gap = new String[GROUPS.size() + 6];
                java.util.Arrays.fill(gap, "");
                gap[0] = "⋮";
                gap[1] = "<span class=\"note\">" + (bottomFrom - top) + " in between</span>";
                t.rowWithClass("gap", gap);
                i = bottomFrom;
            }
            Row r = rows.get(i);
            t.rowWithClass(
                    r.synthetic() ? "syn-row" : null,
                    cells(
                            r.get("rank_in_province"),
                            esc(r.get("unit_name")) + " <span class=\"key\">" + esc(r.get("unit_key")) + "</span>",
                            r));
        }
        return t.render();
    }

    private static String nationalCommunes(HtmlReport.Context cx, List<Row> weeks, String week) {
        List<Row> rows = level(weeks, "commune", week).stream()
                .sorted(Comparator.comparingInt(r -> r.integer("rank_national", Integer.MAX_VALUE)))
                .toList();
        HtmlFormat.HtmlTable t = new HtmlFormat.HtmlTable(head("commune or ward", "dossiers"))
                .numeric(0, 2, 3, 4, 5, 6, 7, 8, 9, 11)
                .caption("The first " + Math.min(NATIONAL_COMMUNES, rows.size()) + " of " + count(rows.size())
                        + " communes and wards with dossiers (national rank; ties share the better rank)");
        for (Row r : rows.subList(0, Math.min(NATIONAL_COMMUNES, rows.size()))) {
            t.rowWithClass(
                    r.synthetic() ? "syn-row" : null,
                    cells(
                            r.get("rank_national"),
                            esc(r.get("unit_name")) + " <span class=\"key\">" + esc(cx.ref.name(r.get("province_key")))
                                    + "</span>",
                            r));
        }
        return t.render();
    }

    /** The ISO week key as a fractional year for the charts' axis: 2025-W48 is 2025 + 47.5/52. */
    static double weekAxis(String key) {
        int w = key.indexOf("-W");
        if (w < 0) {
            return Double.NaN;
        }
        return Integer.parseInt(key.substring(0, w)) + (Integer.parseInt(key.substring(w + 2)) - 0.5) / 52.0;
    }

    private static String trends(HtmlReport.Context cx, List<Row> weeks, Focus focus, boolean syn) {
        Map<String, TreeMap<String, Double>> series = new TreeMap<>();
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (Row r : weeks) {
            if (r.get("level").equals("province")) {
                series.computeIfAbsent(r.get("province_key"), k -> new TreeMap<>())
                        .put(r.get("period"), r.num("total"));
                lo = Math.min(lo, r.num("total"));
                hi = Math.max(hi, r.num("total"));
            }
        }
        Range range = lo < hi ? new Range(lo - 0.06 * (hi - lo), hi + 0.06 * (hi - lo)) : null;
        StringBuilder b = new StringBuilder(HtmlFormat.note("One chart per province: its total in each week"
                + " (all on one vertical scale, " + fixed(lo, 1) + " to " + fixed(hi, 1) + "); the dot marks week "
                + esc(focus.week()) + "."));
        b.append("<div class=\"multiples\">");
        for (Map.Entry<String, TreeMap<String, Double>> e : series.entrySet()) {
            double[] xs = e.getValue().keySet().stream()
                    .mapToDouble(HtmlService::weekAxis)
                    .toArray();
            double[] ys = e.getValue().values().stream()
                    .mapToDouble(Double::doubleValue)
                    .toArray();
            List<ChartSvg.Line> lines = new ArrayList<>();
            lines.add(new ChartSvg.Line("weekly total", xs, ys, ChartSvg.colour(0), 1.2f, false, false));
            Double at = e.getValue().get(focus.week());
            if (at != null) {
                lines.add(new ChartSvg.Line(
                        focus.week(),
                        new double[] {weekAxis(focus.week())},
                        new double[] {at},
                        ChartSvg.colour(5),
                        1f,
                        false,
                        true));
            }
            String name = cx.ref.name(e.getKey());
            b.append(HtmlFormat.figure(
                    ChartSvg.lines(
                            cx.chartId(), "weekly total of " + name, name, null, lines, null, range, false, 330, 170),
                    esc(name) + " <span class=\"key\">" + esc(e.getKey()) + "</span>, "
                            + e.getValue().size() + " weeks",
                    syn,
                    "small"));
        }
        b.append("</div>");
        return b.toString();
    }

    /** Every published service figure, its value in the run's focus week, and whether each version can produce it. */
    private static String published(List<Row> weeks, Table all, Focus focus) {
        List<ServiceFigureCheck.Verdict> verdicts = ServiceFigureCheck.check(PublishedFigures.load());
        Map<String, Row> v2024 = new HashMap<>();
        Map<String, Row> v2022 = new HashMap<>();
        for (Row r : all.rows) {
            if (r.get("period_type").equals("week") && r.get("period").equals(focus.week())) {
                (r.get("version").equals("2022") ? v2022 : v2024).put(r.get("unit_key"), r);
            }
        }
        long cannot = verdicts.stream()
                .filter(v -> !v.producible2024() || !v.producible2022())
                .count();
        StringBuilder b = new StringBuilder(HtmlFormat.lead("Each published service-index figure"
                + " (data/published/figures.csv), the run's value for its unit in week " + esc(focus.week())
                + " in versions 2024 and 2022, and whether each version of the scheme can produce it at all. <strong>"
                + cannot + " of " + verdicts.size() + "</strong> cannot be produced by at least one version; they are"
                + " listed here as published, not clipped or dropped."));
        HtmlFormat.HtmlTable t = new HtmlFormat.HtmlTable(
                        "figure", "unit", "published", "run 2024", "run 2022", "2024 can", "2022 can", "reading")
                .numeric(2, 3, 4)
                .caption("Published service figures and the scheme");
        for (ServiceFigureCheck.Verdict v : verdicts) {
            String component = v.figure().split(" ").length > 3 ? v.figure().split(" ")[3] : "";
            String column = GROUP_COLUMN.getOrDefault(component, "total");
            Row a = v2024.get(v.unitKey());
            Row c = v2022.get(v.unitKey());
            boolean flagged = !v.producible2024() || !v.producible2022();
            t.rowWithClass(
                    flagged ? "hl" : null,
                    esc(v.figure().replaceAll(" \\(.*\\)$", "")),
                    "<code>" + esc(v.unitKey()) + "</code>",
                    fixed(v.value(), 2),
                    a == null ? "" : fixed(a.num(column), 2),
                    c == null || column.equals("payment") ? "" : fixed(c.num(column), 2),
                    v.producible2024() ? "yes" : "<strong>no</strong>",
                    v.producible2022() ? "yes" : "<strong>no</strong>",
                    esc(v.reason()));
        }
        b.append(t.render());
        return b.toString();
    }
}
