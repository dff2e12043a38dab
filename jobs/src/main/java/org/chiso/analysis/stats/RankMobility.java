package org.chiso.analysis.stats;

/**
 * Rank mobility between two years' scores on the same units: ranks descending (1 = highest score, ties
 * averaged, NaN unranked = R {@code rank(-x, ties.method = "average", na.last = "keep")}), then Spearman and
 * Kendall tau-b tests ({@link Correlation}, R {@code cor.test} defaults) between the two rank vectors on the
 * units ranked in both years.
 *
 * <p>Sparse years never throw: with fewer than 2 units ranked in both years (or no rank variation) the
 * correlations are NaN and their {@code pMethod} gives the reason; callers decide whether to report them.
 */
public final class RankMobility {
    /** Convention string of {@link Result}. */
    public static final String CONVENTION =
            "ranks descending (1 = best), ties averaged, within each year's non-missing units; "
                    + "Spearman and Kendall tau-b between the rank vectors, pairwise complete (R cor.test defaults)";

    private RankMobility() {}

    /**
     * Rank mobility result.
     *
     * @param n          units ranked in both years
     * @param ranksFrom  ranks in the first year (NaN = missing), input order
     * @param ranksTo    ranks in the second year
     * @param spearman   Spearman test between the rank vectors
     * @param kendall    Kendall tau-b test between the rank vectors
     * @param convention {@link #CONVENTION}
     */
    public record Result(
            int n,
            double[] ranksFrom,
            double[] ranksTo,
            CorrelationResult spearman,
            CorrelationResult kendall,
            String convention) {}

    /** Ranks with 1 = highest score, ties averaged, NaN kept as NaN. */
    public static double[] ranksDescending(double[] scores) {
        double[] neg = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            neg[i] = -scores[i];
        }
        return Correlation.averageRanks(neg);
    }

    /**
     * Rank mobility between two score vectors (same unit order); see the class comment for sparse data.
     *
     * @throws IllegalArgumentException when the vectors differ in length
     */
    public static Result compare(double[] scoresFrom, double[] scoresTo) {
        if (scoresFrom.length != scoresTo.length) {
            throw new IllegalArgumentException("score vectors must have the same length");
        }
        double[] a = ranksDescending(scoresFrom);
        double[] b = ranksDescending(scoresTo);
        CorrelationResult sp = Correlation.spearman(a, b);
        CorrelationResult kd = Correlation.kendall(a, b);
        return new Result(sp.n(), a, b, sp, kd, CONVENTION);
    }
}
