package org.chiso.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.chiso.analysis.stats.Reliability;
import org.chiso.analysis.stats.Winsorisation;
import org.chiso.core.ComponentDef;
import org.chiso.core.IndexDefinitions;
import org.junit.jupiter.api.Test;

/**
 * Planted truth for what R does not give: the bootstrap intervals of alpha (SYNTHETIC one-factor panels whose
 * population alpha is known), their seeding, and winsorisation cases the real panel does not have (ties, the low side).
 */
class ReviewPlantedTest {
    /** Items x_j = f + e_j, Var f = 1, Var e_j = 1: inter-item correlation 1/2, alpha = k ρ / (1 + (k-1) ρ). */
    private static double[][] oneFactor(Random rng, int n, int k) {
        double[][] x = new double[n][k];
        for (int i = 0; i < n; i++) {
            double f = rng.nextGaussian();
            for (int j = 0; j < k; j++) {
                x[i][j] = 5 + f + rng.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void bootstrapIntervalCoversThePlantedAlpha() {
        int k = 5;
        double truth = k * 0.5 / (1 + (k - 1) * 0.5); // 0.8333...
        Random rng = new Random(20250701);
        int reps = 200;
        int coveredRaw = 0;
        int coveredStd = 0;
        double errors = 0;
        for (int r = 0; r < reps; r++) {
            double[][] x = oneFactor(rng, 100, k);
            Reliability.Interval[] ci = Reliability.bootstrap(x, 1000, r, 0.95);
            assertEquals(1000, ci[0].replicates());
            coveredRaw += ci[0].low() <= truth && truth <= ci[0].high() ? 1 : 0;
            coveredStd += ci[1].low() <= truth && truth <= ci[1].high() ? 1 : 0;
            errors += Reliability.alpha(x).standardised() - truth;
        }
        System.out.printf(
                "planted alpha %.4f: raw interval covers %d/%d, standardised %d/%d, mean error %.4f%n",
                truth, coveredRaw, reps, coveredStd, reps, errors / reps);
        assertTrue(Math.abs(errors / reps) < 0.01, "alpha estimates the planted value: mean error " + errors / reps);
        // percentile intervals of alpha at n = 100 cover a little under their level; far from 95% is a bug
        for (int covered : new int[] {coveredRaw, coveredStd}) {
            assertTrue(covered >= 0.90 * reps && covered <= 0.99 * reps, "coverage " + covered + "/" + reps);
        }
    }

    @Test
    void alphaOfALargePlantedPanelIsThePopulationValue() {
        double[][] x = oneFactor(new Random(7), 20000, 4);
        Reliability.Alpha a = Reliability.alpha(x);
        assertEquals(0.8, a.raw(), 0.01); // 4 · 0.5 / 2.5
        assertEquals(0.8, a.standardised(), 0.01);
    }

    @Test
    void completeMatricesTakeTheShortPathToTheSameAlpha() {
        double[][] x = oneFactor(new Random(11), 63, 6);
        Reliability.Alpha fast = Reliability.alpha(x);
        assertEquals(Reliability.fromMatrix(Reliability.covariance(x)), fast.raw(), 1e-14);
        assertEquals(Reliability.fromMatrix(Reliability.correlation(x)), fast.standardised(), 1e-14);
        x[5][2] = Double.NaN; // one missing cell: the pairwise path
        Reliability.Alpha pairwise = Reliability.alpha(x);
        assertEquals(Reliability.fromMatrix(Reliability.covariance(x)), pairwise.raw(), 0);
        assertNotEquals(fast.raw(), pairwise.raw());
    }

    @Test
    void eachAlphaRowHasItsOwnSeedWhateverElseIsAudited() {
        IndexDefinitions defs = IndexDefinitions.load();
        Review.Group y2023 = planted(defs, 2023, new Random(1));
        Review.Group y2024 = planted(defs, 2024, new Random(2));
        Review.Options o = new Review.Options(null, null, 200, 99, 0.95);
        Map<String, List<Object>> both = intervals(Review.audit(List.of(y2023, y2024), defs, o));
        Map<String, List<Object>> alone = intervals(Review.audit(List.of(y2024), defs, o));
        alone.forEach((key, ci) -> assertEquals(ci, both.get(key), key));
        Map<String, List<Object>> again = intervals(Review.audit(List.of(y2024), defs, o));
        assertEquals(alone, again, "same seed, same intervals");
        Map<String, List<Object>> other =
                intervals(Review.audit(List.of(y2024), defs, new Review.Options(null, null, 200, 100, 0.95)));
        assertNotEquals(alone, other, "another seed draws other resamples");
        assertEquals(
                10,
                alone.size(),
                "8 dimensions over their sub-dimensions; the total over its dimensions and its leaves");
    }

    /** A SYNTHETIC PAPI year: 63 units, every sub-dimension one-factor, dimensions and total as sums. */
    private static Review.Group planted(IndexDefinitions defs, int year, Random rng) {
        List<ComponentDef> structure = defs.components("PAPI", year);
        List<String> units = new ArrayList<>();
        for (int i = 1; i <= 63; i++) {
            units.add(String.format("VN63-%02d", i));
        }
        Map<String, double[]> values = new TreeMap<>();
        double[] f = new double[63];
        for (int i = 0; i < 63; i++) {
            f[i] = rng.nextGaussian();
        }
        for (ComponentDef c : structure) {
            if (c.level().equals("SUBDIMENSION")) {
                double[] v = new double[63];
                for (int i = 0; i < 63; i++) {
                    v[i] = 1.5 + 0.2 * f[i] + 0.2 * rng.nextGaussian();
                }
                values.put(c.component(), v);
                add(values, c.parent(), v);
                add(values, "TOTAL", v);
            }
        }
        return new Review.Group("VN63", "PAPI", structure.get(0).version(), year, units, structure, values, true);
    }

    private static void add(Map<String, double[]> values, String to, double[] v) {
        double[] t = values.computeIfAbsent(to, k -> new double[v.length]);
        for (int i = 0; i < v.length; i++) {
            t[i] += v[i];
        }
    }

    private static Map<String, List<Object>> intervals(Review.Result r) {
        Map<String, List<Object>> m = new TreeMap<>();
        for (Row x : r.alpha().rows()) {
            m.put(
                    x.getAs("year") + "|" + x.getAs("aggregate") + "|" + x.getAs("items_level"),
                    List.of(
                            x.getAs("alpha_raw_ci_low"),
                            x.getAs("alpha_raw_ci_high"),
                            x.getAs("alpha_standardised_ci_low"),
                            x.getAs("alpha_standardised_ci_high")));
        }
        return m;
    }

    @Test
    void anUnknownIndexIsRefusedWithTheKnownOnes() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new Review.Options("PAPY", null, 10, 1, 0.95));
        assertTrue(e.getMessage().contains("--index PAPY") && e.getMessage().contains("PAPI"), e.getMessage());
        assertEquals("papi", new Review.Options("papi", 2023, 10, 1, 0.95).index(), "case-insensitive, kept as given");
    }

    @Test
    void tiedMaximaAreWinsorisedTogetherAndEarlierPointsMoveAgain() {
        double[] x = new double[40];
        for (int i = 0; i < 38; i++) {
            x[i] = i % 7;
        }
        x[38] = 100;
        x[39] = 100;
        Winsorisation.Result w = Winsorisation.winsorise(x);
        assertEquals(1, w.steps().size(), "two tied maxima go in one step");
        assertArrayEquals(new int[] {38, 39}, w.steps().get(0).positions());
        assertEquals(6, w.values()[38]);
        assertEquals(2, w.points());
        assertTrue(!w.flagged());
        assertEquals("winhi", w.treated()[39]);
    }

    @Test
    void lowOutliersAreWinsorisedFromBelowUpToFivePoints() {
        double[] x = new double[30];
        for (int i = 0; i < 24; i++) {
            x[i] = 50 + i % 5;
        }
        double[] low = {-400, -300, -200, -100, -50, -20};
        System.arraycopy(low, 0, x, 24, 6);
        Winsorisation.Result w = Winsorisation.winsorise(x);
        assertTrue(w.steps().stream().allMatch(s -> s.side().equals("low")));
        assertTrue(w.points() <= Winsorisation.WINMAX);
        // each step moves every point at the current minimum, so the points of step s include those of step s-1
        for (int s = 1; s < w.steps().size(); s++) {
            assertEquals(
                    w.steps().get(s - 1).positions().length + 1,
                    w.steps().get(s).positions().length);
        }
        assertEquals(w.points(), w.steps().get(w.steps().size() - 1).positions().length);
    }
}
