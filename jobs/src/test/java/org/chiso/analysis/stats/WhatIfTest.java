package org.chiso.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chiso.analysis.stats.WhatIf.Aggregation;
import org.chiso.analysis.stats.WhatIf.Imputation;
import org.chiso.analysis.stats.WhatIf.Normalisation;
import org.chiso.analysis.stats.WhatIf.Recipe;
import org.chiso.analysis.stats.WhatIf.Result;
import org.chiso.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * {@link WhatIf} against base R with COINr's formulas written out (jobs/src/test/r/whatif_reference.R) on the real
 * PAPI dimensions of 2021 and 2023: 90 recipes a year, every score to 1e-8 and every rank equal (up to ties within
 * 1e-9, which R's extended-precision sums may order otherwise).
 */
class WhatIfTest {
    private static final Path LONG = SharedData.data("papi/papi_2011_2024_subdimensions_long.csv");

    /** The D1..D8 matrix of a year, provinces in papi_pid order, NaN where blank. */
    static Map<String, double[]> dimensions(int year) throws IOException {
        List<String> lines = Files.readAllLines(LONG, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(",", -1));
        int d1 = header.indexOf("D1");
        Map<String, double[]> rows = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (Integer.parseInt(f[0]) != year) {
                continue;
            }
            double[] x = new double[8];
            for (int i = 0; i < 8; i++) {
                x[i] = f[d1 + i].isEmpty() ? Double.NaN : Double.parseDouble(f[d1 + i]);
            }
            rows.put(f[header.indexOf("papi_pid")], x);
        }
        return rows;
    }

    @Test
    void everyRecipeMatchesBaseROnTheRealPapiPanel() throws IOException {
        Map<String, List<String[]>> expected = new LinkedHashMap<>();
        List<String> lines =
                Files.readAllLines(Path.of("src/test/resources/whatif/scores.csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            expected.computeIfAbsent(f[0] + "|" + f[1], k -> new ArrayList<>()).add(f);
        }
        assertEquals(180, expected.size());
        int scores = 0;
        double worst = 0;
        for (Map.Entry<String, List<String[]>> e : expected.entrySet()) {
            String[] key = e.getKey().split("\\|");
            Map<String, double[]> dims = dimensions(Integer.parseInt(key[0]));
            double[][] x = dims.values().toArray(new double[0][]);
            String[] r = key[1].split("/");
            Recipe recipe = new Recipe(
                    Imputation.valueOf(r[0].toUpperCase()),
                    Normalisation.valueOf(r[1].toUpperCase()),
                    r[2].equals("equal")
                            ? new double[] {1, 1, 1, 1, 1, 1, 1, 1}
                            : new double[] {1, 2, 3, 4, 5, 6, 7, 8},
                    Aggregation.valueOf(r[3].toUpperCase()));
            Result got = WhatIf.compute(x, recipe);
            List<String[]> rows = e.getValue();
            assertEquals(x.length, rows.size());
            List<String> pids = new ArrayList<>(dims.keySet());
            for (int u = 0; u < x.length; u++) {
                String[] f = rows.get(u);
                String what = e.getKey() + " " + f[2];
                assertEquals(pids.get(u), f[2]);
                if (f[3].equals("NA")) {
                    assertTrue(Double.isNaN(got.scores()[u]), what);
                    assertEquals(0, got.ranks()[u], what);
                    continue;
                }
                double want = Double.parseDouble(f[3]);
                double diff = Math.abs(want - got.scores()[u]);
                worst = Math.max(worst, diff / Math.max(1, Math.abs(want)));
                assertEquals(want, got.scores()[u], 1e-8 * Math.max(1, Math.abs(want)), what);
                int rank = Integer.parseInt(f[4]);
                if (rank != got.ranks()[u]) {
                    // only a tie (to 1e-9) may be ordered otherwise
                    int tied = 0;
                    for (double s : got.scores()) {
                        tied += Math.abs(s - got.scores()[u]) <= 1e-9 * Math.max(1, Math.abs(want)) ? 1 : 0;
                    }
                    assertTrue(tied > 1 && Math.abs(rank - got.ranks()[u]) < tied, what + " rank " + got.ranks()[u]);
                }
                scores++;
            }
        }
        System.out.printf(
                "what-if: %d scores of 180 recipe-years equal to base R, largest relative difference %.2e%n",
                scores, worst);
        assertEquals(11340 - 150, scores);
    }

    @Test
    void badWeightsAreRefused() {
        double[][] x = {{1, 2}, {3, 4}};
        assertThrows(
                IllegalArgumentException.class,
                () -> WhatIf.compute(
                        x,
                        new Recipe(Imputation.NONE, Normalisation.MIN_MAX, new double[] {1}, Aggregation.ARITHMETIC)));
        assertThrows(
                IllegalArgumentException.class,
                () -> WhatIf.compute(
                        x,
                        new Recipe(
                                Imputation.NONE, Normalisation.MIN_MAX, new double[] {1, -1}, Aggregation.ARITHMETIC)));
    }
}
