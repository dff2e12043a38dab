package org.chiso.ingest;

/**
 * A validated index score (measure "score") or another published measure (rank, change, ...), keyed by
 * index, structure version, year, vintaged province key, component and source.
 */
public record ScoreRecord(
        String index,
        String version,
        int year,
        String provinceKey,
        String basis,
        String component,
        String parent,
        String level,
        double value,
        Double scaleMin,
        Double scaleMax,
        String provenance,
        String measure,
        String source,
        String file,
        int line,
        String column,
        String note) {

    /** Whether this is an index score (as opposed to a published rank, change, count ...). */
    public boolean isScore() {
        return Validator.SCORE.equals(measure);
    }
}
