package org.chiso.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Small hand-checked cases (values from R 4.2.2), edge cases and internal consistency. */
class StatsBehaviourTest {
    private static final double NaN = Double.NaN;

    @Test
    void benjaminiHochbergMatchesPAdjustAndKeepsNaN() {
        double[] adj = MultipleTesting.benjaminiHochberg(new double[] {0.01, 0.04, 0.03, 0.005, NaN});
        // p.adjust(c(0.01, 0.04, 0.03, 0.005, NA), "BH")
        assertArrayEquals(new double[] {0.02, 0.04, 0.04, 0.02, NaN}, adj, 1e-15);
        assertThrows(IllegalArgumentException.class, () -> MultipleTesting.benjaminiHochberg(new double[] {1.2}));
    }

    @Test
    void ranksDescendingAverageTiesAndKeepMissing() {
        assertArrayEquals(
                new double[] {1.5, 4, 1.5, NaN, 3}, RankMobility.ranksDescending(new double[] {3, 1, 3, NaN, 2}), 0);
        RankMobility.Result r =
                RankMobility.compare(new double[] {5, 4, 3, 2, 1, NaN}, new double[] {5, 4, 3, 1, 2, 9});
        assertEquals(5, r.n());
        assertEquals(0.9, r.spearman().estimate(), 1e-15);
        assertEquals(0.8, r.kendall().estimate(), 1e-15);
    }

    @Test
    void smallExactCasesMatchR() {
        double[] x = {1, 2, 3, 4, 5, 6, 7};
        double[] y = {2, 1, 4, 3, 7, 5, 6};
        CorrelationResult s = Correlation.spearman(x, y); // AS 89 exact enumeration, n = 7
        assertEquals(0.821428571428571286, s.estimate(), 1e-15);
        assertEquals(10.0, s.statistic(), 1e-12);
        assertEquals(0.034126984126984124, s.p(), 1e-15);
        assertNull(s.df());
        CorrelationResult k = Correlation.kendall(x, y); // exact, T = 17
        assertEquals("T", k.statisticName());
        assertEquals(17.0, k.statistic(), 0);
        assertEquals(0.069047619047619024, k.p(), 1e-15);
        CorrelationResult kt = Correlation.kendall(new double[] {1, 2, 2, 3, 4, 5}, new double[] {1, 3, 2, 2, 5, 4});
        assertEquals("z", kt.statisticName()); // ties: normal approximation
        assertEquals(0.64285714285714279, kt.estimate(), 1e-15);
        assertEquals(1.75162262436342675, kt.statistic(), 1e-14);
        assertEquals(0.07983871964585261, kt.p(), 1e-14);
        CorrelationResult p = Correlation.pearson(new double[] {1, 2, 3, 4, 5}, new double[] {2, 1, 4, 3, 5});
        assertEquals(0.8, p.estimate(), 1e-15);
        assertEquals(2.30940107675850115, p.statistic(), 1e-14);
        assertEquals(3.0, p.df());
        assertEquals(0.10408803866182798, p.p(), 1e-14);
        assertEquals(-0.27964004196935505, p.ciLow(), 1e-14);
        assertEquals(0.98619619330127140, p.ciHigh(), 1e-14);
        assertTrue(p.convention().contains("Fisher z"));
    }

    @Test
    void pairwiseCompleteAndDegenerateInput() {
        CorrelationResult r = Correlation.pearson(new double[] {1, 2, NaN, 4, 5}, new double[] {2, 1, 7, 3, NaN});
        assertEquals(3, r.n());
        assertTrue(Double.isNaN(r.ciLow()), "no Fisher CI when n <= 3");
        // fewer than 3 complete pairs: R stops; here a NaN result that says why (analyze must not die)
        CorrelationResult two = Correlation.pearson(new double[] {1, 2, NaN}, new double[] {1, 2, 3});
        assertEquals(2, two.n());
        assertTrue(Double.isNaN(two.estimate()) && Double.isNaN(two.p()));
        assertTrue(two.pMethod().startsWith("none (fewer than 3 complete pairs"), two.pMethod());
        CorrelationResult c = Correlation.spearman(new double[] {1, 1, 1, 1}, new double[] {1, 2, 3, 4});
        assertTrue(Double.isNaN(c.estimate()) && Double.isNaN(c.p()));
        Trend.Result dup = Trend.fit(new double[] {2020, 2020, 2021}, new double[] {1, 2, 3});
        assertTrue(Double.isNaN(dup.slope()) && Double.isNaN(dup.slopeP()));
        assertTrue(dup.convention().contains(Trend.NOT_COMPUTABLE + "duplicate x value 2020.0"), dup.convention());
        assertThrows(
                IllegalArgumentException.class,
                () -> Ols.fit(new double[] {1, 2, 3, 4}, new double[][] {{1, 2}, {2, 4}, {3, 6}, {4, 8}}));
    }

    @Test
    void convergenceSpeedIsNaNWhenOvershooting() {
        // y_T = -y_0 + noise: beta ~ -2/T, 1 + beta*T < 0
        double[] y0 = {1, 2, 3, 4, 5, 6};
        double[] yT = {-1.1, -1.9, -3.05, -4, -4.9, -6.1};
        Convergence.Beta b = Convergence.beta(y0, yT, 1);
        assertTrue(b.beta() < -1);
        assertTrue(Double.isNaN(b.lambda()));
    }

    /**
     * Within estimates equal the dummy-variable regression (FWL), for a balanced panel (exact double
     * demeaning) and an unbalanced one (alternating projections); the CR1 variances differ only by the
     * small-sample factor (n-K): K_fe = p + T (fixest nested) versus K = all dummy coefficients.
     */
    @Test
    void fixedEffectsEqualDummyRegression() {
        for (boolean unbalanced : new boolean[] {false, true}) {
            Random rnd = new Random(5L);
            int units = 12;
            int years = 5;
            List<double[]> rowsX = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Object> us = new ArrayList<>();
            List<Object> ts = new ArrayList<>();
            for (int u = 0; u < units; u++) {
                double ue = rnd.nextGaussian();
                for (int t = 0; t < years; t++) {
                    double x1 = rnd.nextGaussian() + ue;
                    double x2 = rnd.nextGaussian() + t;
                    double yv = 1.5 * x1 - 0.5 * x2 + 3 * ue + 0.7 * t + rnd.nextGaussian();
                    if (unbalanced && (u + 2 * t) % 7 == 0) {
                        continue;
                    }
                    rowsX.add(new double[] {x1, x2});
                    ys.add(yv);
                    us.add("u" + u);
                    ts.add(2000 + t);
                }
            }
            int n = ys.size();
            double[] y = ys.stream().mapToDouble(Double::doubleValue).toArray();
            double[][] x = rowsX.toArray(new double[0][]);
            FixedEffects.Fit fe = FixedEffects.twoWay(y, x, us.toArray(), ts.toArray(), "x1", "x2");
            assertEquals(unbalanced, fe.demeaning().contains("alternating"), fe.demeaning());
            assertEquals(2 + years, fe.kAdjust());
            // dummies: x1, x2, units 2..G, years 2..T
            Map<Object, Integer> uIdx = new LinkedHashMap<>();
            Map<Object, Integer> tIdx = new LinkedHashMap<>();
            us.forEach(v -> uIdx.putIfAbsent(v, uIdx.size()));
            ts.forEach(v -> tIdx.putIfAbsent(v, tIdx.size()));
            int k = 2 + (units - 1) + (years - 1);
            double[][] d = new double[n][k];
            for (int i = 0; i < n; i++) {
                d[i][0] = x[i][0];
                d[i][1] = x[i][1];
                int ui = uIdx.get(us.get(i));
                int ti = tIdx.get(ts.get(i));
                if (ui > 0) {
                    d[i][1 + ui] = 1;
                }
                if (ti > 0) {
                    d[i][1 + (units - 1) + ti] = 1;
                }
            }
            OlsFit ols = Ols.fit(y, d);
            CoefficientTable cr = ols.cr1(us.toArray());
            int kOls = ols.k();
            for (int j = 0; j < 2; j++) {
                assertEquals(cr.estimate()[j + 1], fe.cr1().estimate()[j], 1e-10);
                double ratio = (n - (double) kOls) / (n - (double) fe.kAdjust());
                assertEquals(
                        cr.vcov()[j + 1][j + 1] * ratio,
                        fe.cr1().vcov()[j][j],
                        1e-10 * fe.cr1().vcov()[j][j]);
            }
            assertEquals(units - 1.0, fe.cr1().df());
            FixedEffects.Fit one = FixedEffects.oneWay(y, x, us.toArray(), "x1", "x2");
            assertEquals(3, one.kAdjust());
        }
    }
}
