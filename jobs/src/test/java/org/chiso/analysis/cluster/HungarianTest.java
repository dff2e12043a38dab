package org.chiso.analysis.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HungarianTest {
    @Test
    void squareHandComputed() {
        // permutations: 012=6, 021=11, 102=5, 120=9, 201=7, 210=6 -> unique optimum (1,0,2), cost 5
        double[][] c = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        int[] a = Hungarian.solve(c);
        assertArrayEquals(new int[] {1, 0, 2}, a);
        assertEquals(5.0, Hungarian.totalCost(c, a), 0);
    }

    @Test
    void moreColumnsThanRows() {
        // pairs: (0,2)=17 is the best of the six choices (28, 17, 29, 26, 18, 26)
        double[][] c = {{10, 19, 8}, {10, 18, 7}};
        assertArrayEquals(new int[] {0, 2}, Hungarian.solve(c));
    }

    @Test
    void moreRowsThanColumnsLeavesOneRowOut() {
        // r0->c0 + r1->c1 = 3 beats every other choice (r0c0+r2c1=4, r2c0+r1c1=5, ...)
        double[][] c = {{1, 5}, {4, 2}, {3, 3}};
        assertArrayEquals(new int[] {0, 1, -1}, Hungarian.solve(c));
    }

    @Test
    void negativeCostsAndAMaximisationByNegation() {
        // maximise the profit {{7, 5}, {6, 1}}: 5 + 6 = 11 beats 7 + 1 = 8
        double[][] c = {{-7, -5}, {-6, -1}};
        assertArrayEquals(new int[] {1, 0}, Hungarian.solve(c));
    }

    @Test
    void matchesBruteForceOnRandomMatrices() {
        Random r = new Random(7);
        for (int t = 0; t < 200; t++) {
            int rows = 1 + r.nextInt(6);
            int cols = 1 + r.nextInt(6);
            double[][] c = new double[rows][cols];
            for (double[] row : c) {
                for (int j = 0; j < cols; j++) {
                    row[j] = r.nextInt(20) - 5 + r.nextDouble();
                }
            }
            int[] a = Hungarian.solve(c);
            boolean[] used = new boolean[cols];
            int assigned = 0;
            for (int v : a) {
                if (v >= 0) {
                    assertEquals(false, used[v], "column used twice");
                    used[v] = true;
                    assigned++;
                }
            }
            assertEquals(Math.min(rows, cols), assigned);
            assertEquals(brute(c, 0, new boolean[cols], Math.min(rows, cols), rows), Hungarian.totalCost(c, a), 1e-9);
        }
    }

    /** Minimum over all ways of assigning `need` rows (from row i on) to distinct columns. */
    private static double brute(double[][] c, int i, boolean[] used, int need, int rows) {
        if (need == 0) {
            return 0;
        }
        if (rows - i < need) {
            return Double.POSITIVE_INFINITY;
        }
        double best = brute(c, i + 1, used, need, rows); // leave row i out
        for (int j = 0; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.min(best, c[i][j] + brute(c, i + 1, used, need - 1, rows));
                used[j] = false;
            }
        }
        return best;
    }
}
