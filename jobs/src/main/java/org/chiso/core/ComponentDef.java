package org.chiso.core;

/**
 * One component of an index structure version, valid in {@code [yearFrom, yearTo]}. A blank scale in the
 * definitions means "the parent's scale divided by the number of parts in that year" (PAPI sub-dimensions).
 * {@code aggregation} says how this component is derived from its parts: {@code sum}, {@code mean} or
 * {@code none} (published only).
 */
public record ComponentDef(
        String index,
        String version,
        int yearFrom,
        int yearTo,
        String component,
        String parent,
        String level,
        String label,
        Double scaleMin,
        Double scaleMax,
        String aggregation) {

    /** Whether the component is part of the structure in a year. */
    public boolean inYear(int year) {
        return yearFrom <= year && year <= yearTo;
    }
}
