package org.chiso.survey;

/** Confidence interval for a domain mean. */
public enum CiMethod {
    /** ȳ ± z_{1−α/2}·se; R {@code confint(svymean(...))} default ({@code df = Inf}). */
    NORMAL,
    /**
     * ȳ ± t_{1−α/2, df}·se, df = {@link DesignOptions#df()} or, if null, the design df of the full
     * design (#PSU − #strata, R {@code degf(design)}); R {@code confint(svymean(...), df = degf(design))}.
     */
    T,
    /**
     * ȳ ± t_{1−α/2, df}·se with df = {@code degf} of the DOMAIN subset design (number of PSUs with domain
     * members minus number of strata with such PSUs), as R's {@code confint(svymean(~y, subset(design,
     * domain)), df = degf(subset(design, domain)))}. The honest interval when a domain has few PSUs (a
     * province with 3 districts has 2 df); NaN if df ≤ 0. For a PPS variance with a second stage, Satterthwaite's
     * effective df of the two stages ({@link TaylorEstimator#domainDf}).
     */
    T_DOMAIN,
    /**
     * For proportions: R {@code svyciprop(method = "logit")}: expit(logit(p) ± t_{1−α/2, df}·se/(p(1−p))),
     * where df = {@link DesignOptions#df()} or, if null, {@code degf} of the DOMAIN subset design (number
     * of PSUs with domain members of non-zero weight minus number of strata with such PSUs), which is
     * what svyciprop's default {@code df = degf(design)} evaluates to on a subset (Satterthwaite's, as T_DOMAIN, for
     * a PPS variance with a second stage). NaN if df ≤ 0.
     */
    LOGIT
}
