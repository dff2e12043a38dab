package org.chiso.analysis.stats;

import java.util.Arrays;

/** R's {@code quantile(x, p, type = 7)}, with R's own arithmetic, for the bootstrap intervals and rank summaries. */
public final class Quantiles {
    private Quantiles() {}

    /** The type-7 quantile of {@code values} (any order; not changed). */
    public static double type7(double[] values, double p) {
        double[] x = values.clone();
        Arrays.sort(x);
        return type7Sorted(x, p);
    }

    /**
     * The type-7 quantile of sorted values as R computes it: index = 1 + (n - 1) p, the value at floor(index), and
     * where index is fractional (1 - h) x[lo] + h x[hi]; NaN if empty.
     */
    public static double type7Sorted(double[] sorted, double p) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        double index = 1 + (n - 1) * p;
        int lo = (int) Math.floor(index);
        int hi = (int) Math.ceil(index);
        double qs = sorted[lo - 1];
        if (index > lo && sorted[hi - 1] != qs) {
            double h = index - lo;
            qs = (1 - h) * qs + h * sorted[hi - 1];
        }
        return qs;
    }
}
