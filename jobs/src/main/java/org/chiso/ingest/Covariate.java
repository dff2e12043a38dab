package org.chiso.ingest;

/**
 * One covariate value of a province and year on one basis, with where it came from: the source file, line and
 * column of a value as read, or the predecessors and rule of a value formed on the 34-province basis (line 0).
 *
 * @param note a caveat that travels with the value, e.g. the level break of population before 2011
 */
public record Covariate(
        String basis,
        int year,
        String provinceKey,
        CovariateVariable variable,
        double value,
        boolean derived,
        String source,
        String file,
        int line,
        String column,
        String predecessors,
        String note) {}
