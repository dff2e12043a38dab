package org.chiso.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.chiso.analysis.cluster.ProvinceClustering;
import org.chiso.harmonize.Harmonize;
import org.chiso.io.Progress;
import org.chiso.report.HtmlReport;
import org.chiso.report.ReportRun;
import org.chiso.report.ReportTable;
import org.chiso.report.Reports;
import org.chiso.survey.CiMethod;
import org.chiso.survey.DesignOptions;
import org.chiso.survey.synth.SyntheticDesign;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disclosure control in the demo: the pipeline of {@code ./workbench all} (default seed and options) on the demo's
 * disrupted fieldwork year, 2021, whose SYNTHETIC microdata give Hà Tĩnh fewer than 30 SIPAS-SYNTH respondents. Its
 * cells, and only they, are suppressed in the report's estimates table with their reason, and the HTML report lists
 * them.
 */
@ExtendWith(SparkExtension.class)
class DemoDisclosureTest {
    private static final long DEMO_SEED = 20250701L;

    @Test
    void theDisruptedProvinceYearIsSuppressedWithItsReasonInTheTableAndTheHtmlReport(
            SparkSession spark, @TempDir Path dir) throws Exception {
        SyntheticDesign.Disruption x = SyntheticDesign.DISRUPTED;
        int min = DesignOptions.DEFAULT_MIN_RESPONDENTS;
        String out = dir.resolve("out").toString();
        ReportRun run = PipelineJob.run(
                spark,
                new PipelineJob.Options(
                        List.of(),
                        out,
                        DEMO_SEED,
                        1,
                        1e-3,
                        DesignOptions.defaults().withCiMethod(CiMethod.T_DOMAIN),
                        min,
                        Harmonize.Weights.POPULATION,
                        null,
                        ProvinceClustering.Engine.PLAIN,
                        List.of(x.year()),
                        List.of()),
                new Progress(new PrintStream(OutputStream.nullOutputStream())));

        String readme = Files.readString(
                Path.of(DemoDataJob.microdataFolder(out), x.survey().surveyName(), "README.md"),
                StandardCharsets.UTF_8);
        assertTrue(
                readme.contains("Disrupted fieldwork (SYNTHETIC")
                        && readme.contains(
                                "of " + x.provinceKey() + " was interviewed, " + 3 * x.take() + " respondents in all"),
                readme);

        ReportTable estimates = Reports.open(run.folder()).table("estimates");
        String survey = x.survey().surveyName();
        String newKey = "VN34-" + x.provinceKey().substring(5); // Hà Tĩnh is unchanged by the 2025 merger
        Set<String> components = new TreeSet<>();
        SyntheticDesign.componentModels(x.survey()).forEach(c -> components.add(c.code()));
        Set<String> expected = new TreeSet<>();
        for (String key : List.of(x.provinceKey(), newKey)) {
            components.forEach(c -> expected.add(survey + "|" + x.year() + "|" + key + "|" + c));
        }

        Set<String> suppressed = new TreeSet<>();
        int others = 0;
        for (ReportTable.Row r : estimates.rows()) {
            String cell = r.str("survey") + "|" + (long) r.num("year") + "|" + r.str("province_key") + "|"
                    + r.str("component");
            if ("true".equals(r.str("suppressed"))) {
                suppressed.add(cell);
                assertTrue(r.num("n") > 0 && r.num("n") < min, cell + ": n " + r.num("n"));
                assertTrue(r.num("n") <= 3 * x.take(), cell + ": at most 3 districts x the disrupted take");
                assertEquals("fewer than " + min + " respondents", r.str("suppression_reason"), cell);
                for (String withheld : List.of("value", "se", "ci_low", "ci_high", "deff", "sum_w")) {
                    assertTrue(r.isNull(withheld), cell + ": " + withheld + " withheld");
                }
            } else {
                others++;
                assertTrue(r.num("n") >= min, cell + " is not suppressed with n " + r.num("n"));
                assertTrue(!r.isNull("value") && r.isNull("suppression_reason"), cell);
            }
        }
        assertEquals(expected, suppressed, "the disrupted province-year's cells, on both bases, and nothing else");
        assertTrue(others > 1_000, "the other cells of the year are published: " + others);

        String html = Files.readString(Path.of(run.path(HtmlReport.FILE)), StandardCharsets.UTF_8);
        String section = html.substring(html.indexOf("<section id=\"estimates\""));
        section = section.substring(0, section.indexOf("</section>"));
        assertTrue(
                section.contains(expected.size() + " of " + String.format(Locale.ROOT, "%,d", estimates.size())
                        + " estimate cells are suppressed"),
                section);
        assertTrue(section.contains("fewer than " + min + " respondents: " + expected.size()), "counted by reason");
        // the table of suppressed cells, row by row as text: survey, year, province name and key, component, n, reason
        String table = section.substring(section.indexOf("<h3>Suppressed cells</h3>"));
        table = table.substring(0, table.indexOf("</table>"));
        Set<String> rows = new TreeSet<>();
        for (String tr : table.split("<tr")) {
            rows.add(tr.replaceAll("^[^>]*>", "")
                    .replaceAll("<[^>]+>", " ")
                    .replaceAll("\\s+", " ")
                    .trim());
        }
        for (ReportTable.Row r : estimates.where("suppressed", "true").rows()) {
            String row = String.join(
                    " ",
                    survey,
                    Integer.toString(x.year()),
                    "Hà Tĩnh",
                    r.str("province_key"),
                    r.str("component"),
                    Long.toString((long) r.num("n")),
                    "fewer than " + min + " respondents");
            assertTrue(rows.contains(row), "the HTML report lists " + row + "; rows: " + rows);
        }
    }
}
