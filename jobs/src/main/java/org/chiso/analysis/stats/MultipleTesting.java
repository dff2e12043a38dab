package org.chiso.analysis.stats;

import java.util.Arrays;
import java.util.Comparator;

/** Multiple-testing adjustments of p-values. */
public final class MultipleTesting {
    /** Convention string for {@link #benjaminiHochberg(double[])}. */
    public static final String BH_CONVENTION =
            "R p.adjust(method='BH'): p_(i) * m / i, cumulative minimum from the largest p, capped at 1; "
                    + "NaN kept, m = number of non-missing p-values";

    private MultipleTesting() {}

    /**
     * Benjamini-Hochberg adjusted p-values = R {@code p.adjust(p, method = "BH")}, in the input order.
     * NaN entries stay NaN and do not count towards m (R's default {@code n = length(p[!is.na(p)])}).
     *
     * @throws IllegalArgumentException when a p-value lies outside [0, 1]
     */
    public static double[] benjaminiHochberg(double[] p) {
        double[] out = new double[p.length];
        Arrays.fill(out, Double.NaN);
        Integer[] idx = java.util.stream.IntStream.range(0, p.length)
                .filter(i -> !Double.isNaN(p[i]))
                .boxed()
                .toArray(Integer[]::new);
        for (int i : idx) {
            if (p[i] < 0 || p[i] > 1) {
                throw new IllegalArgumentException("p-value outside [0, 1] at index " + i + ": " + p[i]);
            }
        }
        int m = idx.length;
        // R: o <- order(p, decreasing = TRUE) (stable); pmin(1, cummin(n / i * p[o])), i = n:1
        Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> p[i]).reversed());
        double running = Double.POSITIVE_INFINITY;
        for (int r = 0; r < m; r++) {
            int i = m - r;
            double v = ((double) m / i) * p[idx[r]];
            running = Math.min(running, v);
            out[idx[r]] = Math.min(1.0, running);
        }
        return out;
    }
}
