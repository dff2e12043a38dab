package org.chiso.survey.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.chiso.core.ProvinceRegistry;
import org.chiso.survey.synth.PpsCoverage.Option;
import org.junit.jupiter.api.Test;

/**
 * The SYNTHETIC designs' PPS selection, their inclusion probabilities and the two planted truths, and the
 * coverage of each variance option against the truth it targets (plain Java, no Spark).
 */
class PpsCoverageTest {
    private static final ProvinceRegistry REGISTRY = ProvinceRegistry.load();

    @Test
    void selectedDistrictsCarryTheirFrameInclusionProbabilities() {
        for (SyntheticDesign.Survey s : SyntheticDesign.Survey.values()) {
            SyntheticDesign d = SyntheticDesign.create(s, 7, REGISTRY, SyntheticDesign.Params.REALISTIC);
            for (SyntheticDesign.Stratum st : d.strata()) {
                double[] pi = d.frameInclusionProbabilities(st.index());
                assertEquals(st.frameDistricts(), pi.length);
                List<SyntheticDesign.Psu> psus =
                        d.psus().stream().filter(p -> p.stratum() == st.index()).toList();
                double sum = 0;
                for (double p : pi) {
                    assertTrue(p > 0 && p <= 1, st.key() + ": " + p);
                    sum += p;
                }
                assertEquals(psus.size(), sum, 1e-9, st.key() + ": the frame's probabilities add up to n");
                for (SyntheticDesign.Psu p : psus) {
                    assertEquals(pi[p.frameNumber() - 1], p.prob(), 0.0, p.id());
                }
            }
        }
    }

    /** Randomised systematic PPS takes each district with its probability: 40,000 draws, within 4.5 SE. */
    @Test
    void systematicSamplingHasTheStatedInclusionProbabilities() {
        double[] size = {0.4, 2.0, 1.1, 0.7, 1.9, 0.5, 1.3, 0.45};
        double[] pi = SyntheticDesign.inclusionProbabilities(size, 3);
        int draws = 40_000;
        int[] taken = new int[size.length];
        for (int r = 0; r < draws; r++) {
            List<Integer> s = SyntheticDesign.systematicPps(pi, 3, 1000 + r, 1, 0);
            assertEquals(3, s.size());
            s.forEach(d -> taken[d]++);
        }
        for (int d = 0; d < size.length; d++) {
            double se = Math.sqrt(pi[d] * (1 - pi[d]) / draws);
            double f = taken[d] / (double) draws;
            assertTrue(Math.abs(f - pi[d]) < 4.5 * se + 1e-12, "district " + d + ": " + f + " vs pi " + pi[d]);
        }
        // a district whose share would give pi >= 1 is taken with certainty and the others rescaled
        double[] big = SyntheticDesign.inclusionProbabilities(new double[] {10, 1, 1, 1, 1}, 2);
        assertEquals(1.0, big[0]);
        assertEquals(0.25, big[1], 1e-15);
    }

    /** The finite-population truth moves the model truth by the frame's realised district effects: mean zero. */
    @Test
    void finitePopulationTruthDiffersFromTheModelTruthByRealisedDistrictEffects() {
        SyntheticDesign d =
                SyntheticDesign.create(SyntheticDesign.Survey.SIPAS, 3, REGISTRY, SyntheticDesign.Params.REALISTIC);
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (SyntheticDesign.Truth t : d.truths(List.of(2024))) {
            double diff = t.finitePopulationValue() - t.value();
            sum += diff;
            sq += diff * diff;
            n++;
        }
        double mean = sum / n;
        double sd = Math.sqrt(sq / n - mean * mean);
        assertTrue(sd > 0.05, "realised district effects move the truth: sd " + sd);
        assertTrue(Math.abs(mean) < 4 * sd / Math.sqrt(n / 7.0), "mean difference " + mean + " (sd " + sd + ")");
    }

    /**
     * Each variance against the truth it targets, default 95% intervals (t with the domain's df): the
     * with-replacement variance (t with the domain's PSUs − strata, 2 for a province with 3 PSUs) against the model
     * truth, and Brewer, Overton and Hartley-Rao, whose second stage is on the communes (SSUs) with Satterthwaite's
     * df, against the finite-population truth, each cover 94-96%; on average their variance equals the squared error
     * against that truth within 5%. The same Brewer variance with the respondents as second-stage units is about as
     * large on average but claims ~190 df for its second stage where the communes give 1 per district, so its
     * Satterthwaite df are too many and it under-covers; Brewer's first stage alone (R's one-stage formula)
     * under-covers, as the within-PSU variance is scaled by (1 − π) with the rest. One seed and two years of both
     * surveys (a few seconds); {@link PpsCoverage#main} measures more.
     */
    @Test
    void eachVarianceCoversTheTruthItTargets() {
        PpsCoverage.Result r = PpsCoverage.measure(List.of(11L), List.of(2023, 2024), REGISTRY);
        System.out.print("PpsCoverageTest, seed 11, 2023-2024:\n" + r.table());
        assertTrue(r.cells > 1800, "cells " + r.cells);
        assertTrue(r.model(Option.WITH_REPLACEMENT) >= 0.94 && r.model(Option.WITH_REPLACEMENT) <= 0.96, r.table());
        for (Option o : List.of(Option.BREWER, Option.OVERTON, Option.HARTLEY_RAO)) {
            assertTrue(r.finite(o) >= 0.94 && r.finite(o) <= 0.96, o + "\n" + r.table());
            assertTrue(Math.abs(r.varianceRatioFinite(o) - 1) < 0.05, o + "\n" + r.table());
        }
        assertTrue(r.finite(Option.BREWER_RESPONDENTS) < 0.94, r.table());
        assertTrue(r.finite(Option.BREWER_ONE_STAGE) < 0.95, r.table());
    }
}
