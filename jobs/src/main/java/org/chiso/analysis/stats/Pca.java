package org.chiso.analysis.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * Principal components of standardised items, as COINr's {@code get_PCA} ({@code stats::prcomp(na.omit(X), center =
 * TRUE, scale. = TRUE)}): the eigen decomposition of the Pearson correlation matrix of the complete units (rows
 * without a missing item). Eigenvalues descending (prcomp's {@code sdev²}), share of variance = eigenvalue / k.
 * Rotation = unit eigenvectors (prcomp's {@code rotation}, COINr's PCA weights); loading = rotation · sqrt(eigenvalue),
 * the correlation of an item with the component. Sign convention (eigenvectors have none): each component's
 * rotation sums to a positive number (when the sum is 0, its first non-zero element is positive).
 */
public final class Pca {
    /** Sign convention stated in the report tables. */
    public static final String SIGN_CONVENTION = "each component's rotation sums to a positive number";

    /**
     * The result: complete units used, eigenvalues (descending), share of variance, rotation[item][component].
     */
    public record Result(int n, double[] eigenvalues, double[] share, double[][] rotation) {
        /** Loading of an item on a component: rotation · sqrt(eigenvalue). */
        public double loading(int item, int component) {
            return rotation[item][component] * Math.sqrt(Math.max(0, eigenvalues[component]));
        }
    }

    private Pca() {}

    /** The rows of {@code x} with no missing item. */
    public static double[][] completeRows(double[][] x) {
        List<double[]> out = new ArrayList<>();
        for (double[] r : x) {
            if (Arrays.stream(r).noneMatch(Double::isNaN)) {
                out.add(r);
            }
        }
        return out.toArray(new double[0][]);
    }

    /** PCA of the complete rows of {@code x}; null when fewer than 3 complete rows or 2 items, or an item is constant. */
    public static Result of(double[][] x) {
        double[][] c = completeRows(x);
        int k = x.length == 0 ? 0 : x[0].length;
        if (c.length < 3 || k < 2) {
            return null;
        }
        double[][] r = Reliability.correlation(c);
        for (double[] row : r) {
            for (double v : row) {
                if (Double.isNaN(v)) {
                    return null;
                }
            }
        }
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(r, false));
        double[] values = e.getRealEigenvalues();
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -values[i]));
        double[] eig = new double[k];
        double[] share = new double[k];
        double[][] rot = new double[k][k];
        for (int j = 0; j < k; j++) {
            eig[j] = values[order[j]];
            share[j] = eig[j] / k;
            double[] v = e.getEigenvector(order[j]).toArray();
            double sum = 0;
            for (double a : v) {
                sum += a;
            }
            double sign = sum > 0 ? 1 : sum < 0 ? -1 : firstNonZeroSign(v);
            for (int i = 0; i < k; i++) {
                rot[i][j] = sign * v[i];
            }
        }
        return new Result(c.length, eig, share, rot);
    }

    private static double firstNonZeroSign(double[] v) {
        for (double a : v) {
            if (a != 0) {
                return Math.signum(a);
            }
        }
        return 1;
    }
}
