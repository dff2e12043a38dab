package org.chiso.analysis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chiso.analysis.stats.Correlation;
import org.chiso.analysis.stats.CorrelationResult;
import org.chiso.analysis.stats.Pca;
import org.chiso.analysis.stats.Reliability;
import org.chiso.analysis.stats.Shape;
import org.chiso.analysis.stats.Winsorisation;
import org.chiso.core.Basis;
import org.chiso.core.ComponentDef;
import org.chiso.core.IndexDefinitions;
import org.chiso.core.Province;
import org.chiso.core.ProvinceRegistry;
import org.chiso.core.SparkOrder;
import org.chiso.core.Table;

/**
 * The statistical audit of a methodology review (COINr's, JRC/OECD Handbook 2008), per basis, index, structure
 * version and year, on the harmonised province panel: per component the distribution (n, missing share, mean, sd, min,
 * max, type-2 skewness and kurtosis), COINr's outlier flag and iterative winsorisation, the correlation with its parent
 * and with its total; per aggregate Cronbach's alpha (raw and standardised, percentile bootstrap interval) and a
 * principal component analysis over its parts.
 *
 * <p>The units of a group are the provinces of the basis in that year ({@link ProvinceRegistry#provinces(Basis, int)})
 * and any other province with a value; a unit without a value of a component counts as missing for it. The structure is
 * the index definitions' component tree of that year and version (TOTAL &gt; dimensions &gt; sub-dimensions): the parent
 * of a component is its definition's parent, its total the root above it (PCI: the unweighted sum of sub-indices).
 * Statistics use the values as in the panel (before any treatment); the winsorised values only give the shape after
 * treatment. Aggregates with at least two parts are the groups of alpha and PCA, over their parts ({@code children})
 * and, where different, over the indicators below them ({@code leaves}: COINr's {@code Level = 1}); a part with fewer
 * than two values in the year is left out (column {@code items} names those used, {@code k} counts them).
 */
public final class Review {
    /** Correlations above this are flagged as collinear (the JRC's audit threshold). */
    public static final double COLLINEAR = 0.92;

    /**
     * Options of the review: an index and a year (null: all), bootstrap replicates, seed and interval level of the
     * audit, the Monte Carlo rows (Saltelli's N) and weight band of the ranking part ({@link ReviewRanks}), and a
     * reviewer's weight set for the what-if ({@link UserWeights#NONE}: none).
     */
    public record Options(
            String index,
            Integer year,
            int bootstrap,
            long seed,
            double level,
            int replications,
            double band,
            UserWeights weights) {
        public static final int DEFAULT_BOOTSTRAP = 1000;
        public static final int DEFAULT_REPLICATIONS = 10_000;
        public static final double DEFAULT_BAND = 0.25;

        /** All indices and years, 1000 replicates, 95% intervals, N = 10,000, weights within 25%. */
        public static Options defaults(long seed) {
            return new Options(null, null, DEFAULT_BOOTSTRAP, seed, 0.95);
        }

        /** The audit's options with the ranking part's defaults. */
        public Options(String index, Integer year, int bootstrap, long seed, double level) {
            this(index, year, bootstrap, seed, level, DEFAULT_REPLICATIONS, DEFAULT_BAND);
        }

        /** Without a user weight set. */
        public Options(
                String index, Integer year, int bootstrap, long seed, double level, int replications, double band) {
            this(index, year, bootstrap, seed, level, replications, band, UserWeights.NONE);
        }

        /** The ranking part's options. */
        public ReviewRanks.Options ranks() {
            ReviewRanks.Options d = ReviewRanks.Options.defaults(seed);
            return new ReviewRanks.Options(
                    replications, band, seed, d.blocks(), d.bootstrap(), d.top(), d.tau(), d.replications());
        }

        public Options {
            weights = weights == null ? UserWeights.NONE : weights;
            if (index != null && IndexDefinitions.load().index(index).isEmpty()) {
                throw new IllegalArgumentException("--index " + index + ": not an index of the definitions "
                        + IndexDefinitions.load().indices().keySet());
            }
            if (bootstrap < 0) {
                throw new IllegalArgumentException("--bootstrap must be 0 or more, not " + bootstrap);
            }
            if (!(level > 0 && level < 1)) {
                throw new IllegalArgumentException("the interval level must lie in (0, 1), not " + level);
            }
        }

        boolean keeps(String i, int y) {
            return (index == null || index.equalsIgnoreCase(i)) && (year == null || year == y);
        }
    }

    /**
     * One group of the audit: the units (province keys, in order), the structure's components of that year and version,
     * and per component its values aligned with the units (NaN = missing).
     */
    public record Group(
            String basis,
            String index,
            String version,
            int year,
            List<String> units,
            List<ComponentDef> structure,
            Map<String, double[]> values,
            boolean synthetic) {
        ComponentDef def(String component) {
            return structure.stream()
                    .filter(c -> c.component().equals(component))
                    .findFirst()
                    .orElseThrow();
        }

        List<String> children(String parent) {
            return structure.stream()
                    .filter(c -> parent.equals(c.parent()))
                    .map(ComponentDef::component)
                    .toList();
        }

        List<String> leaves(String parent) {
            List<String> out = new ArrayList<>();
            for (String c : children(parent)) {
                if (children(c).isEmpty()) {
                    out.add(c);
                } else {
                    out.addAll(leaves(c));
                }
            }
            return out;
        }

        String root(String component) {
            ComponentDef d = def(component);
            return d.parent() == null || d.parent().isEmpty() ? component : root(d.parent());
        }

        double[] values(String component) {
            return values.getOrDefault(component, nan(units.size()));
        }
    }

    /** The audit's report tables. */
    public record Result(Table audit, Table winsorisation, Table alpha, Table pca, Table loadings) {}

    private Review() {}

    /** The groups of the panel's province cells that the options keep, in basis, index, version, year order. */
    public static List<Group> groups(
            List<Panel.Obs> panel, IndexDefinitions defs, ProvinceRegistry registry, Options o) {
        if (o.index() != null && defs.index(o.index()).isEmpty()) {
            throw new IllegalArgumentException("--index " + o.index() + ": not an index of the definitions "
                    + defs.indices().keySet());
        }
        Map<List<Object>, List<Panel.Obs>> byGroup = new TreeMap<>((a, b) -> {
            for (int i = 0; i < a.size(); i++) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                int c = ((Comparable) a.get(i)).compareTo(b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        for (Panel.Obs ob : panel) {
            if (o.keeps(ob.index(), ob.year())) {
                byGroup.computeIfAbsent(
                                List.of(ob.basis(), ob.index(), ob.version(), ob.year()), k -> new ArrayList<>())
                        .add(ob);
            }
        }
        List<Group> out = new ArrayList<>();
        for (Map.Entry<List<Object>, List<Panel.Obs>> e : byGroup.entrySet()) {
            String basis = (String) e.getKey().get(0);
            String index = (String) e.getKey().get(1);
            String version = (String) e.getKey().get(2);
            int year = (Integer) e.getKey().get(3);
            List<ComponentDef> structure = defs.components(index, year).stream()
                    .filter(c -> c.version().equals(version))
                    .toList();
            Set<String> units = new TreeSet<>(SparkOrder.STRINGS);
            registry.provinces(Basis.valueOf(basis), year).stream()
                    .map(Province::key)
                    .forEach(units::add);
            e.getValue().forEach(ob -> units.add(ob.province()));
            List<String> unitList = List.copyOf(units);
            Map<String, Integer> at = new LinkedHashMap<>();
            for (int i = 0; i < unitList.size(); i++) {
                at.put(unitList.get(i), i);
            }
            Map<String, double[]> values = new TreeMap<>();
            for (Panel.Obs ob : e.getValue()) {
                values.computeIfAbsent(ob.component(), k -> nan(unitList.size()))[at.get(ob.province())] = ob.value();
            }
            boolean synthetic = e.getValue().stream().anyMatch(Panel.Obs::synthetic);
            out.add(new Group(basis, index, version, year, unitList, structure, values, synthetic));
        }
        return out;
    }

    /** The audit of the groups (see the class comment). */
    public static Result audit(List<Group> groups, IndexDefinitions defs, Options o) {
        TableBuilder audit = keyed().string("component")
                .string("level")
                .string("parent")
                .string("total")
                .string("unit")
                .dbl("scale_min")
                .dbl("scale_max")
                .integer("units")
                .integer("n")
                .dbl("missing_share")
                .dbl("mean")
                .dbl("sd")
                .dbl("min")
                .dbl("max")
                .dbl("skewness")
                .dbl("kurtosis")
                .bool("outlier")
                .integer("winsorised_points")
                .string("winsorised")
                .dbl("skewness_treated")
                .dbl("kurtosis_treated")
                .bool("outlier_treated")
                .dbl("corr_parent")
                .integer("n_parent")
                .dbl("corr_total")
                .integer("n_total")
                .string("corr_flag")
                .bool("synthetic")
                .string("convention");
        TableBuilder win = keyed().string("component")
                .integer("step")
                .string("side")
                .string("province_key")
                .dbl("value")
                .dbl("value_treated")
                .dbl("skewness_after")
                .dbl("kurtosis_after")
                .bool("synthetic")
                .string("convention");
        TableBuilder alpha = keyed().string("aggregate")
                .string("items_level")
                .integer("k")
                .string("items")
                .integer("n_units")
                .integer("n_complete")
                .dbl("alpha_raw")
                .dbl("alpha_raw_ci_low")
                .dbl("alpha_raw_ci_high")
                .dbl("alpha_standardised")
                .dbl("alpha_standardised_ci_low")
                .dbl("alpha_standardised_ci_high")
                .dbl("level")
                .integer("bootstrap_replicates")
                .integer("bootstrap_valid")
                .string("bootstrap_seed")
                .bool("synthetic")
                .string("convention");
        TableBuilder pca = keyed().string("aggregate")
                .string("items_level")
                .integer("k")
                .integer("n_complete")
                .integer("pc")
                .dbl("eigenvalue")
                .dbl("share")
                .dbl("cumulative_share")
                .bool("synthetic")
                .string("convention");
        TableBuilder loadings = keyed().string("aggregate")
                .string("items_level")
                .string("item")
                .dbl("rotation_pc1")
                .dbl("loading_pc1")
                .dbl("share_pc1")
                .bool("synthetic")
                .string("convention");
        for (Group g : groups) {
            String unit =
                    defs.index(g.index()).map(IndexDefinitions.IndexInfo::unit).orElse(null);
            for (ComponentDef c : g.structure()) {
                if (c.parent() == null || c.parent().isEmpty()) {
                    continue;
                }
                component(audit, win, g, c, unit, defs);
            }
            for (ComponentDef c : g.structure()) {
                List<String> children = g.children(c.component());
                if (children.size() < 2) {
                    continue;
                }
                reliability(alpha, pca, loadings, g, c.component(), "children", children, o);
                List<String> leaves = g.leaves(c.component());
                if (!leaves.equals(children)) {
                    reliability(alpha, pca, loadings, g, c.component(), "leaves", leaves, o);
                }
            }
        }
        return new Result(audit.build(), win.build(), alpha.build(), pca.build(), loadings.build());
    }

    /** Convention of the audit table. */
    public static final String AUDIT_CONVENTION =
            "n, missing share of the basis's provinces that year, mean, sd (n-1), "
                    + "skewness and kurtosis type 2 (e1071 type = 2, Excel SKEW/KURT, COINr skew/kurt); outlier unless |skew| < "
                    + "2 or kurtosis < 3.5 (COINr check_SkewKurt); COINr winsorise(): at most 5 points toward the skew's side "
                    + "until the flag clears; Pearson with parent and total, pairwise complete (flag: negative, > 0.92); values "
                    + "as in the panel";

    /** Convention of the winsorisation table. */
    public static final String WINSORISATION_CONVENTION = "COINr winsorise(winmax = 5): at each step every point equal "
            + "to the current maximum (skew >= 0) or minimum (skew < 0) takes the largest (smallest) other value; "
            + "shape after the step";

    /** Convention of the alpha table. */
    public static final String ALPHA_CONVENTION = "Cronbach's alpha as COINr get_cronbach: k^2 mean(off-diagonal C) / "
            + "sum(C), C = cov(use = \"pairwise.complete.obs\") (raw) or cor(use = \"pairwise.complete.obs\") "
            + "(standardised); percentile bootstrap over provinces (R quantile type 7), SplittableRandom seeded per row";

    /** Convention of the PCA tables. */
    public static final String PCA_CONVENTION = "prcomp(na.omit(X), center = TRUE, scale. = TRUE) as COINr get_PCA: "
            + "eigenvalues of the correlation matrix of complete provinces, share = eigenvalue / k; rotation = unit "
            + "eigenvector, loading = rotation * sqrt(eigenvalue); sign: " + Pca.SIGN_CONVENTION;

    private static void component(
            TableBuilder audit, TableBuilder win, Group g, ComponentDef c, String unit, IndexDefinitions defs) {
        double[] x = g.values(c.component());
        int n = (int) java.util.Arrays.stream(x).filter(v -> !Double.isNaN(v)).count();
        double[] v = java.util.Arrays.stream(x).filter(d -> !Double.isNaN(d)).toArray();
        double mean = Double.NaN;
        double sd = Double.NaN;
        double min = Double.NaN;
        double max = Double.NaN;
        if (n > 0) {
            double s = 0;
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
            for (double a : v) {
                s += a;
                min = Math.min(min, a);
                max = Math.max(max, a);
            }
            mean = s / n;
            double ss = 0;
            for (double a : v) {
                ss += (a - mean) * (a - mean);
            }
            sd = n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
        }
        double skew = Shape.skewness(x);
        double kurt = Shape.kurtosis(x);
        Winsorisation.Result w = Winsorisation.winsorise(x);
        List<String> treated = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (!w.treated()[i].isEmpty()) {
                treated.add(g.units().get(i) + " (" + w.treated()[i] + ")");
            }
        }
        for (Winsorisation.Step s : w.steps()) {
            for (int j = 0; j < s.positions().length; j++) {
                keyedRow(
                        win,
                        g,
                        c.component(),
                        s.step(),
                        s.side(),
                        g.units().get(s.positions()[j]),
                        s.before()[j],
                        s.after(),
                        s.skew(),
                        s.kurt(),
                        g.synthetic(),
                        WINSORISATION_CONVENTION);
            }
        }
        String total = g.root(c.component());
        CorrelationResult withParent = correlation(x, g.values(c.parent()));
        CorrelationResult withTotal = correlation(x, g.values(total));
        List<String> flags = new ArrayList<>();
        flag(flags, withParent, "parent");
        if (!total.equals(c.parent())) {
            flag(flags, withTotal, "total");
        }
        double[] scale = scale(defs, c, g.year());
        keyedRow(
                audit,
                g,
                c.component(),
                c.level(),
                c.parent(),
                total,
                unit,
                scale[0],
                scale[1],
                x.length,
                n,
                x.length == 0 ? Double.NaN : 1 - (double) n / x.length,
                mean,
                sd,
                min,
                max,
                skew,
                kurt,
                Double.isNaN(skew) || Double.isNaN(kurt) ? null : Shape.flagged(skew, kurt),
                w.points(),
                treated.isEmpty() ? null : String.join("; ", treated),
                w.skew(),
                w.kurt(),
                Double.isNaN(w.skew()) || Double.isNaN(w.kurt()) ? null : w.flagged(),
                withParent.estimate(),
                withParent.n(),
                withTotal.estimate(),
                withTotal.n(),
                flags.isEmpty() ? null : String.join("; ", flags),
                g.synthetic(),
                AUDIT_CONVENTION);
    }

    private static double[] scale(IndexDefinitions defs, ComponentDef c, int year) {
        try {
            return defs.scale(c, year);
        } catch (IllegalStateException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    private static CorrelationResult correlation(double[] x, double[] y) {
        return Correlation.pearson(x, y);
    }

    private static void flag(List<String> flags, CorrelationResult r, String with) {
        double e = r.estimate();
        if (e < 0) {
            flags.add("negative with " + with);
        } else if (e > COLLINEAR) {
            flags.add("above " + COLLINEAR + " with " + with);
        }
    }

    private static void reliability(
            TableBuilder alpha,
            TableBuilder pca,
            TableBuilder loadings,
            Group g,
            String aggregate,
            String itemsLevel,
            List<String> parts,
            Options o) {
        List<String> items = parts.stream()
                .filter(c -> java.util.Arrays.stream(g.values(c))
                                .filter(v -> !Double.isNaN(v))
                                .count()
                        >= 2)
                .toList();
        if (items.size() < 2) {
            return;
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < g.units().size(); i++) {
            double[] r = new double[items.size()];
            boolean any = false;
            for (int j = 0; j < items.size(); j++) {
                r[j] = g.values(items.get(j))[i];
                any |= !Double.isNaN(r[j]);
            }
            if (any) {
                rows.add(r);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        double[][] x = rows.toArray(new double[0][]);
        Reliability.Alpha a = Reliability.alpha(x);
        long seed = seed(o.seed(), g, aggregate, itemsLevel);
        Reliability.Interval[] ci = o.bootstrap() == 0
                ? new Reliability.Interval[] {
                    new Reliability.Interval(Double.NaN, Double.NaN, 0),
                    new Reliability.Interval(Double.NaN, Double.NaN, 0)
                }
                : Reliability.bootstrap(x, o.bootstrap(), seed, o.level());
        Pca.Result p = Pca.of(x);
        int complete = Pca.completeRows(x).length;
        keyedRow(
                alpha,
                g,
                aggregate,
                itemsLevel,
                items.size(),
                String.join(";", items),
                x.length,
                complete,
                a.raw(),
                ci[0].low(),
                ci[0].high(),
                a.standardised(),
                ci[1].low(),
                ci[1].high(),
                o.level(),
                o.bootstrap(),
                Math.min(ci[0].replicates(), ci[1].replicates()),
                Long.toUnsignedString(seed),
                g.synthetic(),
                ALPHA_CONVENTION);
        if (p == null) {
            return;
        }
        double cumulative = 0;
        for (int j = 0; j < items.size(); j++) {
            cumulative += p.share()[j];
            keyedRow(
                    pca,
                    g,
                    aggregate,
                    itemsLevel,
                    items.size(),
                    p.n(),
                    j + 1,
                    p.eigenvalues()[j],
                    p.share()[j],
                    cumulative,
                    g.synthetic(),
                    PCA_CONVENTION);
        }
        for (int i = 0; i < items.size(); i++) {
            keyedRow(
                    loadings,
                    g,
                    aggregate,
                    itemsLevel,
                    items.get(i),
                    p.rotation()[i][0],
                    p.loading(i, 0),
                    p.share()[0],
                    g.synthetic(),
                    PCA_CONVENTION);
        }
    }

    /**
     * The bootstrap seed of one alpha row: FNV-1a (64 bit) of "basis|index|version|year|aggregate|items_level" mixed
     * with the run's seed, so a row's interval does not depend on which other rows are computed.
     */
    static long seed(long seed, Group g, String aggregate, String itemsLevel) {
        long h = 0xcbf29ce484222325L;
        String key =
                String.join("|", g.basis(), g.index(), g.version(), Integer.toString(g.year()), aggregate, itemsLevel);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h ^ seed;
    }

    /** A row of a table built by {@link #keyed()}: the group's key, then the other values. */
    private static void keyedRow(TableBuilder t, Group g, Object... rest) {
        Object[] v = new Object[rest.length + 4];
        v[0] = g.basis();
        v[1] = g.index();
        v[2] = g.version();
        v[3] = g.year();
        System.arraycopy(rest, 0, v, 4, rest.length);
        t.row(v);
    }

    /** A table builder with the key columns of every review table: basis, index, version, year. */
    private static TableBuilder keyed() {
        return new TableBuilder()
                .string("basis")
                .string("index")
                .string("version")
                .integer("year");
    }

    private static double[] nan(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, Double.NaN);
        return v;
    }
}
