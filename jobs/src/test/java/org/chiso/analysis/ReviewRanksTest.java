package org.chiso.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.chiso.analysis.stats.IndexUncertainty;
import org.chiso.analysis.stats.SaltelliDesign;
import org.chiso.core.ComponentDef;
import org.chiso.core.Table;
import org.junit.jupiter.api.Test;

/**
 * {@link ReviewRanks} on SYNTHETIC planted panels: the latest year is chosen, the published recipe reproduces the
 * published ranking, every recipe is listed, and rank sets appear only where standard errors exist.
 */
class ReviewRanksTest {
    private static ComponentDef def(String c, String parent, String level) {
        return new ComponentDef("PAPI", "2018", 2018, 2030, c, parent, level, c, 1.0, 10.0, "sum");
    }

    /** 20 provinces, 4 dimensions with planted province effects, TOTAL their sum; one province misses D2. */
    private static Review.Group group(int year, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> units = new ArrayList<>();
        Map<String, double[]> values = new TreeMap<>();
        int n = 20;
        for (int u = 0; u < n; u++) {
            units.add(String.format("VN63-%02d", u + 1));
        }
        double[] total = new double[n];
        for (int d = 1; d <= 4; d++) {
            double[] v = new double[n];
            for (int u = 0; u < n; u++) {
                v[u] = 4 + 0.2 * u + 0.3 * r.nextGaussian();
                total[u] += v[u];
            }
            values.put("D" + d, v);
        }
        values.get("D2")[7] = Double.NaN;
        total[7] = Double.NaN;
        values.put("TOTAL", total);
        List<ComponentDef> structure = List.of(
                def("TOTAL", "", "TOTAL"),
                def("D1", "TOTAL", "DIMENSION"),
                def("D2", "TOTAL", "DIMENSION"),
                def("D3", "TOTAL", "DIMENSION"),
                def("D4", "TOTAL", "DIMENSION"));
        return new Review.Group("VN63", "PAPI", "2018", year, units, structure, values, true);
    }

    @Test
    void thePublishedRecipeReproducesThePublishedRankingAndEveryRecipeIsListed() {
        List<ReviewRanks.Case> cases =
                ReviewRanks.cases(List.of(group(2022, 1), group(2023, 2)), new HashMap<>(), null);
        assertEquals(1, cases.size());
        assertEquals(2023, cases.get(0).group().year());
        Table[] t = ReviewRanks.whatIf(cases);
        int recipes = 3 * 5 * ReviewRanks.weightSets(cases.get(0)).size() * 3;
        assertEquals(recipes, t[1].rows().size());
        assertEquals(recipes * 20, t[0].rows().size());
        int checked = 0;
        for (Row row : t[0].rows()) {
            if ("none/as_published/published/arithmetic".equals(row.getAs("recipe"))) {
                Integer shift = row.getAs("rank_shift");
                if (row.getAs("published_rank") != null) {
                    assertEquals(0, shift, "province " + row.getAs("province_key"));
                    checked++;
                } else {
                    assertNull(shift);
                }
            }
        }
        assertEquals(19, checked);
        assertTrue(
                ReviewRanks.rankSets(cases, ReviewRanks.Options.defaults(1))
                        .rows()
                        .isEmpty(),
                "no standard errors, no rank sets");
    }

    /**
     * A reviewer's weight set that puts everything on D3 gives, under the as-published arithmetic recipe, the ranks
     * of D3 itself (planted: computed here from the group's D3 values), as the recipe "none/as_published/user/
     * arithmetic"; the other recipes are unchanged in number plus one weight set.
     */
    @Test
    void aReviewersWeightSetIsOneMoreRecipeAndGivesTheRanksItPlants() throws Exception {
        List<ReviewRanks.Case> cases = ReviewRanks.cases(List.of(group(2023, 2)), new HashMap<>(), null);
        UserWeights user = UserWeights.parse(
                "weights.csv",
                "index,version,component,weight\nPAPI,*,D1,0\npapi,*,d2,0\nPAPI,*,D3,2.5\nPAPI,*,D4,0\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Table[] t = ReviewRanks.whatIf(cases, user);
        assertEquals(
                3 * 5 * (ReviewRanks.weightSets(cases.get(0)).size() + 1) * 3,
                t[1].rows().size());
        double[] d3 = cases.get(0).group().values("D3");
        int checked = 0;
        for (Row row : t[0].rows()) {
            if ("none/as_published/user/arithmetic".equals(row.getAs("recipe"))) {
                int u = cases.get(0).group().units().indexOf((String) row.getAs("province_key"));
                int rank = 1;
                for (double v : d3) {
                    rank += v > d3[u] ? 1 : 0;
                }
                assertEquals(d3[u], (double) row.getAs("score"), 1e-12);
                assertEquals(rank, (int) row.getAs("rank"), "province " + row.getAs("province_key"));
                checked++;
            }
        }
        assertEquals(20, checked);
        IllegalArgumentException partial = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> ReviewRanks.whatIf(
                        cases,
                        UserWeights.parse(
                                "w.csv",
                                "index,version,component,weight\nPAPI,2018,D1,1\nPAPI,2018,D9,1\n"
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertTrue(
                partial.getMessage().contains("w.csv")
                        && partial.getMessage().contains("missing [D2, D3, D4]")
                        && partial.getMessage().contains("not dimensions of it [D9]"),
                partial.getMessage());
    }

    @Test
    void aFaultyWeightsFileIsRefusedNamingFileLineAndColumn() {
        String[][] cases = {
            {"index,version,component,weight\nPAPI,*,D1,abc\n", "w.csv, line 2, column 4 (weight): 'abc' not a number"},
            {"index,version,component,weight\nPAPI,*,D1,-1\n", "line 2, column 4 (weight): '-1' a finite weight"},
            {"index,version,component,weight\nNOPE,*,D1,1\n", "line 2, column 1 (index): 'NOPE' not an index"},
            {
                "index,version,component,weight\nPAPI,*,D1,1\nPAPI,*,D1,2\n",
                "line 3, column 3 (component): 'D1' given twice"
            },
            {"index,component,weight\nPAPI,D1,1\n", "w.csv, line 1: the column version is missing"},
            {"index,version,component,weight\nPAPI,*,D1,0\nPAPI,*,D2,0\n", "every weight of PAPI * is 0"},
            {"index,version,component,weight\nPAPI,*,TOTAL,1\n", "(component): 'TOTAL' a dimension"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class,
                    () -> UserWeights.parse("w.csv", c[0].getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage() + " should contain " + c[1]);
        }
    }

    @Test
    void withStandardErrorsTheRankSetsAndTheSamplingFactorAppear() {
        Review.Group g = group(2024, 3);
        Map<String, Double> se = new HashMap<>();
        for (String u : g.units()) {
            for (String c : List.of("D1", "D2", "D3", "D4", "TOTAL")) {
                se.put(String.join("|", "VN63", "PAPI", "2018", "2024", u, c), c.equals("TOTAL") ? 0.4 : 0.2);
            }
        }
        List<ReviewRanks.Case> cases = ReviewRanks.cases(List.of(g), se, 2024);
        ReviewRanks.Options o = new ReviewRanks.Options(400, 0.25, 5, 10, 50, 10, 5, 500);
        Table sets = ReviewRanks.rankSets(cases, o);
        assertEquals(19, sets.rows().size());
        for (Row row : sets.rows()) {
            int rank = row.getAs("rank");
            assertTrue((int) row.getAs("marginal_low") <= rank && rank <= (int) row.getAs("marginal_high"));
            assertTrue((int) row.getAs("simultaneous_low") <= (int) row.getAs("marginal_low"));
            assertTrue((int) row.getAs("simultaneous_high") >= (int) row.getAs("marginal_high"));
        }
        IndexUncertainty m = ReviewRanks.model(cases.get(0), o);
        assertEquals(5, m.factors());
        SaltelliDesign.Result r = SaltelliDesign.finish(SaltelliDesign.accumulate(m, 5, 0, 400, 10), 50, 0.95, 5, 10);
        Table[] u = ReviewRanks.uncertainty(cases, List.of(r), o);
        assertEquals(20, u[0].rows().size());
        assertEquals(21 * 5, u[1].rows().size());
        for (Row row : u[0].rows()) {
            if (row.getAs("published_rank") != null) {
                double p05 = row.getAs("rank_p05");
                double p95 = row.getAs("rank_p95");
                assertTrue(p05 <= (double) row.getAs("median_rank") && (double) row.getAs("median_rank") <= p95);
            }
        }
    }
}
