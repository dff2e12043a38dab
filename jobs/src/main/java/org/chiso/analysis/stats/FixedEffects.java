package org.chiso.analysis.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Linear fixed-effects panel regressions by the within transformation, with one-way cluster-robust CR1
 * standard errors clustered by unit, matching fixest {@code feols(y ~ x | unit [+ time], cluster = ~unit)}
 * with its default small-sample correction {@code ssc(adj = TRUE, fixef.K = "nested", cluster.adj = TRUE,
 * t.df = "min")} to 1e-8 relative.
 *
 * <p>V = G/(G-1) · (n-1)/(n-K) · (X̃'X̃)⁻¹ Σ_g (X̃_g'ẽ_g)(X̃_g'ẽ_g)' (X̃'X̃)⁻¹, t on G-1 df, where X̃, ẽ are
 * the demeaned regressors and residuals (by Frisch-Waugh-Lovell the same as the slope block of the
 * dummy-variable regression). K follows fixest "nested": the slopes, plus 1 for the intercept, plus the
 * absorbed effects that are NOT nested in the cluster variable. Unit effects are nested in unit clusters
 * and are not counted; year effects are: one-way K = p + 1, two-way K = p + 1 + (T - 1) = p + T.
 *
 * <p>Demeaning: one-way subtracts unit means (exact). Two-way on a balanced panel (every unit observed once
 * in every period) uses the exact x - x̄_unit - x̄_time + x̄; on an unbalanced panel it uses alternating
 * projections (unit means, then time means, repeated) until the largest change in a sweep falls below
 * 1e-12 · max(1, max|v|), which the result reports.
 *
 * <p>Rows with a NaN in y or a regressor are dropped (listwise) before demeaning; n counts the rows kept
 * (fixest keeps singleton units by default, and so do we).
 */
public final class FixedEffects {
    /** Convergence tolerance of the alternating projections (relative to max(1, max|v|)). */
    public static final double TOLERANCE = 1e-12;
    /** Upper bound on alternating-projection sweeps. */
    public static final int MAX_SWEEPS = 100_000;

    private FixedEffects() {}

    /**
     * Result of a within regression.
     *
     * @param names       slope names
     * @param cr1         slopes with CR1 standard errors clustered by unit, t on G-1 df
     * @param n           observations used
     * @param units       number of units (= clusters G)
     * @param periods     number of periods absorbed (0 for one-way)
     * @param kAdjust     K in (n-1)/(n-K) (fixest nested rule)
     * @param demeaning   "one-way exact", "two-way balanced exact" or "two-way alternating projections"
     * @param sweeps      alternating-projection sweeps used (max over variables; 1 when exact)
     * @param residuals   within residuals in input-row order of the rows used
     * @param rows        indices of the input rows used
     * @param convention  the reference this matches
     */
    public record Fit(
            List<String> names,
            CoefficientTable cr1,
            int n,
            int units,
            int periods,
            int kAdjust,
            String demeaning,
            int sweeps,
            double[] residuals,
            int[] rows,
            String convention) {}

    /** One-way (unit) fixed effects; CR1 clustered by unit with K = p + 1. */
    public static Fit oneWay(double[] y, double[][] x, Object[] unit, String... names) {
        return estimate(y, x, unit, null, names);
    }

    /** Two-way (unit + time) fixed effects; CR1 clustered by unit with K = p + T. */
    public static Fit twoWay(double[] y, double[][] x, Object[] unit, Object[] time, String... names) {
        if (time == null) {
            throw new IllegalArgumentException("time ids are required for two-way fixed effects");
        }
        return estimate(y, x, unit, time, names);
    }

    private static Fit estimate(double[] y, double[][] x, Object[] unit, Object[] time, String... names) {
        int len = y.length;
        if (x.length != len || unit.length != len || (time != null && time.length != len)) {
            throw new IllegalArgumentException("y, x, unit (and time) must have the same length");
        }
        int p = len == 0 ? 0 : x[0].length;
        List<String> nm = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            nm.add(names.length > j ? names[j] : "x" + (j + 1));
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < len; i++) {
            if (x[i].length != p) {
                throw new IllegalArgumentException("row " + i + " of x has " + x[i].length + " columns, expected " + p);
            }
            boolean ok = !Double.isNaN(y[i]);
            for (int j = 0; j < p && ok; j++) {
                ok = !Double.isNaN(x[i][j]);
            }
            if (ok) {
                if (unit[i] == null || (time != null && time[i] == null)) {
                    throw new IllegalArgumentException("missing unit or time id at row " + i);
                }
                keep.add(i);
            }
        }
        int n = keep.size();
        int[] rows = keep.stream().mapToInt(Integer::intValue).toArray();
        int[] u = Ols.clusterIndex(unit, rows);
        int g = max(u) + 1;
        int[] t = time == null ? null : Ols.clusterIndex(time, rows);
        int periods = t == null ? 0 : max(t) + 1;
        if (g < 2) {
            throw new IllegalArgumentException("need at least 2 units, got " + g);
        }
        // columns: y then x_1..x_p
        double[][] cols = new double[p + 1][n];
        for (int r = 0; r < n; r++) {
            cols[0][r] = y[rows[r]];
            for (int j = 0; j < p; j++) {
                cols[j + 1][r] = x[rows[r]][j];
            }
        }
        double[] scale = new double[p];
        for (int j = 0; j < p; j++) {
            scale[j] = centredNorm(cols[j + 1]);
        }
        String demeaning;
        int sweeps = 1;
        if (t == null) {
            demeaning = "one-way exact (unit means)";
            for (double[] c : cols) {
                demean(c, u, g);
            }
        } else if (balanced(u, g, t, periods)) {
            demeaning = "two-way balanced exact (x - unit mean - time mean + grand mean)";
            for (double[] c : cols) {
                double grand = 0;
                for (double v : c) {
                    grand += v;
                }
                grand /= n;
                double[] um = means(c, u, g);
                double[] tm = means(c, t, periods);
                for (int r = 0; r < n; r++) {
                    c[r] = c[r] - um[u[r]] - tm[t[r]] + grand;
                }
            }
        } else {
            for (double[] c : cols) {
                sweeps = Math.max(sweeps, alternate(c, u, g, t, periods));
            }
            demeaning = "two-way alternating projections to max change < 1e-12 (" + sweeps + " sweeps)";
        }
        double[][] xd = new double[n][p];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < p; j++) {
                xd[r][j] = cols[j + 1][r];
            }
        }
        Ols.Core core = Ols.solve(xd, cols[0], scale);
        int k = p + 1 + (t == null ? 0 : periods - 1);
        double c = g / (g - 1.0) * (n - 1.0) / (n - k);
        double[][] v = Ols.sandwich(xd, core.residuals(), core.xtxInv(), u, g, c);
        String conv = "fixest feols(y ~ x | unit" + (t == null ? "" : " + time")
                + ", cluster = ~unit), ssc(adj=TRUE, fixef.K='nested', cluster.adj=TRUE, t.df='min'): "
                + "CR1 = G/(G-1) (n-1)/(n-K) sandwich on demeaned data, K = p + 1"
                + (t == null ? "" : " + (T-1)") + " = " + k + " (unit effects nested in unit clusters not counted)"
                + ", t on G-1 = " + (g - 1) + " df; demeaning: " + demeaning;
        CoefficientTable table = CoefficientTable.of(nm, core.beta(), v, g - 1, "CR1", conv);
        return new Fit(List.copyOf(nm), table, n, g, periods, k, demeaning, sweeps, core.residuals(), rows, conv);
    }

    private static int max(int[] a) {
        int m = -1;
        for (int v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static double centredNorm(double[] c) {
        double mean = 0;
        for (double v : c) {
            mean += v;
        }
        mean /= c.length;
        double s = 0;
        for (double v : c) {
            s += (v - mean) * (v - mean);
        }
        return Math.sqrt(s);
    }

    private static boolean balanced(int[] u, int g, int[] t, int periods) {
        if (u.length != g * periods) {
            return false;
        }
        Map<Long, Boolean> seen = new HashMap<>();
        for (int r = 0; r < u.length; r++) {
            if (seen.put((long) u[r] * periods + t[r], Boolean.TRUE) != null) {
                return false;
            }
        }
        return true;
    }

    private static double[] means(double[] c, int[] grp, int groups) {
        double[] s = new double[groups];
        int[] cnt = new int[groups];
        for (int r = 0; r < c.length; r++) {
            s[grp[r]] += c[r];
            cnt[grp[r]]++;
        }
        for (int h = 0; h < groups; h++) {
            s[h] /= cnt[h];
        }
        return s;
    }

    /** Subtracts group means in place; returns the largest absolute change. */
    private static double demean(double[] c, int[] grp, int groups) {
        double[] m = means(c, grp, groups);
        double change = 0;
        for (int r = 0; r < c.length; r++) {
            c[r] -= m[grp[r]];
            change = Math.max(change, Math.abs(m[grp[r]]));
        }
        return change;
    }

    private static int alternate(double[] c, int[] u, int g, int[] t, int periods) {
        double size = 1;
        for (double v : c) {
            size = Math.max(size, Math.abs(v));
        }
        for (int sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
            double change = demean(c, u, g);
            change = Math.max(change, demean(c, t, periods));
            if (change < TOLERANCE * size) {
                return sweep;
            }
        }
        throw new IllegalStateException("alternating projections did not converge in " + MAX_SWEEPS + " sweeps");
    }
}
