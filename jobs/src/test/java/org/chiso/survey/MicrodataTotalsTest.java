package org.chiso.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The roll-up of SSUs to their PSU in {@link MicrodataTotals}, by hand (plain Java). */
class MicrodataTotalsTest {

    private static void add(MicrodataTotals t, String psu, String ssu, double w, double y) {
        t.addRespondent(
                "S",
                2024,
                List.of("D"),
                "H",
                psu,
                ssu,
                w,
                null,
                psu.equals("p1") ? 0.5 : 0.25,
                true,
                List.of(new RespondentScores.Score("I", "C", y, 0, 1, false)));
    }

    /**
     * PSU p1: SSU a {(w 2, y 0.5), (w 1, y 1)}, SSU b {(w 4, y 0.25)} and a respondent without an SSU (w 3, y 0); PSU
     * p2: respondents without SSUs only. p1's second-stage units are a, b and the lone respondent (m = 3): Σ B² = 3² +
     * 4² + 3², Σ A·B = 2·3 + 1·4 + 0·3, Σ A² = 2² + 1² + 0²; p2's are its two respondents (Σw², Σw²y, Σw²y²). The
     * first-order sums are the respondents' whatever the grouping, and merging two states split anywhere gives the
     * same bits.
     */
    @Test
    void ssusAndRespondentsWithoutOneAreTheSecondStageUnits() {
        MicrodataTotals one = new MicrodataTotals();
        MicrodataTotals left = new MicrodataTotals();
        MicrodataTotals right = new MicrodataTotals();
        Object[][] rows = {
            {"p1", "a", 2.0, 0.5},
            {"p1", "b", 4.0, 0.25},
            {"p1", null, 3.0, 0.0},
            {"p1", "a", 1.0, 1.0},
            {"p2", null, 1.5, 1.0},
            {"p2", null, 2.5, 0.5}
        };
        for (int i = 0; i < rows.length; i++) {
            Object[] r = rows[i];
            add(one, (String) r[0], (String) r[1], (double) r[2], (double) r[3]);
            add(i % 2 == 0 ? left : right, (String) r[0], (String) r[1], (double) r[2], (double) r[3]);
        }
        MicrodataTotals merged = left.merge(right);
        for (MicrodataTotals t : List.of(one, merged)) {
            Map<MicrodataTotals.Cell, MicrodataTotals.CellStats> cells = t.cells();
            assertEquals(2, cells.size());
            MicrodataTotals.CellStats p1 = cells.get(new MicrodataTotals.Cell("S", 2024, "I", "C", "D", "H", "p1"));
            assertEquals(4, p1.n());
            assertEquals(10, p1.sumW());
            assertEquals(3, p1.sumWY());
            assertEquals(2 * 0.25 + 1 + 4 * 0.0625, p1.sumWYY());
            assertEquals(9 + 16 + 9, p1.sumWW());
            assertEquals(2 * 3 + 1 * 4 + 0, p1.sumWWY());
            assertEquals(4 + 1 + 0, p1.sumWWYY());
            MicrodataTotals.CellStats p2 = cells.get(new MicrodataTotals.Cell("S", 2024, "I", "C", "D", "H", "p2"));
            assertEquals(1.5 * 1.5 + 2.5 * 2.5, p2.sumWW());
            assertEquals(1.5 * 1.5 + 2.5 * 2.5 * 0.5, p2.sumWWY());
            assertEquals(1.5 * 1.5 + 2.5 * 2.5 * 0.25, p2.sumWWYY());
            MicrodataTotals.StratumStats st = t.strata().get(new MicrodataTotals.StratumKey("S", 2024, "H"));
            assertEquals(Map.of("p1", 3L, "p2", 2L), st.psuUnits());
            assertEquals(Map.of("p1", 0.5, "p2", 0.25), st.psuProb());
            assertTrue(st.hasSsus());
        }
    }
}
