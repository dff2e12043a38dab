package org.chiso.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

/**
 * T_DOMAIN is the T interval with the domain's df, the df LOGIT uses (both checked against R in
 * {@link SurveyReferenceTest}): mean ± t(1-α/2, #domain PSUs − #domain strata)·se.
 */
class TDomainIntervalTest {
    @Test
    void usesTheDomainsDegreesOfFreedom() {
        List<Stratum> design = List.of(new Stratum("A", 3, null), new Stratum("B", 4, null), new Stratum("C", 2, null));
        List<PsuTotals> domain = List.of(
                PsuTotals.of("A", "a1", 2.0, 1.0),
                PsuTotals.of("A", "a2", 1.0, 0.0),
                PsuTotals.of("A", "a3", 1.5, 1.0),
                PsuTotals.of("B", "b1", 1.0, 0.0),
                PsuTotals.of("B", "b2", 3.0, 1.0));
        DomainEstimate t =
                TaylorEstimator.mean(domain, design, DesignOptions.defaults().withCiMethod(CiMethod.T_DOMAIN));
        DomainEstimate logit =
                TaylorEstimator.mean(domain, design, DesignOptions.defaults().withCiMethod(CiMethod.LOGIT));
        assertEquals(3.0, t.df(), 0.0, "5 PSUs with members in 2 strata");
        assertEquals(logit.df(), t.df(), 0.0);
        double q = new TDistribution(null, 3.0, 1e-15).inverseCumulativeProbability(0.975);
        assertEquals(t.mean() - q * t.se(), t.ciLow(), 1e-12);
        assertEquals(t.mean() + q * t.se(), t.ciHigh(), 1e-12);
        assertEquals(6, TaylorEstimator.designDf(design), "the full design has 9 PSUs in 3 strata");
    }
}
