package org.chiso.survey;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.distribution.AbstractRealDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Design-based estimation of a domain mean (or proportion) under a stratified cluster design with
 * weights: Taylor linearisation and the with-replacement "ultimate cluster" variance, reproducing R
 * {@code survey} 4.x ({@code svydesign(ids=~psu, strata=~stratum, weights=~w, nest=TRUE[, fpc=])},
 * {@code svyby(~y, ~domain, design, svymean, na.rm=TRUE)}, {@code confint}, {@code svyciprop}) to
 * about 1e-12 relative (checked to 1e-8 in {@code SurveyReferenceTest} against survey 4.1.1).
 * Plain Java, no Spark: feed it PSU-level sufficient statistics ({@link PsuTotals}).
 *
 * <h2>Formula</h2>
 * <ul>
 *   <li>Ratio mean ȳ = Σ_hj sumWY_hj / Σ_hj sumW_hj.</li>
 *   <li>Linearised scores z_i = w_i(y_i − ȳ)/Σw, summed to PSU totals
 *       z_hj = (sumWY_hj − ȳ·sumW_hj)/Σw; PSUs of the design without domain members have z_hj = 0
 *       (domain = subpopulation of the full design, svyby semantics).</li>
 *   <li>V = Σ_h (1 − f_h)·n_h/(n_h − 1)·Σ_{j=1..n_h} (z_hj − z̄_h)², n_h = {@link Stratum#psuCount()}
 *       of the full design, z̄_h = Σ_j z_hj / n_h. With an fpc, (1 − f_h) = (N_h − n_h)/N_h; as in R, a
 *       stratum with (N_h − n_h)/N_h &lt; 1e-7 contributes exactly 0 (before any lonely-PSU rule).</li>
 *   <li>Strata that carry the inclusion probabilities of their PSUs ({@link Stratum#psuProb()}, a PPS
 *       design): the variance named by {@link DesignOptions#pps()} ({@link PpsVariance}; R {@code
 *       svydesign(fpc=~psu_prob, pps="brewer"|"overton"|HR())}); the fpc is then not used. Where the design gives
 *       each PSU's second-stage units ({@link Stratum#psuUnits()}: SSUs, or respondents), the PPS options add the
 *       second stage (R {@code svydesign(ids=~psu+ssu, fpc=~psu_prob+0, pps="brewer")}).</li>
 *   <li>Strata with n_h = 1 in which the domain is present: {@link LonelyPsu}.</li>
 *   <li>deff = V / V_srs, {@link DeffVariant}; s² = n/(n−1)·Σw(y−ȳ)²/Σw (R {@code svyvar}).</li>
 *   <li>Interval: {@link CiMethod}; NORMAL ȳ ± z·se, T ȳ ± t_df·se, T_DOMAIN with the domain's df, LOGIT
 *       expit(logit(p) ± t_df·se/(p(1−p))). The domain's df of T_DOMAIN and LOGIT (R's {@code degf} of the subset)
 *       becomes Satterthwaite's effective df of the first and the second stage when a PPS variance has a second
 *       stage ({@link #domainDf}); the with-replacement variance, T and NORMAL keep R's df.</li>
 * </ul>
 *
 * <h2>Defaults, empty and missing values</h2>
 * {@link DesignOptions#defaults()}: lonely PSU FAIL (R default), NORMAL interval at 0.95, deff
 * REPLACE, df from the design. Missing y: not added to the {@link PsuTotals} (R {@code na.rm=TRUE}).
 * An empty domain (no records) or a domain with Σw = 0 throws {@link IllegalArgumentException}; so
 * do records naming a stratum missing from {@code design}, more PSUs in a stratum than its
 * {@code psuCount}, and inconsistent fpc values. Several records for the same PSU are merged.
 * A national figure is the domain "everyone": pass the totals of all PSUs of the sample.
 *
 * <p>Reference: Lumley T. (2004, 2010) <i>Complex Surveys: A Guide to Analysis Using R</i>; R package
 * {@code survey} 4.1.1, functions {@code svymean.survey.design2}, {@code svyrecvar},
 * {@code onestage}, {@code onestrat}, {@code svyby.default}, {@code svyciprop}, {@code
 * confint.svyglm}; Wolter (2007) <i>Introduction to Variance Estimation</i>, ch. 6 (Taylor series).
 */
public final class TaylorEstimator {

    /** R's threshold in {@code onestrat}: strata with all f &lt; 1e-7 contribute zero variance. */
    static final double CENSUS_EPS = 1e-7;

    /** {@link DomainEstimate#varianceMethod()} of equal-probability strata with an fpc. */
    public static final String EQUAL_PROBABILITY_FPC = "equal-probability-fpc";

    private TaylorEstimator() {}

    /**
     * Domain mean with Taylor-linearised standard error, interval and design effect.
     *
     * @param domain PSU totals of the domain (one record per PSU in which the domain has members with
     *     non-missing y; duplicates are merged)
     * @param design all strata of the full design
     * @param o options (see {@link DesignOptions#defaults()})
     * @throws IllegalArgumentException empty domain, Σw = 0, unknown stratum, inconsistent design
     * @throws LonelyPsuException under {@link LonelyPsu#FAIL} if the domain is present in a stratum
     *     with a single PSU whose f_h ≥ 1e-7
     */
    public static DomainEstimate mean(List<PsuTotals> domain, Collection<Stratum> design, DesignOptions o) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(o, "options");
        if (domain.isEmpty()) {
            throw new IllegalArgumentException("empty domain: no PSU totals");
        }
        Map<String, Stratum> strata = indexDesign(design);
        Map<String, Double> oneMinusF = finitePopulationFactors(strata);

        // group the domain by stratum and PSU (design order of strata, as R's factor order is arbitrary)
        Map<String, Map<String, PsuTotals>> byStratum = new LinkedHashMap<>();
        for (String h : strata.keySet()) {
            byStratum.put(h, new LinkedHashMap<>());
        }
        double totW = 0;
        double totWY = 0;
        double totWYY = 0;
        long n = 0;
        for (PsuTotals t : domain) {
            Objects.requireNonNull(t, "PSU totals");
            Map<String, PsuTotals> psus = byStratum.get(t.stratum());
            if (psus == null) {
                throw new IllegalArgumentException(
                        "PSU " + t.psu() + " names stratum " + t.stratum() + " which is not in the design");
            }
            psus.merge(t.psu(), t, PsuTotals::merge);
            totW += t.sumW();
            totWY += t.sumWY();
            totWYY += t.sumWYY();
            n += t.n();
        }
        if (!(totW > 0)) {
            throw new IllegalArgumentException(
                    "domain has total weight " + totW + " (no members with" + " positive weight)");
        }
        final double ybar = totWY / totW;

        // variance: svyrecvar -> onestage -> onestrat
        double sum = 0;
        int present = 0;
        int ok = 0;
        int domainPsus = 0;
        int domainStrata = 0;
        boolean ppsStrata = false;
        double within = 0; // second stage of PPS strata, added after the lonely-PSU scaling (as R's multistage)
        long withinDf = 0; // its degrees of freedom: Σ (m_j − 1) over the PSUs with domain members
        boolean fpcStrata = false;
        for (Map.Entry<String, Map<String, PsuTotals>> e : byStratum.entrySet()) {
            Map<String, PsuTotals> psus = e.getValue();
            if (psus.isEmpty()) {
                continue; // R: the domain subset has no rows in this stratum
            }
            String h = e.getKey();
            int nPsu = strata.get(h).psuCount();
            if (psus.size() > nPsu) {
                throw new IllegalArgumentException("stratum " + h + ": domain has " + psus.size()
                        + " PSUs but the design says psuCount = " + nPsu);
            }
            present++;
            int withWeight = 0;
            for (PsuTotals t : psus.values()) {
                if (t.n() > 0) {
                    withWeight++;
                }
            }
            if (withWeight > 0) {
                domainPsus += withWeight;
                domainStrata++;
            }
            Stratum st = strata.get(h);
            ppsStrata |= st.psuProb() != null;
            fpcStrata |= st.psuProb() == null && st.fpc() != null;
            if (st.psuProb() != null) {
                if (nPsu == 1 && o.lonelyPsu() == LonelyPsu.FAIL && !allCensus(st)) {
                    throw new LonelyPsuException(h);
                }
                switch (o.pps()) {
                    case WITH_REPLACEMENT -> {} // the ordinary with-replacement variance below, f = 1
                    case BREWER -> {
                        within += secondStage(st, psus, ybar, totW, o.lonelyPsu());
                        withinDf += secondStageDf(st, psus);
                        Double v = brewer(st, psus, ybar, totW, o.lonelyPsu());
                        if (v != null) {
                            sum += v;
                            ok++;
                        }
                        continue;
                    }
                    case OVERTON, HARTLEY_RAO -> {
                        within += secondStage(st, psus, ybar, totW, o.lonelyPsu());
                        withinDf += secondStageDf(st, psus);
                        sum += htForm(st, psus, ybar, totW, o.pps());
                        ok++;
                        continue;
                    }
                    default -> throw new AssertionError(o.pps());
                }
            }
            double f = st.psuProb() != null ? 1.0 : oneMinusF.get(h);
            if (f < CENSUS_EPS) {
                ok++; // census stratum: zero contribution, not NA
                continue;
            }
            if (nPsu > 1) {
                double zsum = 0;
                double[] z = new double[psus.size()];
                int k = 0;
                for (PsuTotals t : psus.values()) {
                    z[k] = (t.sumWY() - ybar * t.sumW()) / totW;
                    zsum += z[k++];
                }
                double zbar = zsum / nPsu;
                double ss = (nPsu - psus.size()) * zbar * zbar;
                for (double zj : z) {
                    ss += (zj - zbar) * (zj - zbar);
                }
                sum += f * nPsu / (nPsu - 1.0) * ss;
                ok++;
            } else {
                PsuTotals t = psus.values().iterator().next();
                switch (o.lonelyPsu()) {
                    case FAIL -> throw new LonelyPsuException(h);
                    case REMOVE, CERTAINTY -> ok++; // centred at its own mean: contributes 0
                    case ADJUST -> {
                        double z = (t.sumWY() - ybar * t.sumW()) / totW;
                        sum += f * z * z; // centred at the grand mean (0) of the scores
                        ok++;
                    }
                    case AVERAGE -> {} // NA in R: left out of the sum and of the count of ok strata
                    default -> throw new AssertionError(o.lonelyPsu());
                }
            }
        }
        double between = sum * present / ok; // R: sum(na.rm=TRUE) * nstrat / nokstrat
        double variance = between + within; // then the later stages
        double se = Math.sqrt(variance);

        // design effect (svymean deff=): s^2 as R's svyvar
        double ssw = Math.max(0, totWYY - ybar * totWY);
        double s2 = n > 1 ? n / (n - 1.0) * ssw / totW : Double.NaN;
        double vsrs;
        if (o.deffVariant() == DeffVariant.REPLACE) {
            vsrs = s2 / n;
        } else {
            vsrs = totW < n ? Double.NaN : s2 * (totW - n) / (totW * n);
        }
        double deff = variance / vsrs;

        // interval
        double alpha = 1 - o.level();
        double df;
        double lo;
        double hi;
        switch (o.ciMethod()) {
            case NORMAL -> {
                df = Double.POSITIVE_INFINITY;
                double q = quantile(new NormalDistribution(null, 0, 1, 1e-15), 1 - alpha / 2);
                lo = ybar - q * se;
                hi = ybar + q * se;
            }
            case T -> {
                df = o.df() != null ? o.df() : designDf(design);
                double q = tQuantile(df, 1 - alpha / 2);
                lo = ybar - q * se;
                hi = ybar + q * se;
            }
            case T_DOMAIN -> {
                df = o.df() != null ? o.df() : domainDf(domainPsus - domainStrata, between, within, withinDf);
                double q = tQuantile(df, 1 - alpha / 2);
                lo = ybar - q * se;
                hi = ybar + q * se;
            }
            case LOGIT -> {
                if (ybar < 0 || ybar > 1) {
                    throw new IllegalArgumentException("LOGIT interval needs a proportion (0/1 y), mean = " + ybar);
                }
                df = o.df() != null ? o.df() : domainDf(domainPsus - domainStrata, between, within, withinDf);
                double q = tQuantile(df, 1 - alpha / 2);
                if (ybar == 0 || ybar == 1) {
                    lo = Double.isNaN(q) ? Double.NaN : ybar; // degenerate: no variation in the domain
                    hi = lo;
                } else {
                    double logit = Math.log(ybar / (1 - ybar));
                    double seLogit = se / (ybar * (1 - ybar));
                    lo = expit(logit - q * seLogit);
                    hi = expit(logit + q * seLogit);
                }
            }
            default -> throw new AssertionError(o.ciMethod());
        }
        String deffName = o.deffVariant() == DeffVariant.REPLACE ? "replace" : "without_replacement";
        String varianceMethod = ppsStrata
                ? o.pps().cliName()
                : fpcStrata ? EQUAL_PROBABILITY_FPC : PpsVariance.WITH_REPLACEMENT.cliName();
        return new DomainEstimate(
                ybar,
                se,
                variance,
                df,
                lo,
                hi,
                deff,
                n,
                totW,
                o.ciMethod().name().toLowerCase(Locale.ROOT),
                o.lonelyPsu().rName(),
                deffName,
                varianceMethod);
    }

    private static boolean allCensus(Stratum st) {
        for (double p : st.psuProb().values()) {
            if (1 - p >= CENSUS_EPS) {
                return false;
            }
        }
        return true;
    }

    /** PSU totals z_j of the linearised scores, in the stratum's PSU order (0 for PSUs without domain members). */
    private static double[] scores(Stratum st, Map<String, PsuTotals> psus, double ybar, double totW) {
        double[] z = new double[st.psuCount()];
        int k = 0;
        for (String psu : st.psuProb().keySet()) {
            PsuTotals t = psus.get(psu);
            z[k++] = t == null ? 0 : (t.sumWY() - ybar * t.sumW()) / totW;
        }
        for (String psu : psus.keySet()) {
            if (!st.psuProb().containsKey(psu)) {
                throw new IllegalArgumentException(
                        "stratum " + st.stratum() + ": PSU " + psu + " has no inclusion probability in the design");
            }
        }
        return z;
    }

    /**
     * The domain's df for T_DOMAIN and LOGIT: the domain's design df {@code df1} (PSUs with domain members minus
     * their strata, R's {@code degf} of the subset) when the variance has no second stage; with a second stage
     * (PPS strata whose PSUs' second-stage units are known), Satterthwaite's effective df of the sum of the two
     * parts: (V1 + V2)² / (V1²/df1 + V2²/df2), V1 the first stage (all strata of the domain, after the lonely-PSU
     * rule), V2 the second stage, df2 = Σ (m_j − 1) over the PSUs with domain members. A part that is zero adds
     * nothing; the result lies between min(df1, df2) and df1 + df2; df1 ≤ 0 with V1 &gt; 0 gives 0 (no interval).
     */
    static double domainDf(int df1, double v1, double v2, long df2) {
        if (!(v2 > 0) || df2 <= 0) {
            return df1;
        }
        if (!(v1 > 0)) {
            return df2;
        }
        if (df1 <= 0) {
            return 0;
        }
        double v = v1 + v2;
        return v * v / (v1 * v1 / df1 + v2 * v2 / df2);
    }

    /** Σ (m_j − 1) over the PSUs of a PPS stratum with domain members of non-zero weight (0 without a second stage). */
    private static long secondStageDf(Stratum st, Map<String, PsuTotals> psus) {
        if (st.psuUnits() == null) {
            return 0;
        }
        long df = 0;
        for (PsuTotals t : psus.values()) {
            Long m = st.psuUnits().get(t.psu());
            if (t.n() > 0 && m != null) {
                df += m - 1;
            }
        }
        return df;
    }

    /**
     * The second stage of a PPS stratum when the design gives its second-stage units per PSU ({@link
     * Stratum#psuUnits()}: SSUs, or respondents), else 0: Σ_j π_j m_j/(m_j − 1) Σ_{c=1..m_j} (x_c − x̄_j)², x_c =
     * (A_c − ȳ·B_c)/Σw the unit's total of the linearised scores (A_c = Σ w·y, B_c = Σ w over its domain members;
     * 0 for units without any), x̄_j = Σ_c x_c / m_j; from {@link PsuTotals}' Σ B_c², Σ A_c·B_c, Σ A_c². This is
     * R's {@code multistage} for {@code svydesign(ids=~psu+ssu, fpc=~psu_prob+0, pps="brewer")}: each PSU's
     * with-replacement variance of its units' totals times n_h/popsize = π_j. A PSU with one unit contributes x²
     * under ADJUST and 0 otherwise (R: certainty, remove; R's "fail" would stop, here such a PSU adds 0).
     */
    private static double secondStage(
            Stratum st, Map<String, PsuTotals> psus, double ybar, double totW, LonelyPsu lonely) {
        if (st.psuUnits() == null) {
            return 0;
        }
        double sum = 0;
        for (PsuTotals t : psus.values()) {
            if (!t.hasSecondOrder()) {
                throw new IllegalArgumentException("stratum " + st.stratum() + ", PSU " + t.psu()
                        + ": the second stage needs the sums of squared weights (PsuTotals.sumWW...)");
            }
            long m = st.psuUnits().get(t.psu());
            double sx = (t.sumWY() - ybar * t.sumW()) / totW;
            double sxx = Math.max(0, t.sumWWYY() - 2 * ybar * t.sumWWY() + ybar * ybar * t.sumWW()) / (totW * totW);
            double v;
            if (m > 1) {
                v = m / (m - 1.0) * Math.max(0, sxx - sx * sx / m);
            } else {
                v = lonely == LonelyPsu.ADJUST ? sxx : 0;
            }
            sum += st.psuProb().get(t.psu()) * v;
        }
        return sum;
    }

    /**
     * R {@code onestrat} with the per-PSU fpc that {@code pps="brewer"} gives: f_j = 1 − π_j, scale
     * f_j·n/(n−1), the scores centred at their stratum mean; 0 when every f_j &lt; 1e-7; a single PSU by
     * the lonely-PSU rule with scale f (null = AVERAGE's NA).
     */
    private static Double brewer(Stratum st, Map<String, PsuTotals> psus, double ybar, double totW, LonelyPsu lonely) {
        if (allCensus(st)) {
            return 0.0;
        }
        double[] z = scores(st, psus, ybar, totW);
        double[] f = new double[z.length];
        int k = 0;
        for (double p : st.psuProb().values()) {
            f[k++] = 1 - p;
        }
        int n = z.length;
        if (n == 1) {
            return switch (lonely) {
                case REMOVE, CERTAINTY -> 0.0; // centred at its own mean
                case ADJUST -> f[0] * z[0] * z[0];
                case AVERAGE -> null;
                case FAIL -> throw new LonelyPsuException(st.stratum());
            };
        }
        double zbar = 0;
        for (double zj : z) {
            zbar += zj;
        }
        zbar /= n;
        double ss = 0;
        for (int j = 0; j < n; j++) {
            ss += f[j] * (z[j] - zbar) * (z[j] - zbar);
        }
        return n / (n - 1.0) * ss;
    }

    /**
     * R {@code ppsvar} with variance "HT": z' Ď z with Ď from {@code overton2Dcheck} or {@code
     * HRDcheck} (diagonal 1 − π_j; pairs within the stratum as in {@link PpsVariance}).
     */
    private static double htForm(Stratum st, Map<String, PsuTotals> psus, double ybar, double totW, PpsVariance v) {
        double[] z = scores(st, psus, ybar, totW);
        double[] p = new double[z.length];
        int k = 0;
        double pbar = 0;
        for (double pj : st.psuProb().values()) {
            p[k++] = pj;
            pbar += pj;
        }
        int n = z.length;
        pbar /= n;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (1 - p[i]) * z[i] * z[i];
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double d;
                if (v == PpsVariance.OVERTON) {
                    double fbar = (p[i] + p[j]) / 2;
                    d = fbar == 1 ? 0 : 1 - (n - fbar) / (n - 1.0);
                } else {
                    double fsum = p[i] + p[j];
                    d = fsum == 1 ? 0 : 1 - (n - fsum + pbar) / (n - 1.0);
                }
                sum += d * z[i] * z[j];
            }
        }
        return sum;
    }

    /** Design df of the full design: Σ psuCount − number of strata (R {@code degf(design)}). */
    public static int designDf(Collection<Stratum> design) {
        int psus = 0;
        for (Stratum s : design) {
            psus += s.psuCount();
        }
        return psus - indexDesign(design).size();
    }

    private static Map<String, Stratum> indexDesign(Collection<Stratum> design) {
        Map<String, Stratum> strata = new LinkedHashMap<>();
        for (Stratum s : design) {
            Objects.requireNonNull(s, "stratum");
            if (strata.put(s.stratum(), s) != null) {
                throw new IllegalArgumentException("stratum " + s.stratum() + " listed twice in the design");
            }
        }
        if (strata.isEmpty()) {
            throw new IllegalArgumentException("design has no strata");
        }
        return strata;
    }

    /**
     * (1 − f_h) per stratum as R's {@code as.fpc} + {@code onestrat}: popsize = fpc if any fpc &gt; 1,
     * else n_h/fpc; factor = (popsize − n_h)/popsize (1 if popsize is infinite or fpc absent).
     */
    static Map<String, Double> finitePopulationFactors(Map<String, Stratum> strata) {
        boolean anyBig = false;
        boolean anySmall = false;
        for (Stratum s : strata.values()) {
            if (s.fpc() != null) {
                anyBig |= s.fpc() > 1;
                anySmall |= s.fpc() < 1;
            }
        }
        if (anyBig && anySmall) {
            throw new IllegalArgumentException(
                    "fpc: must have all fpc >= 1 (population sizes) or all" + " fpc <= 1 (sampling fractions)");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Stratum s : strata.values()) {
            double factor;
            if (s.fpc() == null) {
                factor = 1;
            } else {
                int nh = s.psuCount();
                double popsize = anyBig ? s.fpc() : nh / s.fpc();
                if (popsize < nh) {
                    throw new IllegalArgumentException("stratum " + s.stratum() + ": fpc implies >100%"
                            + " sampling (popsize " + popsize + " < " + nh + " PSUs)");
                }
                factor = popsize == Double.POSITIVE_INFINITY ? 1 : (popsize - nh) / popsize;
            }
            out.put(s.stratum(), factor);
        }
        return out;
    }

    private static double expit(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Upper quantile of Student t with {@code df} (normal if infinite); NaN if df ≤ 0 (as R). */
    static double tQuantile(double df, double p) {
        if (!(df > 0)) {
            return Double.NaN;
        }
        if (Double.isInfinite(df)) {
            return quantile(new NormalDistribution(null, 0, 1, 1e-15), p);
        }
        return quantile(new TDistribution(null, df, 1e-15), p);
    }

    /** Inverse CDF polished by Newton steps on the CDF (commons-math solves to ~1e-9 otherwise). */
    private static double quantile(AbstractRealDistribution d, double p) {
        double q = d.inverseCumulativeProbability(p);
        for (int i = 0; i < 3; i++) {
            double dens = d.density(q);
            if (!(dens > 0)) {
                break;
            }
            double step = (d.cumulativeProbability(q) - p) / dens;
            q -= step;
            if (Math.abs(step) <= 1e-16 * Math.abs(q)) {
                break;
            }
        }
        return q;
    }
}
