package org.chiso.analysis.cluster;

/**
 * Silhouette widths as R's {@code cluster::silhouette(cl, dist(x))} with EUCLIDEAN distance (not the
 * squared Euclidean default of Spark's {@code ClusteringEvaluator}). For point i in cluster A:
 * a(i) = mean distance to the other members of A, b(i) = min over other clusters C of the mean distance to
 * the members of C, s(i) = (b - a) / max(a, b); s(i) = 0 when A is a singleton (as R) or when a = b.
 * The average width is the plain mean of s(i) ({@code summary(sil)$avg.width}).
 */
public final class Silhouette {
    private Silhouette() {}

    /**
     * @param width          s(i) per point
     * @param neighbor       the neighbouring cluster (the one giving b(i)), in the caller's labels
     * @param average        mean of s(i)
     * @param clusterAverage mean of s(i) per label 0..max label (NaN for an unused label)
     */
    public record Result(double[] width, int[] neighbor, double average, double[] clusterAverage) {}

    /** Silhouette of the partition {@code labels} (0-based ints) of the rows of {@code x}, Euclidean. */
    public static Result of(double[][] x, int[] labels) {
        return ofDistances(euclideanDistances(x), labels);
    }

    /** Pairwise Euclidean distances (R's {@code dist(x)}), as a full symmetric matrix. */
    public static double[][] euclideanDistances(double[][] x) {
        int n = x.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[i][j] = Math.sqrt(KMeansLloyd.sq(x[i], x[j]));
                d[j][i] = d[i][j];
            }
        }
        return d;
    }

    /**
     * Silhouette from a full distance matrix. Labels are non-negative ints; unused label values are
     * ignored (R maps the distinct labels to 1..k). Needs 2 <= k < n distinct labels, as R (which returns
     * NA otherwise).
     */
    public static Result ofDistances(double[][] d, int[] labels) {
        int n = labels.length;
        int maxLabel = -1;
        for (int l : labels) {
            if (l < 0) {
                throw new IllegalArgumentException("negative cluster label " + l);
            }
            maxLabel = Math.max(maxLabel, l);
        }
        int[] counts = new int[maxLabel + 1];
        for (int l : labels) {
            counts[l]++;
        }
        int k = 0;
        for (int c : counts) {
            k += c > 0 ? 1 : 0;
        }
        if (k < 2 || k >= n) {
            throw new IllegalArgumentException("silhouette needs 2 <= k < n clusters, got k=" + k + ", n=" + n);
        }
        double[][] diC = new double[n][maxLabel + 1];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                diC[i][labels[j]] += d[i][j];
                diC[j][labels[i]] += d[i][j];
            }
        }
        double[] s = new double[n];
        int[] neighbor = new int[n];
        double sum = 0;
        double[] clSum = new double[maxLabel + 1];
        for (int i = 0; i < n; i++) {
            int ci = labels[i];
            boolean compute = counts[ci] > 1;
            double a = compute ? diC[i][ci] / (counts[ci] - 1) : 0.0;
            double b = Double.POSITIVE_INFINITY;
            int nb = -1;
            for (int c = 0; c <= maxLabel; c++) {
                if (c == ci || counts[c] == 0) {
                    continue;
                }
                double m = diC[i][c] / counts[c];
                if (m < b) {
                    b = m;
                    nb = c;
                }
            }
            neighbor[i] = nb;
            s[i] = compute && b != a ? (b - a) / Math.max(a, b) : 0.0;
            sum += s[i];
            clSum[ci] += s[i];
        }
        double[] clAvg = new double[maxLabel + 1];
        for (int c = 0; c <= maxLabel; c++) {
            clAvg[c] = counts[c] == 0 ? Double.NaN : clSum[c] / counts[c];
        }
        return new Result(s, neighbor, sum / n, clAvg);
    }
}
