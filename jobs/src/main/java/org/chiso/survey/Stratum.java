package org.chiso.survey;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One stratum of the WHOLE design.
 *
 * @param stratum stratum label
 * @param psuCount number of PSUs the full sample has in this stratum (n_h), whether or not a given
 *     domain has members in them: PSUs without domain members enter the variance with a zero score
 *     (R {@code svyby} / subpopulation semantics). PSUs all of whose rows have weight 0 should not be
 *     counted (R counts {@code weights != 0} for {@code degf}).
 * @param fpc optional finite population correction as R's {@code svydesign(fpc=)} accepts it:
 *     {@code null} = none (with replacement, f_h = 1); a value &gt; 1 is the population number of
 *     PSUs N_h; a value &lt; 1 is the sampling fraction n_h/N_h. As in R the reading is decided for
 *     the design as a whole: if any stratum has fpc &gt; 1 all values are population sizes
 *     (1 then means N_h = 1), otherwise all are fractions (1 then means a census stratum); mixing
 *     values &gt; 1 and &lt; 1 is an error. {@code Double.POSITIVE_INFINITY} means f_h = 1. Not used
 *     when {@code psuProb} is given (the simple correction is for equal-probability sampling only).
 * @param psuProb optional inclusion probability π_j in (0, 1] of every PSU of the stratum (its
 *     {@code psuCount} PSUs, by PSU label): the stratum's PSUs were drawn with unequal probabilities
 *     without replacement, and {@link PpsVariance} says which variance uses them; {@code null} =
 *     equal-probability design (or with replacement).
 * @param psuUnits optional, PPS strata only: the number m_j of second-stage units of every PSU in the whole
 *     design, whatever the domain and missing values: its secondary sampling units (the {@code ssu} column,
 *     communes), each respondent (row) that names none counting as a unit of its own (so its respondents where
 *     the microdata name no SSU). Given, the PPS variances add the
 *     second stage, the units of each PSU taken as drawn with replacement (ultimate clusters at stage 2):
 *     Σ_j π_j m_j/(m_j − 1) Σ_c (x_c − x̄_j)², x_c the unit's total of the linearised scores (R {@code
 *     svydesign(ids=~psu+ssu, fpc=~psu_prob+0, pps="brewer")}); {@code null} = one stage.
 */
public record Stratum(
        String stratum, int psuCount, Double fpc, Map<String, Double> psuProb, Map<String, Long> psuUnits) {

    /** A stratum without the second stage ({@code psuUnits} null). */
    public Stratum(String stratum, int psuCount, Double fpc, Map<String, Double> psuProb) {
        this(stratum, psuCount, fpc, psuProb, null);
    }

    public Stratum {
        Objects.requireNonNull(stratum, "stratum");
        if (psuCount < 1) {
            throw new IllegalArgumentException("stratum " + stratum + ": psuCount must be >= 1");
        }
        if (fpc != null && !(fpc > 0)) {
            throw new IllegalArgumentException("stratum " + stratum + ": fpc must be > 0, got " + fpc);
        }
        if (psuProb != null) {
            if (psuProb.size() != psuCount) {
                throw new IllegalArgumentException("stratum " + stratum + ": " + psuProb.size()
                        + " PSU inclusion probabilities for " + psuCount + " PSUs");
            }
            for (Map.Entry<String, Double> e : psuProb.entrySet()) {
                Double p = e.getValue();
                if (p == null || !(p > 0 && p <= 1)) {
                    throw new IllegalArgumentException("stratum " + stratum + ", PSU " + e.getKey()
                            + ": inclusion probability must be in (0, 1], got " + p);
                }
            }
            psuProb = Collections.unmodifiableMap(new TreeMap<>(psuProb));
        }
        if (psuUnits != null) {
            if (psuProb == null || !psuUnits.keySet().equals(psuProb.keySet())) {
                throw new IllegalArgumentException("stratum " + stratum
                        + ": second-stage units per PSU are given for a PPS stratum, for each of its PSUs");
            }
            for (Map.Entry<String, Long> e : psuUnits.entrySet()) {
                if (e.getValue() == null || e.getValue() < 1) {
                    throw new IllegalArgumentException(
                            "stratum " + stratum + ", PSU " + e.getKey() + ": second-stage units must be >= 1");
                }
            }
            psuUnits = Collections.unmodifiableMap(new TreeMap<>(psuUnits));
        }
    }

    /** A stratum of an equal-probability design (or without fpc when {@code fpc} is null). */
    public Stratum(String stratum, int psuCount, Double fpc) {
        this(stratum, psuCount, fpc, null);
    }

    /** A stratum without finite population correction. */
    public Stratum(String stratum, int psuCount) {
        this(stratum, psuCount, null, null);
    }
}
