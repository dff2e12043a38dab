package org.chiso.survey;

/**
 * Treatment of a stratum with a single PSU in the whole design (n_h = 1), exactly as R's
 * {@code options(survey.lonely.psu=)} in survey 4.x ({@code survey:::onestrat}/{@code onestage}),
 * with the default {@code survey.adjust.domain.lonely = FALSE}. Only strata in which the domain is
 * present (has at least one {@link PsuTotals} record) are examined, as in R, where a domain subset
 * drops the rows outside the domain. A lonely stratum with f_h &lt; 1e-7 (census via the fpc) never
 * reaches this rule: R returns a zero contribution first.
 */
public enum LonelyPsu {
    /** R default {@code "fail"}: throw {@link LonelyPsuException} naming the stratum. */
    FAIL("fail"),
    /** {@code "remove"}: the stratum contributes zero variance (numerically identical to CERTAINTY). */
    REMOVE("remove"),
    /** {@code "certainty"}: the PSU was taken with certainty, the stratum contributes zero variance. */
    CERTAINTY("certainty"),
    /**
     * {@code "adjust"}: the lonely PSU's score total is centred at the grand mean of the scores
     * (zero) instead of its stratum mean: contribution f_h·z_h1², with no n/(n−1) factor.
     */
    ADJUST("adjust"),
    /**
     * {@code "average"}: the stratum gets the average variance of the other strata: V = Σ_{h not
     * lonely} V_h · K/K_ok, with K the number of strata in which the domain is present and K_ok the
     * number of those that are not lonely.
     */
    AVERAGE("average");

    private final String rName;

    LonelyPsu(String rName) {
        this.rName = rName;
    }

    /** The value of R's {@code survey.lonely.psu} option this mode reproduces. */
    public String rName() {
        return rName;
    }
}
