package org.chiso.io;

/**
 * Spreadsheet formula injection (OWASP's CSV-injection rule): a text cell written to a report CSV that begins with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return is prefixed with a single quote, so a
 * spreadsheet application shows it as text instead of evaluating it. Numbers are never changed (a negative number is
 * a number column's value, not text). A text that already begins with quotes followed by such a character gets one
 * quote more, so {@link #restore} gives back exactly what was written: the report's read API shows the values
 * unchanged, and the Parquet tables hold them unchanged.
 */
public final class CsvGuard {
    /** What the manifest says about it. */
    public static final String RULE =
            "text cells beginning with =, +, -, @, a tab or a carriage return are prefixed with ' in the"
                    + " CSV tables (OWASP CSV injection); the Parquet tables and the read API (ReportTable) hold the values unchanged";

    private CsvGuard() {}

    /** The text as written to a CSV cell. */
    public static String neutralise(String s) {
        return guarded(s) ? "'" + s : s;
    }

    /** The text a CSV cell written by {@link #neutralise} stands for. */
    public static String restore(String s) {
        return s.length() > 1 && s.charAt(0) == '\'' && guarded(s.substring(1)) ? s.substring(1) : s;
    }

    /** Begins with quotes (or none) followed by a character a spreadsheet would act on. */
    static boolean guarded(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '\'') {
            i++;
        }
        if (i == s.length()) {
            return false;
        }
        char c = s.charAt(i);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
