package org.chiso.analysis.stats;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.util.FastMath;

/**
 * Pearson, Spearman and Kendall correlation tests on paired arrays, matching R's {@code cor.test}
 * (stats 4.x, {@code alternative = "two.sided"}) to 1e-8 relative.
 *
 * <p>Missing values are {@code NaN} and are dropped pairwise (R's {@code complete.cases(x, y)}); the
 * result reports the n actually used. Conventions:
 * <ul>
 *   <li>Pearson: r; t = r·sqrt(n-2)/sqrt(1-r²) on n-2 df; two-sided p from commons-math
 *       {@code TDistribution}; Fisher-z CI tanh(atanh r ± q/sqrt(n-3)), q = Φ⁻¹((1+level)/2), only when
 *       n &gt; 3.</li>
 *   <li>Spearman: rho = Pearson r on average ranks; S = (n³-n)(1-rho)/6. p as R's default
 *       ({@code exact = NULL}): without ties and n ≤ 1290, algorithm AS 89 as R implements it (exact
 *       enumeration for n ≤ 9, Edgeworth series for 10 ≤ n ≤ 1290, evaluated at round(S) (+2 for the lower
 *       tail)); with ties, n &gt; 1290 or {@link ExactMode#ASYMPTOTIC}, the t approximation on n-2 df.</li>
 *   <li>Kendall: tau-b (tie-corrected). p as R's default: exact (distribution of the number of concordant
 *       pairs T, all permutations equally likely) when n &lt; 50 and there are no ties; otherwise the normal
 *       approximation z = S/sqrt(Var S) with the tie-corrected Var(S) and no continuity correction.</li>
 * </ul>
 * Spearman and Kendall p-values are two-sided: min(2·one tail, 1) as R computes them, except that the upper
 * exact Kendall tail is summed directly (P[T ≥ q] = P[T ≤ u - q] by symmetry) instead of R's
 * 1 - P[T ≤ q-1], which cancels to 0 or to -2.2e-16 for strong correlations at some n ≥ 20 (tau = 1, n = 20: -4.4e-16).
 *
 * <p>Robustness: every p is clamped to [0, 1] and every estimate to [-1, 1] ({@link CorrelationResult}; R
 * clamps {@code prho} the same way). No test throws on data: with too few complete pairs, a constant variable
 * or values whose sums overflow, the result has NaN and {@code pMethod = "none (reason)"}. Only misuse (x and
 * y of different lengths, a confidence level outside (0, 1)) throws.
 */
public final class Correlation {
    /** Which p-value algorithm to use for the rank correlations (R's {@code exact} argument). */
    public enum ExactMode {
        /** R's {@code exact = NULL}: Spearman AS 89 unless ties / n &gt; 1290; Kendall exact iff n &lt; 50, no ties. */
        R_DEFAULT,
        /** R's {@code exact = TRUE}: still falls back to the approximation when there are ties. */
        EXACT,
        /** R's {@code exact = FALSE}: Spearman t approximation, Kendall normal approximation. */
        ASYMPTOTIC
    }

    /** Largest n for which R evaluates Spearman's p by AS 89. */
    static final int SPEARMAN_AS89_MAX_N = 1290;
    /** Largest n for which the exact Kendall distribution is computed in double precision. */
    static final int KENDALL_EXACT_MAX_N = 170;

    private Correlation() {}

    /** Pearson test with a 95% Fisher-z interval. See {@link #pearson(double[], double[], double)}. */
    public static CorrelationResult pearson(double[] x, double[] y) {
        return pearson(x, y, 0.95);
    }

    /**
     * Pearson product-moment correlation test = R {@code cor.test(x, y, method = "pearson", conf.level)}.
     *
     * <p>With fewer than 3 complete pairs (R stops) the result is NaN with the reason in {@code pMethod}.
     *
     * @throws IllegalArgumentException when confLevel is outside (0, 1) or the lengths differ
     */
    public static CorrelationResult pearson(double[] x, double[] y, double confLevel) {
        double[][] c = complete(x, y);
        int n = c[0].length;
        if (!(confLevel > 0 && confLevel < 1)) {
            throw new IllegalArgumentException("confLevel must lie in (0, 1): " + confLevel);
        }
        String pearsonConv = "R cor.test(method='pearson'); pairwise-complete";
        if (n < 3) {
            return CorrelationResult.notComputable(
                    "pearson", n, "t", "fewer than 3 complete pairs: n = " + n, pearsonConv);
        }
        double r = pearsonR(c[0], c[1]);
        if (Double.isNaN(r)) {
            String why = constant(c[0]) || constant(c[1]) ? "constant variable" : "r not finite (infinite values)";
            return CorrelationResult.notComputable("pearson", n, "t", why, pearsonConv);
        }
        int df = n - 2;
        double t = Math.sqrt(df) * r / Math.sqrt(1 - r * r);
        double p = Distributions.tTwoSided(t, df);
        double lo = Double.NaN;
        double hi = Double.NaN;
        String conv = "R cor.test(method='pearson'): t = r*sqrt(n-2)/sqrt(1-r^2) on n-2 df, two-sided";
        if (n > 3) {
            double z = FastMath.atanh(r);
            double sigma = 1.0 / Math.sqrt(n - 3);
            double q = Distributions.normalQuantile((1 + confLevel) / 2);
            lo = Math.tanh(z - sigma * q);
            hi = Math.tanh(z + sigma * q);
            conv += "; Fisher z CI (" + confLevel + ")";
        } else {
            conv += "; no CI (n <= 3)";
        }
        return new CorrelationResult(
                "pearson", n, r, "t", t, (double) df, p, lo, hi, "t on n-2 df", conv + "; pairwise-complete");
    }

    /** Spearman test with R's default p-value algorithm ({@code exact = NULL}). */
    public static CorrelationResult spearman(double[] x, double[] y) {
        return spearman(x, y, ExactMode.R_DEFAULT);
    }

    /**
     * Spearman rank correlation test = R {@code cor.test(x, y, method = "spearman", exact)}; see the class
     * comment for the p-value algorithms.
     *
     * <p>With fewer than 2 complete pairs or a constant variable the result is NaN with the reason in
     * {@code pMethod}.
     */
    public static CorrelationResult spearman(double[] x, double[] y, ExactMode mode) {
        double[][] c = complete(x, y);
        int n = c[0].length;
        if (n < 2) {
            return CorrelationResult.notComputable(
                    "spearman",
                    n,
                    "S",
                    "fewer than 2 complete pairs: n = " + n,
                    "R cor.test(method='spearman'); pairwise-complete");
        }
        boolean ties = hasTies(c[0], c[1]);
        double r = pearsonR(averageRanks(c[0]), averageRanks(c[1]));
        String base = "R cor.test(method='spearman', exact=" + rExact(mode)
                + "): rho = Pearson r on average ranks, S = (n^3-n)(1-rho)/6, two-sided; pairwise-complete";
        if (Double.isNaN(r)) {
            return new CorrelationResult(
                    "spearman",
                    n,
                    Double.NaN,
                    "S",
                    Double.NaN,
                    null,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    "none (constant variable)",
                    base);
        }
        double nd = n;
        double q = (nd * nd * nd - nd) * (1 - r) / 6;
        boolean exact = mode != ExactMode.ASYMPTOTIC && !ties;
        boolean lower = !(q > (nd * nd * nd - nd) / 6);
        double one;
        String pm;
        if (n <= SPEARMAN_AS89_MAX_N && exact) {
            one = prho(n, Math.rint(q) + (lower ? 2 : 0), lower);
            pm = n <= PRHO_N_SMALL ? "AS 89 exact enumeration" : "AS 89 Edgeworth series";
        } else {
            double den = nd * (nd * nd - 1) / 6;
            double rr = Math.max(-1.0, Math.min(1.0, 1 - q / den));
            double t = rr / Math.sqrt((1 - rr * rr) / (nd - 2));
            one = Distributions.tUpperAbs(t, nd - 2);
            pm = "t approximation on n-2 df" + (ties ? " (ties)" : "");
        }
        double p = Probabilities.twoSided(one);
        if (Double.isNaN(p)) {
            pm = CorrelationResult.NONE + "p undefined: n - 2 = " + (n - 2) + " df for the t approximation)";
        }
        return new CorrelationResult(
                "spearman", n, r, "S", q, null, p, Double.NaN, Double.NaN, pm, base + "; p: " + pm);
    }

    /** Kendall test with R's default p-value algorithm ({@code exact = NULL}). */
    public static CorrelationResult kendall(double[] x, double[] y) {
        return kendall(x, y, ExactMode.R_DEFAULT);
    }

    /**
     * Kendall tau-b test = R {@code cor.test(x, y, method = "kendall", exact, continuity = FALSE)}; see the
     * class comment for the p-value algorithms.
     *
     * <p>With fewer than 2 complete pairs or a constant variable the result is NaN with the reason in
     * {@code pMethod}. An exact p asked for more than {@value #KENDALL_EXACT_MAX_N} pairs uses the normal
     * approximation and says so in {@code pMethod}.
     */
    public static CorrelationResult kendall(double[] x, double[] y, ExactMode mode) {
        double[][] c = complete(x, y);
        int n = c[0].length;
        if (n < 2) {
            return CorrelationResult.notComputable(
                    "kendall",
                    n,
                    "T",
                    "fewer than 2 complete pairs: n = " + n,
                    "R cor.test(method='kendall'); pairwise-complete");
        }
        double tau = kendallTauB(c[0], c[1]);
        String base = "R cor.test(method='kendall', exact=" + rExact(mode) + "): tau-b, two-sided; pairwise-complete";
        if (Double.isNaN(tau)) {
            return new CorrelationResult(
                    "kendall",
                    n,
                    Double.NaN,
                    "T",
                    Double.NaN,
                    null,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    "none (constant variable)",
                    base);
        }
        boolean exact = switch (mode) {
            case R_DEFAULT -> n < 50;
            case EXACT -> true;
            case ASYMPTOTIC -> false;
        };
        boolean ties = hasTies(c[0], c[1]);
        double nd = n;
        String fallback = "";
        if (exact && !ties && n > KENDALL_EXACT_MAX_N) {
            exact = false;
            fallback = " (exact p not available for n > " + KENDALL_EXACT_MAX_N + ")";
        }
        if (exact && !ties) {
            double q = Math.rint((tau + 1) * nd * (nd - 1) / 4);
            int u = n * (n - 1) / 2;
            // upper tail P[T >= q] = P[T <= u - q] (the distribution of T is symmetric): no 1 - cdf cancellation
            double p = q > nd * (nd - 1) / 4 ? pkendall(u - q, n) : pkendall(q, n);
            p = Probabilities.twoSided(p);
            return new CorrelationResult(
                    "kendall",
                    n,
                    tau,
                    "T",
                    q,
                    null,
                    p,
                    Double.NaN,
                    Double.NaN,
                    "exact",
                    base + "; p: exact permutation distribution of T (concordant pairs)");
        }
        double[] tx = tieSizes(c[0]);
        double[] ty = tieSizes(c[1]);
        double t0 = nd * (nd - 1) / 2;
        double t1 = 0;
        double t2 = 0;
        double vt = 0;
        double vu = 0;
        double s1x = 0;
        double s1y = 0;
        double s2x = 0;
        double s2y = 0;
        for (double t : tx) {
            t1 += t * (t - 1);
            vt += t * (t - 1) * (2 * t + 5);
            s1x += t * (t - 1);
            s2x += t * (t - 1) * (t - 2);
        }
        for (double u : ty) {
            t2 += u * (u - 1);
            vu += u * (u - 1) * (2 * u + 5);
            s1y += u * (u - 1);
            s2y += u * (u - 1) * (u - 2);
        }
        t1 /= 2;
        t2 /= 2;
        double s = tau * Math.sqrt((t0 - t1) * (t0 - t2));
        double v0 = nd * (nd - 1) * (2 * nd + 5);
        double varS =
                (v0 - vt - vu) / 18 + (s1x * s1y) / (2 * nd * (nd - 1)) + (s2x * s2y) / (9 * nd * (nd - 1) * (nd - 2));
        double z = s / Math.sqrt(varS);
        double p = Distributions.normalTwoSided(z);
        String pm = Double.isNaN(p)
                ? CorrelationResult.NONE + "z undefined: Var(S) = " + varS + ")"
                : "normal approximation, tie-corrected Var(S), no continuity correction" + fallback;
        return new CorrelationResult(
                "kendall", n, tau, "z", z, null, p, Double.NaN, Double.NaN, pm, base + "; p: " + pm);
    }

    // ------------------------------------------------------------------ building blocks (public, documented)

    /**
     * Ranks 1..n ascending with ties averaged = R {@code rank(v, ties.method = "average")}; NaN stays NaN and
     * is not ranked ({@code na.last = "keep"}).
     */
    public static double[] averageRanks(double[] v) {
        int m = 0;
        for (double d : v) {
            if (!Double.isNaN(d)) {
                m++;
            }
        }
        Integer[] idx = new Integer[m];
        int j = 0;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isNaN(v[i])) {
                idx[j++] = i;
            }
        }
        Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        Arrays.fill(r, Double.NaN);
        int i = 0;
        while (i < m) {
            int k = i;
            while (k + 1 < m && v[idx[k + 1]] == v[idx[i]]) {
                k++;
            }
            double avg = (i + 1 + k + 1) / 2.0;
            for (int h = i; h <= k; h++) {
                r[idx[h]] = avg;
            }
            i = k + 1;
        }
        return r;
    }

    /**
     * Pearson r of two complete arrays (two-pass, clamped to [-1, 1] like R's {@code cor}); NaN if constant.
     * When the sums overflow or underflow (magnitudes near 1e±300) r is recomputed on x/max|x|, y/max|y|, which
     * leaves r unchanged mathematically.
     */
    public static double pearsonR(double[] x, double[] y) {
        double r = pearsonRaw(x, y);
        if (Double.isNaN(r) && !constant(x) && !constant(y)) {
            r = pearsonRaw(scaled(x), scaled(y));
        }
        return r;
    }

    private static boolean constant(double[] v) {
        for (double d : v) {
            if (d != v[0]) {
                return false;
            }
        }
        return true;
    }

    private static double[] scaled(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        double[] out = new double[v.length];
        if (!(m > 0) || Double.isInfinite(m)) {
            return v.clone();
        }
        int e = Math.getExponent(m);
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.scalb(v[i], -e);
        }
        return out;
    }

    private static double pearsonRaw(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        double r = sxy / (Math.sqrt(sxx) * Math.sqrt(syy));
        return Probabilities.clampCorrelation(r);
    }

    /**
     * Kendall tau-b of two complete arrays = R {@code cor(x, y, method = "kendall")}:
     * Σ sgn(Δx)sgn(Δy) / sqrt(Σ sgn(Δx)² · Σ sgn(Δy)²) over all pairs, clamped to [-1, 1] (the square roots
     * can round it to 1 + 2.2e-16); NaN when a variable is constant.
     */
    public static double kendallTauB(double[] x, double[] y) {
        int n = x.length;
        double s = 0;
        double nx = 0;
        double ny = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double sx = Math.signum(x[i] - x[j]);
                double sy = Math.signum(y[i] - y[j]);
                s += sx * sy;
                nx += sx * sx;
                ny += sy * sy;
            }
        }
        if (nx == 0 || ny == 0) {
            return Double.NaN;
        }
        return Probabilities.clampCorrelation(s / (Math.sqrt(nx) * Math.sqrt(ny)));
    }

    /** Pairwise-complete copies {x, y}: rows where either value is NaN are dropped. */
    static double[][] complete(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y must have the same length: " + x.length + " vs " + y.length);
        }
        int m = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                m++;
            }
        }
        double[] a = new double[m];
        double[] b = new double[m];
        int j = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                a[j] = x[i];
                b[j] = y[i];
                j++;
            }
        }
        return new double[][] {a, b};
    }

    /** R's TIES: min(#distinct x, #distinct y) &lt; n. */
    static boolean hasTies(double[] x, double[] y) {
        return Arrays.stream(x).map(d -> d + 0.0).distinct().count() < x.length
                || Arrays.stream(y).map(d -> d + 0.0).distinct().count() < y.length;
    }

    /** Sizes (≥ 2) of the groups of equal values. */
    static double[] tieSizes(double[] v) {
        Map<Double, Integer> counts = new HashMap<>();
        for (double d : v) {
            counts.merge(d == 0.0 ? 0.0 : d, 1, Integer::sum);
        }
        return counts.values().stream()
                .filter(c -> c > 1)
                .mapToDouble(Integer::doubleValue)
                .toArray();
    }

    private static String rExact(ExactMode mode) {
        return switch (mode) {
            case R_DEFAULT -> "NULL";
            case EXACT -> "TRUE";
            case ASYMPTOTIC -> "FALSE";
        };
    }

    // ------------------------------------------------------------------ AS 89 (R's prho.c)

    private static final int PRHO_N_SMALL = 9;

    /**
     * R's {@code prho}: P[S ≥ is] (upper) or P[S &lt; is] (lower) for S = Σ(i - p_i)² over random
     * permutations; exact enumeration for n ≤ 9, Edgeworth series (AS 89 coefficients) above.
     */
    static double prho(int n, double is, boolean lowerTail) {
        double pv = lowerTail ? 0.0 : 1.0;
        if (n <= 1 || is <= 0) {
            return pv;
        }
        double n3 = n;
        n3 *= (n3 * n3 - 1.0) / 3.0;
        if (is > n3) {
            return 1 - pv;
        }
        if (n <= PRHO_N_SMALL) {
            long nfac = 1;
            for (int i = 2; i <= n; i++) {
                nfac *= i;
            }
            long ifr = is == n3 ? 1 : countAtLeast(n, is);
            return (lowerTail ? nfac - ifr : ifr) / (double) nfac;
        }
        final double c1 = .2274;
        final double c2 = .2531;
        final double c3 = .1745;
        final double c4 = .0758;
        final double c5 = .1033;
        final double c6 = .3932;
        final double c7 = .0879;
        final double c8 = .0151;
        final double c9 = .0072;
        final double c10 = .0831;
        final double c11 = .0131;
        final double c12 = 4.6e-4;
        double y = n;
        double b = 1 / y;
        double x = (6. * (is - 1) * b / (y * y - 1) - 1) * Math.sqrt(y - 1);
        y = x * x;
        double u = x
                * b
                * (c1
                        + b * (c2 + c3 * b)
                        + y
                                * (-c4
                                        + b * (c5 + c6 * b)
                                        - y * b * (c7 + c8 * b - y * (c9 - c10 * b + y * b * (c11 - c12 * y)))));
        y = u / Math.exp(y / 2.);
        pv = (lowerTail ? -y : y) + (lowerTail ? Distributions.normalLower(x) : Distributions.normalUpper(x));
        if (pv < 0) {
            pv = 0;
        }
        if (pv > 1) {
            pv = 1;
        }
        return pv;
    }

    /** Number of permutations p of 1..n with Σ(i - p_i)² ≥ is. */
    private static long countAtLeast(int n, double is) {
        int[] perm = new int[n];
        boolean[] used = new boolean[n + 1];
        return countRec(0, n, 0, is, perm, used);
    }

    private static long countRec(int pos, int n, long ssq, double is, int[] perm, boolean[] used) {
        if (pos == n) {
            return is <= ssq ? 1 : 0;
        }
        long c = 0;
        for (int v = 1; v <= n; v++) {
            if (!used[v]) {
                used[v] = true;
                long d = pos + 1 - v;
                c += countRec(pos + 1, n, ssq + d * d, is, perm, used);
                used[v] = false;
            }
        }
        return c;
    }

    // ------------------------------------------------------------------ exact Kendall (R's kendall.c)

    /** R's {@code pkendall(q, n)}: P[T ≤ q], T = number of concordant pairs, summed in R's order. */
    static double pkendall(double q, int n) {
        q = Math.floor(q + 1e-7);
        int u = n * (n - 1) / 2;
        if (q < 0) {
            return 0;
        }
        if (q > u) {
            return 1;
        }
        double[] w = mahonian(n);
        double p = 0;
        for (int j = 0; j <= (int) q; j++) {
            p += w[j];
        }
        double fact = 1;
        for (int i = 2; i <= n; i++) {
            fact *= i;
        }
        return p / fact;
    }

    /** Numbers of permutations of 1..n with k inversions, k = 0..n(n-1)/2 (R's ckendall recursion). */
    static double[] mahonian(int n) {
        double[] prev = {1.0};
        for (int m = 2; m <= n; m++) {
            int u = m * (m - 1) / 2;
            int uPrev = prev.length - 1;
            double[] cur = new double[u + 1];
            for (int k = 0; k <= u; k++) {
                double s = 0;
                for (int i = 0; i < m; i++) {
                    int kk = k - i;
                    if (kk >= 0 && kk <= uPrev) {
                        s += prev[kk];
                    }
                }
                cur[k] = s;
            }
            prev = cur;
        }
        return prev;
    }
}
