package org.chiso.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XIntervalSeries;
import org.jfree.data.xy.XIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/** JFreeChart charts rendered to inline SVG through JFreeSVG, in the report's house style. */
final class ChartSvg {
    /** Colour-blind-safe categorical colours (Okabe and Ito), shared by charts and the map. */
    static final String[] PALETTE = {
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#7F7F7F"
    };

    static final Color INK = new Color(0x1d, 0x27, 0x33);
    static final Color GRID = new Color(0xe1, 0xe5, 0xea);
    static final Font FONT = new Font("SansSerif", Font.PLAIN, 11);
    static final Font SMALL = new Font("SansSerif", Font.PLAIN, 10);
    static final Font TITLE = new Font("SansSerif", Font.BOLD, 12);

    private ChartSvg() {}

    static Color colour(int i) {
        return Color.decode(PALETTE[Math.floorMod(i, PALETTE.length)]);
    }

    static String hex(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    /**
     * The chart as an {@code <svg>} element that scales to its container (up to {@code w} pixels wide).
     *
     * @param id a page-unique id; also prefixes the ids of clip paths and gradients
     * @param label the accessible name of the drawing
     */
    static String svg(JFreeChart chart, int w, int h, String id, String label) {
        SVGGraphics2D g = new SVGGraphics2D(w, h);
        g.setDefsKeyPrefix(id + "_");
        g.setGeomDoubleConverter(ChartSvg::short2);
        chart.draw(g, new Rectangle2D.Double(0, 0, w, h));
        String el = g.getSVGElement(id, false, new ViewBox(0, 0, w, h), null, null);
        g.dispose();
        // Namespace declarations are not needed for SVG inside HTML; dropping them keeps the page free of URLs.
        el = el.replaceAll("\\s+xmlns(:[A-Za-z]+)?=('[^']*'|\"[^\"]*\")", "");
        return el.replaceFirst(
                "<svg ",
                "<svg class=\"chart\" role=\"img\" aria-label=\"" + HtmlFormat.esc(label) + "\" style=\"max-width:" + w
                        + "px\" ");
    }

    /** A coordinate with at most two decimals. */
    static String short2(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "0";
        }
        long r = Math.round(d * 100);
        if (r % 100 == 0) {
            return Long.toString(r / 100);
        }
        return BigDecimal.valueOf(r, 2).stripTrailingZeros().toPlainString();
    }

    private static void style(JFreeChart c) {
        c.setBackgroundPaint(Color.WHITE);
        c.setAntiAlias(true);
        c.setTextAntiAlias(true);
        c.setPadding(new RectangleInsets(4, 4, 4, 8));
        c.setBorderVisible(false);
        if (c.getTitle() != null) {
            c.getTitle().setFont(TITLE);
            c.getTitle().setPaint(INK);
            c.getTitle().setHorizontalAlignment(org.jfree.chart.ui.HorizontalAlignment.LEFT);
        }
        LegendTitle legend = c.getLegend();
        if (legend != null) {
            legend.setFrame(BlockBorder.NONE);
            legend.setItemFont(FONT);
            legend.setItemPaint(INK);
            legend.setBackgroundPaint(Color.WHITE);
            legend.setPosition(RectangleEdge.TOP);
        }
        c.getPlot().setBackgroundPaint(Color.WHITE);
        c.getPlot().setOutlineVisible(false);
        if (c.getPlot() instanceof XYPlot p) {
            p.setDomainGridlinePaint(GRID);
            p.setRangeGridlinePaint(GRID);
            p.setDomainGridlineStroke(new BasicStroke(0.8f));
            p.setRangeGridlineStroke(new BasicStroke(0.8f));
            axis(p.getDomainAxis());
            axis(p.getRangeAxis());
        } else if (c.getPlot() instanceof CategoryPlot p) {
            p.setRangeGridlinePaint(GRID);
            p.setRangeGridlineStroke(new BasicStroke(0.8f));
            axis(p.getRangeAxis());
            CategoryAxis a = p.getDomainAxis();
            a.setTickLabelFont(FONT);
            a.setLabelFont(FONT);
            a.setTickLabelPaint(INK);
            a.setAxisLinePaint(GRID);
        }
    }

    private static void axis(ValueAxis a) {
        if (a == null) {
            return;
        }
        a.setTickLabelFont(SMALL);
        a.setLabelFont(FONT);
        a.setTickLabelPaint(INK);
        a.setLabelPaint(INK);
        a.setAxisLinePaint(GRID);
        a.setTickMarkPaint(GRID);
    }

    /** Years on an axis: integer ticks, no thousands separator. */
    private static void yearAxis(NumberAxis a) {
        a.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
        a.setNumberFormatOverride(new DecimalFormat("0"));
        a.setAutoRangeIncludesZero(false);
    }

    /**
     * Grouped bars: one group per category, one bar per series.
     *
     * @param values values[series][category]; NaN leaves a gap
     */
    static String bars(
            String id,
            String label,
            List<String> series,
            List<String> categories,
            double[][] values,
            String valueAxis,
            int w,
            int h) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        for (int s = 0; s < series.size(); s++) {
            for (int c = 0; c < categories.size(); c++) {
                double v = values[s][c];
                ds.addValue(Double.isNaN(v) ? null : v, series.get(s), categories.get(c));
            }
        }
        JFreeChart chart =
                ChartFactory.createBarChart(null, null, valueAxis, ds, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        CategoryPlot p = chart.getCategoryPlot();
        BarRenderer r = (BarRenderer) p.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setItemMargin(0.04);
        for (int s = 0; s < series.size(); s++) {
            r.setSeriesPaint(s, colour(s));
        }
        if (categories.size() > 10) {
            p.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        ValueMarker zero = new ValueMarker(0, INK, new BasicStroke(1f));
        p.addRangeMarker(zero);
        return svg(chart, w, h, id, label);
    }

    /** One line of an XY chart. */
    record Line(String name, double[] x, double[] y, Color colour, float width, boolean dashed, boolean points) {}

    /**
     * Lines over years.
     *
     * @param yRange a fixed vertical range, or null for automatic
     */
    static String lines(
            String id,
            String label,
            String title,
            String subtitle,
            List<Line> lines,
            String yLabel,
            Range yRange,
            boolean legend,
            int w,
            int h) {
        XYSeriesCollection ds = new XYSeriesCollection();
        for (Line l : lines) {
            XYSeries s = new XYSeries(l.name(), true, true);
            for (int i = 0; i < l.x().length; i++) {
                if (!Double.isNaN(l.y()[i])) {
                    s.addOrUpdate(l.x()[i], l.y()[i]);
                }
            }
            ds.addSeries(s);
        }
        JFreeChart chart =
                ChartFactory.createXYLineChart(title, null, yLabel, ds, PlotOrientation.VERTICAL, legend, false, false);
        if (subtitle != null) {
            chart.addSubtitle(0, subtitle(subtitle));
        }
        style(chart);
        XYPlot p = chart.getXYPlot();
        yearAxis((NumberAxis) p.getDomainAxis());
        NumberAxis ya = (NumberAxis) p.getRangeAxis();
        ya.setAutoRangeIncludesZero(false);
        if (yRange != null) {
            ya.setRange(yRange);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            r.setSeriesPaint(i, l.colour());
            r.setSeriesStroke(
                    i,
                    l.dashed()
                            ? new BasicStroke(
                                    l.width(),
                                    BasicStroke.CAP_BUTT,
                                    BasicStroke.JOIN_ROUND,
                                    1f,
                                    new float[] {5f, 4f},
                                    0f)
                            : new BasicStroke(l.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            r.setSeriesShapesVisible(i, l.points());
            r.setSeriesShape(i, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        p.setRenderer(r);
        return svg(chart, w, h, id, label);
    }

    /**
     * Horizontal error bars: one row per unit, sorted as given (first at the bottom), with an optional reference line.
     *
     * @param reference the value of the reference line, or NaN for none
     */
    static String errorBars(
            String id,
            String label,
            String[] names,
            double[] value,
            double[] low,
            double[] high,
            double reference,
            String referenceLabel,
            String valueAxis,
            int w) {
        XIntervalSeries s = new XIntervalSeries("estimate", false, true);
        for (int i = 0; i < names.length; i++) {
            s.add(value[i], Double.isNaN(low[i]) ? value[i] : low[i], Double.isNaN(high[i]) ? value[i] : high[i], i);
        }
        XIntervalSeriesCollection ds = new XIntervalSeriesCollection();
        ds.addSeries(s);
        NumberAxis x = new NumberAxis(valueAxis);
        x.setAutoRangeIncludesZero(false);
        SymbolAxis y = new SymbolAxis(null, names);
        y.setGridBandsVisible(true);
        y.setGridBandPaint(Color.WHITE);
        y.setGridBandAlternatePaint(new Color(0xf3, 0xf5, 0xf7));
        y.setRange(-0.7, names.length - 0.3);
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(true);
        r.setDrawYError(false);
        r.setDefaultLinesVisible(false);
        r.setDefaultShapesVisible(true);
        r.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        r.setSeriesPaint(0, colour(0));
        r.setErrorPaint(new Color(0x5b, 0x68, 0x75));
        r.setErrorStroke(new BasicStroke(1.1f));
        r.setCapLength(5);
        XYPlot p = new XYPlot(ds, x, y, r);
        if (!Double.isNaN(reference)) {
            ValueMarker m = new ValueMarker(
                    reference,
                    colour(5),
                    new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {4f, 3f}, 0f));
            m.setLabel(referenceLabel);
            m.setLabelFont(SMALL);
            m.setLabelPaint(colour(5));
            m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            p.addDomainMarker(m);
        }
        JFreeChart chart = new JFreeChart(null, FONT, p, false);
        style(chart);
        y.setTickLabelFont(SMALL);
        p.setDomainAxisLocation(org.jfree.chart.axis.AxisLocation.TOP_OR_LEFT);
        int h = Math.max(160, 16 * names.length + 70);
        return svg(chart, w, h, id, label);
    }

    /** A small left-aligned subtitle line under a chart title. */
    static TextTitle subtitle(String text) {
        TextTitle t = new TextTitle(text, SMALL);
        t.setPaint(new Color(0x5b, 0x68, 0x75));
        t.setHorizontalAlignment(org.jfree.chart.ui.HorizontalAlignment.LEFT);
        return t;
    }
}
