package org.chiso.survey;

import java.util.Objects;

/**
 * Sufficient statistics of ONE domain within ONE primary sampling unit (PSU): everything the
 * Taylor-linearised domain mean needs, so that PSU totals can be computed in a distributed pass and
 * merged later.
 *
 * <ul>
 *   <li>{@code sumW} = Σ w_i, {@code sumWY} = Σ w_i·y_i, {@code sumWYY} = Σ w_i·y_i² over the domain
 *       members of the PSU whose y is not missing;</li>
 *   <li>{@code n} = unweighted count of those members <em>with non-zero weight</em> (R: {@code
 *       sum(weights(design) != 0)}, the n used by {@code svymean(deff=)}); a member with w = 0
 *       contributes nothing to any sum and is not counted.</li>
 *   <li>{@code sumWW} = Σ_c B_c², {@code sumWWY} = Σ_c A_c·B_c, {@code sumWWYY} = Σ_c A_c² over the PSU's
 *       second-stage units c (A_c = Σ w_i·y_i, B_c = Σ w_i over the unit's domain members with non-missing y):
 *       the second stage of a PPS variance ({@link PpsVariance}, {@link Stratum#psuUnits()}). The units are
 *       the PSU's secondary sampling units (the {@code ssu} column) where the design names them, else its
 *       respondents, for which the sums are Σ w_i², Σ w_i²·y_i, Σ w_i²·y_i² (what {@link #of} and {@link
 *       #merge} build; {@link #merge} adds the sums, which is right for records of disjoint units, not for two
 *       parts of one SSU, whose square is of its whole total). NaN when not known.</li>
 * </ul>
 *
 * <p>Missing y: rows with missing y are simply not added (R's {@code na.rm=TRUE}). A record should
 * exist only for a PSU in which the domain has at least one row with non-missing y: the
 * <em>presence</em> of a stratum in a domain (at least one record, even one with only zero-weight
 * members) matters for {@link LonelyPsu#AVERAGE} and {@link LonelyPsu#FAIL}, exactly as a row with
 * weight 0 keeps its stratum in R's subset design. Build records with {@link #of} and {@link #merge}.
 *
 * <p>PSU labels need only be unique within a stratum (R's {@code svydesign(nest=TRUE)}).
 */
public record PsuTotals(
        String stratum,
        String psu,
        double sumW,
        double sumWY,
        double sumWYY,
        long n,
        double sumWW,
        double sumWWY,
        double sumWWYY) {

    /** First-order statistics only: the second-order sums are unknown (NaN). */
    public PsuTotals(String stratum, String psu, double sumW, double sumWY, double sumWYY, long n) {
        this(stratum, psu, sumW, sumWY, sumWYY, n, Double.NaN, Double.NaN, Double.NaN);
    }

    /** Whether the second-order sums Σw², Σw²y, Σw²y² are known (needed for a second-stage variance). */
    public boolean hasSecondOrder() {
        return !Double.isNaN(sumWW) && !Double.isNaN(sumWWY) && !Double.isNaN(sumWWYY);
    }

    public PsuTotals {
        Objects.requireNonNull(stratum, "stratum");
        Objects.requireNonNull(psu, "psu");
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
    }

    /**
     * Statistics of a single observation with weight {@code w} (≥ 0, finite) and non-missing value
     * {@code y}.
     *
     * @throws IllegalArgumentException if y is NaN (missing y must be skipped by the caller) or w is
     *     negative or not finite
     */
    public static PsuTotals of(String stratum, String psu, double w, double y) {
        if (Double.isNaN(y) || Double.isInfinite(y)) {
            throw new IllegalArgumentException("y must be finite (skip missing values): " + y);
        }
        if (!(w >= 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException("weight must be finite and >= 0: " + w);
        }
        return new PsuTotals(stratum, psu, w, w * y, w * y * y, w != 0 ? 1 : 0, w * w, w * w * y, w * w * y * y);
    }

    /** An empty record (no members yet) for the given PSU; neutral element of {@link #merge}. */
    public static PsuTotals empty(String stratum, String psu) {
        return new PsuTotals(stratum, psu, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Combines the statistics of two disjoint sets of members of the same domain in the same PSU.
     *
     * @throws IllegalArgumentException if stratum or psu differ
     */
    public PsuTotals merge(PsuTotals other) {
        if (!stratum.equals(other.stratum) || !psu.equals(other.psu)) {
            throw new IllegalArgumentException(
                    "cannot merge PSU " + stratum + "/" + psu + " with " + other.stratum + "/" + other.psu);
        }
        return new PsuTotals(
                stratum,
                psu,
                sumW + other.sumW,
                sumWY + other.sumWY,
                sumWYY + other.sumWYY,
                n + other.n,
                sumWW + other.sumWW,
                sumWWY + other.sumWWY,
                sumWWYY + other.sumWWYY);
    }
}
