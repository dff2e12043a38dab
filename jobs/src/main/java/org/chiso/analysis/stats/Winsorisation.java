package org.chiso.analysis.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * COINr's iterative winsorisation ({@code winsorise()} of COINr 1.x, the default first treatment of
 * {@code Treat()}): while the outlier flag of {@link Shape#flagged} is up and fewer than {@code winmax} points are
 * winsorised, the side of the skew is treated (skew ≥ 0: high side, else low side): every point equal to the current
 * maximum (minimum) is set to the largest (smallest) of the other values. Points winsorised at an earlier step equal
 * the new extreme and are moved again with it, so the points of a side accumulate; the count of winsorised points is
 * COINr's {@code nwin}: the points of the last high-side step plus those of the last low-side step. Missing values
 * (NaN) are left alone and out of every statistic. When every remaining value ties with the extreme, there is nothing
 * to move it to and the loop stops (R would warn and set -Inf).
 *
 * <p>COINr falls back to a log transformation when 5 points do not clear the flag; that is a what-if choice, not
 * part of this audit, and such an indicator is reported as still flagged.
 */
public final class Winsorisation {
    /** COINr's default limit of winsorised points. */
    public static final int WINMAX = 5;

    /** One step: the side treated, the positions moved, their values before and after, the shape after the step. */
    public record Step(
            int step, String side, int[] positions, double[] before, double after, double skew, double kurt) {}

    /**
     * The outcome: treated values, COINr's count of winsorised points, the steps, the final side of each position
     * ({@code winhi}, {@code winlo} or empty, as COINr's {@code treated}), and the shape after treatment.
     */
    public record Result(
            double[] values,
            int points,
            List<Step> steps,
            String[] treated,
            boolean flagged,
            double skew,
            double kurt) {}

    private Winsorisation() {}

    /** Winsorises with COINr's defaults: at most {@value #WINMAX} points. */
    public static Result winsorise(double[] x) {
        return winsorise(x, WINMAX);
    }

    /** Winsorises at most {@code winmax} points (see the class comment). */
    public static Result winsorise(double[] x, int winmax) {
        double[] v = x.clone();
        double skew = Shape.skewness(v);
        double kurt = Shape.kurtosis(v);
        int[] high = new int[0];
        int[] low = new int[0];
        int nwin = 0;
        List<Step> steps = new ArrayList<>();
        while (Shape.flagged(skew, kurt) && nwin < winmax) {
            boolean up = skew >= 0;
            double extreme = up ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            for (double a : v) {
                if (!Double.isNaN(a) && (up ? a > extreme : a < extreme)) {
                    extreme = a;
                }
            }
            List<Integer> at = new ArrayList<>();
            double other = up ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            for (int i = 0; i < v.length; i++) {
                if (Double.isNaN(v[i])) {
                    continue;
                }
                if (v[i] == extreme) {
                    at.add(i);
                } else if (up ? v[i] > other : v[i] < other) {
                    other = v[i];
                }
            }
            if (Double.isInfinite(other)) {
                break;
            }
            int[] pos = at.stream().mapToInt(Integer::intValue).toArray();
            double[] before = new double[pos.length];
            for (int j = 0; j < pos.length; j++) {
                before[j] = v[pos[j]];
                v[pos[j]] = other;
            }
            if (up) {
                high = pos;
            } else {
                low = pos;
            }
            nwin = high.length + low.length;
            skew = Shape.skewness(v);
            kurt = Shape.kurtosis(v);
            steps.add(new Step(steps.size() + 1, up ? "high" : "low", pos, before, other, skew, kurt));
        }
        String[] treated = new String[v.length];
        Arrays.fill(treated, "");
        for (int i : high) {
            treated[i] = "winhi";
        }
        for (int i : low) {
            treated[i] = "winlo";
        }
        return new Result(v, nwin, List.copyOf(steps), treated, Shape.flagged(skew, kurt), skew, kurt);
    }
}
