package org.chiso.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chiso.core.Resources;

/** The published figures bundled as {@code /published/figures.csv}, in file order. */
public final class PublishedFigures {
    /** The classpath resource. */
    public static final String RESOURCE = "/published/figures.csv";

    private static final List<String> HEADER =
            List.of("index", "year", "province", "component", "measure", "value", "source", "note");

    private PublishedFigures() {}

    /**
     * Every row of the bundled table, in file order (the order of a published list is kept).
     *
     * @throws IllegalStateException if a column is missing, a year or value is not a number, or a required
     *                               field is blank, naming the data row
     */
    public static List<PublishedFigure> load() {
        List<Map<String, String>> rows = Resources.csv(RESOURCE);
        List<PublishedFigure> out = new ArrayList<>();
        int n = 0;
        for (Map<String, String> r : rows) {
            n++;
            for (String h : HEADER) {
                if (!r.containsKey(h)) {
                    throw new IllegalStateException(RESOURCE + ": missing column " + h);
                }
                if (r.get(h).isEmpty() && !h.equals("note")) {
                    throw new IllegalStateException(RESOURCE + " data row " + n + ": blank " + h);
                }
            }
            try {
                out.add(new PublishedFigure(
                        r.get("index"),
                        Integer.parseInt(r.get("year")),
                        r.get("province"),
                        r.get("component"),
                        r.get("measure"),
                        Double.parseDouble(r.get("value")),
                        r.get("source"),
                        r.get("note")));
            } catch (NumberFormatException e) {
                throw new IllegalStateException(RESOURCE + " data row " + n + ": not a number: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
