package org.chiso.report;

import static org.chiso.report.HtmlFormat.count;
import static org.chiso.report.HtmlFormat.esc;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chiso.report.HtmlData.Row;
import org.chiso.report.HtmlData.Table;

/** The merger harmonisation section: how the 34-province panel was built from the 63-province one. */
final class HtmlHarmonization {
    private HtmlHarmonization() {}

    private static List<String> predecessors(Row r) {
        String p = r.get("predecessors");
        return p.isEmpty()
                ? List.of()
                : Arrays.stream(p.split("[,;\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    static HtmlReport.Section build(HtmlReport.Context cx) {
        Table p34 = cx.table("panel_34");
        Table p63 = cx.table("panel_63");
        StringBuilder b = new StringBuilder();
        if (!p34.present || p34.rows.isEmpty()) {
            b.append(HtmlFormat.note(p34.present ? "The 34-province panel is empty." : p34.missingNote()));
            return new HtmlReport.Section("harmonization", "Merger harmonisation (63 → 34)", false, null, b.toString());
        }
        boolean synthetic = p34.syntheticRows() > 0;
        long merged = cx.ref.keys("VN34").stream()
                .filter(k -> cx.ref.predecessors(k).size() > 1)
                .count();
        long predecessorsOfMerged = cx.ref.keys("VN34").stream()
                .mapToLong(k -> cx.ref.predecessors(k).size())
                .filter(n -> n > 1)
                .sum();
        b.append(HtmlFormat.lead(
                "On 1 July 2025 Vietnam's 63 provinces became 34: " + (cx.ref.count("VN34") - merged) + " kept their "
                        + "territory and " + merged + " were formed by merging " + predecessorsOfMerged
                        + " former provinces. The 34-province panel "
                        + "carries every earlier year onto the new map: unchanged provinces are copied, merged ones are a weighted mean of their "
                        + "predecessors (or re-estimated from the microdata on the new boundaries). A <em>partial</em> cell lacks some predecessors; "
                        + "its coverage is the weight share that was present."));

        // Method counts by index.
        TreeSet<String> indices = new TreeSet<>(p34.distinct("index"));
        Map<String, long[]> byMethod = new TreeMap<>();
        Map<String, Map<String, Long>> byMethodIndex = new HashMap<>();
        for (Row r : p34.rows) {
            if ("VN".equals(r.get("province_key"))) {
                continue;
            }
            String m = r.get("method").isEmpty() ? "(none)" : r.get("method");
            long[] c = byMethod.computeIfAbsent(m, x -> new long[3]);
            c[0]++;
            c[1] += r.bool("partial") ? 1 : 0;
            c[2] += r.synthetic() ? 1 : 0;
            byMethodIndex.computeIfAbsent(m, x -> new HashMap<>()).merge(r.get("index"), 1L, Long::sum);
        }
        long total = byMethod.values().stream().mapToLong(c -> c[0]).sum();
        List<String> head = new ArrayList<>(List.of("Method", "Cells", "Share"));
        indices.forEach(head::add);
        head.add("Partial");
        head.add("Synthetic");
        HtmlFormat.HtmlTable mt =
                new HtmlFormat.HtmlTable(head.stream().map(HtmlFormat::esc).toArray(String[]::new));
        int[] numeric = new int[head.size() - 1];
        for (int i = 0; i < numeric.length; i++) {
            numeric[i] = i + 1;
        }
        mt.numeric(numeric).caption("Province values of the 34-province panel by how they were obtained");
        byMethod.entrySet().stream()
                .sorted((a, c) -> Long.compare(c.getValue()[0], a.getValue()[0]))
                .forEach(e -> {
                    List<String> cells = new ArrayList<>();
                    cells.add(esc(e.getKey()));
                    cells.add(count(e.getValue()[0]));
                    cells.add(HtmlFormat.pct(e.getValue()[0] / (double) total));
                    for (String i : indices) {
                        cells.add(count(byMethodIndex.get(e.getKey()).getOrDefault(i, 0L)));
                    }
                    cells.add(count(e.getValue()[1]));
                    cells.add(count(e.getValue()[2]));
                    mt.row(cells.toArray(String[]::new));
                });
        b.append(mt.render());

        // Partial cells.
        List<Row> partial = p34.where(r -> r.bool("partial"));
        b.append("<h3>Partial cells</h3>");
        if (partial.isEmpty()) {
            b.append(HtmlFormat.note("No partial cell: every harmonised value had all its predecessors."));
        } else {
            HtmlFormat.HtmlTable pt = new HtmlFormat.HtmlTable(
                            "Index",
                            "Year",
                            "Province (34)",
                            "Component",
                            "Value",
                            "Coverage",
                            "Predecessors present",
                            "Missing",
                            "Source")
                    .numeric(4, 5);
            for (Row r : partial) {
                List<String> present = predecessors(r);
                List<String> missing = cx.ref.predecessors(r.get("province_key")).stream()
                        .filter(k -> !present.contains(k))
                        .toList();
                pt.rowWithClass(
                        r.synthetic() ? "syn-row" : null,
                        esc(r.get("index")),
                        esc(r.get("year")),
                        HtmlFormat.province(cx.ref, r.get("province_key")),
                        esc(r.get("component")),
                        HtmlFormat.num(r.num("value")),
                        HtmlFormat.pct(r.num("coverage")),
                        esc(String.join(", ", present.stream().map(cx.ref::name).toList())),
                        esc(String.join(", ", missing.stream().map(cx.ref::name).toList())),
                        esc(r.get("source")));
            }
            b.append(pt.render(HtmlFormat.ROW_CAP, partial.size(), "panel_34"));
            b.append(HtmlFormat.note(
                    "A partial value is the weighted mean over the predecessors present, so it describes only part of the new "
                            + "province; compare it across years with care."));
        }

        b.append(example(cx, p34, p63));
        return new HtmlReport.Section(
                "harmonization",
                "Merger harmonisation (63 → 34)",
                synthetic,
                "harmonised from synthetic values",
                b.toString());
    }

    /** One merged province with its predecessors, year by year, and the weighted mean recomputed. */
    private static String example(HtmlReport.Context cx, Table p34, Table p63) {
        List<Row> weighted = p34.where(r -> predecessors(r).size() > 1
                && r.get("method").toLowerCase(Locale.ROOT).contains("mean"));
        if (weighted.isEmpty()) {
            return "<h3>Example</h3>"
                    + HtmlFormat.note("No value of the 34-province panel is a mean of several predecessors.");
        }
        Map<String, List<Row>> byProvince = new LinkedHashMap<>();
        weighted.forEach(r -> byProvince
                .computeIfAbsent(r.get("province_key"), x -> new ArrayList<>())
                .add(r));
        String key = byProvince.entrySet().stream()
                .max(Comparator.comparingInt((Map.Entry<String, List<Row>> e) -> e.getValue().stream()
                                .mapToInt(r -> predecessors(r).size())
                                .max()
                                .orElse(0))
                        .thenComparingInt(e -> e.getValue().size())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey)
                .orElseThrow();
        Map<String, Long> series = new TreeMap<>();
        for (Row r : byProvince.get(key)) {
            series.merge(r.get("index") + "\u0000" + r.get("component"), 1L, Long::sum);
        }
        String pick = series.entrySet().stream()
                .max(Comparator.comparingInt(
                                (Map.Entry<String, Long> e) -> e.getKey().endsWith("\u0000TOTAL") ? 1 : 0)
                        .thenComparingLong(Map.Entry::getValue))
                .map(Map.Entry::getKey)
                .orElseThrow();
        String index = pick.split("\u0000")[0];
        String component = pick.split("\u0000")[1];
        List<String> preds = new ArrayList<>(cx.ref.predecessors(key));
        for (Row r : byProvince.get(key)) {
            for (String p : predecessors(r)) {
                if (!preds.contains(p)) {
                    preds.add(p);
                }
            }
        }
        TreeMap<Integer, Row> mergedByYear = new TreeMap<>();
        boolean synthetic = false;
        for (Row r : p34.rows) {
            if (key.equals(r.get("province_key"))
                    && index.equals(r.get("index"))
                    && component.equals(r.get("component"))) {
                mergedByYear.putIfAbsent(r.integer("year", 0), r);
                synthetic |= r.synthetic();
            }
        }
        Map<String, TreeMap<Integer, Double>> predValues = new LinkedHashMap<>();
        preds.forEach(p -> predValues.put(p, new TreeMap<>()));
        if (p63.present) {
            for (Row r : p63.rows) {
                if (predValues.containsKey(r.get("province_key"))
                        && index.equals(r.get("index"))
                        && component.equals(r.get("component"))) {
                    Row m = mergedByYear.get(r.integer("year", 0));
                    if (m != null
                            && m.has("structure_version")
                            && !m.get("structure_version").equals(r.get("structure_version"))) {
                        continue;
                    }
                    predValues.get(r.get("province_key")).put(r.integer("year", 0), r.num("value"));
                    synthetic |= r.synthetic();
                }
            }
        }
        String methodText = byProvince.get(key).get(0).get("method").toLowerCase(Locale.ROOT);
        boolean equal = methodText.contains("equal") || methodText.contains("unweighted");
        boolean population = methodText.contains("population");
        Map<String, Double> weight = new HashMap<>();
        double wsum = 0;
        for (String p : preds) {
            double w = equal ? 1 : cx.ref.population.getOrDefault(p, Double.NaN);
            weight.put(p, w);
            if (!Double.isNaN(w)) {
                wsum += w;
            }
        }

        StringBuilder b = new StringBuilder();
        b.append("<h3>Example: ")
                .append(esc(cx.ref.name(key)))
                .append(" <span class=\"key\">")
                .append(esc(key))
                .append("</span>, ")
                .append(esc(index + " " + component))
                .append("</h3>");
        StringBuilder wtext = new StringBuilder();
        for (String p : preds) {
            double w = weight.get(p);
            wtext.append(wtext.length() == 0 ? "" : "; ")
                    .append(esc(cx.ref.name(p)))
                    .append(" <span class=\"key\">")
                    .append(esc(p))
                    .append("</span>");
            if (!equal && !Double.isNaN(w)) {
                wtext.append(" ").append(HtmlFormat.fixed(w, 1)).append(" thousand");
            }
            if (!Double.isNaN(w) && wsum > 0) {
                wtext.append(" (").append(HtmlFormat.pct(w / wsum)).append(")");
            }
        }
        b.append("<p>Formed from ")
                .append(preds.size())
                .append(" former provinces: ")
                .append(wtext)
                .append(
                        equal
                                ? " (equal weights)."
                                : population
                                        ? " – weights are the 2024 average population (bundled <code>population_2024.csv</code>)."
                                        : ".")
                .append("</p>");

        boolean recompute = equal || population;
        List<String> head = new ArrayList<>(List.of("Year", "Method"));
        preds.forEach(p -> head.add(esc(cx.ref.name(p))));
        head.add("Merged (panel_34)");
        if (recompute) {
            head.add("Recomputed here");
            head.add("Difference");
        }
        HtmlFormat.HtmlTable tb = new HtmlFormat.HtmlTable(head.toArray(String[]::new));
        int[] numeric = new int[preds.size() + (recompute ? 3 : 1)];
        for (int i = 0; i < numeric.length; i++) {
            numeric[i] = i + 2;
        }
        tb.numeric(numeric);
        List<Integer> years = new ArrayList<>(mergedByYear.descendingKeySet());
        for (int y : years) {
            Row m = mergedByYear.get(y);
            List<String> cells = new ArrayList<>();
            cells.add(String.valueOf(y));
            String method = m.get("method");
            String shortMethod = method.replaceAll("\\s*\\([^)]*\\)\\s*$", "");
            cells.add("<span title=\"" + esc(method) + "\">" + esc(shortMethod) + "</span>"
                    + (m.bool("partial") ? " <span class=\"tag\">partial</span>" : ""));
            double num = 0;
            double den = 0;
            int present = 0;
            for (String p : preds) {
                Double v = predValues.get(p).get(y);
                cells.add(v == null ? "–" : HtmlFormat.num(v));
                double w = weight.get(p);
                if (v != null && !Double.isNaN(v) && !Double.isNaN(w)) {
                    num += w * v;
                    den += w;
                    present++;
                }
            }
            cells.add("<strong>" + HtmlFormat.num(m.num("value")) + "</strong>");
            if (recompute) {
                boolean isMean = m.get("method").toLowerCase(Locale.ROOT).contains("mean") && present > 0;
                double rec = isMean ? num / den : Double.NaN;
                cells.add(isMean ? HtmlFormat.num(rec) : "–");
                cells.add(isMean ? HtmlFormat.signed(m.num("value") - rec, 4) : "–");
            }
            tb.row(cells.toArray(String[]::new));
        }
        b.append(tb.render(15, years.size(), "panel_34"));
        if (recompute) {
            b.append(
                    HtmlFormat.note(
                            "“Recomputed here” applies the weights above to the predecessors' values in <code>panel_63</code>; a "
                                    + "difference near zero confirms the harmonised value. Years after the merger come from the new province itself."));
        }

        // Chart: predecessors and the merged series.
        List<ChartSvg.Line> lines = new ArrayList<>();
        int i = 1;
        for (String p : preds) {
            TreeMap<Integer, Double> s = predValues.get(p);
            lines.add(new ChartSvg.Line(
                    cx.ref.name(p),
                    s.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                    s.values().stream().mapToDouble(Double::doubleValue).toArray(),
                    ChartSvg.colour(i++),
                    1.3f,
                    false,
                    true));
        }
        lines.add(new ChartSvg.Line(
                cx.ref.name(key) + " (34-province panel)",
                mergedByYear.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                mergedByYear.values().stream().mapToDouble(r -> r.num("value")).toArray(),
                new Color(0x1d, 0x27, 0x33),
                2.6f,
                false,
                false));
        String svg = ChartSvg.lines(
                cx.chartId(),
                "merged province and predecessors",
                null,
                null,
                lines,
                index + " " + component,
                null,
                true,
                760,
                300);
        b.append(HtmlFormat.figure(
                svg,
                "Thick line: the merged province in the 34-province panel; thin lines: its predecessors in the "
                        + "63-province panel.",
                synthetic,
                null));
        return b.toString();
    }
}
