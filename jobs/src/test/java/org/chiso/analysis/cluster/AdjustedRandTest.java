package org.chiso.analysis.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdjustedRandTest {
    @Test
    void handComputed() {
        // contingency {{2,1,0},{0,1,2}}: sum C(nij,2) = 2, rows 3+3 -> 6, columns 2,2,2 -> 3, C(6,2) = 15,
        // E = 6*3/15 = 1.2, max = 4.5: ARI = (2 - 1.2) / (4.5 - 1.2) = 8/33
        assertEquals(8.0 / 33.0, AdjustedRand.of(new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2}), 1e-15);
        // crossed halves: sum C(nij,2) = 0, rows 2, columns 2, C(4,2) = 6, E = 2/3, max = 2: ARI = -1/2
        assertEquals(-0.5, AdjustedRand.of(new int[] {1, 1, 2, 2}, new int[] {1, 2, 1, 2}), 1e-15);
    }

    @Test
    void labelsDoNotMatterOnlyTheGrouping() {
        int[] a = {0, 0, 1, 1, 2, 2, 2};
        int[] b = {7, 7, 3, 3, 9, 9, 9};
        assertEquals(1.0, AdjustedRand.of(a, b), 0);
        assertEquals(
                AdjustedRand.of(a, new int[] {0, 1, 1, 1, 2, 2, 0}),
                AdjustedRand.of(new int[] {0, 1, 1, 1, 2, 2, 0}, a),
                1e-15);
    }

    @Test
    void trivialPartitions() {
        assertEquals(1.0, AdjustedRand.of(new int[] {1, 1, 1}, new int[] {4, 4, 4}), 0);
        assertEquals(1.0, AdjustedRand.of(new int[] {0, 1, 2}, new int[] {5, 6, 7}), 0);
        assertEquals(0.0, AdjustedRand.of(new int[] {0, 0, 0, 0}, new int[] {0, 0, 1, 1}), 0);
    }
}
