package org.chiso.ingest;

/**
 * A refused input row: file, 1-based line, column, the offending text, a reason code and a readable detail.
 * Reason codes are listed in {@link RejectReason}.
 */
public record Reject(String file, int line, String column, String value, String reason, String detail) {

    /** A reject for one raw score. */
    public static Reject of(RawScore r, String column, String value, RejectReason reason, String detail) {
        return new Reject(r.file(), r.line(), column, value, reason.code(), detail);
    }

    /** "file:line:column: detail", the form printed to users. */
    public String message() {
        return file + ":" + line + (column == null || column.isEmpty() ? "" : ":" + column) + ": " + detail;
    }
}
