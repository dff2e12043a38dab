package org.chiso.report;

import static org.chiso.report.HtmlFormat.count;
import static org.chiso.report.HtmlFormat.esc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chiso.report.HtmlData.Row;
import org.chiso.report.HtmlData.Table;

/** The microdata estimates section: province estimates with their intervals, and the suppressed cells. */
final class HtmlEstimates {
    private HtmlEstimates() {}

    static HtmlReport.Section build(HtmlReport.Context cx) {
        Table t = cx.table("estimates");
        StringBuilder b = new StringBuilder();
        if (!t.present || t.rows.isEmpty()) {
            b.append(HtmlFormat.note(t.present ? "No microdata estimates in this run." : t.missingNote()));
            return new HtmlReport.Section("estimates", "Microdata estimates", false, null, b.toString());
        }
        boolean anySynthetic = t.syntheticRows() > 0;
        Map<String, List<Row>> bySurvey = t.groupBy(r -> r.get("survey"));
        String survey = bySurvey.entrySet().stream()
                .max(Comparator.comparingInt(
                                (Map.Entry<String, List<Row>> e) -> e.getValue().size())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey)
                .orElseThrow();
        List<Row> sv = bySurvey.get(survey);
        List<Row> provincial = sv.stream()
                .filter(r -> HtmlData.basisOf(r.get("province_key")).startsWith("VN")
                        && r.get("province_key").length() > 2)
                .toList();
        int year = provincial.stream().mapToInt(r -> r.integer("year", 0)).max().orElse(0);
        TreeSet<String> components = new TreeSet<>(HtmlCorrelations::natural);
        provincial.stream().filter(r -> r.integer("year", 0) == year).forEach(r -> components.add(r.get("component")));
        String component = components.contains("TOTAL") ? "TOTAL" : components.isEmpty() ? "" : components.first();
        List<Row> slice = provincial.stream()
                .filter(r -> r.integer("year", 0) == year && r.get("component").equals(component))
                .toList();
        String basis = slice.stream().anyMatch(r -> r.get("province_key").startsWith("VN63")) ? "VN63" : "VN34";
        List<Row> shown = new ArrayList<>(slice.stream()
                .filter(r -> r.get("province_key").startsWith(basis)
                        && !r.bool("suppressed")
                        && !Double.isNaN(r.num("value")))
                .toList());
        shown.sort(Comparator.comparingDouble(r -> r.num("value")));
        Row national = sv.stream()
                .filter(r -> "VN".equals(r.get("province_key"))
                        && r.integer("year", 0) == year
                        && r.get("component").equals(component))
                .findFirst()
                .orElse(null);
        boolean synthetic = slice.stream().anyMatch(Row::synthetic) || (national != null && national.synthetic());
        String ciMethod = shown.isEmpty() ? "" : shown.get(0).get("ci_method");
        String deff = shown.isEmpty() ? "" : shown.get(0).get("deff_variant");
        String level = cx.parameter("level");

        b.append(HtmlFormat.lead(
                "Design-based estimates from the survey microdata: each province is a domain of the whole design (Taylor "
                        + "linearisation, with-replacement ultimate-cluster variance). The chart shows <strong>"
                        + esc(survey + " " + component) + "</strong> in <strong>"
                        + year + "</strong> for the " + shown.size() + " provinces (" + esc(basis)
                        + ") with a published estimate, sorted by value, with "
                        + (level.isEmpty() ? "" : esc(pctLevel(level)) + " ") + "intervals (" + esc(ciMethod)
                        + " method)"
                        + (national == null ? "" : " and the national estimate as a dashed line")
                        + ". Cells with too few respondents are suppressed and "
                        + "listed below."));

        if (!shown.isEmpty()) {
            int n = shown.size();
            String[] names = new String[n];
            double[] v = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            for (int i = 0; i < n; i++) {
                Row r = shown.get(i);
                names[i] = cx.ref.name(r.get("province_key"));
                v[i] = r.num("value");
                lo[i] = r.num("ci_low");
                hi[i] = r.num("ci_high");
            }
            double nat = national == null ? Double.NaN : national.num("value");
            String svg = ChartSvg.errorBars(
                    cx.chartId(),
                    "province estimates with confidence intervals",
                    names,
                    v,
                    lo,
                    hi,
                    nat,
                    national == null ? null : "national " + HtmlFormat.num(nat),
                    survey + " " + component + " (" + year + ")",
                    820);
            double[] widths = shown.stream()
                    .mapToDouble(r -> r.num("ci_high") - r.num("ci_low"))
                    .filter(d -> !Double.isNaN(d))
                    .sorted()
                    .toArray();
            String widthText = widths.length == 0
                    ? ""
                    : " Interval widths range from " + HtmlFormat.num(widths[0]) + " to "
                            + HtmlFormat.num(widths[widths.length - 1]) + " (median "
                            + HtmlFormat.num(widths[widths.length / 2]) + ").";
            b.append(HtmlFormat.figure(
                    svg,
                    "Dots: estimates; bars: " + (level.isEmpty() ? "" : esc(pctLevel(level)) + " ")
                            + "confidence intervals (" + esc(ciMethod) + ", deff " + esc(deff) + ")." + widthText
                            + " Overlapping intervals do not support ranking those provinces against each other.",
                    synthetic,
                    "wide"));
        } else {
            b.append(HtmlFormat.note(
                    "No unsuppressed province estimate for " + esc(survey + " " + component + " " + year) + "."));
        }

        // Widest and narrowest intervals in brief.
        if (shown.size() >= 6) {
            List<Row> byWidth = new ArrayList<>(shown);
            byWidth.sort(Comparator.comparingDouble(r -> -(r.num("ci_high") - r.num("ci_low"))));
            HtmlFormat.HtmlTable wt = new HtmlFormat.HtmlTable(
                            "Province", "n", "Estimate", "SE", "CI", "Design df", "deff")
                    .numeric(1, 2, 3, 4, 5, 6)
                    .caption("Widest intervals in the chart");
            for (Row r : byWidth.subList(0, 5)) {
                wt.row(
                        HtmlFormat.province(cx.ref, r.get("province_key")),
                        count(r.integer("n", 0)),
                        HtmlFormat.num(r.num("value")),
                        HtmlFormat.num(r.num("se")),
                        "[" + HtmlFormat.num(r.num("ci_low")) + ", " + HtmlFormat.num(r.num("ci_high")) + "]",
                        esc(r.get("design_df")),
                        HtmlFormat.fixed(r.num("deff"), 2));
            }
            b.append(wt.render());
        }

        // Suppressed cells.
        List<Row> suppressed = t.where(r -> r.bool("suppressed"));
        b.append("<h3>Suppressed cells</h3>");
        if (suppressed.isEmpty()) {
            b.append(HtmlFormat.note(
                    "No cell was suppressed: every province × year × component had at least the minimum number of respondents"
                            + (cx.parameter("min_respondents").isEmpty()
                                    ? ""
                                    : " (" + esc(cx.parameter("min_respondents")) + ")")
                            + "."));
        } else {
            Map<String, Long> reasons = new TreeMap<>();
            suppressed.forEach(r -> reasons.merge(
                    r.get("suppression_reason").isEmpty() ? "(no reason given)" : r.get("suppression_reason"),
                    1L,
                    Long::sum));
            StringBuilder rs = new StringBuilder();
            reasons.forEach((k, c) -> rs.append(rs.length() == 0 ? "" : "; ")
                    .append(esc(k))
                    .append(": ")
                    .append(count(c)));
            b.append("<p>")
                    .append(count(suppressed.size()))
                    .append(" of ")
                    .append(count(t.size()))
                    .append(" estimate cells are suppressed (value " + "withheld). By reason – ")
                    .append(rs)
                    .append(".</p>");
            List<Row> sorted = new ArrayList<>(suppressed);
            sorted.sort(Comparator.comparing((Row r) -> r.get("survey"))
                    .thenComparing(r -> -r.integer("year", 0))
                    .thenComparing(r -> r.get("province_key"))
                    .thenComparing(r -> r.get("component"), HtmlCorrelations::natural));
            HtmlFormat.HtmlTable st = new HtmlFormat.HtmlTable(
                            "Survey", "Year", "Province", "Component", "Respondents", "Reason")
                    .numeric(4);
            for (Row r : sorted.subList(0, Math.min(HtmlFormat.ROW_CAP, sorted.size()))) {
                st.rowWithClass(
                        r.synthetic() ? "syn-row" : null,
                        esc(r.get("survey")),
                        esc(r.get("year")),
                        HtmlFormat.province(cx.ref, r.get("province_key")),
                        esc(r.get("component")),
                        count(r.integer("n", 0)),
                        esc(r.get("suppression_reason")));
            }
            b.append(st.render(HtmlFormat.ROW_CAP, suppressed.size(), "estimates"));
        }

        // All surveys in brief.
        HtmlFormat.HtmlTable all = new HtmlFormat.HtmlTable(
                        "Survey", "Years", "Estimate cells", "Suppressed", "Interval", "deff", "Synthetic")
                .numeric(2, 3)
                .caption("Estimates by survey");
        bySurvey.forEach((s, rows) -> {
            int y0 = rows.stream().mapToInt(r -> r.integer("year", 0)).min().orElse(0);
            int y1 = rows.stream().mapToInt(r -> r.integer("year", 0)).max().orElse(0);
            all.row(
                    esc(s),
                    y0 == y1 ? String.valueOf(y0) : y0 + "–" + y1,
                    count(rows.size()),
                    count(rows.stream().filter(r -> r.bool("suppressed")).count()),
                    esc(String.join(
                            ", ",
                            new TreeSet<>(
                                    rows.stream().map(r -> r.get("ci_method")).toList()))),
                    esc(String.join(
                            ", ",
                            new TreeSet<>(rows.stream()
                                    .map(r -> r.get("deff_variant"))
                                    .toList()))),
                    rows.stream().anyMatch(Row::synthetic) ? "<span class=\"tag syn\">yes</span>" : "no");
        });
        b.append(all.render());
        return new HtmlReport.Section(
                "estimates",
                "Microdata estimates",
                synthetic || anySynthetic,
                "estimated from synthetic microdata",
                b.toString());
    }

    private static String pctLevel(String level) {
        try {
            double l = Double.parseDouble(level);
            return HtmlFormat.fixed(l <= 1 ? 100 * l : l, 0) + "%";
        } catch (NumberFormatException e) {
            return level;
        }
    }
}
