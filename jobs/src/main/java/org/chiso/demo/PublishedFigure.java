package org.chiso.demo;

/**
 * One published figure from {@code data/published/figures.csv}. {@code province} is a vintaged key
 * ({@code VN63-xx} to 2024, {@code VN34-xx} from 2025) or {@code VN} for a national figure; {@code measure}
 * says what {@code value} is (see {@code data/published/README.md}): only {@code score} rows are values on
 * the index scale.
 */
public record PublishedFigure(
        String index,
        int year,
        String province,
        String component,
        String measure,
        double value,
        String source,
        String note) {

    /** Whether the figure is about the whole country. */
    public boolean national() {
        return "VN".equals(province);
    }

    /** The value in hundredths, for figures published to at most two decimals. */
    public long cents() {
        return Math.round(value * 100);
    }

    /** A short label naming the figure, for messages. */
    public String label() {
        return index + " " + year + " " + province + " " + component + " " + measure + "=" + value + " (" + source
                + ")";
    }
}
