package org.chiso.ingest;

/**
 * One candidate value as a reader found it, before validation: texts as written in the source, and
 * where it came from (file, 1-based line, column name or letter).
 *
 * @param basis      an explicit province basis (VN63, VN34), or null to take it from the year
 * @param scale      the scale the source states (e.g. "1-10"), or null
 * @param provenance published (default) or synthetic
 * @param measure    score (default) or another published measure (rank, change, ...)
 */
public record RawScore(
        String file,
        int line,
        String column,
        String index,
        String year,
        String province,
        String basis,
        String component,
        String value,
        String scale,
        String source,
        String provenance,
        String measure,
        String note) {

    /** The text of the value column, for reject rows. */
    public String rawValue() {
        return value;
    }
}
