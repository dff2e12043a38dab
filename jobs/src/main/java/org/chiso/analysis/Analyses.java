package org.chiso.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.chiso.analysis.stats.CoefficientTable;
import org.chiso.analysis.stats.Convergence;
import org.chiso.analysis.stats.Correlation;
import org.chiso.analysis.stats.CorrelationResult;
import org.chiso.analysis.stats.FixedEffects;
import org.chiso.analysis.stats.MultipleTesting;
import org.chiso.analysis.stats.RankMobility;
import org.chiso.analysis.stats.Trend;
import org.chiso.core.Table;

/**
 * The analyses on the harmonised panels: correlations, trends, fixed-effects panel regressions,
 * convergence and rank mobility. The statistics are the plain-Java ones of {@code analysis.stats}; this
 * class groups the panel's cells into vectors and series and lays the results out as long, tidy tables.
 * Every row carries the convention it follows and whether any synthetic value fed it.
 */
public final class Analyses {
    /** Fewest pairs for a correlation, points for a trend, provinces for a regression. */
    public static final int MIN_PAIRS = 5;

    public static final int MIN_POINTS = 3;
    /**
     * Fewest years for a trend to be ranked among its series' provinces: a slope from 3 or 4 points has an interval
     * too wide to order provinces by (Hà Tây's PCI 2005-2008, 4 points, [-7.5, 13.6]), so such trends are fitted and
     * listed apart with the reason, never ranked.
     */
    public static final int MIN_RANKED_POINTS = 5;

    public static final int MIN_UNITS = 10;
    static final List<String> METHODS = List.of("pearson", "spearman", "kendall");
    static final Set<String> COMPONENT_LEVELS = Set.of("DIMENSION", "FACTOR", "SUBINDEX");

    private Analyses() {}

    /** Whether a cell is a variable of the cross-index correlations: totals, and PAPI's dimensions. */
    static boolean crossVariable(Panel.Obs o) {
        return o.component().equals("TOTAL")
                || (o.index().equals("PAPI") && o.level().equals("DIMENSION"));
    }

    /** Whether a cell is a component of its index (dimension, factor, sub-index) or its total. */
    static boolean withinVariable(Panel.Obs o) {
        return o.component().equals("TOTAL") || COMPONENT_LEVELS.contains(o.level());
    }

    private record Var(String index, String version, String component) {}

    /**
     * Correlations per basis and year (scope {@code cross_index} and {@code within_index}), pooled over the
     * years of the same pair of structure versions ({@code pooled_*}), and lagged (index A in year t with
     * index B in t+1, totals, {@code lagged}). Pearson, Spearman and Kendall tau-b, pairwise complete, at
     * least {@value #MIN_PAIRS} pairs; Benjamini-Hochberg adjusted p within each basis, scope and method.
     */
    public static Table correlations(List<Panel.Obs> panel) {
        TableBuilder t = new TableBuilder()
                .string("basis")
                .string("scope")
                .integer("year")
                .integer("year_b")
                .string("index_a")
                .string("version_a")
                .string("component_a")
                .string("index_b")
                .string("version_b")
                .string("component_b")
                .string("method")
                .integer("n")
                .dbl("estimate")
                .string("statistic_name")
                .dbl("statistic")
                .dbl("df")
                .dbl("p")
                .dbl("p_bh")
                .dbl("ci_low")
                .dbl("ci_high")
                .string("p_method")
                .string("convention")
                .bool("synthetic");
        List<Object[]> rows = new ArrayList<>();
        Map<String, List<Panel.Obs>> byBasis = group(panel, Panel.Obs::basis);
        for (Map.Entry<String, List<Panel.Obs>> b : byBasis.entrySet()) {
            Map<Integer, List<Panel.Obs>> byYear =
                    new TreeMap<>(b.getValue().stream().collect(Collectors.groupingBy(Panel.Obs::year)));
            for (Map.Entry<Integer, List<Panel.Obs>> y : byYear.entrySet()) {
                pairs(
                        rows,
                        b.getKey(),
                        "cross_index",
                        y.getKey(),
                        null,
                        vectors(y.getValue(), Analyses::crossVariable),
                        vectors(y.getValue(), Analyses::crossVariable),
                        (a, c) -> !a.index().equals(c.index()));
                pairs(
                        rows,
                        b.getKey(),
                        "within_index",
                        y.getKey(),
                        null,
                        vectors(y.getValue(), Analyses::withinVariable),
                        vectors(y.getValue(), Analyses::withinVariable),
                        (a, c) -> a.index().equals(c.index()));
                List<Panel.Obs> next = byYear.get(y.getKey() + 1);
                if (next != null) {
                    pairs(
                            rows,
                            b.getKey(),
                            "lagged",
                            y.getKey(),
                            y.getKey() + 1,
                            vectors(y.getValue(), o -> o.component().equals("TOTAL")),
                            vectors(next, o -> o.component().equals("TOTAL")),
                            (a, c) -> !a.index().equals(c.index()));
                }
            }
            pooled(rows, b.getKey(), b.getValue());
        }
        Map<String, List<Integer>> families = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Object[] r = rows.get(i);
            families.computeIfAbsent(r[0] + "|" + r[1] + "|" + r[10], k -> new ArrayList<>())
                    .add(i);
        }
        for (List<Integer> fam : families.values()) {
            double[] p = fam.stream().mapToDouble(i -> (Double) rows.get(i)[16]).toArray();
            double[] adj = MultipleTesting.benjaminiHochberg(p);
            for (int j = 0; j < fam.size(); j++) {
                rows.get(fam.get(j))[17] = adj[j];
            }
        }
        rows.forEach(t::row);
        return t.build();
    }

    private record Vector(Var var, Map<String, Double> values, boolean synthetic) {}

    private static List<Vector> vectors(List<Panel.Obs> cells, Predicate<Panel.Obs> keep) {
        Map<Var, Map<String, Double>> m = new TreeMap<>(
                Comparator.comparing(Var::index).thenComparing(Var::component).thenComparing(Var::version));
        Map<Var, Boolean> synth = new LinkedHashMap<>();
        for (Panel.Obs o : cells) {
            if (keep.test(o)) {
                Var v = new Var(o.index(), o.version(), o.component());
                m.computeIfAbsent(v, k -> new TreeMap<>()).put(o.province(), o.value());
                synth.merge(v, o.synthetic(), Boolean::logicalOr);
            }
        }
        List<Vector> out = new ArrayList<>();
        m.forEach((v, vals) -> out.add(new Vector(v, vals, synth.get(v))));
        return out;
    }

    private static void pairs(
            List<Object[]> rows,
            String basis,
            String scope,
            Integer year,
            Integer yearB,
            List<Vector> as,
            List<Vector> bs,
            java.util.function.BiPredicate<Var, Var> keep) {
        boolean same = yearB == null;
        for (int i = 0; i < as.size(); i++) {
            for (int j = same ? i + 1 : 0; j < bs.size(); j++) {
                Vector a = as.get(i);
                Vector c = bs.get(j);
                if (!keep.test(a.var(), c.var())) {
                    continue;
                }
                Set<String> common = new TreeSet<>(a.values().keySet());
                common.retainAll(c.values().keySet());
                if (common.size() < MIN_PAIRS) {
                    continue;
                }
                double[] x = common.stream().mapToDouble(a.values()::get).toArray();
                double[] y = common.stream().mapToDouble(c.values()::get).toArray();
                add(rows, basis, scope, year, yearB, a.var(), c.var(), x, y, a.synthetic() || c.synthetic());
            }
        }
    }

    private static void add(
            List<Object[]> rows,
            String basis,
            String scope,
            Integer year,
            Integer yearB,
            Var a,
            Var c,
            double[] x,
            double[] y,
            boolean synthetic) {
        for (String m : METHODS) {
            CorrelationResult r = switch (m) {
                case "pearson" -> Correlation.pearson(x, y);
                case "spearman" -> Correlation.spearman(x, y);
                default -> Correlation.kendall(x, y);
            };
            rows.add(new Object[] {
                basis,
                scope,
                year,
                yearB,
                a.index(),
                a.version(),
                a.component(),
                c.index(),
                c.version(),
                c.component(),
                m,
                r.n(),
                r.estimate(),
                r.statisticName(),
                r.statistic(),
                r.df(),
                r.p(),
                null,
                r.ciLow(),
                r.ciHigh(),
                r.pMethod(),
                r.convention(),
                synthetic
            });
        }
    }

    /** Pooled over years with the same pair of structure versions: province-year pairs. */
    private static void pooled(List<Object[]> rows, String basis, List<Panel.Obs> cells) {
        for (String scope : List.of("cross_index", "within_index")) {
            Predicate<Panel.Obs> keep =
                    scope.equals("cross_index") ? Analyses::crossVariable : Analyses::withinVariable;
            Map<Var, Map<String, Double>> m = new TreeMap<>(Comparator.comparing(Var::index)
                    .thenComparing(Var::component)
                    .thenComparing(Var::version));
            Map<Var, Boolean> synth = new LinkedHashMap<>();
            for (Panel.Obs o : cells) {
                if (keep.test(o)) {
                    Var v = new Var(o.index(), o.version(), o.component());
                    m.computeIfAbsent(v, k -> new TreeMap<>()).put(o.year() + "|" + o.province(), o.value());
                    synth.merge(v, o.synthetic(), Boolean::logicalOr);
                }
            }
            List<Var> vars = new ArrayList<>(m.keySet());
            for (int i = 0; i < vars.size(); i++) {
                for (int j = i + 1; j < vars.size(); j++) {
                    Var a = vars.get(i);
                    Var c = vars.get(j);
                    if (scope.equals("cross_index") == a.index().equals(c.index())) {
                        continue;
                    }
                    Set<String> common = new TreeSet<>(m.get(a).keySet());
                    common.retainAll(m.get(c).keySet());
                    Set<String> years =
                            common.stream().map(k -> k.substring(0, 4)).collect(Collectors.toCollection(TreeSet::new));
                    if (common.size() < MIN_PAIRS || years.size() < 2) {
                        continue;
                    }
                    double[] x = common.stream().mapToDouble(m.get(a)::get).toArray();
                    double[] y = common.stream().mapToDouble(m.get(c)::get).toArray();
                    add(rows, basis, "pooled_" + scope, null, null, a, c, x, y, synth.get(a) || synth.get(c));
                }
            }
        }
    }

    private record SeriesKey(String basis, String index, String component, String segment) {}

    private static Map<SeriesKey, List<Panel.Obs>> series(List<Panel.Obs> panel) {
        Map<SeriesKey, List<Panel.Obs>> m = new TreeMap<>(Comparator.comparing(SeriesKey::basis)
                .thenComparing(SeriesKey::index)
                .thenComparing(SeriesKey::component)
                .thenComparing(SeriesKey::segment));
        for (Panel.Obs o : panel) {
            m.computeIfAbsent(new SeriesKey(o.basis(), o.index(), o.component(), o.segment()), k -> new ArrayList<>())
                    .add(o);
        }
        return m;
    }

    /**
     * Per basis, index, component, comparability segment and province: OLS slope per year (SE, t, p, 95%
     * CI, R²), Theil-Sen slope and Mann-Kendall test, for series of at least {@value #MIN_POINTS} years.
     * {@code slope_rank} orders the provinces of one series (basis, index, component, segment) by OLS slope, 1 the
     * steepest rise, ties sharing the better rank; only trends of at least {@value #MIN_RANKED_POINTS} years with a
     * slope are ranked, the others have a null rank and say why in {@code ranking}.
     */
    public static Table trends(List<Panel.Obs> panel) {
        TableBuilder t = new TableBuilder()
                .string("basis")
                .string("index")
                .string("component")
                .string("segment")
                .string("province_key")
                .integer("year_from")
                .integer("year_to")
                .integer("n")
                .dbl("slope")
                .dbl("slope_se")
                .dbl("slope_t")
                .dbl("df")
                .dbl("slope_p")
                .dbl("slope_ci_low")
                .dbl("slope_ci_high")
                .dbl("intercept")
                .dbl("r_squared")
                .dbl("theil_sen_slope")
                .dbl("theil_sen_intercept")
                .dbl("mk_s")
                .dbl("mk_var_s")
                .dbl("mk_z")
                .dbl("mk_p")
                .dbl("kendall_tau")
                .integer("slope_rank")
                .string("ranking")
                .string("convention")
                .bool("synthetic");
        for (Map.Entry<SeriesKey, List<Panel.Obs>> s : series(panel).entrySet()) {
            Map<String, List<Panel.Obs>> byProvince = group(s.getValue(), Panel.Obs::province);
            Map<String, List<Panel.Obs>> points = new LinkedHashMap<>();
            Map<String, Trend.Result> fits = new LinkedHashMap<>();
            for (Map.Entry<String, List<Panel.Obs>> p : byProvince.entrySet()) {
                List<Panel.Obs> pts = p.getValue().stream()
                        .sorted(Comparator.comparingInt(Panel.Obs::year))
                        .toList();
                if (pts.size() < MIN_POINTS) {
                    continue;
                }
                double[] x = pts.stream().mapToDouble(Panel.Obs::year).toArray();
                double[] y = pts.stream().mapToDouble(Panel.Obs::value).toArray();
                points.put(p.getKey(), pts);
                fits.put(p.getKey(), Trend.fit(x, y));
            }
            List<Double> rankedSlopes = fits.values().stream()
                    .filter(Analyses::rankable)
                    .map(Trend.Result::slope)
                    .toList();
            for (Map.Entry<String, Trend.Result> f : fits.entrySet()) {
                List<Panel.Obs> pts = points.get(f.getKey());
                Trend.Result r = f.getValue();
                Integer rank = rankable(r)
                        ? 1
                                + (int) rankedSlopes.stream()
                                        .filter(v -> v > r.slope())
                                        .count()
                        : null;
                String ranking = rank != null
                        ? "ranked"
                        : Double.isNaN(r.slope())
                                ? "not ranked: no slope"
                                : "not ranked: " + r.n() + " years, fewer than the " + MIN_RANKED_POINTS
                                        + " a ranking needs";
                SeriesKey k = s.getKey();
                t.row(
                        k.basis(),
                        k.index(),
                        k.component(),
                        k.segment(),
                        f.getKey(),
                        pts.get(0).year(),
                        pts.get(pts.size() - 1).year(),
                        r.n(),
                        r.slope(),
                        r.slopeSe(),
                        r.slopeT(),
                        r.df(),
                        r.slopeP(),
                        r.slopeCiLow(),
                        r.slopeCiHigh(),
                        r.intercept(),
                        r.rSquared(),
                        r.theilSenSlope(),
                        r.theilSenIntercept(),
                        r.mannKendallS(),
                        r.mannKendallVarS(),
                        r.mannKendallZ(),
                        r.mannKendallP(),
                        r.kendallTau(),
                        rank,
                        ranking,
                        r.convention(),
                        pts.stream().anyMatch(Panel.Obs::synthetic));
            }
        }
        return t.build();
    }

    /** Whether a trend takes part in its series' ranking ({@value #MIN_RANKED_POINTS} years or more, a slope). */
    private static boolean rankable(Trend.Result r) {
        return r.n() >= MIN_RANKED_POINTS && !Double.isNaN(r.slope());
    }

    /**
     * Fixed-effects panel regressions with CR1 errors clustered by province (fixest conventions):
     * {@code trend}: total on year with province effects, per index segment; {@code cross_index}: one
     * index's total on another's, with province effects and with province and year effects.
     */
    public static Table panelRegressions(List<Panel.Obs> panel) {
        return panelRegressions(panel, CovariateTerms.none());
    }

    /**
     * The panel regressions with covariate terms added to every model (the same CR1 conventions; K counts the
     * covariates as slopes). Each fit gives one row per slope: the model's regressor first, then each covariate, named
     * in the columns {@code term} and {@code covariates} that the table has only when covariates are given. A
     * province-year without every covariate is left out of that fit.
     */
    public static Table panelRegressions(List<Panel.Obs> panel, CovariateTerms cov) {
        TableBuilder t = new TableBuilder()
                .string("basis")
                .string("model")
                .string("dependent")
                .string("dependent_segment")
                .string("regressor")
                .string("effects")
                .integer("n")
                .integer("units")
                .integer("periods")
                .dbl("coefficient")
                .dbl("se")
                .dbl("t")
                .dbl("df")
                .dbl("p")
                .dbl("ci_low")
                .dbl("ci_high")
                .integer("k_adjust")
                .string("convention")
                .bool("synthetic");
        if (!cov.isEmpty()) {
            t.string("term").string("covariates");
        }
        Map<SeriesKey, List<Panel.Obs>> totals =
                series(panel.stream().filter(o -> o.component().equals("TOTAL")).toList());
        for (Map.Entry<SeriesKey, List<Panel.Obs>> s : totals.entrySet()) {
            List<Panel.Obs> obs = s.getValue();
            if (group(obs, Panel.Obs::province).size() < MIN_UNITS
                    || group(obs, o -> Integer.toString(o.year())).size() < MIN_POINTS) {
                continue;
            }
            double[] y = obs.stream().mapToDouble(Panel.Obs::value).toArray();
            double[][] x = withCovariates(
                    obs, obs.stream().map(o -> new double[] {o.year()}).toArray(double[][]::new), cov);
            Object[] unit = obs.stream().map(Panel.Obs::province).toArray();
            FeFit f = feFit(cov, x, () -> FixedEffects.oneWay(y, x, unit, names("year", cov)));
            regressionRow(
                    t,
                    s.getKey().basis(),
                    "trend",
                    s.getKey().index() + ":TOTAL",
                    s.getKey().segment(),
                    "year",
                    "province",
                    f,
                    obs.stream().anyMatch(Panel.Obs::synthetic),
                    cov);
        }
        List<SeriesKey> keys = new ArrayList<>(totals.keySet());
        for (SeriesKey a : keys) {
            for (SeriesKey b : keys) {
                if (a.equals(b) || !a.basis().equals(b.basis()) || a.index().equals(b.index())) {
                    continue;
                }
                Map<String, Panel.Obs> bv = new LinkedHashMap<>();
                totals.get(b).forEach(o -> bv.put(o.year() + "|" + o.province(), o));
                List<Panel.Obs> ya = totals.get(a).stream()
                        .filter(o -> bv.containsKey(o.year() + "|" + o.province()))
                        .toList();
                if (group(ya, Panel.Obs::province).size() < MIN_UNITS
                        || group(ya, o -> Integer.toString(o.year())).size() < MIN_POINTS) {
                    continue;
                }
                double[] y = ya.stream().mapToDouble(Panel.Obs::value).toArray();
                double[][] x = withCovariates(
                        ya,
                        ya.stream()
                                .map(o -> new double[] {
                                    bv.get(o.year() + "|" + o.province()).value()
                                })
                                .toArray(double[][]::new),
                        cov);
                Object[] unit = ya.stream().map(Panel.Obs::province).toArray();
                Object[] time = ya.stream().map(o -> (Object) o.year()).toArray();
                boolean synth = ya.stream()
                        .anyMatch(o -> o.synthetic()
                                || bv.get(o.year() + "|" + o.province()).synthetic());
                String reg = b.index() + ":TOTAL (" + b.segment() + ")";
                regressionRow(
                        t,
                        a.basis(),
                        "cross_index",
                        a.index() + ":TOTAL",
                        a.segment(),
                        reg,
                        "province",
                        feFit(cov, x, () -> FixedEffects.oneWay(y, x, unit, names(reg, cov))),
                        synth,
                        cov);
                regressionRow(
                        t,
                        a.basis(),
                        "cross_index",
                        a.index() + ":TOTAL",
                        a.segment(),
                        reg,
                        "province + year",
                        feFit(cov, x, () -> FixedEffects.twoWay(y, x, unit, time, names(reg, cov))),
                        synth,
                        cov);
            }
        }
        return t.build();
    }

    /** The regressor columns followed by the covariate terms of each observation's province and year. */
    private static double[][] withCovariates(List<Panel.Obs> obs, double[][] x, CovariateTerms cov) {
        if (cov.isEmpty()) {
            return x;
        }
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            Panel.Obs o = obs.get(i);
            double[] c = cov.row(o.basis(), o.province(), o.year());
            out[i] = new double[x[i].length + c.length];
            System.arraycopy(x[i], 0, out[i], 0, x[i].length);
            System.arraycopy(c, 0, out[i], x[i].length, c.length);
        }
        return out;
    }

    private static String[] names(String regressor, CovariateTerms cov) {
        List<String> n = new ArrayList<>();
        n.add(regressor);
        n.addAll(cov.terms());
        return n.toArray(String[]::new);
    }

    /** A fixed-effects fit, or the reason it could not be estimated on this data (fit == null). */
    private record FeFit(FixedEffects.Fit fit, String reason) {}

    /**
     * Runs a fixed-effects fit; a design the data cannot identify (a regressor constant within provinces,
     * collinear columns, too few units, no province-year with every covariate) or projections that do not converge
     * become a reason, not an abort.
     */
    private static FeFit feFit(CovariateTerms cov, double[][] x, java.util.function.Supplier<FixedEffects.Fit> fit) {
        if (!cov.isEmpty()
                && java.util.Arrays.stream(x)
                        .noneMatch(r -> java.util.Arrays.stream(r).noneMatch(Double::isNaN))) {
            return new FeFit(null, "no province-year has every covariate (" + String.join(", ", cov.terms()) + ")");
        }
        try {
            return new FeFit(fit.get(), null);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new FeFit(null, e.getMessage());
        }
    }

    private static void regressionRow(
            TableBuilder t,
            String basis,
            String model,
            String dependent,
            String segment,
            String regressor,
            String effects,
            FeFit fe,
            boolean synthetic,
            CovariateTerms cov) {
        FixedEffects.Fit f = fe.fit();
        List<Object> key = List.of(basis, model, dependent, segment, regressor, effects);
        String covariates = String.join(",", cov.terms());
        if (f == null) {
            Object[] none = new Object[11];
            addRow(t, key, none, "not computable: " + fe.reason(), synthetic, cov, regressor, covariates);
            return;
        }
        CoefficientTable c = f.cr1();
        for (int j = 0; j < c.names().size(); j++) {
            double[] ci = c.confidenceInterval(j, 0.95);
            Object[] fit = {
                f.n(),
                f.units(),
                f.periods(),
                c.estimate()[j],
                c.se()[j],
                c.t()[j],
                c.df(),
                c.p()[j],
                ci[0],
                ci[1],
                f.kAdjust()
            };
            addRow(t, key, fit, f.convention(), synthetic, cov, c.names().get(j), covariates);
        }
    }

    /** One row of the regression table; the term and covariates columns only when there are covariates. */
    private static void addRow(
            TableBuilder t,
            List<Object> key,
            Object[] fit,
            String convention,
            boolean synthetic,
            CovariateTerms cov,
            String term,
            String covariates) {
        List<Object> row = new ArrayList<>(key);
        row.addAll(java.util.Arrays.asList(fit));
        row.add(convention);
        row.add(synthetic);
        if (!cov.isEmpty()) {
            row.add(term);
            row.add(covariates);
        }
        t.row(row.toArray());
    }

    /**
     * β-convergence (first to last year of each segment) and σ-convergence (dispersion by year) per basis,
     * index, component (totals and dimensions) and segment.
     */
    public static Table convergence(List<Panel.Obs> panel) {
        TableBuilder t = new TableBuilder()
                .string("basis")
                .string("index")
                .string("component")
                .string("segment")
                .string("kind")
                .integer("year")
                .integer("year_to")
                .integer("n")
                .dbl("mean")
                .dbl("sd_sample")
                .dbl("sd_population")
                .dbl("cv")
                .dbl("beta")
                .dbl("beta_se")
                .dbl("beta_t")
                .dbl("beta_df")
                .dbl("beta_p")
                .dbl("speed_lambda")
                .string("convention")
                .bool("synthetic");
        for (Map.Entry<SeriesKey, List<Panel.Obs>> s : series(panel.stream()
                        .filter(o -> crossVariable(o) || withinVariable(o))
                        .toList())
                .entrySet()) {
            SeriesKey k = s.getKey();
            Map<Integer, List<Panel.Obs>> byYear =
                    new TreeMap<>(s.getValue().stream().collect(Collectors.groupingBy(Panel.Obs::year)));
            boolean synth = s.getValue().stream().anyMatch(Panel.Obs::synthetic);
            for (Map.Entry<Integer, List<Panel.Obs>> y : byYear.entrySet()) {
                if (y.getValue().size() < MIN_POINTS) {
                    continue;
                }
                Convergence.Dispersion d = Convergence.sigma(
                        y.getValue().stream().mapToDouble(Panel.Obs::value).toArray());
                t.row(
                        k.basis(),
                        k.index(),
                        k.component(),
                        k.segment(),
                        "sigma",
                        y.getKey(),
                        null,
                        d.n(),
                        d.mean(),
                        d.sdSample(),
                        d.sdPopulation(),
                        d.cv(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        d.convention(),
                        synth);
            }
            if (byYear.size() < 2) {
                continue;
            }
            int first = ((TreeMap<Integer, List<Panel.Obs>>) byYear).firstKey();
            int last = ((TreeMap<Integer, List<Panel.Obs>>) byYear).lastKey();
            Map<String, Double> y0 =
                    byYear.get(first).stream().collect(Collectors.toMap(Panel.Obs::province, Panel.Obs::value));
            List<Panel.Obs> yT = byYear.get(last).stream()
                    .filter(o -> y0.containsKey(o.province()))
                    .sorted(Comparator.comparing(Panel.Obs::province))
                    .toList();
            if (yT.size() < MIN_UNITS) {
                continue;
            }
            Convergence.Beta b = Convergence.beta(
                    yT.stream().mapToDouble(o -> y0.get(o.province())).toArray(),
                    yT.stream().mapToDouble(Panel.Obs::value).toArray(),
                    last - first);
            t.row(
                    k.basis(),
                    k.index(),
                    k.component(),
                    k.segment(),
                    "beta",
                    first,
                    last,
                    b.n(),
                    null,
                    null,
                    null,
                    null,
                    b.beta(),
                    b.se(),
                    b.t(),
                    b.df(),
                    b.p(),
                    b.lambda(),
                    b.convention(),
                    synth);
        }
        return t.build();
    }

    /** Spearman and Kendall between consecutive years' ranks of each total, within its comparability segment. */
    public static Table rankMobility(List<Panel.Obs> panel) {
        TableBuilder t = new TableBuilder()
                .string("basis")
                .string("index")
                .string("component")
                .string("segment")
                .integer("year_from")
                .integer("year_to")
                .integer("n")
                .dbl("spearman_rho")
                .dbl("spearman_p")
                .dbl("kendall_tau")
                .dbl("kendall_p")
                .string("convention")
                .bool("synthetic");
        for (Map.Entry<SeriesKey, List<Panel.Obs>> s : series(panel.stream()
                        .filter(o -> o.component().equals("TOTAL"))
                        .toList())
                .entrySet()) {
            TreeMap<Integer, Map<String, Panel.Obs>> byYear = new TreeMap<>();
            s.getValue()
                    .forEach(o -> byYear.computeIfAbsent(o.year(), k -> new TreeMap<>())
                            .put(o.province(), o));
            for (Integer y : byYear.keySet()) {
                Map<String, Panel.Obs> next = byYear.get(y + 1);
                if (next == null) {
                    continue;
                }
                Set<String> units = new TreeSet<>(byYear.get(y).keySet());
                units.addAll(next.keySet());
                double[] a = units.stream()
                        .mapToDouble(u -> byYear.get(y).containsKey(u)
                                ? byYear.get(y).get(u).value()
                                : Double.NaN)
                        .toArray();
                double[] b = units.stream()
                        .mapToDouble(u -> next.containsKey(u) ? next.get(u).value() : Double.NaN)
                        .toArray();
                RankMobility.Result r = RankMobility.compare(a, b);
                if (r.n() < MIN_PAIRS) {
                    continue;
                }
                boolean synth = byYear.get(y).values().stream().anyMatch(Panel.Obs::synthetic)
                        || next.values().stream().anyMatch(Panel.Obs::synthetic);
                t.row(
                        s.getKey().basis(),
                        s.getKey().index(),
                        "TOTAL",
                        s.getKey().segment(),
                        y,
                        y + 1,
                        r.n(),
                        r.spearman().estimate(),
                        r.spearman().p(),
                        r.kendall().estimate(),
                        r.kendall().p(),
                        r.convention(),
                        synth);
            }
        }
        return t.build();
    }

    private static <K> Map<K, List<Panel.Obs>> group(
            List<Panel.Obs> cells, java.util.function.Function<Panel.Obs, K> key) {
        Map<K, List<Panel.Obs>> m = new TreeMap<>();
        for (Panel.Obs o : cells) {
            m.computeIfAbsent(key.apply(o), k -> new ArrayList<>()).add(o);
        }
        return m;
    }
}
