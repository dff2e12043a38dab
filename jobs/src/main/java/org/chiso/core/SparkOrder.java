package org.chiso.core;

import java.util.Comparator;

/**
 * Spark SQL's ascending sort order for values sorted in plain Java, so plain-Java stages sort as the Spark stages
 * they replaced: strings by their UTF-8 bytes (Unicode code points, unlike {@link String#compareTo} for characters
 * beyond the Basic Multilingual Plane), nulls first.
 */
public final class SparkOrder {
    /** Strings by code point, nulls first. */
    public static final Comparator<String> STRINGS = Comparator.nullsFirst(SparkOrder::compareCodePoints);

    private SparkOrder() {}

    /** Doubles as Spark sorts them: NaN after every number, -0.0 equal to 0.0; nulls first. */
    public static final Comparator<Double> DOUBLES = Comparator.nullsFirst(SparkOrder::compareDoubles);

    private static int compareDoubles(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
        }
        return a == b ? 0 : a < b ? -1 : 1;
    }

    private static int compareCodePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int a = x.codePointAt(i);
            int b = y.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }

    /** Comparable values (numbers, booleans), nulls first. */
    public static <T extends Comparable<T>> int compare(T x, T y) {
        return Comparator.<T>nullsFirst(Comparator.naturalOrder()).compare(x, y);
    }
}
