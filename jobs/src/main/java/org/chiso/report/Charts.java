package org.chiso.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Charts of report tables with JFreeChart, for notebooks: build a {@link JFreeChart}, then render it with
 * {@link #svg(JFreeChart)} (an {@code <svg>} element to display as HTML) or {@link #image(JFreeChart, int, int)}
 * (a PNG-ready {@link BufferedImage}).
 *
 * <pre>{@code
 * ReportTable t = run.table("panel_63").where("index", "PAR").where("component", "TOTAL");
 * display("text/html", Charts.svg(Charts.lines(t, "year", "value", "province_key", "PAR total by province")));
 * }</pre>
 *
 * <p>Rows whose plotted values are empty or NaN are skipped. Numeric category and group values print without a
 * fraction ({@code 2018}, not {@code 2018.0}).
 */
public final class Charts {
    /** Default size of rendered charts, in pixels. */
    public static final int WIDTH = 760;

    public static final int HEIGHT = 420;
    private static final AtomicLong IDS = new AtomicLong();
    /** Distinguishes this JVM's SVG ids from another's on the same page (e.g. two notebooks open in JupyterLab). */
    private static final String JVM_ID = java.util.UUID.randomUUID().toString().substring(0, 8);

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };
    private static final int MAX_LEGEND = 12;

    private Charts() {}

    /**
     * Lines of {@code y} against numeric {@code x}, one per value of {@code group} (or a single line when
     * {@code group} is null). The legend is hidden when there are more than 12 lines.
     */
    public static JFreeChart lines(ReportTable t, String x, String y, String group, String title) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, List<ReportTable.Row>> g : groups(t, group, y).entrySet()) {
            XYSeries s = new XYSeries(g.getKey(), true, true);
            for (ReportTable.Row r : g.getValue()) {
                double xv = r.num(x);
                double yv = r.num(y);
                if (!Double.isNaN(xv) && !Double.isNaN(yv)) {
                    s.addOrUpdate(xv, yv);
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                title, x, y, data, PlotOrientation.VERTICAL, data.getSeriesCount() <= MAX_LEGEND, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, data.getSeriesCount() <= MAX_LEGEND);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(data.getSeriesCount() <= MAX_LEGEND ? 2f : 1f));
            r.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        plot.setRenderer(r);
        styleXY(plot, t, x);
        return style(chart);
    }

    /**
     * Bars of {@code value} by {@code category}, side by side per value of {@code group} (null for one series).
     * Numeric categories (years) are put in ascending order, text ones keep their order in the table. Bars are
     * horizontal when there are more than 12 text categories, so that long names stay readable.
     */
    public static JFreeChart bars(ReportTable t, String category, String value, String group, String title) {
        boolean numericCategories = t.isNumeric(category);
        List<String> categories = (numericCategories ? t.sort(category) : t)
                .distinct(category).stream().map(ReportTable::format).toList();
        Map<String, Map<String, Double>> cells = new LinkedHashMap<>();
        for (Map.Entry<String, List<ReportTable.Row>> g :
                groups(t, group, value).entrySet()) {
            Map<String, Double> series = cells.computeIfAbsent(g.getKey(), k -> new LinkedHashMap<>());
            for (ReportTable.Row r : g.getValue()) {
                double v = r.num(value);
                String c = r.str(category);
                if (!Double.isNaN(v) && c != null) {
                    series.put(c, v);
                }
            }
        }
        // columns keep the order in which they are first added: add category by category
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String c : categories) {
            for (Map.Entry<String, Map<String, Double>> series : cells.entrySet()) {
                if (series.getValue().containsKey(c)) {
                    data.addValue(series.getValue().get(c), series.getKey(), c);
                }
            }
        }
        boolean horizontal = !numericCategories && data.getColumnCount() > 12;
        JFreeChart chart = ChartFactory.createBarChart(
                title,
                category,
                value,
                data,
                horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL,
                group != null && data.getRowCount() <= MAX_LEGEND,
                false,
                false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setItemMargin(0.02);
        for (int i = 0; i < data.getRowCount(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        CategoryAxis axis = plot.getDomainAxis();
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, horizontal ? 9 : 11));
        if (!horizontal && data.getColumnCount() > 6) {
            axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        axis.setCategoryMargin(0.1);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setOutlineVisible(false);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        return style(chart);
    }

    /**
     * A heat map of a matrix, {@code values[i][j]} for row label i and column label j (NaN cells stay blank),
     * coloured blue (lower) through white to red (upper), with the value written in each cell when the matrix is
     * at most 16 x 16.
     */
    public static JFreeChart heatmap(
            List<String> rowLabels,
            List<String> columnLabels,
            double[][] values,
            double lower,
            double upper,
            String title) {
        int nr = rowLabels.size();
        int nc = columnLabels.size();
        List<double[]> cells = new ArrayList<>();
        for (int i = 0; i < nr; i++) {
            for (int j = 0; j < nc; j++) {
                if (!Double.isNaN(values[i][j])) {
                    // row 0 at the top: y counts from the bottom
                    cells.add(new double[] {j, nr - 1 - i, values[i][j]});
                }
            }
        }
        double[][] series = new double[3][cells.size()];
        for (int k = 0; k < cells.size(); k++) {
            for (int d = 0; d < 3; d++) {
                series[d][k] = cells.get(k)[d];
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("values", series);
        SymbolAxis xAxis = new SymbolAxis(null, columnLabels.toArray(new String[0]));
        xAxis.setVerticalTickLabels(nc > 6);
        xAxis.setGridBandsVisible(false);
        xAxis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        List<String> reversed = new ArrayList<>(rowLabels);
        java.util.Collections.reverse(reversed);
        SymbolAxis yAxis = new SymbolAxis(null, reversed.toArray(new String[0]));
        yAxis.setGridBandsVisible(false);
        yAxis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        XYBlockRenderer renderer = new XYBlockRenderer();
        Diverging scale = new Diverging(lower, upper);
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(new Color(0xf4f4f4));
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineVisible(false);
        if (nr <= 16 && nc <= 16) {
            Font f = new Font(Font.SANS_SERIF, Font.PLAIN, nr <= 8 && nc <= 8 ? 11 : 9);
            for (double[] c : cells) {
                XYTextAnnotation a = new XYTextAnnotation(String.format(Locale.ROOT, "%.2f", c[2]), c[0], c[1]);
                a.setFont(f);
                a.setPaint(
                        Math.abs(c[2] - (lower + upper) / 2) > 0.6 * (upper - lower) / 2 ? Color.WHITE : Color.BLACK);
                plot.addAnnotation(a);
            }
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        NumberAxis legendAxis = new NumberAxis();
        legendAxis.setRange(lower, upper);
        legendAxis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.TOP_OR_RIGHT);
        legend.setMargin(new RectangleInsets(10, 6, 40, 6));
        legend.setStripWidth(12);
        chart.addSubtitle(legend);
        return style(chart);
    }

    /**
     * The heat map of correlations held in long form (one row per pair {@code a}, {@code b} with the estimate in
     * {@code value}), made symmetric, with 1 on the diagonal, on the scale -1 to 1. Labels appear in order of first
     * appearance; when a pair occurs more than once the last row wins, so filter to one method, year and basis first.
     */
    public static JFreeChart correlationHeatmap(ReportTable t, String a, String b, String value, String title) {
        List<String> labels = new ArrayList<>();
        for (ReportTable.Row r : t.rows()) {
            for (String c : new String[] {r.str(a), r.str(b)}) {
                if (c != null && !labels.contains(c)) {
                    labels.add(c);
                }
            }
        }
        int n = labels.size();
        double[][] m = new double[n][n];
        for (double[] row : m) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        for (ReportTable.Row r : t.rows()) {
            if (r.str(a) == null || r.str(b) == null) {
                continue;
            }
            int i = labels.indexOf(r.str(a));
            int j = labels.indexOf(r.str(b));
            m[i][j] = r.num(value);
            m[j][i] = r.num(value);
        }
        return heatmap(labels, labels, m, -1, 1, title);
    }

    /**
     * Points of {@code y} against numeric {@code x}, one colour per value of {@code group} (null for one), with
     * vertical error bars from {@code low} to {@code high} when both are given (e.g. a confidence interval).
     */
    public static JFreeChart scatter(
            ReportTable t, String x, String y, String low, String high, String group, String title) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Map.Entry<String, List<ReportTable.Row>> g : groups(t, group, y).entrySet()) {
            YIntervalSeries s = new YIntervalSeries(g.getKey(), true, true);
            for (ReportTable.Row r : g.getValue()) {
                double xv = r.num(x);
                double yv = r.num(y);
                if (Double.isNaN(xv) || Double.isNaN(yv)) {
                    continue;
                }
                double lo = low == null ? yv : r.num(low);
                double hi = high == null ? yv : r.num(high);
                s.add(xv, yv, Double.isNaN(lo) ? yv : lo, Double.isNaN(hi) ? yv : hi);
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createScatterPlot(
                title,
                x,
                y,
                data,
                PlotOrientation.VERTICAL,
                group != null && data.getSeriesCount() <= MAX_LEGEND,
                false,
                false);
        XYPlot plot = chart.getXYPlot();
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDefaultLinesVisible(false);
        r.setDefaultShapesVisible(true);
        r.setDrawXError(false);
        r.setDrawYError(low != null && high != null);
        r.setErrorPaint(new Color(0x888888));
        r.setCapLength(4);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        plot.setRenderer(r);
        styleXY(plot, t, x);
        return style(chart);
    }

    /** The chart as an {@code <svg>} element of the default size ({@value #WIDTH} x {@value #HEIGHT}). */
    public static String svg(JFreeChart chart) {
        return svg(chart, WIDTH, HEIGHT);
    }

    /**
     * The chart as an {@code <svg>} element, to display inline as HTML or save as a {@code .svg} file (wrap with
     * an XML declaration). Each element gets its own id and id prefix, so that many charts share one page.
     */
    public static String svg(JFreeChart chart, int width, int height) {
        String id = JVM_ID + "-" + IDS.incrementAndGet();
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix("chiso-" + id + "-");
        chart.draw(g, new Rectangle(0, 0, width, height));
        return g.getSVGElement("chiso-chart-" + id);
    }

    /** The chart drawn into an image (anti-aliased), e.g. to write with {@code ImageIO.write(img, "png", file)}. */
    public static BufferedImage image(JFreeChart chart, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            chart.draw(g, new Rectangle(0, 0, width, height));
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Rows split by the text of {@code group} in order of first appearance; one group named {@code y} if null. */
    private static Map<String, List<ReportTable.Row>> groups(ReportTable t, String group, String y) {
        Map<String, List<ReportTable.Row>> out = new LinkedHashMap<>();
        for (ReportTable.Row r : t.rows()) {
            String key = group == null ? y : String.valueOf(r.str(group));
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    private static void styleXY(XYPlot plot, ReportTable t, String x) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setOutlineVisible(false);
        NumberAxis xAxis = (NumberAxis) plot.getDomainAxis();
        xAxis.setAutoRangeIncludesZero(false);
        boolean integral = t.size() > 0
                && java.util.Arrays.stream(t.doubles(x))
                        .filter(d -> !Double.isNaN(d))
                        .allMatch(d -> d == Math.rint(d));
        if (integral) {
            xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            xAxis.setNumberFormatOverride(new DecimalFormat("0"));
        }
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    }

    private static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setFrame(BlockBorder.NONE);
            chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        }
        return chart;
    }

    /** Blue - white - red between two bounds; values outside are clamped. */
    private record Diverging(double lower, double upper) implements PaintScale {
        @Override
        public double getLowerBound() {
            return lower;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            if (Double.isNaN(value)) {
                return new Color(0xf4f4f4);
            }
            double mid = (lower + upper) / 2;
            double f = Math.max(-1, Math.min(1, (value - mid) / ((upper - lower) / 2)));
            Color end = f < 0 ? new Color(0x2166ac) : new Color(0xb2182b);
            double w = Math.abs(f);
            return new Color(mix(255, end.getRed(), w), mix(255, end.getGreen(), w), mix(255, end.getBlue(), w));
        }

        private static int mix(int a, int b, double w) {
            return (int) Math.round(a + (b - a) * w);
        }
    }
}
