package org.chiso.analysis.cluster;

import java.util.HashMap;
import java.util.Map;

/**
 * Adjusted Rand index of two partitions (Hubert and Arabie 1985), as {@code mclust::adjustedRandIndex}:
 * ARI = (sum_ij C(n_ij,2) - E) / (0.5 (sum_i C(a_i,2) + sum_j C(b_j,2)) - E), with
 * E = sum_i C(a_i,2) sum_j C(b_j,2) / C(n,2). Labels are arbitrary ints; only the grouping matters.
 * When the denominator is 0 (both partitions trivial: all singletons or one group) it is 1 when the two
 * partitions are identical and 0 otherwise.
 */
public final class AdjustedRand {
    private AdjustedRand() {}

    public static double of(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("partitions of different lengths: " + a.length + " and " + b.length);
        }
        int n = a.length;
        Map<Long, Integer> cells = new HashMap<>();
        Map<Integer, Integer> rowsA = new HashMap<>();
        Map<Integer, Integer> colsB = new HashMap<>();
        for (int i = 0; i < n; i++) {
            cells.merge(((long) a[i] << 32) ^ (b[i] & 0xffffffffL), 1, Integer::sum);
            rowsA.merge(a[i], 1, Integer::sum);
            colsB.merge(b[i], 1, Integer::sum);
        }
        double sumCells = 0;
        for (int c : cells.values()) {
            sumCells += choose2(c);
        }
        double sumA = 0;
        for (int c : rowsA.values()) {
            sumA += choose2(c);
        }
        double sumB = 0;
        for (int c : colsB.values()) {
            sumB += choose2(c);
        }
        double expected = n < 2 ? 0 : sumA * sumB / choose2(n);
        double max = 0.5 * (sumA + sumB);
        if (max - expected == 0) {
            return sumCells == sumA && sumCells == sumB ? 1.0 : 0.0;
        }
        return (sumCells - expected) / (max - expected);
    }

    private static double choose2(long m) {
        return m * (m - 1) / 2.0;
    }
}
