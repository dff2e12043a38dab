package org.chiso.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.testing.SparkExtension;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read API on a tiny hand-made run: finding the latest run (symbolic link, LATEST file, system property),
 * the manifest, typed CSV tables and their operations, the Parquet as a Dataset, and the charts.
 */
@ExtendWith(SparkExtension.class)
class ReportsTest {
    private static final String RUN = "20260101T000000Z";
    private static final String COVERAGE = """
            index,year,basis,province_key,code,provinces,value,note,synthetic,seed
            PAR,2023,VN63,VN63-01,01,63,91.5,"a, quoted note",true,12
            PAR,2024,VN63,VN63-02,02,63,NaN,,true,-7530489819427470558
            PAPI,2024,VN34,VN34-01,10,34,5.25,<b>bold</b>,false,3
            SIPAS,2022,VN63,VN63-03,07,,80,plain,true,
            """;

    /** output/reports/RUN/{manifest.json, tables/coverage.csv}, with or without the latest link. */
    private static Path fixture(Path dir, boolean link) throws IOException {
        Path reports = dir.resolve("output/reports");
        Path run = reports.resolve(RUN);
        Files.createDirectories(run.resolve("tables"));
        Files.writeString(run.resolve("manifest.json"), """
                {"run_id": "%s", "versions": {"spark": "4.1.0"},
                 "tables": {"coverage": {"rows": 4, "about": "cells per index and year"}},
                 "warnings": []}
                """.formatted(RUN), StandardCharsets.UTF_8);
        Files.writeString(run.resolve("tables/coverage.csv"), COVERAGE, StandardCharsets.UTF_8);
        Files.writeString(reports.resolve("LATEST"), RUN + "\n");
        if (link) {
            Files.createSymbolicLink(reports.resolve("latest"), Path.of(RUN));
        }
        return run;
    }

    @Test
    void openReadsTheManifestAndListsTables(@TempDir Path dir) throws IOException {
        Path run = fixture(dir, true);
        Reports r = Reports.open(run.toString());
        assertEquals(RUN, r.id());
        assertEquals("4.1.0", r.manifest().path("versions").path("spark").asText());
        assertEquals(List.of("coverage"), r.tables());
        assertEquals("cells per index and year", r.about("coverage"));
        assertTrue(r.manifestMap().get("tables") instanceof Map<?, ?>);
        assertTrue(r.toString().contains(RUN));
        assertThrows(IllegalArgumentException.class, () -> Reports.open(dir.toString()));
    }

    @Test
    void latestFollowsTheLinkOrTheLatestFileOrTheProperty(@TempDir Path dir) throws IOException {
        Path withLink = dir.resolve("a");
        Path run = fixture(withLink, true);
        assertEquals(
                run.toRealPath(), Reports.latest(withLink.resolve("output")).folder());
        assertEquals(
                run.toRealPath(),
                Reports.latest(withLink.resolve("output/reports")).folder());

        Path withoutLink = dir.resolve("b");
        Path run2 = fixture(withoutLink, false);
        assertEquals(run2, Reports.latest(withoutLink.resolve("output")).folder());

        String before = System.getProperty(Reports.OUT_PROPERTY);
        try {
            System.setProperty(
                    Reports.OUT_PROPERTY, withoutLink.resolve("output").toString());
            assertEquals(RUN, Reports.latest().id());
            System.setProperty(Reports.OUT_PROPERTY, run.toString());
            assertEquals(RUN, Reports.latest().id(), "a run folder itself is accepted");
            System.setProperty(Reports.OUT_PROPERTY, dir.resolve("nothing").toString());
            IllegalStateException e = assertThrows(IllegalStateException.class, Reports::latest);
            assertTrue(e.getMessage().contains("workbench all"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(Reports.OUT_PROPERTY);
            } else {
                System.setProperty(Reports.OUT_PROPERTY, before);
            }
        }
    }

    @Test
    void tablesAreTypedFromTheCsv(@TempDir Path dir) throws IOException {
        ReportTable t = Reports.open(fixture(dir, true).toString()).table("coverage");
        assertEquals(4, t.size());
        assertEquals(
                List.of(
                        "index",
                        "year",
                        "basis",
                        "province_key",
                        "code",
                        "provinces",
                        "value",
                        "note",
                        "synthetic",
                        "seed"),
                t.columns());
        assertFalse(t.isNumeric("seed"), "integers a double would round stay text");
        assertEquals("-7530489819427470558", t.rows().get(1).get("seed"));
        assertTrue(t.isNumeric("year"));
        assertTrue(t.isNumeric("value"), "NaN is a number");
        assertTrue(t.isNumeric("provinces"), "empty cells do not make a column text");
        assertFalse(t.isNumeric("code"), "zero-padded codes stay text");
        assertFalse(t.isNumeric("synthetic"));
        assertEquals(2023.0, t.rows().get(0).get("year"));
        assertEquals("01", t.rows().get(0).get("code"));
        assertEquals("a, quoted note", t.rows().get(0).get("note"));
        assertNull(t.rows().get(1).get("note"));
        assertTrue(t.rows().get(3).isNull("provinces"));
        assertTrue(Double.isNaN(t.rows().get(1).num("value")));
        assertTrue(Double.isNaN(t.rows().get(3).num("provinces")));
        assertEquals("2023", t.rows().get(0).str("year"));
        assertArrayEquals(new double[] {2023, 2024, 2024, 2022}, t.doubles("year"));
        assertEquals(2024.0, t.max("year"));
        assertEquals(List.of("PAR", "PAPI", "SIPAS"), t.distinct("index"));
        assertEquals(4, t.column("note").size());
        assertThrows(IllegalArgumentException.class, () -> t.doubles("basis"));
        assertThrows(IllegalArgumentException.class, () -> t.column("nope"));
        assertEquals("91.5", t.rows().get(0).text("value"), "the text as written, for the HTML report");
        assertEquals("", t.rows().get(3).text("provinces"));
        assertEquals(
                "2024", t.where("year", 2024).sort("value").rows().get(0).text("year"), "derived rows keep their text");
        assertEquals("2023", t.select("year").rows().get(0).text("year"), "new cells are formatted");
    }

    @Test
    void filterWhereSortHeadSelect(@TempDir Path dir) throws IOException {
        ReportTable t = Reports.open(fixture(dir, true).toString()).table("coverage");
        assertEquals(2, t.where("year", 2024).size());
        assertEquals(2, t.where("year", "2024").size(), "text compares with the printed number");
        assertEquals(3, t.where("basis", "VN63").size());
        assertEquals(1, t.where("note", null).size());
        assertEquals(2, t.filter(r -> r.num("value") > 10).size());
        assertEquals(List.of(2022.0, 2023.0, 2024.0, 2024.0), t.sort("year").column("year"));
        assertEquals(
                List.of("VN63-02", "VN34-01", "VN63-01", "VN63-03"),
                t.sort("year", false).column("province_key"));
        assertEquals(List.of("VN63-03", "VN34-01"), t.sort("provinces").head(2).column("province_key"), "empty first");
        ReportTable s = t.select("province_key", "value");
        assertEquals(List.of("province_key", "value"), s.columns());
        assertTrue(s.isNumeric("value"));
        assertEquals(0, t.head(0).size());
        assertEquals(4, t.head(99).size());
        assertEquals(4, t.size(), "operations leave the table unchanged");
    }

    @Test
    void computedColumnsAndSummaries(@TempDir Path dir) throws IOException {
        ReportTable t = Reports.open(fixture(dir, true).toString()).table("coverage");
        ReportTable ranked = t.sort("value", false).with("rank", r -> r.index() + 1);
        assertTrue(ranked.isNumeric("rank"));
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), ranked.column("rank"));
        ReportTable labelled = t.with("label", r -> r.str("index") + ":" + r.str("year"));
        assertFalse(labelled.isNumeric("label"));
        assertEquals("PAR:2023", labelled.rows().get(0).get("label"));
        assertEquals(t.columns().size() + 1, labelled.columns().size());
        assertEquals(t.columns().size(), t.with("value", r -> 0).columns().size(), "an existing column is replaced");

        ReportTable s = t.summarize("value", "basis");
        assertEquals(List.of("basis", "count", "n", "sum", "mean", "min", "max"), s.columns());
        assertEquals(List.of("VN34", "VN63"), s.column("basis"), "sorted by the group columns");
        ReportTable.Row vn63 = s.where("basis", "VN63").rows().get(0);
        assertEquals(3.0, vn63.num("count"));
        assertEquals(2.0, vn63.num("n"), "NaN is left out of the statistics");
        assertEquals(171.5, vn63.num("sum"), 1e-12);
        assertEquals(85.75, vn63.num("mean"), 1e-12);
        assertEquals(80.0, vn63.num("min"));
        assertEquals(91.5, vn63.num("max"));
        assertEquals(3, t.summarize("year", "index", "basis").size());
        assertThrows(IllegalArgumentException.class, () -> t.summarize("basis", "index"));
    }

    @Test
    void textAndHtmlDisplay(@TempDir Path dir) throws IOException {
        ReportTable t = Reports.open(fixture(dir, true).toString()).table("coverage");
        String text = t.toString();
        assertTrue(text.startsWith("index"), text);
        assertTrue(text.contains("VN63-01") && text.contains("91.5") && text.contains("5.25"), text);
        assertTrue(text.contains("[coverage: 4 rows x 10 columns]"), text);
        assertTrue(text.contains(" 2023 "), "years print without a fraction: " + text);
        assertTrue(t.toString(1).contains("... 3 more rows"));
        String html = t.toHtml();
        assertTrue(html.startsWith("<table"), html);
        assertTrue(html.contains("&lt;b&gt;bold&lt;/b&gt;"), "cells are escaped: " + html);
        assertFalse(html.contains("<b>bold"), html);
        assertTrue(t.toHtml(2).contains("first 2 shown"));
        assertEquals("0.0012", ReportTable.format(0.00123));
        assertEquals("1.235e+06", ReportTable.format(1234567.5));
    }

    @Test
    void missingTablesAreNamed(@TempDir Path dir) throws IOException {
        Reports r = Reports.open(fixture(dir, true).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.table("nope"));
        assertTrue(e.getMessage().contains("coverage"), e.getMessage());
    }

    @Test
    void datasetReadsTheParquet(SparkSession spark, @TempDir Path dir) throws IOException {
        Path run = fixture(dir, true);
        StructType schema =
                new StructType().add("province_key", DataTypes.StringType).add("value", DataTypes.DoubleType);
        spark.createDataFrame(List.of(RowFactory.create("VN63-01", 1.5), RowFactory.create("VN63-02", 2.5)), schema)
                .coalesce(1)
                .write()
                .parquet(run.resolve("tables/values.parquet").toString());
        Reports r = Reports.open(run.toString());
        assertEquals(List.of("coverage", "values"), r.tables());
        Dataset<Row> ds = r.dataset(spark, "values");
        assertEquals(2, ds.count());
        assertEquals(DataTypes.DoubleType, ds.schema().apply("value").dataType());
        ReportTable collected = ReportTable.collect("values", ds.orderBy("province_key"), 1);
        assertEquals(1, collected.size());
        assertTrue(collected.isNumeric("value") && !collected.isNumeric("province_key"));
        assertEquals(1.5, collected.rows().get(0).num("value"));
        assertThrows(IllegalArgumentException.class, () -> r.dataset(spark, "coverage"));
    }

    @Test
    void chartsRenderAsSvgAndImages() {
        ReportTable t = ReportTable.of(
                "demo",
                List.of("year", "province", "value", "low", "high"),
                List.of(
                        List.of(2020, "Hà Nội", 1.0, 0.5, 1.5),
                        List.of(2021, "Hà Nội", 2.0, 1.5, 2.5),
                        List.of(2020, "Huế", 1.5, 1.0, 2.0),
                        List.of(2021, "Huế", 1.2, 0.9, 1.6)));
        assertTrue(t.isNumeric("year") && !t.isNumeric("province"));
        List<JFreeChart> charts = List.of(
                Charts.lines(t, "year", "value", "province", "Lines"),
                Charts.bars(t, "province", "value", "year", "Bars"),
                Charts.scatter(t, "year", "value", "low", "high", "province", "Scatter"),
                Charts.correlationHeatmap(
                        ReportTable.of(
                                "r",
                                List.of("a", "b", "r"),
                                List.of(
                                        List.of("PAR", "PAPI", 0.4),
                                        List.of("PAR", "SIPAS", -0.7),
                                        List.of("PAPI", "SIPAS", 0.1))),
                        "a",
                        "b",
                        "r",
                        "Heat"));
        for (JFreeChart c : charts) {
            String svg = Charts.svg(c, 400, 300);
            assertTrue(svg.startsWith("<svg") && svg.endsWith("</svg>"), svg.substring(0, 60));
            assertTrue(svg.contains(c.getTitle().getText()), "title drawn");
            BufferedImage img = Charts.image(c, 200, 150);
            assertEquals(200, img.getWidth());
            assertEquals(150, img.getHeight());
        }
        ReportTable late = ReportTable.of(
                "late",
                List.of("year", "series", "value"),
                List.of(
                        List.of(2022, "a", 1.0),
                        List.of(2021, "b", 2.0),
                        List.of(2020, "b", 3.0),
                        List.of(2020, "a", 4.0)));
        assertEquals(
                List.of("2020", "2021", "2022"),
                Charts.bars(late, "year", "value", "series", "t")
                        .getCategoryPlot()
                        .getDataset()
                        .getColumnKeys(),
                "numeric categories in ascending order");
        assertEquals(
                List.of("a", "b"),
                Charts.bars(late, "series", "value", null, "t")
                        .getCategoryPlot()
                        .getDataset()
                        .getColumnKeys(),
                "text categories in order of appearance");
        String a = Charts.svg(charts.get(0));
        String b = Charts.svg(charts.get(0));
        assertFalse(a.equals(b), "each SVG has its own ids");
        assertTrue(Charts.svg(charts.get(3)).contains("-0.70"), "heat map cells are labelled");
        ReportTable empty = t.where("province", "nowhere");
        for (JFreeChart c : List.of(
                Charts.lines(empty, "year", "value", "province", "none"),
                Charts.bars(empty, "province", "value", null, "none"),
                Charts.scatter(empty, "year", "value", "low", "high", null, "none"),
                Charts.correlationHeatmap(
                        ReportTable.of("r", List.of("a", "b", "r"), List.of()), "a", "b", "r", "none"))) {
            assertTrue(Charts.svg(c).startsWith("<svg"), "an empty table still draws");
        }
    }
}
