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
    UNREADABLE;

    /** The lower-case code, e.g. {@code value_out_of_scale}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
