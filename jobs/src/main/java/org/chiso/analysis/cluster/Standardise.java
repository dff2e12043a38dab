package org.chiso.analysis.cluster;

import java.util.Arrays;

/**
 * Per-feature z-scores as R's {@code scale(x)}: column means, then the sample standard deviation of the
 * centred column, {@code sqrt(sum(v^2) / (n - 1))} (two passes, as R does). The means and SDs are kept so
 * that centroids found in standardised space can be mapped back to original units.
 *
 * <p>A constant column (SD 0) has no z-score; R would give NaN. Here it is mapped to 0 for every row
 * (it then plays no part in any distance) and its SD is reported as 0.
 */
public final class Standardise {
    private final double[] means;
    private final double[] sds;

    private Standardise(double[] means, double[] sds) {
        this.means = means;
        this.sds = sds;
    }

    /** Column means and sample SDs of {@code x} (rows = observations, at least two; no NaN). */
    public static Standardise fit(double[][] x) {
        int n = x.length;
        if (n < 2) {
            throw new IllegalArgumentException("standardising needs at least two rows, got " + n);
        }
        int p = x[0].length;
        double[] mean = new double[p];
        double[] sd = new double[p];
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (double[] row : x) {
                if (row.length != p) {
                    throw new IllegalArgumentException("ragged matrix: rows of length " + p + " and " + row.length);
                }
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException("non-finite value in column " + j);
                }
                s += row[j];
            }
            mean[j] = s / n;
            double ss = 0;
            for (double[] row : x) {
                double d = row[j] - mean[j];
                ss += d * d;
            }
            sd[j] = Math.sqrt(ss / (n - 1));
        }
        return new Standardise(mean, sd);
    }

    /** The z-scores of {@code x} with this object's means and SDs. */
    public double[][] apply(double[][] x) {
        double[][] z = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = new double[means.length];
            for (int j = 0; j < means.length; j++) {
                z[i][j] = sds[j] > 0 ? (x[i][j] - means[j]) / sds[j] : 0.0;
            }
        }
        return z;
    }

    /** A point (e.g. a centroid) in standardised space back in original units: mean + SD * z. */
    public double[] toOriginal(double[] z) {
        double[] v = new double[means.length];
        for (int j = 0; j < means.length; j++) {
            v[j] = means[j] + sds[j] * z[j];
        }
        return v;
    }

    /** Column means (R's {@code attr(, "scaled:center")}). */
    public double[] means() {
        return means.clone();
    }

    /** Column sample SDs (R's {@code attr(, "scaled:scale")}). */
    public double[] sds() {
        return sds.clone();
    }

    @Override
    public String toString() {
        return "Standardise[means=" + Arrays.toString(means) + ", sds=" + Arrays.toString(sds) + "]";
    }
}
