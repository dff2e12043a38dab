package org.chiso.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property test of numerical robustness: every statistic, driven with random and adversarial panels
 * (constant columns, n = 1..3, heavy ties, perfect positive and negative correlation, NaN entries, duplicated
 * values, magnitudes 1e-300 and 1e300), returns a value or a documented NaN with a reason and never throws;
 * every p-value and proportion lies in [0, 1] (or is NaN) and every correlation in [-1, 1] (or is NaN).
 */
class RobustnessPropertyTest {
    private static final long SEED = 20261207L;
    private static final int CASES = 3000;

    /** One generated pair of columns and a label saying how it was built (printed on failure). */
    private record Case(String label, double[] x, double[] y) {
        @Override
        public String toString() {
            return label + " x=" + Arrays.toString(x) + " y=" + Arrays.toString(y);
        }
    }

    // ------------------------------------------------------------------ the original failure

    /**
     * {@code analyze} died with "p-value outside [0, 1] at index 6: -4.440892098500626E-16" in
     * Benjamini-Hochberg: identical rankings of 19 or more provinces in two years give tau = 1, and R's exact
     * upper tail 1 - P[T ≤ q-1] rounds to -2.2e-16 (doubled: -4.4e-16) because P[T ≤ u-1] = 1 - 1/n! sums to
     * just above 1.
     */
    @Test
    void perfectRankAgreementReproducesTheNegativeKendallPAndIsNowInRange() {
        List<Integer> negative = new ArrayList<>();
        for (int n = 2; n < 50; n++) {
            int u = n * (n - 1) / 2;
            double old = Math.min(2 * (1 - Correlation.pkendall(u - 1, n)), 1.0);
            if (old < 0) {
                negative.add(n);
            }
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                scores[i] = 50 + 0.5 * i;
            }
            RankMobility.Result r = RankMobility.compare(scores, scores.clone());
            assertEquals(1.0, r.kendall().estimate(), 1e-15);
            assertEquals("exact", r.kendall().pMethod());
            assertInUnit("kendall p, n = " + n, r.kendall().p());
            assertInUnit("spearman p, n = " + n, r.spearman().p());
            // and the family adjustment that threw accepts it
            double[] bh = MultipleTesting.benjaminiHochberg(new double[] {
                0.2, 0.5, 0.03, 0.9, 1.0, 0.01, r.kendall().p(), r.spearman().p()
            });
            for (double b : bh) {
                assertInUnit("BH", b);
            }
        }
        assertTrue(negative.contains(20) || !negative.isEmpty(), "the old formula went negative for some n");
        // the exact value the user saw: n = 20, tau = 1
        double old20 = Math.min(2 * (1 - Correlation.pkendall(20 * 19 / 2 - 1, 20)), 1.0);
        System.out.println("old exact Kendall p for tau = 1, n in " + negative + "; n = 20: " + old20);
        assertTrue(old20 < 0, "old p at n = 20 was " + old20);
        double[] v = new double[20];
        for (int i = 0; i < 20; i++) {
            v[i] = i;
        }
        CorrelationResult k = Correlation.kendall(v, v);
        assertTrue(k.p() >= 0 && k.p() < 1e-17, "now the exact tail 2/20! ~ 8e-19: " + k.p());
        CorrelationResult kNeg =
                Correlation.kendall(v, Arrays.stream(v).map(d -> -d).toArray());
        assertEquals(k.p(), kNeg.p(), 0.0);
    }

    @Test
    void rankMobilityOnSparseYearsReturnsNaNWithReason() {
        // one province ranked in both years: "Spearman correlation needs at least 2 complete pairs, got 1"
        RankMobility.Result r =
                RankMobility.compare(new double[] {61.2, Double.NaN, 58.0}, new double[] {62.0, 60.1, Double.NaN});
        assertEquals(1, r.n());
        assertTrue(Double.isNaN(r.spearman().p()) && r.spearman().pMethod().startsWith("none ("));
        assertTrue(Double.isNaN(r.kendall().p()) && r.kendall().pMethod().startsWith("none ("));
        RankMobility.Result none = RankMobility.compare(new double[0], new double[0]);
        assertEquals(0, none.n());
    }

    @Test
    void clampKeepsNaNAndBounds() {
        assertTrue(Double.isNaN(Probabilities.clamp01(Double.NaN)));
        assertEquals(0.0, Probabilities.clamp01(-4.440892098500626E-16), 0.0);
        assertEquals(1.0, Probabilities.clamp01(1 + 2.220446049250313E-16), 0.0);
        assertEquals(0.25, Probabilities.clamp01(0.25), 0.0);
        assertEquals(1.0, Probabilities.twoSided(0.75), 0.0);
        assertEquals(0.0, Probabilities.clamp01(Double.NEGATIVE_INFINITY), 0.0);
    }

    // ------------------------------------------------------------------ generated panels

    @Test
    void correlationsNeverThrowAndStayInRange() {
        for (Case c : cases()) {
            for (Correlation.ExactMode mode : Correlation.ExactMode.values()) {
                run(c, () -> checkCorrelation(c, Correlation.spearman(c.x(), c.y(), mode)));
                run(c, () -> checkCorrelation(c, Correlation.kendall(c.x(), c.y(), mode)));
            }
            run(c, () -> checkCorrelation(c, Correlation.pearson(c.x(), c.y())));
            run(c, () -> checkCorrelation(c, Correlation.spearman(c.x(), c.y())));
            run(c, () -> checkCorrelation(c, Correlation.kendall(c.x(), c.y())));
        }
    }

    @Test
    void rankMobilityNeverThrows() {
        for (Case c : cases()) {
            run(c, () -> {
                RankMobility.Result r = RankMobility.compare(c.x(), c.y());
                checkCorrelation(c, r.spearman());
                checkCorrelation(c, r.kendall());
                for (double[] ranks : new double[][] {r.ranksFrom(), r.ranksTo()}) {
                    for (double v : ranks) {
                        assertTrue(Double.isNaN(v) || (v >= 1 && v <= ranks.length), "rank " + v);
                    }
                }
            });
        }
    }

    @Test
    void trendNeverThrows() {
        for (Case c : cases()) {
            // as the analysis calls it (x = years) and with the generated x (ties, NaN, huge values)
            double[] years = new double[c.y().length];
            for (int i = 0; i < years.length; i++) {
                years[i] = 2015 + i;
            }
            for (double[] x : new double[][] {years, c.x()}) {
                run(c, () -> {
                    Trend.Result r = Trend.fit(x, c.y());
                    boolean reason = r.convention().contains(Trend.NOT_COMPUTABLE);
                    assertPOrReason(c + " slopeP", r.slopeP(), reason);
                    assertPOrReason(c + " interceptP", r.interceptP(), reason);
                    assertPOrReason(c + " mannKendallP", r.mannKendallP(), reason);
                    assertInUnit(c + " R^2", r.rSquared());
                    assertCorrelation(c + " tau", r.kendallTau());
                });
            }
        }
    }

    @Test
    void convergenceNeverThrows() {
        for (Case c : cases()) {
            run(c, () -> {
                Convergence.Beta b = Convergence.beta(c.x(), c.y(), 5);
                assertPOrReason(c + " beta p", b.p(), b.convention().contains(Convergence.NOT_COMPUTABLE));
                Convergence.Dispersion d = Convergence.sigma(c.x());
                assertTrue(Double.isNaN(d.sdSample()) || d.sdSample() >= 0, "sd " + d.sdSample());
                Map<Integer, Convergence.Dispersion> by = Convergence.sigmaByYear(new int[c.y().length], c.y());
                assertTrue(by.size() <= 1);
            });
        }
    }

    @Test
    void benjaminiHochbergAcceptsEveryProducedP() {
        Random rnd = new Random(SEED + 1);
        for (Case c : cases()) {
            run(c, () -> {
                List<Double> ps = new ArrayList<>();
                ps.add(Correlation.pearson(c.x(), c.y()).p());
                ps.add(Correlation.spearman(c.x(), c.y()).p());
                ps.add(Correlation.kendall(c.x(), c.y()).p());
                ps.add(Correlation.kendall(c.x(), c.y(), Correlation.ExactMode.EXACT)
                        .p());
                RankMobility.Result r = RankMobility.compare(c.x(), c.y());
                ps.add(r.spearman().p());
                ps.add(r.kendall().p());
                ps.add(Convergence.beta(c.x(), c.y(), 1).p());
                // edge values and ties among p-values
                ps.add(0.0);
                ps.add(1.0);
                ps.add(rnd.nextBoolean() ? Double.NaN : rnd.nextDouble());
                double[] adj = MultipleTesting.benjaminiHochberg(
                        ps.stream().mapToDouble(Double::doubleValue).toArray());
                for (int i = 0; i < adj.length; i++) {
                    assertEquals(Double.isNaN(ps.get(i)), Double.isNaN(adj[i]), "NaN kept at " + i);
                    assertInUnit("BH", adj[i]);
                    assertTrue(Double.isNaN(adj[i]) || adj[i] >= ps.get(i), "BH never lowers p");
                }
            });
        }
    }

    @Test
    void fixedEffectsPValuesStayInRange() {
        Random rnd = new Random(SEED + 2);
        for (int k = 0; k < 400; k++) {
            int units = 1 + rnd.nextInt(6);
            int periods = 1 + rnd.nextInt(5);
            int kind = k % 5;
            List<double[]> rows = new ArrayList<>();
            for (int u = 0; u < units; u++) {
                for (int t = 0; t < periods; t++) {
                    if (kind == 4 && rnd.nextInt(4) == 0) {
                        continue; // unbalanced
                    }
                    double x = switch (kind) {
                        case 1 -> 3.0; // constant regressor
                        case 2 -> u; // constant within unit: absorbed by the unit effects
                        default -> rnd.nextGaussian() * (rnd.nextBoolean() ? 1e150 : 1);
                    };
                    double y = kind == 3 ? 2 * x + u : rnd.nextGaussian() + 0.5 * x;
                    rows.add(new double[] {u, t, x, rnd.nextInt(10) == 0 ? Double.NaN : y});
                }
            }
            double[] y = rows.stream().mapToDouble(r -> r[3]).toArray();
            double[][] x = rows.stream().map(r -> new double[] {r[2]}).toArray(double[][]::new);
            Object[] unit = rows.stream().map(r -> (Object) (int) r[0]).toArray();
            Object[] time = rows.stream().map(r -> (Object) (int) r[1]).toArray();
            for (boolean twoWay : new boolean[] {false, true}) {
                try {
                    FixedEffects.Fit f =
                            twoWay ? FixedEffects.twoWay(y, x, unit, time, "x") : FixedEffects.oneWay(y, x, unit, "x");
                    for (double p : f.cr1().p()) {
                        assertInUnit("FE p " + rows.size() + " rows", p);
                    }
                } catch (IllegalArgumentException e) {
                    // documented: a design the data cannot identify (too few units or observations, a regressor
                    // constant after absorbing the effects); Analyses records such cells with this reason
                    assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
                }
            }
        }
    }

    // ------------------------------------------------------------------ generators and checks

    private static List<Case> cases() {
        Random rnd = new Random(SEED);
        List<Case> out = new ArrayList<>();
        String[] kinds = {
            "random",
            "constant x",
            "constant y",
            "n=3",
            "ties",
            "perfect+",
            "perfect-",
            "nan",
            "single",
            "duplicated",
            "huge",
            "tiny",
            "mixed magnitudes",
            "long perfect",
            "all nan",
            "empty"
        };
        for (int k = 0; k < CASES; k++) {
            String kind = kinds[k % kinds.length];
            int n = switch (kind) {
                case "n=3" -> 3;
                case "single" -> 1;
                case "empty" -> 0;
                case "long perfect" -> 13 + rnd.nextInt(60);
                default -> 1 + rnd.nextInt(12);
            };
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextGaussian() * 10 + 50;
                y[i] = rnd.nextGaussian() * 10 + 50;
            }
            switch (kind) {
                case "constant x" -> Arrays.fill(x, 42.5);
                case "constant y" -> Arrays.fill(y, rnd.nextBoolean() ? 0.0 : -7.25);
                case "ties" -> {
                    for (int i = 0; i < n; i++) {
                        x[i] = rnd.nextInt(3);
                        y[i] = rnd.nextInt(2);
                    }
                }
                case "perfect+", "long perfect" -> {
                    for (int i = 0; i < n; i++) {
                        y[i] = 0.1 * x[i] + 3;
                    }
                }
                case "perfect-" -> {
                    for (int i = 0; i < n; i++) {
                        y[i] = -x[i];
                    }
                }
                case "nan" -> {
                    for (int i = 0; i < n; i++) {
                        if (rnd.nextInt(3) == 0) {
                            x[i] = Double.NaN;
                        }
                        if (rnd.nextInt(3) == 0) {
                            y[i] = Double.NaN;
                        }
                    }
                }
                case "duplicated" -> {
                    for (int i = 1; i < n; i += 2) {
                        x[i] = x[i - 1];
                        y[i] = y[i - 1];
                    }
                }
                case "huge" -> {
                    for (int i = 0; i < n; i++) {
                        x[i] *= 1e300;
                        y[i] *= -1e300;
                    }
                }
                case "tiny" -> {
                    for (int i = 0; i < n; i++) {
                        x[i] *= 1e-300;
                        y[i] *= 1e-300;
                    }
                }
                case "mixed magnitudes" -> {
                    for (int i = 0; i < n; i++) {
                        x[i] = rnd.nextBoolean() ? 1e300 * rnd.nextDouble() : 1e-300 * rnd.nextDouble();
                        y[i] = rnd.nextBoolean() ? x[i] : -1e300;
                    }
                }
                case "all nan" -> Arrays.fill(x, Double.NaN);
                default -> {}
            }
            out.add(new Case(kind + " #" + k, x, y));
        }
        return out;
    }

    private static void run(Case c, ThrowingCheck check) {
        try {
            check.run();
        } catch (AssertionError e) {
            throw e;
        } catch (RuntimeException e) {
            fail("threw on " + c + ": " + e, e);
        }
    }

    @FunctionalInterface
    private interface ThrowingCheck {
        void run();
    }

    private static void checkCorrelation(Case c, CorrelationResult r) {
        assertCorrelation(c + " " + r.method() + " estimate", r.estimate());
        assertInUnit(c + " " + r.method() + " p", r.p());
        if (Double.isNaN(r.p())) {
            assertTrue(
                    r.pMethod().startsWith(CorrelationResult.NONE),
                    c + " " + r.method() + ": NaN p without a reason: " + r.pMethod());
        }
        if (Double.isNaN(r.estimate())) {
            assertTrue(Double.isNaN(r.p()), c + " " + r.method() + ": p without an estimate");
        }
        assertCorrelation(c + " ciLow", r.ciLow());
        assertCorrelation(c + " ciHigh", r.ciHigh());
    }

    private static void assertPOrReason(String what, double p, boolean reason) {
        assertInUnit(what, p);
        assertTrue(!Double.isNaN(p) || reason, what + " is NaN without a recorded reason");
    }

    private static void assertInUnit(String what, double p) {
        assertTrue(Double.isNaN(p) || (p >= 0 && p <= 1), what + " outside [0, 1]: " + p);
    }

    private static void assertCorrelation(String what, double r) {
        assertTrue(Double.isNaN(r) || (r >= -1 && r <= 1), what + " outside [-1, 1]: " + r);
    }
}
