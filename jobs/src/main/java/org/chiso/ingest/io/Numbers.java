package org.chiso.ingest.io;

import java.util.regex.Pattern;

/**
 * Parses decimal numbers written with either a decimal point or a decimal comma.
 *
 * <p>Accepted, after trimming: an optional sign, digits with at most one decimal mark ({@code '.'} or
 * {@code ','}), and an optional exponent, e.g. {@code 1.5}, {@code 1,5}, {@code -2,25e1}, {@code +.5E-3}. Rejected
 * with a {@link NumberFormatException} quoting the text: empty text, text with both {@code ','} and {@code '.'}
 * (thousands separators cannot be told from decimal marks), NaN, infinities, hexadecimal, type suffixes, any other
 * letters, and values too large for a finite {@code double}.
 */
public final class Numbers {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Numbers() {}

    /**
     * The value of {@code text}.
     *
     * @throws NumberFormatException if {@code text} is null, empty or not a plain finite decimal number
     */
    public static double parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new NumberFormatException("empty number");
        }
        if (t.indexOf(',') >= 0 && t.indexOf('.') >= 0) {
            throw new NumberFormatException("ambiguous number '" + t + "': both ',' and '.'");
        }
        String normalized = t.replace(',', '.');
        if (!DECIMAL.matcher(normalized).matches()) {
            throw new NumberFormatException("not a number: '" + t + "'");
        }
        double value = Double.parseDouble(normalized);
        if (Double.isInfinite(value)) {
            throw new NumberFormatException("number out of range: '" + t + "'");
        }
        return value;
    }

    /** Whether {@link #parse} accepts {@code text}. */
    public static boolean looksNumeric(String text) {
        try {
            parse(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
