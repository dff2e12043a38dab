package org.chiso.survey;

/** Design effect variant: deff = V / V_srs. */
public enum DeffVariant {
    /**
     * R {@code svymean(deff = "replace")}: V_srs = s²/n (simple random sampling with replacement),
     * s² = n/(n−1)·Σw(y−ȳ)²/Σw (R {@code svyvar}), n = domain members with non-zero weight.
     */
    REPLACE,
    /**
     * R {@code svymean(deff = TRUE)}: V_srs = s²·(N − n)/(N·n) (without replacement), N = Σw of the
     * domain; NaN when N &lt; n (R: NA with a warning).
     */
    WITHOUT_REPLACEMENT
}
