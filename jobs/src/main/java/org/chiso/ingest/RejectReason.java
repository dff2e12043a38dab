package org.chiso.ingest;

import java.util.Locale;

/** Why a row was refused. The code is what the rejects table and the summaries show. */
public enum RejectReason {
    UNKNOWN_INDEX,
    YEAR_NOT_INTEGER,
    YEAR_OUT_OF_RANGE,
    UNKNOWN_PROVINCE,
    PROVINCE_NOT_IN_YEAR,
    UNKNOWN_COMPONENT,
    MISSING_VALUE,
    VALUE_NOT_NUMERIC,
    VALUE_OUT_OF_SCALE,
    SCALE_MISMATCH,
    /** A basis column that contradicts the vintage of the province key in the same row. */
    BASIS_MISMATCH,
    /** A header naming a column the reader needs twice (two {@code value} columns). */
    DUPLICATE_COLUMN,
    UNKNOWN_PROVENANCE,
    DUPLICATE_KEY,
    FIELD_COUNT,
    UNTERMINATED_QUOTE,
    WRONG_SEPARATOR,
    INVALID_ENCODING,
    NO_DATA_ROWS,
    SUMMARY_ROW,
    /** A wide CSV whose own mapping cannot be parsed or does not fit its header: the file is refused whole. */
    MAPPING_INVALID,
    UNREADABLE,
    // dossier records (docs/DOSSIERS.md, section 2); MISSING_VALUE above serves them too
    /** A dossier's handling unit is not in units.csv. */
    UNKNOWN_UNIT,
    /** A dossier's procedure is not in procedures.csv. */
    UNKNOWN_PROCEDURE,
    /** A dossier's field differs from its procedure's field in the catalogue. */
    FIELD_MISMATCH,
    /** A commune procedure handled by a department (or a province), or the reverse. */
    UNIT_LEVEL_MISMATCH,
    TIMESTAMP_NOT_PARSED,
    RECEIVED_BEFORE_SUBMITTED,
    PROMISED_BEFORE_RECEIVED,
    /** Processing ended, result returned or dossier refused before it was received. */
    ENDED_BEFORE_RECEIVED,
    /** A supplement supplied before it was requested, or requested before the dossier was received. */
    SUPPLEMENT_OUT_OF_ORDER,
    /** A dossier id given more than once: every row of it is refused. */
    DUPLICATE_DOSSIER,
    /** A value outside its column's allowed values (channel, rating, a boolean). */
    VALUE_NOT_ALLOWED;

    /** The lower-case code, e.g. {@code value_out_of_scale}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
