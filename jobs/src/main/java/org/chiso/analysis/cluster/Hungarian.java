package org.chiso.analysis.cluster;

import java.util.Arrays;

/**
 * Minimum-cost assignment (Kuhn-Munkres, the O(n^2 m) shortest-augmenting-path form with potentials) for
 * square and rectangular cost matrices. With r rows and c columns, min(r, c) pairs are made, each row and
 * each column used at most once, minimising the summed cost.
 */
public final class Hungarian {
    private Hungarian() {}

    /**
     * The column assigned to each row ({@code -1} for a row left unassigned when there are more rows than
     * columns). Costs must be finite.
     */
    public static int[] solve(double[][] cost) {
        int rows = cost.length;
        if (rows == 0) {
            return new int[0];
        }
        int cols = cost[0].length;
        for (double[] r : cost) {
            if (r.length != cols) {
                throw new IllegalArgumentException("ragged cost matrix");
            }
            for (double v : r) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("non-finite cost " + v);
                }
            }
        }
        if (cols == 0) {
            int[] none = new int[rows];
            Arrays.fill(none, -1);
            return none;
        }
        if (rows <= cols) {
            return solveRowsLeCols(cost, rows, cols);
        }
        double[][] t = new double[cols][rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j][i] = cost[i][j];
            }
        }
        int[] colToRow = solveRowsLeCols(t, cols, rows);
        int[] rowToCol = new int[rows];
        Arrays.fill(rowToCol, -1);
        for (int j = 0; j < cols; j++) {
            rowToCol[colToRow[j]] = j;
        }
        return rowToCol;
    }

    /** Total cost of an assignment returned by {@link #solve}. */
    public static double totalCost(double[][] cost, int[] assignment) {
        double s = 0;
        for (int i = 0; i < assignment.length; i++) {
            if (assignment[i] >= 0) {
                s += cost[i][assignment[i]];
            }
        }
        return s;
    }

    // n <= m; 1-based arrays as in the classic formulation.
    private static int[] solveRowsLeCols(double[][] a, int n, int m) {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1];
        int[] way = new int[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[m + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[m + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = -1;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = a[i0 - 1][j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] rowToCol = new int[n];
        Arrays.fill(rowToCol, -1);
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0) {
                rowToCol[p[j] - 1] = j - 1;
            }
        }
        return rowToCol;
    }
}
