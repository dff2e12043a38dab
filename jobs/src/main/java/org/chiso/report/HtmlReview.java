package org.chiso.report;

import static org.chiso.report.HtmlFormat.count;
import static org.chiso.report.HtmlFormat.esc;
import static org.chiso.report.HtmlFormat.fixed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chiso.report.HtmlData.Row;
import org.chiso.report.HtmlData.Table;

/**
 * The methodology review section: the statistical audit's flagged components (outliers by COINr's rule, before and
 * after its winsorisation; negative or collinear correlations with parent or total), Cronbach's alpha and the first
 * principal component's share of variance, for the latest year of each index and structure version (the full tables
 * are the run's {@code review_*} CSVs).
 */
final class HtmlReview {
    private HtmlReview() {}

    static HtmlReport.Section build(HtmlReport.Context cx) {
        Table audit = cx.table("review_audit");
        Table alpha = cx.table("review_alpha");
        Table pca = cx.table("review_pca");
        StringBuilder b = new StringBuilder();
        if (!audit.present || audit.rows.isEmpty()) {
            b.append(HtmlFormat.note(
                    audit.present
                            ? "No component of this run could be audited."
                            : audit.missingNote() + " Run <code>./workbench review</code> (or <code>all</code>)."));
            return new HtmlReport.Section("review", "Methodology review", false, null, b.toString());
        }
        boolean synthetic = audit.syntheticRows() + alpha.syntheticRows() + pca.syntheticRows() > 0;
        String boot = cx.parameter("review_bootstrap");
        String seed = cx.parameter("review_seed");
        b.append(HtmlFormat.lead("The statistical audit of a methodology review, as the JRC's COINr computes it, per "
                + "index, structure version and year on the panel's values: skewness and kurtosis (type 2, as Excel and "
                + "e1071), the outlier rule |skew| &ge; 2 and kurtosis &ge; 3.5, COINr's winsorisation of at most 5 "
                + "points toward the skew, Pearson correlations of each component with its parent and its total "
                + "(flagged when negative or above 0.92), Cronbach's alpha over each aggregate's parts (raw on "
                + "pairwise covariances, standardised on correlations; percentile bootstrap over provinces"
                + (boot.isEmpty() ? "" : ", " + esc(boot) + " replicates")
                + (seed.isEmpty() ? "" : ", seed " + esc(seed))
                + ") and the principal components of the standardised parts."));
        List<Row> flagged = audit.where(r -> r.bool("outlier") || r.has("corr_flag"));
        long outliers = audit.rows.stream().filter(r -> r.bool("outlier")).count();
        long cleared = audit.rows.stream()
                .filter(r -> r.bool("outlier") && !r.bool("outlier_treated"))
                .count();
        long corr = audit.rows.stream().filter(r -> r.has("corr_flag")).count();
        b.append("<dl class=\"facts\"><dt>components audited</dt><dd>")
                .append(count(audit.size()))
                .append("</dd><dt>outliers</dt><dd>")
                .append(count(outliers))
                .append(" (")
                .append(count(cleared))
                .append(" cleared by winsorisation)</dd><dt>correlations flagged</dt><dd>")
                .append(count(corr))
                .append("</dd></dl>");

        HtmlFormat.HtmlTable t = new HtmlFormat.HtmlTable(
                        "index",
                        "year",
                        "component",
                        "n",
                        "skew",
                        "kurtosis",
                        "winsorised",
                        "after",
                        "r parent",
                        "r total",
                        "flag")
                .numeric(3, 4, 5, 6, 8, 9)
                .caption("Flagged components: outliers and correlations to look at");
        flagged.sort(Comparator.comparing((Row r) -> r.get("index"))
                .thenComparing(r -> -r.integer("year", 0))
                .thenComparing(r -> r.get("component")));
        for (Row r : flagged) {
            List<String> flags = new ArrayList<>();
            if (r.bool("outlier")) {
                flags.add("outlier");
            }
            if (r.has("corr_flag")) {
                flags.add(esc(r.get("corr_flag")));
            }
            t.rowWithClass(
                    r.synthetic() ? "syn-row" : null,
                    esc(r.get("index") + " (" + r.get("version") + ")"),
                    esc(r.get("year")),
                    esc(r.get("component")) + " <span class=\"key\">"
                            + esc(r.get("level").toLowerCase()) + " of " + esc(r.get("parent")) + "</span>",
                    esc(r.get("n")) + "/" + esc(r.get("units")),
                    fixed(r.num("skewness"), 2),
                    fixed(r.num("kurtosis"), 2),
                    r.integer("winsorised_points", 0) == 0 ? "" : esc(r.get("winsorised_points")),
                    r.bool("outlier") ? (r.bool("outlier_treated") ? "still flagged" : "cleared") : "",
                    fixed(r.num("corr_parent"), 2),
                    fixed(r.num("corr_total"), 2),
                    String.join("; ", flags));
        }
        b.append(t.render(HtmlFormat.ROW_CAP, flagged.size(), "review_audit"));

        Map<String, Integer> latest = latestYears(alpha);
        HtmlFormat.HtmlTable a = new HtmlFormat.HtmlTable(
                        "index",
                        "year",
                        "aggregate",
                        "items",
                        "k",
                        "provinces",
                        "alpha raw [95% CI]",
                        "alpha standardised [95% CI]",
                        "PC1 share")
                .numeric(4, 5, 6, 7, 8)
                .caption("Cronbach's alpha and the first principal component, latest year of each index and version");
        Map<String, Double> pc1 = new TreeMap<>();
        for (Row r : pca.rows) {
            if (r.integer("pc", 0) == 1) {
                pc1.put(groupKey(r), r.num("share"));
            }
        }
        int shown = 0;
        for (Row r : alpha.rows) {
            Integer y = latest.get(r.get("basis") + "|" + r.get("index") + "|" + r.get("version"));
            if (y == null || y != r.integer("year", 0)) {
                continue;
            }
            shown++;
            a.rowWithClass(
                    r.synthetic() ? "syn-row" : null,
                    esc(r.get("index") + " (" + r.get("version") + ")"),
                    esc(r.get("year")),
                    esc(r.get("aggregate")),
                    esc(r.get("items_level")),
                    esc(r.get("k")),
                    esc(r.get("n_units")),
                    interval(r, "alpha_raw"),
                    interval(r, "alpha_standardised"),
                    pc1.containsKey(groupKey(r)) ? HtmlFormat.pct(pc1.get(groupKey(r))) : "–");
        }
        b.append(a.render(Integer.MAX_VALUE, shown, null));
        b.append(HtmlFormat.note("Every year is in <code>tables/review_alpha.csv</code> and "
                + "<code>tables/review_pca.csv</code> (eigenvalues; first-component loadings in "
                + "<code>review_pca_loadings.csv</code>, signed so that they sum to a positive number); each winsorised "
                + "point, step by step, in <code>review_winsorisation.csv</code>. PCA uses the provinces with every part "
                + "present; alpha the pairwise-complete covariances."));
        b.append(designAlpha(cx.table("review_alpha_design")));
        b.append(ranks(cx));
        return new HtmlReport.Section(
                "review", "Methodology review", synthetic, "the audit includes synthetic values", b.toString());
    }

    /**
     * The design-weighted alphas from the microdata (latest year of each survey): the reliability of each component's
     * items over the respondents, beside the panel's alphas over provinces above.
     */
    private static String designAlpha(Table t) {
        if (!t.present || t.rows.isEmpty()) {
            return "";
        }
        Map<String, Integer> latest = new TreeMap<>();
        for (Row r : t.rows) {
            latest.merge(r.get("survey"), r.integer("year", 0), Math::max);
        }
        HtmlFormat.HtmlTable a = new HtmlFormat.HtmlTable(
                        "survey", "year", "aggregate", "items", "k", "complete cases", "alpha (design-weighted)")
                .numeric(4, 5, 6)
                .caption("Design-weighted Cronbach's alpha from the microdata (as survey::svycralpha), latest year of "
                        + "each survey");
        int shown = 0;
        for (Row r : t.rows) {
            if (latest.get(r.get("survey")) != r.integer("year", 0)) {
                continue;
            }
            shown++;
            a.rowWithClass(
                    r.synthetic() ? "syn-row" : null,
                    esc(r.get("survey")),
                    esc(r.get("year")),
                    esc(r.get("index") + " " + r.get("aggregate")),
                    esc(r.get("items_level")),
                    esc(r.get("k")),
                    esc(r.get("n_complete")),
                    fixed(r.num("alpha_design"), 3));
        }
        return a.render(Integer.MAX_VALUE, shown, null)
                + HtmlFormat.note("Respondents are weighted by their survey weights; a respondent counts for an "
                        + "aggregate when every item of it is answered. Every year is in "
                        + "<code>tables/review_alpha_design.csv</code>.");
    }

    /**
     * Ranks with their uncertainty: for each index-year with standard errors, the ranks with their marginal 95%
     * confidence sets (a ranking from estimates is never shown without them); for each index-year, the Monte Carlo's
     * 5th-95th percentile band of each rank under the uncertain choices, and the what-if recipe that moves ranks most.
     */
    private static String ranks(HtmlReport.Context cx) {
        Table sets = cx.table("review_rank_sets");
        Table unc = cx.table("review_uncertainty");
        Table summary = cx.table("review_whatif_summary");
        StringBuilder b = new StringBuilder();
        b.append("<h3>Ranks and their uncertainty</h3>");
        for (String key : groups(sets)) {
            List<Row> rows = sets.where(r -> caseKey(r).equals(key));
            rows.sort(Comparator.comparingDouble((Row r) -> -r.num("rank")));
            int n = rows.size();
            Row first = rows.get(0);
            String what = caseName(first);
            long best = rows.stream().filter(r -> r.bool("tau_best")).count();
            b.append("<h4>").append(esc(what)).append(": ranks with 95% confidence sets</h4>");
            b.append(rankChart(
                    cx,
                    rows,
                    "rank",
                    "marginal_low",
                    "marginal_high",
                    "ranks of " + what + " with marginal 95% confidence sets",
                    "rank (1 = highest) and its marginal 95% confidence set"));
            b.append(HtmlFormat.note("csranks's marginal sets (each covers its province's true rank with 95%"
                    + " probability); the simultaneous sets, which cover all at once, and the " + esc(first.get("tau"))
                    + " provinces that may be among the best (" + count(best) + " of " + count(n) + ") or worst are"
                    + " in <code>tables/review_rank_sets.csv</code>."));
        }
        for (String key : groups(unc)) {
            List<Row> rows = unc.where(r -> caseKey(r).equals(key) && !Double.isNaN(r.num("published_rank")));
            if (rows.isEmpty()) {
                continue;
            }
            rows.sort(Comparator.comparingDouble((Row r) -> -r.num("published_rank")));
            Row first = rows.get(0);
            String what = caseName(first);
            b.append("<h4>").append(esc(what)).append(": ranks under other construction choices</h4>");
            b.append(rankChart(
                    cx,
                    rows,
                    "median_rank",
                    "rank_p05",
                    "rank_p95",
                    "median rank of " + what + " over the Monte Carlo runs, with 5th-95th percentiles",
                    "median rank over " + esc(first.get("runs")) + " runs, 5th-95th percentile"));
            List<Row> recipes = summary.where(r -> caseKey(r).equals(key));
            recipes.sort(Comparator.comparingDouble((Row r) -> -r.num("mean_abs_rank_shift")));
            if (!recipes.isEmpty()) {
                Row top = recipes.get(0);
                b.append(HtmlFormat.note("Provinces in the order of the published ranking. Of "
                        + count(recipes.size()) + " what-if recipes, <code>" + esc(top.get("recipe"))
                        + "</code> moves ranks most: " + fixed(top.num("mean_abs_rank_shift"), 2)
                        + " places on average, at most " + esc(top.get("max_abs_rank_shift"))
                        + ". Sobol indices of each choice: <code>tables/review_sensitivity.csv</code>."));
            }
        }
        return b.toString();
    }

    /** Horizontal error bars of a rank column with its interval, one row per province in the order given. */
    private static String rankChart(
            HtmlReport.Context cx, List<Row> rows, String value, String low, String high, String label, String axis) {
        int n = rows.size();
        String[] names = new String[n];
        double[] v = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            names[i] = cx.ref.name(r.get("province_key"));
            v[i] = r.num(value);
            lo[i] = r.num(low);
            hi[i] = r.num(high);
        }
        return ChartSvg.errorBars(cx.chartId(), label, names, v, lo, hi, Double.NaN, null, axis, 820);
    }

    private static String caseName(Row r) {
        return r.get("index") + " " + r.get("year") + " (" + r.get("basis") + ")";
    }

    private static String caseKey(Row r) {
        return String.join("|", r.get("basis"), r.get("index"), r.get("version"), r.get("year"));
    }

    private static List<String> groups(Table t) {
        List<String> keys = new ArrayList<>();
        for (Row r : t.rows) {
            String k = caseKey(r);
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static String groupKey(Row r) {
        return String.join(
                "|",
                r.get("basis"),
                r.get("index"),
                r.get("version"),
                r.get("year"),
                r.get("aggregate"),
                r.get("items_level"));
    }

    /** basis|index|version -> its latest year in the table. */
    private static Map<String, Integer> latestYears(Table t) {
        Map<String, Integer> m = new TreeMap<>();
        for (Row r : t.rows) {
            m.merge(r.get("basis") + "|" + r.get("index") + "|" + r.get("version"), r.integer("year", 0), Math::max);
        }
        return m;
    }

    private static String interval(Row r, String column) {
        String v = fixed(r.num(column), 3);
        double lo = r.num(column + "_ci_low");
        double hi = r.num(column + "_ci_high");
        return Double.isNaN(lo) ? v : v + " <span class=\"key\">[" + fixed(lo, 3) + ", " + fixed(hi, 3) + "]</span>";
    }
}
