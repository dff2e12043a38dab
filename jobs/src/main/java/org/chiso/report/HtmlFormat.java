package org.chiso.report;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/** Escaping, number formats, capped tables and colour scales for the HTML report. */
final class HtmlFormat {
    /** Rows shown of a long table before the "showing N of M" note. */
    static final int ROW_CAP = 20;

    private HtmlFormat() {}

    /** Text escaped for HTML content and attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A number with a fixed number of decimals and thousands separators; an en dash for NaN or null. */
    static String fixed(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        String s = String.format(Locale.ROOT, "%,." + decimals + "f", v);
        return s.startsWith("-") && s.matches("-[0,.]+") ? s.substring(1) : s;
    }

    /** An index score or statistic with decimals chosen by magnitude. */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return fixed(v, 0);
        }
        if (a >= 100) {
            return fixed(v, 1);
        }
        if (a >= 1 || a == 0) {
            return fixed(v, 2);
        }
        if (a >= 0.001) {
            return fixed(v, 3);
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }

    /** A signed number (for slopes and differences). */
    static String signed(double v, int decimals) {
        String s = fixed(v, decimals);
        return !Double.isNaN(v) && v > 0 && !s.matches("[0,.]+") ? "+" + s : s;
    }

    /** A count with thousands separators. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A p-value: three decimals, or "&lt; 0.001". */
    static String p(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v < 0.001 ? "&lt; 0.001" : fixed(v, 3);
    }

    /** A share as a percentage. */
    static String pct(double share) {
        return Double.isNaN(share) ? "–" : fixed(100 * share, share >= 0.995 || share == 0 ? 0 : 1) + "%";
    }

    /** A bytes count in readable units. */
    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return fixed(b / 1024.0, 1) + " KiB";
        }
        return fixed(b / 1024.0 / 1024.0, 1) + " MiB";
    }

    /** A province cell: the name, with the key in small print. */
    static String province(HtmlData.Reference ref, String key) {
        return "<span class=\"prov\">" + esc(ref.name(key)) + " <span class=\"key\">" + esc(key) + "</span></span>";
    }

    /** The small "synthetic" marker put on affected sections and charts. */
    static String synthMark(String what) {
        return "<span class=\"syn-mark\" title=\"" + esc(what) + "\">synthetic data</span>";
    }

    /** A paragraph of explanation. */
    static String lead(String html) {
        return "<p class=\"lead\">" + html + "</p>";
    }

    static String note(String html) {
        return "<p class=\"note\">" + html + "</p>";
    }

    /** A figure: the drawing, a caption and a synthetic marker when its data hold synthetic values. */
    static String figure(String drawing, String caption, boolean synthetic, String cssClass) {
        StringBuilder b = new StringBuilder();
        b.append("<figure")
                .append(cssClass == null ? "" : " class=\"" + cssClass + "\"")
                .append(synthetic ? " data-synthetic=\"true\"" : "")
                .append('>');
        b.append(drawing);
        b.append("<figcaption>");
        if (synthetic) {
            b.append(synthMark("this chart is drawn from synthetic values")).append(' ');
        }
        b.append(caption).append("</figcaption></figure>");
        return b.toString();
    }

    /** A background colour for a share in [0, 1]: white to a calm green. */
    static String shareColour(double share) {
        if (Double.isNaN(share) || share <= 0) {
            return "#ffffff";
        }
        double s = Math.min(1, share);
        return mix(new int[] {0xe8, 0xf3, 0xea}, new int[] {0x2e, 0x8b, 0x57}, 0.25 + 0.75 * s);
    }

    /** A diverging colour for r in [-1, 1]: red (negative), white (0), blue (positive). */
    static String rColour(double r) {
        if (Double.isNaN(r)) {
            return "#f2f2f2";
        }
        double t = Math.max(-1, Math.min(1, r));
        int[] white = {0xf7, 0xf7, 0xf7};
        return t >= 0 ? mix(white, new int[] {0x21, 0x66, 0xac}, t) : mix(white, new int[] {0xb2, 0x18, 0x2b}, -t);
    }

    /** Dark text on light backgrounds, white text on dark ones. */
    static String textOn(String hex) {
        int r = Integer.parseInt(hex.substring(1, 3), 16);
        int g = Integer.parseInt(hex.substring(3, 5), 16);
        int b = Integer.parseInt(hex.substring(5, 7), 16);
        double lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        return lum < 140 ? "#ffffff" : "#1d2733";
    }

    private static String mix(int[] a, int[] b, double t) {
        int r = (int) Math.round(a[0] + (b[0] - a[0]) * t);
        int g = (int) Math.round(a[1] + (b[1] - a[1]) * t);
        int bl = (int) Math.round(a[2] + (b[2] - a[2]) * t);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, bl);
    }

    /** An HTML data table built row by row, shown up to a cap with a note naming the full CSV. */
    static final class HtmlTable {
        private final List<String> headers = new ArrayList<>();
        private final BitSet numeric = new BitSet();
        private final List<List<String>> rows = new ArrayList<>();
        private final List<String> rowClasses = new ArrayList<>();
        private String caption;

        HtmlTable(String... headers) {
            this.headers.addAll(List.of(headers));
        }

        /** Marks columns (0-based) as numeric: right-aligned, tabular figures. */
        HtmlTable numeric(int... columns) {
            for (int c : columns) {
                numeric.set(c);
            }
            return this;
        }

        HtmlTable caption(String html) {
            this.caption = html;
            return this;
        }

        /** Adds a row of cells already in HTML. */
        HtmlTable row(String... cells) {
            return rowWithClass(null, cells);
        }

        HtmlTable rowWithClass(String cssClass, String... cells) {
            rows.add(List.of(cells));
            rowClasses.add(cssClass);
            return this;
        }

        int size() {
            return rows.size();
        }

        /** The whole table, without a cap. */
        String render() {
            return render(Integer.MAX_VALUE, rows.size(), null);
        }

        /**
         * The first {@code cap} rows; when more exist, a note says how many and where the full table is.
         *
         * @param total the number of rows in the full table (may exceed the rows added)
         * @param csv the table's CSV name for the note, or null
         */
        String render(int cap, long total, String csv) {
            StringBuilder b = new StringBuilder("<div class=\"table-wrap\"><table class=\"data\">");
            if (caption != null) {
                b.append("<caption>").append(caption).append("</caption>");
            }
            b.append("<thead><tr>");
            for (int i = 0; i < headers.size(); i++) {
                b.append(numeric.get(i) ? "<th class=\"n\">" : "<th>")
                        .append(headers.get(i))
                        .append("</th>");
            }
            b.append("</tr></thead><tbody>");
            int shown = Math.min(cap, rows.size());
            for (int r = 0; r < shown; r++) {
                String cls = rowClasses.get(r);
                b.append(cls == null ? "<tr>" : "<tr class=\"" + cls + "\">");
                List<String> cells = rows.get(r);
                for (int i = 0; i < cells.size(); i++) {
                    b.append(numeric.get(i) ? "<td class=\"n\">" : "<td>")
                            .append(cells.get(i))
                            .append("</td>");
                }
                b.append("</tr>");
            }
            if (rows.isEmpty()) {
                b.append("<tr><td colspan=\"").append(headers.size()).append("\" class=\"empty\">no rows</td></tr>");
            }
            b.append("</tbody></table></div>");
            if (total > shown) {
                b.append(note("Showing " + count(shown) + " of " + count(total) + " rows"
                        + (csv == null
                                ? "."
                                : "; the full table is <code>tables/" + esc(csv) + ".csv</code> in this run.")));
            }
            return b.toString();
        }
    }
}
