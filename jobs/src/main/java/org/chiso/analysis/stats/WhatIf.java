package org.chiso.analysis.stats;

import java.util.Arrays;

/**
 * A composite index recomputed under alternative construction choices (COINr's conventions, JRC/OECD Handbook 2008):
 * units (provinces) by indicators (an index's dimensions), each choice a {@link Recipe} of imputation, normalisation,
 * weights and aggregation, applied in that order.
 *
 * <ul>
 *   <li>Imputation of missing cells: {@code NONE} (the aggregation renormalises over the parts present),
 *       {@code MEAN} (the indicator's mean over the units that have it, COINr {@code i_mean}), {@code REGRESSION} (the
 *       indicator regressed by least squares ({@link Ols}) on the other indicators over the complete units, predicted from the
 *       unit's values; a unit missing a regressor too gets the indicator's mean).
 *   <li>Normalisation, per indicator over the units: {@code AS_PUBLISHED} (none), {@code MIN_MAX} (to [0, 100],
 *       COINr {@code n_minmax}), {@code Z_SCORE} (mean 0, sample sd 1, {@code n_zscore}), {@code PERCENTILE_RANK}
 *       ((rank with ties at the minimum - 1) / (n - 1), {@code n_prank}), {@code DISTANCE_TO_FRONTIER} (1 - (max - x) /
 *       (max - min), {@code n_dist2max}).
 *   <li>Weights: any non-negative vector, used relative to its sum over the parts present.
 *   <li>Aggregation: {@code ARITHMETIC} (weighted mean, COINr {@code a_amean}), {@code GEOMETRIC} (prod x^w ^ (1 /
 *       sum w), {@code a_gmean}), {@code HARMONIC} (sum w / sum (w / x), {@code a_hmean}). Geometric and harmonic
 *       means need positive values; the rule for zeros and negatives: an indicator whose normalised values are not all
 *       positive is shifted by (1 - its minimum), so that its lowest unit has 1 (COINr refuses such data instead).
 * </ul>
 *
 * <p>Ranks: 1 = highest score, ties share the better rank; a unit without any part present has no score (NaN) and no
 * rank (0).
 */
public final class WhatIf {
    /** How missing cells are filled. */
    public enum Imputation {
        NONE,
        MEAN,
        REGRESSION
    }

    /** How indicators are brought to a common scale. */
    public enum Normalisation {
        AS_PUBLISHED,
        MIN_MAX,
        Z_SCORE,
        PERCENTILE_RANK,
        DISTANCE_TO_FRONTIER
    }

    /** How normalised indicators are combined. */
    public enum Aggregation {
        ARITHMETIC,
        GEOMETRIC,
        HARMONIC
    }

    /** One way of building the index. */
    public record Recipe(
            Imputation imputation, Normalisation normalisation, double[] weights, Aggregation aggregation) {}

    /** Scores (NaN: none) and ranks (0: none) of the units under one recipe. */
    public record Result(double[] scores, int[] ranks) {}

    private WhatIf() {}

    /**
     * The index of {@code x} (units by indicators, NaN = missing) under {@code recipe}.
     *
     * @throws IllegalArgumentException if the weights do not match the indicators or are negative
     */
    public static Result compute(double[][] x, Recipe recipe) {
        int k = x.length == 0 ? 0 : x[0].length;
        if (recipe.weights().length != k) {
            throw new IllegalArgumentException(
                    "what-if: " + recipe.weights().length + " weights for " + k + " indicators");
        }
        for (double w : recipe.weights()) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("what-if: weights must be finite and non-negative, got " + w);
            }
        }
        return score(prepare(x, recipe.imputation(), recipe.normalisation()), recipe.weights(), recipe.aggregation());
    }

    /** The imputed and normalised indicators of {@code x} (a new matrix), ready for {@link #score}. */
    public static double[][] prepare(double[][] x, Imputation imputation, Normalisation normalisation) {
        return normalise(impute(x, imputation), normalisation);
    }

    /** Scores and ranks of prepared indicators under weights and an aggregation ({@code prepared} is unchanged). */
    public static Result score(double[][] prepared, double[] weights, Aggregation aggregation) {
        double[][] norm = prepared;
        if (aggregation != Aggregation.ARITHMETIC) {
            norm = copy(prepared);
            shiftPositive(norm);
        }
        double[] scores = new double[norm.length];
        for (int u = 0; u < norm.length; u++) {
            scores[u] = aggregate(norm[u], weights, aggregation);
        }
        return new Result(scores, ranks(scores));
    }

    /** Ranks from the highest score (1) down, ties sharing the better rank; 0 for a unit without a score. */
    public static int[] ranks(double[] scores) {
        int[] r = new int[scores.length];
        for (int u = 0; u < scores.length; u++) {
            if (Double.isNaN(scores[u])) {
                continue;
            }
            int higher = 0;
            for (double s : scores) {
                if (s > scores[u]) {
                    higher++;
                }
            }
            r[u] = higher + 1;
        }
        return r;
    }

    /** Missing cells filled as {@code how} says (a copy; {@code x} is unchanged). */
    static double[][] impute(double[][] x, Imputation how) {
        double[][] out = copy(x);
        if (how == Imputation.NONE) {
            return out;
        }
        int k = x.length == 0 ? 0 : x[0].length;
        double[] means = new double[k];
        for (int i = 0; i < k; i++) {
            means[i] = mean(column(x, i));
        }
        for (int i = 0; i < k; i++) {
            double[] beta = how == Imputation.REGRESSION ? regression(x, i) : null;
            for (int u = 0; u < x.length; u++) {
                if (!Double.isNaN(x[u][i])) {
                    continue;
                }
                double v = means[i];
                if (beta != null) {
                    double p = beta[0];
                    for (int j = 0, b = 1; j < k; j++) {
                        if (j != i) {
                            p += beta[b++] * x[u][j];
                        }
                    }
                    if (!Double.isNaN(p)) {
                        v = p;
                    }
                }
                out[u][i] = v;
            }
        }
        return out;
    }

    /**
     * Least-squares coefficients (intercept first) of indicator {@code i} on the others over the complete units
     * ({@link Ols}), or null when there are too few complete units (at most as many as coefficients) or the others
     * are collinear.
     */
    private static double[] regression(double[][] x, int i) {
        int k = x[0].length;
        double[] y = new double[x.length];
        double[][] others = new double[x.length][k - 1];
        for (int u = 0; u < x.length; u++) {
            y[u] = x[u][i];
            for (int j = 0, b = 0; j < k; j++) {
                if (j != i) {
                    others[u][b++] = x[u][j];
                }
            }
        }
        try {
            return Ols.fit(y, others).coefficients();
        } catch (IllegalArgumentException tooFewOrCollinear) {
            return null;
        }
    }

    /**
     * Ranks of {@code scores} among the units that have a reference rank (0 for the others), so that a unit only a
     * recipe can score (missing parts under no imputation) does not move the others.
     */
    public static int[] ranksAmong(double[] scores, int[] reference) {
        double[] s = scores.clone();
        for (int u = 0; u < s.length; u++) {
            if (reference[u] == 0) {
                s[u] = Double.NaN;
            }
        }
        return ranks(s);
    }

    /** Each indicator normalised over the units that have it. */
    static double[][] normalise(double[][] x, Normalisation how) {
        double[][] out = copy(x);
        int k = x.length == 0 ? 0 : x[0].length;
        for (int i = 0; i < k; i++) {
            double[] c = column(x, i);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int n = 0;
            for (double v : c) {
                if (!Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    n++;
                }
            }
            double mean = mean(c);
            double sd = sd(c, mean);
            for (int u = 0; u < x.length; u++) {
                double v = c[u];
                if (Double.isNaN(v)) {
                    continue;
                }
                out[u][i] = switch (how) {
                    case AS_PUBLISHED -> v;
                    case MIN_MAX -> (v - min) / (max - min) * 100;
                    case Z_SCORE -> (v - mean) / sd;
                    case PERCENTILE_RANK -> countBelow(c, v) / (double) (n - 1);
                    case DISTANCE_TO_FRONTIER -> 1 - (max - v) / (max - min);
                };
            }
        }
        return out;
    }

    private static int countBelow(double[] c, double v) {
        int below = 0;
        for (double w : c) {
            if (!Double.isNaN(w) && w < v) {
                below++;
            }
        }
        return below;
    }

    private static void shiftPositive(double[][] x) {
        int k = x.length == 0 ? 0 : x[0].length;
        for (int i = 0; i < k; i++) {
            double min = Double.POSITIVE_INFINITY;
            for (double[] row : x) {
                if (!Double.isNaN(row[i])) {
                    min = Math.min(min, row[i]);
                }
            }
            if (min <= 0) {
                for (double[] row : x) {
                    row[i] += 1 - min;
                }
            }
        }
    }

    private static double aggregate(double[] v, double[] w, Aggregation how) {
        double sw = 0;
        double acc = 0;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                continue;
            }
            sw += w[i];
            acc += switch (how) {
                case ARITHMETIC -> w[i] * v[i];
                case GEOMETRIC -> w[i] * Math.log(v[i]);
                case HARMONIC -> w[i] / v[i];
            };
        }
        if (sw == 0) {
            return Double.NaN;
        }
        return switch (how) {
            case ARITHMETIC -> acc / sw;
            case GEOMETRIC -> Math.exp(acc / sw);
            case HARMONIC -> sw / acc;
        };
    }

    private static double[] column(double[][] x, int i) {
        double[] c = new double[x.length];
        for (int u = 0; u < x.length; u++) {
            c[u] = x[u][i];
        }
        return c;
    }

    private static double mean(double[] c) {
        double s = 0;
        int n = 0;
        for (double v : c) {
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    private static double sd(double[] c, double mean) {
        double s = 0;
        int n = 0;
        for (double v : c) {
            if (!Double.isNaN(v)) {
                s += (v - mean) * (v - mean);
                n++;
            }
        }
        return n < 2 ? Double.NaN : Math.sqrt(s / (n - 1));
    }

    private static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int u = 0; u < x.length; u++) {
            c[u] = Arrays.copyOf(x[u], x[u].length);
        }
        return c;
    }
}
