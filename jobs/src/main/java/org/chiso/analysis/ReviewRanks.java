package org.chiso.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.chiso.analysis.stats.IndexUncertainty;
import org.chiso.analysis.stats.Pca;
import org.chiso.analysis.stats.RankConfidenceSets;
import org.chiso.analysis.stats.SaltelliDesign;
import org.chiso.analysis.stats.WhatIf;
import org.chiso.analysis.stats.WhatIf.Aggregation;
import org.chiso.analysis.stats.WhatIf.Imputation;
import org.chiso.analysis.stats.WhatIf.Normalisation;
import org.chiso.core.ComponentDef;
import org.chiso.core.Table;
import org.chiso.harmonize.Harmonize;

/**
 * The ranking half of a methodology review, per basis, index, structure version and year (by default each index's
 * latest year on each basis): the index recomputed under alternative choices (what-if), the Monte Carlo uncertainty and
 * Sobol sensitivity of each province's rank to those choices, and confidence sets for the ranks where the panel carries
 * standard errors (estimates from microdata).
 *
 * <p>The indicators are the dimensions under TOTAL (components whose parent is TOTAL with at least two values); the
 * published ranking is the rank of the panel's TOTAL (1 = highest, ties share the better rank). Published weights:
 * the definitions aggregate every TOTAL as an unweighted sum of its dimensions, so "published" weights are equal
 * weights; "pca" weights are the squared first-component rotation of the standardised dimensions (complete units,
 * COINr's PCA weights), which sum to 1.
 */
public final class ReviewRanks {
    /** The what-if choices crossed with each other. */
    public static final List<Imputation> IMPUTATIONS = List.of(Imputation.values());

    public static final List<Normalisation> NORMALISATIONS = List.of(Normalisation.values());
    public static final List<Aggregation> AGGREGATIONS = List.of(Aggregation.values());

    /**
     * Options of the ranking part.
     *
     * @param rows N, the rows of Saltelli's design (N (d + 2) model runs per case)
     * @param band the weights' relative perturbation in the Monte Carlo (0.25: each weight times U[0.75, 1.25])
     * @param blocks bootstrap blocks of the design's rows
     * @param bootstrap block-bootstrap replications of the Sobol intervals
     * @param top the top-k threshold of the uncertainty table's share
     * @param tau the tau of the tau-best and tau-worst confidence sets
     * @param replications the parametric bootstrap draws of the rank confidence sets (csranks's R)
     */
    public record Options(
            int rows, double band, long seed, int blocks, int bootstrap, int top, int tau, int replications) {
        /** N = 10,000, band 0.25, 100 blocks, 1,000 bootstrap replications, top 10, tau 10, R = 1,000. */
        public static Options defaults(long seed) {
            return new Options(10_000, 0.25, seed, 100, 1000, 10, 10, 1000);
        }

        public Options {
            if (rows < 2) {
                throw new IllegalArgumentException("--replications must be at least 2, not " + rows);
            }
            if (!(band >= 0 && band < 1)) {
                throw new IllegalArgumentException("--weight-band must lie in [0, 1), not " + band);
            }
        }
    }

    /**
     * One index-year to review: its units, dimensions (units by indicators, NaN = missing), their standard errors (null
     * unless every present cell has one), and the published TOTAL with its standard errors (NaN where none).
     */
    public record Case(
            Review.Group group,
            List<String> indicators,
            double[][] x,
            double[][] se,
            double[] total,
            double[] totalSe,
            int[] published) {}

    /** Conventions of the tables, for the manifest. */
    public static final String WHATIF_CONVENTION = "COINr's formulas (see org.chiso.analysis.stats.WhatIf): imputation "
            + "none | mean (i_mean) | regression on the other dimensions; normalisation as published | n_minmax [0, 100] | "
            + "n_zscore (sample sd) | n_prank | n_dist2max; weights published (= equal: TOTAL is an unweighted sum) | "
            + "pca (squared first-component rotation); aggregation a_amean (weights renormalised over present parts) | "
            + "a_gmean | a_hmean, a dimension with values <= 0 shifted by 1 - its minimum first; ranks 1 = highest, ties "
            + "share the better rank); rank_shift: the rank among the provinces with a published rank minus the "
            + "published rank; matched to base R on the real PAPI panel";

    public static final String UNCERTAINTY_CONVENTION = "Saltelli's design, N rows seeded by row, factors weights "
            + "(each times U[1 - band, 1 + band]), normalisation, aggregation, imputation (uniform over the what-if "
            + "alternatives) and sampling (cells redrawn from value + se * N(0, 1)) where every cell has a standard "
            + "error; rank quantiles R type 7 over the 2N runs of A and B, exact from their histogram";

    public static final String SENSITIVITY_CONVENTION = "first order Saltelli (2010), total order Jansen (1999), V the "
            + "sample variance of the pooled A and B outputs; 95% percentile intervals from a bootstrap over 100 "
            + "blocks of rows (row j in block j mod 100); exact sums, so any split of the rows gives the same bits";

    public static final String RANK_SETS_CONVENTION = "csranks 1.2.1 (Mogstad, Romano, Shaikh and Wilhelm 2024): "
            + "marginal and simultaneous two-sided 95% sets, step-down, parametric bootstrap with R = 1000 draws, "
            + "diagonal covariance of the estimates; tau-best / tau-worst: the provinces that may be among the tau "
            + "best / worst at 95%";

    private ReviewRanks() {}

    /** Standard errors of the panel rows by basis|index|version|year|province|component. */
    public static Map<String, Double> standardErrors(List<Row> rows) {
        Map<String, Double> out = new HashMap<>();
        int se = Harmonize.PANEL.fieldIndex("se");
        for (Row r : rows) {
            if (!r.isNullAt(se)) {
                out.put(
                        key(
                                r.getString(Harmonize.PANEL.fieldIndex("basis")),
                                r.getString(Harmonize.PANEL.fieldIndex("index")),
                                r.getString(Harmonize.PANEL.fieldIndex("structure_version")),
                                r.getInt(Harmonize.PANEL.fieldIndex("year")),
                                r.getString(Harmonize.PANEL.fieldIndex("province_key")),
                                r.getString(Harmonize.PANEL.fieldIndex("component"))),
                        r.getDouble(se));
            }
        }
        return out;
    }

    private static String key(String basis, String index, String version, int year, String province, String c) {
        return String.join("|", basis, index, version, Integer.toString(year), province, c);
    }

    /** The cases of the groups: the given year, or each basis and index's latest year with dimensions. */
    public static List<Case> cases(List<Review.Group> groups, Map<String, Double> se, Integer year) {
        Map<String, Case> latest = new LinkedHashMap<>();
        for (Review.Group g : groups) {
            if (year != null && g.year() != year) {
                continue;
            }
            List<String> dims = new ArrayList<>();
            for (ComponentDef c : g.structure()) {
                if ("TOTAL".equals(c.parent()) && present(g.values(c.component())) >= 2) {
                    dims.add(c.component());
                }
            }
            double[] total = g.values("TOTAL");
            if (dims.size() < 2 || present(total) < 3) {
                continue;
            }
            int n = g.units().size();
            double[][] x = new double[n][dims.size()];
            double[][] s = new double[n][dims.size()];
            boolean allSe = true;
            double[] totalSe = new double[n];
            for (int u = 0; u < n; u++) {
                String unit = g.units().get(u);
                for (int i = 0; i < dims.size(); i++) {
                    x[u][i] = g.values(dims.get(i))[u];
                    Double e = se.get(key(g.basis(), g.index(), g.version(), g.year(), unit, dims.get(i)));
                    s[u][i] = e == null ? Double.NaN : e;
                    if (!Double.isNaN(x[u][i]) && !(e != null && e > 0)) {
                        allSe = false;
                    }
                }
                Double te = se.get(key(g.basis(), g.index(), g.version(), g.year(), unit, "TOTAL"));
                totalSe[u] = te == null ? Double.NaN : te;
            }
            Case c = new Case(g, dims, x, allSe ? s : null, total, totalSe, WhatIf.ranks(total));
            String k = g.basis() + "|" + g.index();
            if (year != null || !latest.containsKey(k) || latest.get(k).group().year() < g.year()) {
                latest.put(year != null ? k + "|" + g.version() : k, c);
            }
        }
        return List.copyOf(latest.values());
    }

    private static int present(double[] v) {
        int n = 0;
        for (double d : v) {
            n += Double.isNaN(d) ? 0 : 1;
        }
        return n;
    }

    /** The named weight sets of a case: published (equal) and pca (when the PCA exists). */
    public static Map<String, double[]> weightSets(Case c) {
        return weightSets(c, UserWeights.NONE);
    }

    /** The named weight sets of a case, and the reviewer's ({@link UserWeights#SET}) when the file has one for it. */
    public static Map<String, double[]> weightSets(Case c, UserWeights user) {
        Map<String, double[]> sets = new LinkedHashMap<>();
        double[] equal = new double[c.indicators().size()];
        java.util.Arrays.fill(equal, 1.0);
        sets.put("published", equal);
        Pca.Result p = Pca.of(c.x());
        if (p != null) {
            double[] w = new double[equal.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = p.rotation()[i][0] * p.rotation()[i][0];
            }
            sets.put("pca", w);
        }
        double[] own = user.weights(c.group().index(), c.group().version(), c.indicators());
        if (own != null) {
            sets.put(UserWeights.SET, own);
        }
        return sets;
    }

    /** The what-if tables: every recipe's scores and ranks, and per recipe the rank shift against the published. */
    public static Table[] whatIf(List<Case> cases) {
        return whatIf(cases, UserWeights.NONE);
    }

    /** {@link #whatIf(List)} with the reviewer's weight set as one more choice of weights. */
    public static Table[] whatIf(List<Case> cases, UserWeights user) {
        TableBuilder detail = keyed().string("recipe")
                .string("imputation")
                .string("normalisation")
                .string("weights")
                .string("aggregation")
                .string("province_key")
                .dbl("score")
                .integer("rank")
                .integer("published_rank")
                .integer("rank_shift")
                .bool("synthetic");
        TableBuilder summary = keyed().string("recipe")
                .string("imputation")
                .string("normalisation")
                .string("weights")
                .string("aggregation")
                .integer("provinces_ranked")
                .integer("provinces_moved")
                .dbl("mean_abs_rank_shift")
                .integer("max_abs_rank_shift")
                .bool("synthetic");
        for (Case c : cases) {
            Review.Group g = c.group();
            for (Map.Entry<String, double[]> ws : weightSets(c, user).entrySet()) {
                for (Imputation m : IMPUTATIONS) {
                    for (Normalisation n : NORMALISATIONS) {
                        double[][] prepared = WhatIf.prepare(c.x(), m, n);
                        for (Aggregation a : AGGREGATIONS) {
                            String recipe = String.join("/", name(m), name(n), ws.getKey(), name(a));
                            WhatIf.Result res = WhatIf.score(prepared, ws.getValue(), a);
                            int[] ranks = res.ranks();
                            double[] scores = res.scores();
                            int[] common = WhatIf.ranksAmong(scores, c.published());
                            int ranked = 0;
                            int moved = 0;
                            int max = 0;
                            double sum = 0;
                            for (int u = 0; u < ranks.length; u++) {
                                Integer shift = common[u] > 0 ? common[u] - c.published()[u] : null;
                                if (shift != null) {
                                    ranked++;
                                    moved += shift != 0 ? 1 : 0;
                                    max = Math.max(max, Math.abs(shift));
                                    sum += Math.abs(shift);
                                }
                                detail.row(
                                        g.basis(),
                                        g.index(),
                                        g.version(),
                                        g.year(),
                                        recipe,
                                        name(m),
                                        name(n),
                                        ws.getKey(),
                                        name(a),
                                        g.units().get(u),
                                        scores[u],
                                        ranks[u] == 0 ? null : ranks[u],
                                        c.published()[u] == 0 ? null : c.published()[u],
                                        shift,
                                        g.synthetic());
                            }
                            summary.row(
                                    g.basis(),
                                    g.index(),
                                    g.version(),
                                    g.year(),
                                    recipe,
                                    name(m),
                                    name(n),
                                    ws.getKey(),
                                    name(a),
                                    ranked,
                                    moved,
                                    ranked == 0 ? Double.NaN : sum / ranked,
                                    max,
                                    g.synthetic());
                        }
                    }
                }
            }
        }
        return new Table[] {detail.build(), summary.build()};
    }

    /** The Monte Carlo model of a case: published weights within the band, every alternative, sampling if any. */
    public static IndexUncertainty model(Case c, Options o) {
        double[] w = weightSets(c).get("published");
        return new IndexUncertainty(
                c.x(), c.se(), w, o.band(), IMPUTATIONS, NORMALISATIONS, AGGREGATIONS, c.published());
    }

    /** The uncertainty and sensitivity tables from the design's results, one per case in the same order. */
    public static Table[] uncertainty(List<Case> cases, List<SaltelliDesign.Result> results, Options o) {
        TableBuilder unc = keyed().string("province_key")
                .integer("published_rank")
                .dbl("median_rank")
                .dbl("rank_p05")
                .dbl("rank_p95")
                .dbl("top_share")
                .integer("top")
                .integer("design_rows")
                .integer("runs")
                .bool("synthetic");
        TableBuilder sens = keyed().string("output")
                .string("factor")
                .dbl("first_order")
                .dbl("first_order_low")
                .dbl("first_order_high")
                .dbl("total_order")
                .dbl("total_order_low")
                .dbl("total_order_high")
                .dbl("output_variance")
                .bool("synthetic");
        for (int k = 0; k < cases.size(); k++) {
            Case c = cases.get(k);
            Review.Group g = c.group();
            SaltelliDesign.Result r = results.get(k);
            for (int u = 0; u < g.units().size(); u++) {
                SaltelliDesign.RankSummary s = r.ranks()[u];
                unc.row(
                        g.basis(),
                        g.index(),
                        g.version(),
                        g.year(),
                        g.units().get(u),
                        c.published()[u] == 0 ? null : c.published()[u],
                        s.median(),
                        s.p05(),
                        s.p95(),
                        s.topShare(),
                        o.top(),
                        (int) r.rows(),
                        (int) r.runs(),
                        g.synthetic());
            }
            for (int out = 0; out < r.indices().length; out++) {
                String output = out < g.units().size() ? "rank " + g.units().get(out) : "mean_abs_rank_shift";
                SaltelliDesign.OutputIndices ix = r.indices()[out];
                for (int f = 0; f < ix.first().length; f++) {
                    sens.row(
                            g.basis(),
                            g.index(),
                            g.version(),
                            g.year(),
                            output,
                            IndexUncertainty.FACTORS.get(f),
                            ix.first()[f],
                            ix.firstLow()[f],
                            ix.firstHigh()[f],
                            ix.total()[f],
                            ix.totalLow()[f],
                            ix.totalHigh()[f],
                            ix.variance(),
                            g.synthetic());
                }
            }
        }
        return new Table[] {unc.build(), sens.build()};
    }

    /**
     * Confidence sets for the ranks of the TOTAL where every ranked province has a standard error: marginal and
     * simultaneous two-sided sets (csranks, step-down), and membership of the tau-best and tau-worst sets; the
     * covariance is diagonal (provinces are separate strata of the surveys).
     */
    public static Table rankSets(List<Case> cases, Options o) {
        TableBuilder t = keyed().string("province_key")
                .dbl("value")
                .dbl("se")
                .integer("rank")
                .integer("marginal_low")
                .integer("marginal_high")
                .integer("simultaneous_low")
                .integer("simultaneous_high")
                .bool("tau_best")
                .bool("tau_worst")
                .integer("tau")
                .integer("replications")
                .bool("synthetic");
        for (Case c : cases) {
            Review.Group g = c.group();
            List<Integer> at = new ArrayList<>();
            boolean ok = true;
            for (int u = 0; u < c.total().length; u++) {
                if (!Double.isNaN(c.total()[u])) {
                    at.add(u);
                    ok &= c.totalSe()[u] > 0;
                }
            }
            if (!ok || at.size() < 2) {
                continue;
            }
            int p = at.size();
            double[] x = new double[p];
            double[][] sigma = new double[p][p];
            for (int i = 0; i < p; i++) {
                x[i] = c.total()[at.get(i)];
                sigma[i][i] = c.totalSe()[at.get(i)] * c.totalSe()[at.get(i)];
            }
            long seed = o.seed() ^ (31L * g.year() + g.index().hashCode());
            RankConfidenceSets.Sets marg = RankConfidenceSets.marginal(
                    x,
                    sigma,
                    0.95,
                    RankConfidenceSets.Type.TWO_SIDED,
                    true,
                    o.replications(),
                    null,
                    i -> RankConfidenceSets.seeded(seed + i));
            RankConfidenceSets.Sets sim = RankConfidenceSets.simultaneous(
                    x,
                    sigma,
                    0.95,
                    RankConfidenceSets.Type.TWO_SIDED,
                    true,
                    o.replications(),
                    null,
                    RankConfidenceSets.seeded(seed - 1));
            int tau = Math.min(o.tau(), p);
            boolean[] best = RankConfidenceSets.tauBest(
                    x, sigma, tau, 0.95, true, o.replications(), RankConfidenceSets.seeded(seed - 2));
            boolean[] worst = RankConfidenceSets.tauWorst(
                    x, sigma, tau, 0.95, true, o.replications(), RankConfidenceSets.seeded(seed - 3));
            for (int i = 0; i < p; i++) {
                int u = at.get(i);
                t.row(
                        g.basis(),
                        g.index(),
                        g.version(),
                        g.year(),
                        g.units().get(u),
                        x[i],
                        c.totalSe()[u],
                        marg.rank()[i],
                        marg.lower()[i],
                        marg.upper()[i],
                        sim.lower()[i],
                        sim.upper()[i],
                        best[i],
                        worst[i],
                        tau,
                        o.replications(),
                        g.synthetic());
            }
        }
        return t.build();
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static TableBuilder keyed() {
        return new TableBuilder()
                .string("basis")
                .string("index")
                .string("version")
                .integer("year");
    }
}
