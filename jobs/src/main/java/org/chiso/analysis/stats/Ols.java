package org.chiso.analysis.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Ordinary least squares with an intercept, by Householder QR (commons-math3) of the design with centred
 * regressors [1, x - mean(x)] (mapped back to the original intercept; the same fit, but (X'X)⁻¹ and the
 * sandwiches keep their digits when a regressor is a calendar year), matching R
 * {@code summary(lm(y ~ x1 + ...))} to 1e-8 relative. Rows with a NaN in y or any regressor are dropped
 * (R's {@code na.omit}); {@link OlsFit#rows()} lists the rows used. Variance estimates:
 * {@link OlsFit#classical()}, {@link OlsFit#hc1()} and {@link OlsFit#cr1(Object[])}.
 */
public final class Ols {
    /** Column-collinearity tolerance on |R_jj| relative to the column norm (R's lm uses 1e-7). */
    static final double COLLINEARITY_TOL = 1e-7;

    private Ols() {}

    /**
     * Fits y on an intercept and the columns of x.
     *
     * @param y     response (NaN = missing)
     * @param x     x[i] is the regressor row of observation i (without the intercept); NaN = missing
     * @param names regressor names, one per column of x (default x1, x2, ...)
     * @throws IllegalArgumentException on ragged input, fewer rows than coefficients, or collinear columns
     */
    public static OlsFit fit(double[] y, double[][] x, String... names) {
        int p = x.length == 0 ? 0 : x[0].length;
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " rows, y has " + y.length);
        }
        List<String> nm = new ArrayList<>();
        nm.add("(Intercept)");
        for (int j = 0; j < p; j++) {
            nm.add(names.length > j ? names[j] : "x" + (j + 1));
        }
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (x[i].length != p) {
                throw new IllegalArgumentException("row " + i + " of x has " + x[i].length + " columns, expected " + p);
            }
            boolean ok = !Double.isNaN(y[i]);
            for (int j = 0; j < p && ok; j++) {
                ok = !Double.isNaN(x[i][j]);
            }
            if (ok) {
                rows.add(i);
            }
        }
        int n = rows.size();
        int[] used = new int[n];
        double[] yy = new double[n];
        double[] means = new double[p];
        for (int r = 0; r < n; r++) {
            int i = rows.get(r);
            used[r] = i;
            yy[r] = y[i];
            for (int j = 0; j < p; j++) {
                means[j] += x[i][j];
            }
        }
        for (int j = 0; j < p; j++) {
            means[j] /= n;
        }
        // Centred design [1, x - mean(x)]: the same least-squares fit, but well conditioned when a regressor
        // sits far from zero (calendar years), so (X'X)^-1 and the sandwiches lose no digits to cancellation.
        double[][] centred = new double[n][p + 1];
        double[] scale = new double[p + 1];
        for (int r = 0; r < n; r++) {
            int i = used[r];
            centred[r][0] = 1.0;
            for (int j = 0; j < p; j++) {
                centred[r][j + 1] = x[i][j] - means[j];
                scale[j + 1] += x[i][j] * x[i][j];
            }
        }
        scale[0] = Math.sqrt(n);
        for (int j = 1; j <= p; j++) {
            scale[j] = Math.sqrt(scale[j]);
        }
        Core c = solve(centred, yy, scale);
        return new OlsFit(nm, c, centred, means, yy, used, y.length);
    }

    // ------------------------------------------------------------------ shared linear algebra

    /** Least-squares solution, residuals and (X'X)^-1 from a QR of X. */
    record Core(double[] beta, double[] residuals, double[][] xtxInv) {}

    static double[] columnNorms(double[][] x) {
        int k = x.length == 0 ? 0 : x[0].length;
        double[] s = new double[k];
        for (double[] row : x) {
            for (int j = 0; j < k; j++) {
                s[j] += row[j] * row[j];
            }
        }
        for (int j = 0; j < k; j++) {
            s[j] = Math.sqrt(s[j]);
        }
        return s;
    }

    /**
     * QR least squares; {@code scale[j]} is the reference size of column j for the collinearity test
     * |R_jj| &lt; 1e-7 · scale[j].
     */
    static Core solve(double[][] x, double[] y, double[] scale) {
        int n = x.length;
        int k = n == 0 ? 0 : x[0].length;
        if (n <= k) {
            throw new IllegalArgumentException("need more observations (" + n + ") than coefficients (" + k + ")");
        }
        RealMatrix xm = new Array2DRowRealMatrix(x, false);
        QRDecomposition qr = new QRDecomposition(xm);
        RealMatrix r = qr.getR();
        for (int j = 0; j < k; j++) {
            if (!(Math.abs(r.getEntry(j, j)) >= COLLINEARITY_TOL * scale[j]) || scale[j] == 0) {
                throw new IllegalArgumentException("column " + j + " of the design is collinear with the others"
                        + " (or constant after absorbing fixed effects)");
            }
        }
        double[] beta = qr.getSolver().solve(new ArrayRealVector(y, false)).toArray();
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            double f = 0;
            for (int j = 0; j < k; j++) {
                f += x[i][j] * beta[j];
            }
            e[i] = y[i] - f;
        }
        // (X'X)^-1 = R^-1 R^-T with R the k x k upper triangle
        double[][] rinv = new double[k][k];
        for (int j = k - 1; j >= 0; j--) {
            rinv[j][j] = 1.0 / r.getEntry(j, j);
            for (int i = j - 1; i >= 0; i--) {
                double s = 0;
                for (int h = i + 1; h <= j; h++) {
                    s += r.getEntry(i, h) * rinv[h][j];
                }
                rinv[i][j] = -s / r.getEntry(i, i);
            }
        }
        double[][] inv = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                double s = 0;
                for (int h = Math.max(i, j); h < k; h++) {
                    s += rinv[i][h] * rinv[j][h];
                }
                inv[i][j] = s;
                inv[j][i] = s;
            }
        }
        return new Core(beta, e, inv);
    }

    /** c · B M B with M = Σ_g s_g s_g', s_g = Σ_{i in g} x_i e_i (g = null: every row its own group). */
    static double[][] sandwich(double[][] x, double[] e, double[][] bread, int[] group, int groups, double c) {
        int n = x.length;
        int k = bread.length;
        double[][] s = new double[group == null ? n : groups][k];
        for (int i = 0; i < n; i++) {
            double[] row = s[group == null ? i : group[i]];
            for (int j = 0; j < k; j++) {
                row[j] += x[i][j] * e[i];
            }
        }
        double[][] meat = new double[k][k];
        for (double[] sg : s) {
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    meat[a][b] += sg[a] * sg[b];
                }
            }
        }
        double[][] bm = multiply(bread, meat);
        double[][] v = multiply(bm, bread);
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                v[a][b] *= c;
            }
        }
        return v;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int m = a.length;
        int k = b.length;
        int n = b[0].length;
        double[][] c = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int h = 0; h < k; h++) {
                double aih = a[i][h];
                for (int j = 0; j < n; j++) {
                    c[i][j] += aih * b[h][j];
                }
            }
        }
        return c;
    }

    /** Cluster index 0..G-1 per used row (first-appearance order); nulls are rejected. */
    static int[] clusterIndex(Object[] cluster, int[] rows) {
        Map<Object, Integer> ids = new HashMap<>();
        int[] g = new int[rows.length];
        for (int r = 0; r < rows.length; r++) {
            Object c = cluster[rows[r]];
            if (c == null) {
                throw new IllegalArgumentException("missing cluster id at row " + rows[r]);
            }
            g[r] = ids.computeIfAbsent(c, key -> ids.size());
        }
        return g;
    }
}
