package org.chiso.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.chiso.core.ProvinceRegistry;
import org.chiso.demo.PublishedFigure;
import org.chiso.demo.PublishedFigures;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.jobs.ServiceIndexReportJob;
import org.chiso.service.ServiceIndexJob;
import org.chiso.service.synth.CommuneFile;
import org.chiso.service.synth.DossierGenerator;
import org.chiso.service.synth.DossierModel;
import org.chiso.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service index section on a real run: SYNTHETIC dossiers generated at scale 0.001 (with Thái Nguyên's planted
 * week), the service index computed by {@code service-index}'s job, the report rendered from that run's tables. The
 * expected departments, communes and totals are the published figures of data/published/figures.csv, which the
 * generator plants in Thái Nguyên's week 2025-W48.
 */
@ExtendWith(org.chiso.testing.SparkExtension.class)
class HtmlServiceTest {
    @TempDir
    Path tmp;

    /** The service-index run the report was rendered from. */
    private String runFolder;

    private String render(SparkSession spark) throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        Progress quiet = new Progress(new PrintStream(PrintStream.nullOutputStream()));
        List<CommuneFile.Commune> communes = DossierGenerator.communes(
                fs, SharedData.data("admin/commune_conversion_2025.csv").toString(), quiet);
        DossierModel m = DossierModel.build(20250701, 0.001, ProvinceRegistry.load(), communes);
        String dossiers = tmp.resolve("dossiers").toString();
        DossierGenerator.write(spark, fs, dossiers, m, 2, quiet);
        ReportRun run = ServiceIndexReportJob.run(
                spark,
                new ServiceIndexReportJob.Options(
                        new ServiceIndexJob.Options(dossiers, List.of("2024", "2022"), null),
                        tmp.resolve("out").toString()),
                quiet);
        runFolder = run.folder();
        HtmlReport.write(fs, run.folder(), null);
        // A copy to look at: jobs/target/service-report.html.
        Path html = Path.of(run.folder(), HtmlReport.FILE);
        Files.copy(html, Path.of("target/service-report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return Files.readString(html);
    }

    /** The HTML of the section with the id. */
    private static String section(String html, String id) {
        int from = html.indexOf("<section id=\"" + id + "\"");
        assertTrue(from >= 0, "section " + id);
        return html.substring(from, html.indexOf("</section>", from));
    }

    /** The table whose caption starts with the text. */
    private static String table(String html, String caption) {
        int at = html.indexOf("<caption>" + caption);
        assertTrue(at >= 0, "table " + caption);
        return html.substring(at, html.indexOf("</table>", at));
    }

    /** Each body row's cells, tags removed. */
    private static List<List<String>> rows(String table) {
        List<List<String>> out = new ArrayList<>();
        Matcher row = Pattern.compile("<tr[^>]*>(.*?)</tr>").matcher(table.substring(table.indexOf("<tbody>")));
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(row.group(1));
            while (cell.find()) {
                cells.add(cell.group(1).replaceAll("<[^>]+>", "").trim());
            }
            out.add(cells);
        }
        return out;
    }

    @Test
    void thaiNguyensPlantedWeekShowsThePublishedDepartmentsAndCommunesInOrder(SparkSession spark) throws IOException {
        String html = render(spark);
        String s = section(html, HtmlService.ID);
        assertTrue(s.contains("data-synthetic=\"true\"") && s.contains("<strong>SYNTHETIC.</strong>"), "labelled");
        assertTrue(html.contains("id=\"synthetic-banner\""), "banner");
        assertTrue(s.contains("Thái Nguyên, week 2025-W48"), "the week of the published figures is found");

        List<PublishedFigure> departments = new ArrayList<>();
        List<PublishedFigure> communes = new ArrayList<>();
        for (PublishedFigure f : PublishedFigures.load()) {
            if (f.index().equals("SERVICE") && f.measure().equals("unit_points")) {
                (f.component().startsWith("DEPT_") ? departments : communes).add(f);
            }
        }
        assertEquals(7, departments.size());
        assertEquals(6, communes.size());
        for (List<PublishedFigure> listed : List.of(departments, communes)) {
            String caption = listed == departments ? "Departments" : "Communes and wards";
            List<List<String>> rows = rows(table(s, caption));
            for (int i = 0; i < listed.size(); i++) {
                List<String> r = rows.get(i);
                assertEquals(String.valueOf(i + 1), r.get(0), caption + " rank " + r);
                assertEquals(
                        String.format(Locale.ROOT, "%.2f", listed.get(i).value()),
                        r.get(9),
                        caption + " total of " + listed.get(i).note());
            }
        }
        // The departments' names come from the units; the first is the Provincial Inspectorate, VN34-19/D/TTR.
        assertTrue(rows(table(s, "Departments")).get(0).get(1).contains("VN34-19/D/TTR"));

        List<List<String>> published = rows(table(s, "Published service figures"));
        List<String> online = published.stream()
                .filter(r -> r.get(0).contains("ONLINE_SERVICES"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("18.40", "8.40", "18.40", "no", "yes"), online.subList(2, 7), "18.4 above 12, listed");
        List<String> transparency = published.stream()
                .filter(r -> r.get(0).contains("TRANSPARENCY"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("15.61", "15.61", "15.61", "yes", "yes"), transparency.subList(2, 7));
        assertEquals(
                PublishedFigures.load().stream()
                                .filter(f -> f.index().equals("SERVICE"))
                                .count()
                        + 1,
                published.size(),
                "every figure and the sum of the groups");

        // At scale 0.001 some provinces have no dossier in a week: the table and the map show those that have.
        ReportTable index = ReportTable.read("service_index", Path.of(runFolder, "tables", "service_index.csv"));
        long provinces = index.rows().stream()
                .filter(r -> r.text("version").equals("2024")
                        && r.text("period").equals("2026-W48")
                        && r.text("level").equals("province"))
                .count();
        assertTrue(provinces >= 25, provinces + " provinces in the latest week");
        assertEquals(provinces, rows(table(s, "Provinces, week 2026-W48")).size(), "every province of the week");
        assertEquals(34, count(s, "<figure class=\"small\""), "one weekly chart per province");
        Matcher tiles = Pattern.compile("data-key=\"(VN34-\\d\\d)\" fill=\"(#[0-9a-f]{6})\"")
                .matcher(s);
        int filled = 0;
        while (tiles.find()) {
            filled += tiles.group(2).equals(MapView.MISSING_FILL) ? 0 : 1;
        }
        assertEquals(provinces, filled, "the map colours every province of the week");
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void aRunWithoutTheTableSaysWhatToRun() throws IOException {
        Path run = tmp.resolve("empty");
        Files.createDirectories(run.resolve("tables"));
        String html = HtmlReport.render(new Fs(new org.apache.hadoop.conf.Configuration()), run.toString(), null);
        String s = section(html, HtmlService.ID);
        assertTrue(s.contains("./workbench service-index --dossiers FOLDER"), s);
        assertTrue(!s.contains("data-synthetic"), "nothing synthetic without records");
    }
}
