package org.chiso.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.chiso.core.Table;
import org.junit.jupiter.api.Test;

/**
 * The analysis tables on small, sparse and degenerate panels: no table aborts, every p-value column holds a
 * value in [0, 1] or null, and cells that cannot be estimated are skipped or carry their reason.
 */
class AnalysesRobustnessTest {
    private static final List<Function<List<Panel.Obs>, Table>> TABLES = List.of(
            Analyses::correlations,
            Analyses::trends,
            Analyses::panelRegressions,
            Analyses::convergence,
            Analyses::rankMobility);

    private static Panel.Obs total(String index, int year, String province, double value) {
        return new Panel.Obs("b", index, "v1", "s1", year, province, "TOTAL", "TOTAL", value, false);
    }

    /**
     * The reported failure: 20 provinces whose two index totals rank identically (tau = 1) gave an exact
     * Kendall p of -4.44e-16, and Benjamini-Hochberg in {@code correlations} threw on it.
     */
    @Test
    void perfectAgreementOfTwentyProvincesNoLongerBreaksBenjaminiHochberg() {
        List<Panel.Obs> panel = new ArrayList<>();
        for (int year = 2021; year <= 2023; year++) {
            for (int i = 0; i < 20; i++) {
                double v = 40 + i * 1.5;
                panel.add(total("PAPI", year, "P" + i, v));
                panel.add(total("PCI", year, "P" + i, 2 * v + 1));
            }
        }
        Table t = Analyses.correlations(panel);
        assertTrue(t.rows().size() > 0);
        assertPValuesInRange(t);
        int method = t.schema().fieldIndex("method");
        int p = t.schema().fieldIndex("p");
        boolean sawKendall = false;
        for (Row r : t.rows()) {
            if (r.getString(method).equals("kendall") && r.get(p) != null) {
                sawKendall = true;
                assertTrue(r.getDouble(p) >= 0 && r.getDouble(p) < 1e-10, "p = " + r.getDouble(p));
            }
        }
        assertTrue(sawKendall);
        assertPValuesInRange(Analyses.rankMobility(panel));
    }

    /** "Spearman correlation needs at least 2 complete pairs, got 1": one province ranked in both years. */
    @Test
    void sparseRankMobilityIsSkippedNotFatal() {
        List<Panel.Obs> panel = new ArrayList<>();
        panel.add(total("PAPI", 2021, "A", 41));
        panel.add(total("PAPI", 2021, "B", 43));
        panel.add(total("PAPI", 2022, "B", 44));
        panel.add(total("PAPI", 2022, "C", 40));
        assertEquals(0, Analyses.rankMobility(panel).rows().size());
        for (Function<List<Panel.Obs>, Table> table : TABLES) {
            assertPValuesInRange(table.apply(panel));
        }
    }

    /** Constant scores (beta-convergence on a constant initial level, fixed effects on no variation). */
    @Test
    void constantScoresGiveReasonsNotExceptions() {
        List<Panel.Obs> panel = new ArrayList<>();
        for (int year = 2020; year <= 2023; year++) {
            for (int i = 0; i < 12; i++) {
                panel.add(total("PAPI", year, "P" + i, 50));
                panel.add(total("PCI", year, "P" + i, year == 2020 ? 60 : 60 + i));
            }
        }
        for (Function<List<Panel.Obs>, Table> table : TABLES) {
            assertPValuesInRange(table.apply(panel));
        }
        Table conv = Analyses.convergence(panel);
        int kind = conv.schema().fieldIndex("kind");
        int convention = conv.schema().fieldIndex("convention");
        boolean reason = conv.rows().stream()
                .anyMatch(r -> r.getString(kind).equals("beta")
                        && r.getString(convention).contains("not computable"));
        assertTrue(reason, "beta on a constant initial level is recorded with its reason");
    }

    @Test
    void randomSmallPanelsWithGapsTiesAndNaN() {
        Random rnd = new Random(17);
        for (int k = 0; k < 60; k++) {
            List<Panel.Obs> panel = new ArrayList<>();
            int provinces = 1 + rnd.nextInt(14);
            int years = 1 + rnd.nextInt(4);
            for (int year = 2020; year < 2020 + years; year++) {
                for (int i = 0; i < provinces; i++) {
                    for (String index : new String[] {"PAPI", "PCI"}) {
                        if (rnd.nextInt(5) == 0) {
                            continue;
                        }
                        double v = switch (k % 4) {
                            case 0 -> rnd.nextInt(3);
                            case 1 -> rnd.nextInt(7) == 0 ? Double.NaN : rnd.nextGaussian();
                            case 2 -> 10 + i;
                            default -> 50 + 10 * rnd.nextGaussian();
                        };
                        panel.add(total(index, year, "P" + i, v));
                    }
                }
            }
            for (Function<List<Panel.Obs>, Table> table : TABLES) {
                assertPValuesInRange(table.apply(panel));
            }
        }
    }

    private static void assertPValuesInRange(Table t) {
        String[] names = t.schema().fieldNames();
        for (Row r : t.rows()) {
            for (int j = 0; j < names.length; j++) {
                String name = names[j];
                boolean isP = name.equals("p") || name.endsWith("_p") || name.equals("p_bh");
                if (isP && r.get(j) != null) {
                    double p = r.getDouble(j);
                    assertTrue(p >= 0 && p <= 1, name + " outside [0, 1]: " + p + " in " + r);
                }
            }
        }
    }
}
