package org.chiso.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed cases and edge cases of {@link TaylorEstimator}. */
class TaylorEstimatorTest {

    private static final List<Stratum> AB = List.of(new Stratum("A", 2), new Stratum("B", 2));
    private static final List<Stratum> ABC = List.of(new Stratum("A", 2), new Stratum("B", 2), new Stratum("C", 1));

    /** A: a1 (w1 y1, w1 y3), a2 (w2 y2); B: b1 (w1 y4), b2 has no domain member. */
    private static List<PsuTotals> small() {
        return new ArrayList<>(List.of(
                PsuTotals.of("A", "1", 1, 1).merge(PsuTotals.of("A", "1", 1, 3)),
                PsuTotals.of("A", "2", 2, 2),
                PsuTotals.of("B", "1", 1, 4)));
    }

    private static List<PsuTotals> smallWithLonely() {
        List<PsuTotals> d = small();
        d.add(PsuTotals.of("C", "1", 1, 0));
        return d;
    }

    private static DesignOptions opt(LonelyPsu l) {
        return DesignOptions.defaults().withLonelyPsu(l);
    }

    @Test
    void handComputedVariance() {
        // ybar = 12/5; z = (-0.16, -0.16 | 0.32, 0) -> A: 0, B: 2/1 * 2 * 0.16^2 = 0.1024
        DomainEstimate e = TaylorEstimator.mean(small(), AB, DesignOptions.defaults());
        assertEquals(2.4, e.mean(), 1e-15);
        assertEquals(0.1024, e.variance(), 1e-15);
        assertEquals(0.32, e.se(), 1e-15);
        assertEquals(4, e.n());
        assertEquals(5, e.sumW(), 0);
        assertEquals(2.4 - 1.959963984540054 * 0.32, e.ciLow(), 1e-14);
        assertEquals(Double.POSITIVE_INFINITY, e.df());
        assertEquals("normal", e.ciMethod());
        assertEquals("fail", e.lonelyPsu());
        assertEquals("replace", e.deffVariant());
        // deff replace: s2 = 4/3 * sum w(y-ybar)^2 / sum w = 4/3 * 5.2/5; vsrs = s2/4
        assertEquals(0.1024 / (4.0 / 3 * 5.2 / 5 / 4), e.deff(), 1e-13);
        DomainEstimate t =
                TaylorEstimator.mean(small(), AB, DesignOptions.defaults().withCiMethod(CiMethod.T));
        assertEquals(2, t.df()); // 4 PSUs - 2 strata
        assertEquals(2.4 + 4.302652729749464 * 0.32, t.ciHigh(), 1e-12);
        DomainEstimate t5 = TaylorEstimator.mean(
                small(),
                AB,
                DesignOptions.defaults().withCiMethod(CiMethod.T).withDf(5).withLevel(0.9));
        assertEquals(2.4 + 2.0150483733330224 * 0.32, t5.ciHigh(), 1e-12);
    }

    @Test
    void lonelyStratumOptions() {
        // ybar = 2; z: A (0, 0), B (1/3, 0), C (-1/3); B contributes 2 * 2 * (1/6)^2 = 1/9
        List<PsuTotals> d = smallWithLonely();
        assertEquals(
                1.0 / 9, TaylorEstimator.mean(d, ABC, opt(LonelyPsu.REMOVE)).variance(), 1e-15);
        assertEquals(
                1.0 / 9, TaylorEstimator.mean(d, ABC, opt(LonelyPsu.CERTAINTY)).variance(), 1e-15);
        assertEquals(
                2.0 / 9, TaylorEstimator.mean(d, ABC, opt(LonelyPsu.ADJUST)).variance(), 1e-15);
        // (0 + 1/9) * 3 strata present / 2 not lonely
        assertEquals(
                1.0 / 6, TaylorEstimator.mean(d, ABC, opt(LonelyPsu.AVERAGE)).variance(), 1e-15);
        LonelyPsuException e =
                assertThrows(LonelyPsuException.class, () -> TaylorEstimator.mean(d, ABC, DesignOptions.defaults()));
        assertEquals("C", e.stratum());
        assertTrue(e.getMessage().contains("Stratum (C)"));
        // a domain absent from the lonely stratum is fine under FAIL, and AVERAGE only counts the
        // strata in which the domain is present
        assertEquals(
                0.1024,
                TaylorEstimator.mean(small(), ABC, DesignOptions.defaults()).variance(),
                1e-15);
        assertEquals(
                0.1024,
                TaylorEstimator.mean(small(), ABC, opt(LonelyPsu.AVERAGE)).variance(),
                1e-15);
        // a census lonely stratum (N_h = n_h = 1) contributes 0 before the lonely rule (R onestrat)
        List<Stratum> census = List.of(new Stratum("A", 2, 10.0), new Stratum("B", 2, 10.0), new Stratum("C", 1, 1.0));
        DomainEstimate c = TaylorEstimator.mean(d, census, DesignOptions.defaults());
        assertEquals(1.0 / 9 * 0.8, c.variance(), 1e-15);
    }

    @Test
    void fpcAsPopulationSizeOrFractionAgrees() {
        List<Stratum> pop = List.of(new Stratum("A", 2, 8.0), new Stratum("B", 2, 5.0));
        List<Stratum> frac = List.of(new Stratum("A", 2, 0.25), new Stratum("B", 2, 0.4));
        double vPop =
                TaylorEstimator.mean(small(), pop, DesignOptions.defaults()).variance();
        double vFrac =
                TaylorEstimator.mean(small(), frac, DesignOptions.defaults()).variance();
        assertEquals(0.1024 * 0.6, vPop, 1e-15);
        assertEquals(vPop, vFrac, 1e-15);
        // census stratum B (N_h = n_h) -> zero variance here
        List<Stratum> census = List.of(new Stratum("A", 2, 8.0), new Stratum("B", 2, 2.0));
        assertEquals(
                0,
                TaylorEstimator.mean(small(), census, DesignOptions.defaults()).variance());
        // R: mixing population sizes and fractions, or N_h < n_h, is an error
        assertThrows(
                IllegalArgumentException.class,
                () -> TaylorEstimator.mean(
                        small(),
                        List.of(new Stratum("A", 2, 8.0), new Stratum("B", 2, 0.5)),
                        DesignOptions.defaults()));
        assertThrows(
                IllegalArgumentException.class,
                () -> TaylorEstimator.mean(
                        small(),
                        List.of(new Stratum("A", 2, 8.0), new Stratum("B", 2, 1.0)),
                        DesignOptions.defaults()));
    }

    @Test
    void domainInOnePsuOnlyHasZeroVariance() {
        // all scores of the domain's only PSU sum to zero: V = 0 (as R); the domain df is 0
        List<PsuTotals> d = List.of(PsuTotals.of("A", "1", 3, 1).merge(PsuTotals.of("A", "1", 1, 0)));
        DomainEstimate e = TaylorEstimator.mean(d, AB, DesignOptions.defaults());
        assertEquals(0.75, e.mean(), 1e-15);
        assertEquals(0, e.se(), 1e-15);
        DomainEstimate l = TaylorEstimator.mean(d, AB, DesignOptions.defaults().withCiMethod(CiMethod.LOGIT));
        assertEquals(0, l.df());
        assertTrue(Double.isNaN(l.ciLow()) && Double.isNaN(l.ciHigh()), "R gives NaN for df <= 0");
    }

    @Test
    void zeroWeightMembersChangeNothing() {
        List<PsuTotals> d = small();
        List<PsuTotals> withZero = small();
        withZero.set(1, withZero.get(1).merge(PsuTotals.of("A", "2", 0, 1e6)));
        withZero.add(PsuTotals.of("B", "2", 0, -42));
        for (DeffVariant v : DeffVariant.values()) {
            DesignOptions o = DesignOptions.defaults().withDeffVariant(v);
            assertEquals(TaylorEstimator.mean(d, AB, o), TaylorEstimator.mean(withZero, AB, o));
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> TaylorEstimator.mean(List.of(PsuTotals.of("A", "1", 0, 1)), AB, DesignOptions.defaults()));
    }

    @Test
    void allValuesEqualGiveZeroStandardError() {
        List<PsuTotals> d = List.of(
                PsuTotals.of("A", "1", 1.7, 0.3).merge(PsuTotals.of("A", "1", 212.9, 0.3)),
                PsuTotals.of("A", "2", 33.3, 0.3),
                PsuTotals.of("B", "1", 5.1, 0.3),
                PsuTotals.of("B", "2", 77.7, 0.3));
        DomainEstimate e = TaylorEstimator.mean(d, AB, DesignOptions.defaults());
        assertEquals(0.3, e.mean(), 1e-15);
        assertEquals(0, e.se(), 1e-15);
        assertEquals(0.3, e.ciLow(), 1e-14);
        // LOGIT with p = 0: degenerate interval [0, 0] (R: ~[2e-12, 4e-12])
        List<PsuTotals> zeros =
                List.of(PsuTotals.of("A", "1", 2, 0), PsuTotals.of("A", "2", 1, 0), PsuTotals.of("B", "1", 3, 0));
        DomainEstimate z =
                TaylorEstimator.mean(zeros, AB, DesignOptions.defaults().withCiMethod(CiMethod.LOGIT));
        assertEquals(0, z.ciLow());
        assertEquals(0, z.ciHigh());
    }

    @Test
    void badInputIsRejected() {
        assertThrows(
                IllegalArgumentException.class, () -> TaylorEstimator.mean(List.of(), AB, DesignOptions.defaults()));
        assertThrows(
                IllegalArgumentException.class,
                () -> TaylorEstimator.mean(List.of(PsuTotals.of("Z", "1", 1, 1)), AB, DesignOptions.defaults()));
        assertThrows(
                IllegalArgumentException.class,
                () -> TaylorEstimator.mean(
                        List.of(
                                PsuTotals.of("A", "1", 1, 1),
                                PsuTotals.of("A", "2", 1, 1),
                                PsuTotals.of("A", "3", 1, 2)),
                        AB,
                        DesignOptions.defaults()));
        assertThrows(
                IllegalArgumentException.class,
                () -> TaylorEstimator.mean(
                        List.of(PsuTotals.of("A", "1", 1, 2)),
                        AB,
                        DesignOptions.defaults().withCiMethod(CiMethod.LOGIT)));
        assertThrows(
                IllegalArgumentException.class, () -> DesignOptions.defaults().withLevel(1));
    }

    @Test
    void defaults() {
        DesignOptions d = DesignOptions.defaults();
        assertEquals(LonelyPsu.FAIL, d.lonelyPsu());
        assertEquals(CiMethod.NORMAL, d.ciMethod());
        assertEquals(0.95, d.level());
        assertEquals(DeffVariant.REPLACE, d.deffVariant());
        assertEquals(null, d.df());
        assertEquals(2, TaylorEstimator.designDf(ABC));
    }

    /** small() with PSU inclusion probabilities: A 0.5, 0.25; B 0.4, 0.8 (and an fpc that they override). */
    private static final List<Stratum> AB_PPS = List.of(
            new Stratum("A", 2, 10.0, java.util.Map.of("1", 0.5, "2", 0.25)),
            new Stratum("B", 2, 10.0, java.util.Map.of("1", 0.4, "2", 0.8)));

    @Test
    void ppsVariancesByHand() {
        // z = (-0.16, -0.16 | 0.32, 0): A's scores are equal, so A contributes 0 to every PPS variance
        DomainEstimate wr = TaylorEstimator.mean(small(), AB_PPS, DesignOptions.defaults());
        assertEquals(0.1024, wr.variance(), 1e-15, "with replacement: the probabilities and the fpc unused");
        assertEquals("with-replacement", wr.varianceMethod());
        // Brewer, B: 2 * ((1 - 0.4) 0.16^2 + (1 - 0.8) 0.16^2)
        DomainEstimate b =
                TaylorEstimator.mean(small(), AB_PPS, DesignOptions.defaults().withPps(PpsVariance.BREWER));
        assertEquals(2 * 0.8 * 0.0256, b.variance(), 1e-15);
        assertEquals("brewer", b.varianceMethod());
        // Overton and Hartley-Rao, B: (1 - 0.4) 0.32^2 (z_B2 = 0 removes the pair term)
        for (PpsVariance v : List.of(PpsVariance.OVERTON, PpsVariance.HARTLEY_RAO)) {
            DomainEstimate e = TaylorEstimator.mean(
                    small(), AB_PPS, DesignOptions.defaults().withPps(v));
            assertEquals(0.6 * 0.1024, e.variance(), 1e-15, v.name());
            assertEquals(v.cliName(), e.varianceMethod());
        }
        // without probabilities the fpc is the equal-probability correction, whatever --pps says
        List<Stratum> equal = List.of(new Stratum("A", 2, 10.0), new Stratum("B", 2, 10.0));
        DomainEstimate f =
                TaylorEstimator.mean(small(), equal, DesignOptions.defaults().withPps(PpsVariance.BREWER));
        assertEquals(0.8 * 0.1024, f.variance(), 1e-15);
        assertEquals("equal-probability-fpc", f.varianceMethod());
    }

    @Test
    void ppsStrataAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Stratum("A", 2, null, java.util.Map.of("1", 0.5)));
        assertThrows(IllegalArgumentException.class, () -> new Stratum("A", 1, null, java.util.Map.of("1", 1.5)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Stratum("A", 1, null, java.util.Map.of("1", 0.5), java.util.Map.of("2", 3L)));
        assertEquals(PpsVariance.HARTLEY_RAO, PpsVariance.parse("hartley_rao"));
        assertThrows(IllegalArgumentException.class, () -> PpsVariance.parse("sampford"));
        // a lonely PPS stratum under FAIL is refused, as any lonely stratum
        List<Stratum> lonely = List.of(new Stratum("C", 1, null, java.util.Map.of("1", 0.3)));
        assertThrows(
                LonelyPsuException.class,
                () -> TaylorEstimator.mean(
                        List.of(PsuTotals.of("C", "1", 1, 2)),
                        lonely,
                        DesignOptions.defaults().withPps(PpsVariance.OVERTON)));
    }

    /**
     * The second stage on SSUs: stratum A, PSU 1 (π 0.5) with SSUs a {(w 1, y 1), (1, 3)} and b {(2, 2)}, PSU 2
     * (π 0.25) with SSUs c {(1, 4)} and d {(1, 1)}; the PSU records carry Σ B², Σ A·B, Σ A² over their SSUs. The
     * variance is Brewer's first stage plus Σ_j π_j m_j/(m_j − 1) Σ_c (x_c − x̄_j)², computed here from the SSU
     * totals, and the T_DOMAIN df Satterthwaite's over df1 = 2 PSUs − 1 stratum and df2 = Σ (m_j − 1) = 2.
     */
    @Test
    void ppsSecondStageOnSsusWithSatterthwaiteDf() {
        double[][] ssu = {{4, 2}, {4, 2}, {4, 1}, {1, 1}}; // A_c = Σ w y, B_c = Σ w
        int[] psuOf = {0, 0, 1, 1};
        double[] pi = {0.5, 0.25};
        double w = 6;
        double ybar = 13.0 / 6;
        List<PsuTotals> d = List.of(
                new PsuTotals("A", "1", 4, 8, 1 + 9 + 8, 3, 2 * 2 + 2 * 2, 4 * 2 + 4 * 2, 4 * 4 + 4 * 4),
                new PsuTotals("A", "2", 2, 5, 16 + 1, 2, 1 + 1, 4 + 1, 16 + 1));
        List<Stratum> design = List.of(
                new Stratum("A", 2, null, java.util.Map.of("1", 0.5, "2", 0.25), java.util.Map.of("1", 2L, "2", 2L)));
        double[] x = new double[4];
        double[] z = new double[2];
        for (int c = 0; c < 4; c++) {
            x[c] = (ssu[c][0] - ybar * ssu[c][1]) / w;
            z[psuOf[c]] += x[c];
        }
        double zbar = (z[0] + z[1]) / 2;
        double v1 = 2 * ((1 - pi[0]) * (z[0] - zbar) * (z[0] - zbar) + (1 - pi[1]) * (z[1] - zbar) * (z[1] - zbar));
        double v2 = 0;
        for (int j = 0; j < 2; j++) {
            double mean = z[j] / 2;
            double ss = 0;
            for (int c = 0; c < 4; c++) {
                if (psuOf[c] == j) {
                    ss += (x[c] - mean) * (x[c] - mean);
                }
            }
            v2 += pi[j] * 2 * ss;
        }
        DesignOptions tDomain = DesignOptions.defaults().withCiMethod(CiMethod.T_DOMAIN);
        DomainEstimate b = TaylorEstimator.mean(d, design, tDomain.withPps(PpsVariance.BREWER));
        assertEquals(ybar, b.mean(), 1e-15);
        assertEquals(v1 + v2, b.variance(), 1e-15);
        double satterthwaite = (v1 + v2) * (v1 + v2) / (v1 * v1 / 1 + v2 * v2 / 2);
        assertEquals(satterthwaite, b.df(), 1e-12);
        assertTrue(b.df() > 1 && b.df() < 3, "between min(df1, df2) and df1 + df2: " + b.df());
        double q = TaylorEstimator.tQuantile(satterthwaite, 0.975);
        assertEquals(ybar + q * Math.sqrt(v1 + v2), b.ciHigh(), 1e-12);
        // LOGIT takes the same df; the with-replacement variance keeps the domain's design df (2 PSUs - 1 stratum)
        DomainEstimate wr = TaylorEstimator.mean(d, design, tDomain);
        assertEquals(1, wr.df());
        // T keeps the full design's df (R's degf), NORMAL none
        assertEquals(
                1,
                TaylorEstimator.mean(d, design, tDomain.withCiMethod(CiMethod.T).withPps(PpsVariance.BREWER))
                        .df());
        // the rule itself: a zero part adds nothing, df1 <= 0 with a first stage gives no interval
        assertEquals(2, TaylorEstimator.domainDf(2, 0.5, 0, 7));
        assertEquals(7, TaylorEstimator.domainDf(0, 0, 0.5, 7));
        assertEquals(0, TaylorEstimator.domainDf(0, 0.5, 0.5, 7));
        assertEquals(2 * 7 * 4.0 / (7 + 2), TaylorEstimator.domainDf(2, 1, 1, 7), 1e-12);
    }
}
