package org.chiso.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.chiso.testing.RExpected;
import org.chiso.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Compares every value in {@code src/test/resources/analysis/expected_stats.csv} (written by
 * {@code src/test/r/analysis_reference.R} from the real PAPI panel) with the Java statistics computed on the
 * same panel, to 1e-8 relative (absolute when the expected value is exactly 0). Fails, never skips, when the
 * panel or the expected file is missing. Prints the largest relative difference per family.
 */
class AnalysisReferenceTest {
    private static final double TOL = 1e-8;
    private static final String[] DIMS = {"D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"};
    private static final String TOTAL = "papi_total_computed";

    /** One province-year of the panel. */
    private record Obs(int year, String pid, Map<String, Double> v) {
        double get(String col) {
            Double d = v.get(col);
            if (d == null) {
                throw new IllegalArgumentException("no column " + col);
            }
            return d;
        }
    }

    private final Map<String, Double> actual = new LinkedHashMap<>();

    private void put(String cas, String key, String stat, double value) {
        actual.put(cas + "\t" + key + "\t" + stat, value);
    }

    @Test
    void javaMatchesRReferenceOnRealPapiPanel() throws IOException {
        Path papi = SharedData.data("papi/papi_2011_2024_subdimensions_long.csv");
        Path expectedFile = SharedData.root().resolve("jobs/src/test/resources/analysis/expected_stats.csv");
        List<Obs> panel = readPanel(papi);
        assertEquals(882, panel.size(), "PAPI panel rows");
        compute(panel);
        Map<String, Double> expected = RExpected.read(expectedFile, "jobs/src/test/r/analysis_reference.R", 4001);

        Map<String, double[]> worst = new TreeMap<>(); // family -> {max rel diff}
        Map<String, String> worstAt = new HashMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            String id = e.getKey();
            String family = family(id.substring(0, id.indexOf('\t')));
            counts.merge(family, 1, Integer::sum);
            Double a = actual.get(id);
            if (a == null) {
                failures.add("not computed in Java: " + id.replace('\t', ' '));
                continue;
            }
            double x = e.getValue();
            double rel;
            if (Double.isNaN(x) || Double.isNaN(a)) {
                rel = Double.isNaN(x) && Double.isNaN(a) ? 0 : Double.POSITIVE_INFINITY;
            } else if (x == a) {
                rel = 0;
            } else {
                rel = x == 0 ? Math.abs(a) : Math.abs(a - x) / Math.abs(x);
            }
            double[] w = worst.computeIfAbsent(family, k -> new double[1]);
            if (rel > w[0] || !worstAt.containsKey(family)) {
                w[0] = Math.max(w[0], rel);
                worstAt.put(family, id.replace('\t', ' ') + " R=" + x + " Java=" + a);
            }
            if (!(rel <= TOL)) {
                failures.add(id.replace('\t', ' ') + ": R " + x + ", Java " + a + ", rel diff " + rel);
            }
        }
        System.out.println(
                "Largest relative difference Java vs R per statistic family (" + expected.size() + " values):");
        worst.forEach((f, w) ->
                System.out.printf("  %-13s %9.3e  (%d values; at %s)%n", f, w[0], counts.get(f), worstAt.get(f)));
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + expected.size() + " values differ from R by more than " + TOL + ":\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(40, failures.size()))));
        }
    }

    private static String family(String cas) {
        if (cas.startsWith("cor_") || cas.startsWith("bh_")) {
            return "correlation";
        }
        if (cas.startsWith("lm_")) {
            return "lm";
        }
        if (cas.startsWith("cr1_")) {
            return "cr1";
        }
        if (cas.startsWith("trend_ts_mk")) {
            return "theil-sen/mk";
        }
        if (cas.startsWith("conv_")) {
            return "convergence";
        }
        if (cas.startsWith("rank_")) {
            return "rank";
        }
        throw new IllegalArgumentException("unknown case family: " + cas);
    }

    // ------------------------------------------------------------------ the Java side of every case

    private void compute(List<Obs> panel) {
        List<Obs> y2023 = year(panel, 2023);
        List<Obs> y2024 = year(panel, 2024);
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < DIMS.length; i++) {
            for (int j = i + 1; j < DIMS.length; j++) {
                pairs.add(new String[] {DIMS[i], DIMS[j]});
            }
        }
        UnaryOperator<double[]> floor10 = v -> {
            double[] o = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                o[i] = Math.floor(10 * v[i] + 1e-6);
            }
            return o;
        };
        List<String> bhKeys = new ArrayList<>();
        List<Double> bhP = new ArrayList<>();
        for (String[] pr : pairs) {
            String key = pr[0] + "~" + pr[1];
            double[] a = col(y2023, pr[0]);
            double[] b = col(y2023, pr[1]);
            double[] a20 = head(a, 20);
            double[] b20 = head(b, 20);
            for (String m : new String[] {"pearson", "spearman", "kendall"}) {
                CorrelationResult r = cor(m, a, b, Correlation.ExactMode.R_DEFAULT);
                putCor("cor_2023", key, r);
                bhKeys.add(key + "|" + m);
                bhP.add(r.p());
                putCor("cor_2023_first20", key, cor(m, a20, b20, Correlation.ExactMode.R_DEFAULT));
                putCor("cor_2023_first9", key, cor(m, head(a, 9), head(b, 9), Correlation.ExactMode.R_DEFAULT));
                putCor(
                        "cor_2023_floor10",
                        key,
                        cor(m, floor10.apply(a), floor10.apply(b), Correlation.ExactMode.R_DEFAULT));
                putCor(
                        "cor_2023_floor10_first20",
                        key,
                        cor(m, floor10.apply(a20), floor10.apply(b20), Correlation.ExactMode.R_DEFAULT));
                if (!m.equals("pearson")) {
                    putCor("cor_2023_first20_asymptotic", key, cor(m, a20, b20, Correlation.ExactMode.ASYMPTOTIC));
                }
            }
        }
        assertEquals(
                y2023.stream().map(Obs::pid).toList(),
                y2024.stream().map(Obs::pid).toList());
        for (String v : concat(TOTAL, DIMS)) {
            String key = v.equals(TOTAL) ? "total" : v;
            for (String m : new String[] {"pearson", "spearman", "kendall"}) {
                putCor("cor_2023v2024", key, cor(m, col(y2023, v), col(y2024, v), Correlation.ExactMode.R_DEFAULT));
            }
        }
        double[] bh = MultipleTesting.benjaminiHochberg(
                bhP.stream().mapToDouble(Double::doubleValue).toArray());
        for (int i = 0; i < bh.length; i++) {
            put("bh_2023", bhKeys.get(i), "p_bh", bh[i]);
        }

        // per-province trends 2018-2024
        List<Obs> recent = panel.stream().filter(o -> o.year() >= 2018).toList();
        for (String pid : new TreeSet<>(recent.stream().map(Obs::pid).toList())) {
            List<Obs> s = recent.stream()
                    .filter(o -> o.pid().equals(pid) && !Double.isNaN(o.get(TOTAL)))
                    .toList();
            double[] x = s.stream().mapToDouble(Obs::year).toArray();
            double[] y = col(s, TOTAL);
            Trend.Result t = Trend.fit(x, y);
            put("lm_trend", pid, "n", t.n());
            put("lm_trend", pid, "df", t.df());
            put("lm_trend", pid, "intercept", t.intercept());
            put("lm_trend", pid, "se_intercept", t.interceptSe());
            put("lm_trend", pid, "t_intercept", t.interceptT());
            put("lm_trend", pid, "p_intercept", t.interceptP());
            put("lm_trend", pid, "slope", t.slope());
            put("lm_trend", pid, "se_slope", t.slopeSe());
            put("lm_trend", pid, "t_slope", t.slopeT());
            put("lm_trend", pid, "p_slope", t.slopeP());
            put("lm_trend", pid, "ci_low", t.slopeCiLow());
            put("lm_trend", pid, "ci_high", t.slopeCiHigh());
            put("lm_trend", pid, "r_squared", t.rSquared());
            put("trend_ts_mk", pid, "n", t.n());
            put("trend_ts_mk", pid, "ts_slope", t.theilSenSlope());
            put("trend_ts_mk", pid, "ts_intercept", t.theilSenIntercept());
            put("trend_ts_mk", pid, "mk_s", t.mannKendallS());
            put("trend_ts_mk", pid, "mk_var_s", t.mannKendallVarS());
            put("trend_ts_mk", pid, "mk_z", t.mannKendallZ());
            put("trend_ts_mk", pid, "mk_p", t.mannKendallP());
            put("trend_ts_mk", pid, "kendall_tau", t.kendallTau());
        }

        // pooled OLS (rows complete on total, D1, D4), classical / HC1 / CR1 by province
        List<Obs> pool = recent.stream()
                .filter(o -> !Double.isNaN(o.get(TOTAL)) && !Double.isNaN(o.get("D1")) && !Double.isNaN(o.get("D4")))
                .toList();
        double[] py = col(pool, TOTAL);
        double[][] px = new double[pool.size()][];
        Object[] pid = new Object[pool.size()];
        Object[] pyear = new Object[pool.size()];
        for (int i = 0; i < pool.size(); i++) {
            Obs o = pool.get(i);
            px[i] = new double[] {o.year(), o.get("D1")};
            pid[i] = o.pid();
            pyear[i] = o.year();
        }
        OlsFit fit = Ols.fit(py, px, "year", "D1");
        CoefficientTable cl = fit.classical();
        CoefficientTable hc = fit.hc1();
        CoefficientTable cr = fit.cr1(pid);
        for (int j = 0; j < fit.k(); j++) {
            String nm = fit.names().get(j);
            putTable("lm_pooled", nm, cl, j);
            put("lm_pooled", nm, "n", fit.n());
            put("lm_pooled", nm, "r_squared", fit.rSquared());
            putTable("lm_pooled_hc1", nm, hc, j);
            putTable("cr1_pooled", nm, cr, j);
            put("cr1_pooled", nm, "n", fit.n());
            put("cr1_pooled", nm, "G", cr.df() + 1);
            put("cr1_pooled", nm, "K", fit.k());
        }

        // fixed effects, CR1 by province
        List<Obs> fy = recent.stream().filter(o -> !Double.isNaN(o.get(TOTAL))).toList();
        double[][] fx = fy.stream().map(o -> new double[] {o.year()}).toArray(double[][]::new);
        putFe(
                "cr1_fe_oneway_year",
                FixedEffects.oneWay(
                        col(fy, TOTAL), fx, fy.stream().map(Obs::pid).toArray(), "year"));
        double[][] dx =
                pool.stream().map(o -> new double[] {o.get("D1"), o.get("D4")}).toArray(double[][]::new);
        putFe("cr1_fe_oneway_dims", FixedEffects.oneWay(py, dx, pid, "D1", "D4"));
        FixedEffects.Fit two = FixedEffects.twoWay(py, dx, pid, pyear, "D1", "D4");
        assertTrue(two.demeaning().startsWith("two-way alternating"), two.demeaning());
        System.out.println("PAPI two-way FE (n = " + two.n() + ", G = " + two.units() + ", T = " + two.periods() + "): "
                + two.demeaning());
        putFe("cr1_fe_twoway_dims", two);

        // convergence
        double[] t18 = col(year(panel, 2018), TOTAL);
        double[] t24 = col(y2024, TOTAL);
        Convergence.Beta b = Convergence.beta(t18, t24, 6);
        String k = "total_2018_2024";
        put("conv_beta", k, "n", b.n());
        put("conv_beta", k, "df", b.df());
        put("conv_beta", k, "alpha", b.alpha());
        put("conv_beta", k, "beta", b.beta());
        put("conv_beta", k, "se", b.se());
        put("conv_beta", k, "t", b.t());
        put("conv_beta", k, "p", b.p());
        put("conv_beta", k, "lambda", b.lambda());
        for (int yr = 2018; yr <= 2024; yr++) {
            Convergence.Dispersion d = Convergence.sigma(col(year(panel, yr), TOTAL));
            String key = Integer.toString(yr);
            put("conv_sigma", key, "n", d.n());
            put("conv_sigma", key, "mean", d.mean());
            put("conv_sigma", key, "sd_sample", d.sdSample());
            put("conv_sigma", key, "sd_population", d.sdPopulation());
            put("conv_sigma", key, "cv", d.cv());
        }

        // rank mobility 2023 -> 2024
        RankMobility.Result rm = RankMobility.compare(col(y2023, TOTAL), col(y2024, TOTAL));
        for (int i = 0; i < y2023.size(); i++) {
            put("rank_2023_2024", y2023.get(i).pid(), "rank_a", rm.ranksFrom()[i]);
            put("rank_2023_2024", y2023.get(i).pid(), "rank_b", rm.ranksTo()[i]);
        }
        put("rank_2023_2024", "all", "n", rm.n());
        put("rank_2023_2024", "all", "spearman", rm.spearman().estimate());
        put("rank_2023_2024", "all", "spearman_s", rm.spearman().statistic());
        put("rank_2023_2024", "all", "spearman_p", rm.spearman().p());
        put("rank_2023_2024", "all", "kendall", rm.kendall().estimate());
        put("rank_2023_2024", "all", "kendall_statistic", rm.kendall().statistic());
        put("rank_2023_2024", "all", "kendall_p", rm.kendall().p());
    }

    private static CorrelationResult cor(String method, double[] x, double[] y, Correlation.ExactMode mode) {
        return switch (method) {
            case "pearson" -> Correlation.pearson(x, y);
            case "spearman" -> Correlation.spearman(x, y, mode);
            case "kendall" -> Correlation.kendall(x, y, mode);
            default -> throw new IllegalArgumentException(method);
        };
    }

    private void putCor(String cas, String pairKey, CorrelationResult r) {
        String key = pairKey + "|" + r.method();
        put(cas, key, "n", r.n());
        put(cas, key, "estimate", r.estimate());
        put(cas, key, "statistic", r.statistic());
        put(cas, key, "p", r.p());
        if (r.method().equals("pearson")) {
            put(cas, key, "df", r.df());
            put(cas, key, "ci_low", r.ciLow());
            put(cas, key, "ci_high", r.ciHigh());
        }
        if (r.method().equals("kendall")) {
            put(cas, key, "kendall_exact", r.statisticName().equals("T") ? 1 : 0);
        }
    }

    private void putTable(String cas, String key, CoefficientTable t, int j) {
        put(cas, key, "estimate", t.estimate()[j]);
        put(cas, key, "se", t.se()[j]);
        put(cas, key, "t", t.t()[j]);
        put(cas, key, "p", t.p()[j]);
        put(cas, key, "df", t.df());
    }

    private void putFe(String cas, FixedEffects.Fit f) {
        for (int j = 0; j < f.names().size(); j++) {
            String nm = f.names().get(j);
            putTable(cas, nm, f.cr1(), j);
            put(cas, nm, "n", f.n());
            put(cas, nm, "G", f.units());
            put(cas, nm, "K", f.kAdjust());
        }
    }

    // ------------------------------------------------------------------ panel reading

    private static List<Obs> readPanel(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(",", -1);
        List<Obs> out = new ArrayList<>();
        for (int ln = 1; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            assertEquals(header.length, f.length, file + " line " + (ln + 1) + ": field count");
            Map<String, Double> v = new HashMap<>();
            int year = -1;
            String pid = null;
            for (int c = 0; c < header.length; c++) {
                switch (header[c]) {
                    case "year" -> year = Integer.parseInt(f[c]);
                    case "papi_pid" -> pid = f[c];
                    case "gso_code", "province" -> {}
                    default ->
                        v.put(header[c], f[c].isEmpty() || f[c].equals("NA") ? Double.NaN : Double.parseDouble(f[c]));
                }
            }
            out.add(new Obs(year, pid, v));
        }
        out.sort((a, b) -> a.pid().equals(b.pid())
                ? Integer.compare(a.year(), b.year())
                : a.pid().compareTo(b.pid()));
        return out;
    }

    private static List<Obs> year(List<Obs> panel, int y) {
        return panel.stream().filter(o -> o.year() == y).toList();
    }

    private static double[] col(List<Obs> rows, String c) {
        return rows.stream().mapToDouble(o -> o.get(c)).toArray();
    }

    private static double[] head(double[] v, int n) {
        return java.util.Arrays.copyOf(v, n);
    }

    private static String[] concat(String first, String[] rest) {
        String[] o = new String[rest.length + 1];
        o[0] = first;
        System.arraycopy(rest, 0, o, 1, rest.length);
        return o;
    }
}
