package org.chiso.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.chiso.io.TextTable;
import org.chiso.testing.Inputs;
import org.chiso.testing.SharedData;
import org.junit.jupiter.api.Test;

/** Each reader on the real files in ../shared/data. */
class RealSourcesTest {
    private static String key(ScoreRecord r) {
        return r.year() + "|" + r.provinceKey() + "|" + r.component();
    }

    @Test
    void officialWorkbookReads2016HaNoi() {
        IngestRun run = Inputs.ingest(SharedData.data("papi/PAPI_2011-2016_official.xlsx"));
        assertEquals("papi-official-workbook", run.files().get(0).reader());
        ScoreRecord total = run.accepted().stream()
                .filter(r -> r.year() == 2016
                        && r.provinceKey().equals("VN63-01")
                        && r.component().equals("TOTAL"))
                .findFirst()
                .orElseThrow();
        assertEquals(33.806, total.value(), 5e-4);
        assertEquals("2016", total.version());
        // 6 sheets x (63 provinces x 29 columns), less 2014's two blank provinces, whose totals are published as 0.
        assertEquals(
                6,
                run.rejects().stream()
                        .filter(r -> r.reason().equals("summary_row"))
                        .count());
        assertEquals(
                2,
                run.rejects().stream()
                        .filter(r -> r.reason().equals("value_out_of_scale")
                                && r.file().endsWith("2014_PAPI"))
                        .count());
        assertEquals(run.rowsIn(), run.accepted().size() + run.rejects().size());
    }

    @Test
    void perYearFilesAgreeWithTheOfficialWorkbookWithin2e4() throws IOException {
        IngestRun official = Inputs.ingest(SharedData.data("papi/PAPI_2011-2016_official.xlsx"));
        Map<String, Double> byKey = new HashMap<>();
        official.accepted().forEach(r -> byKey.put(key(r), r.value()));
        int compared = 0;
        for (int y = 2011; y <= 2016; y++) {
            IngestRun run = Inputs.ingest(SharedData.data("papi/per-year/" + y + ".csv"));
            assertEquals("papi-per-year", run.files().get(0).reader());
            assertEquals(0, run.rejects().size(), run.rejects().toString());
            for (ScoreRecord r : run.accepted()) {
                Double o = byKey.get(key(r));
                assertTrue(o != null, "no official value for " + key(r));
                assertEquals(o, r.value(), 2e-4, key(r));
                compared++;
            }
        }
        assertEquals(6 * 63 * 22 - 2 * 22, compared, "every sub-dimension of 2011-2016 but 2014's two blank provinces");
    }

    @Test
    void perYearFilesFrom2011To2024AreAllAccepted() {
        for (int y = 2011; y <= 2024; y++) {
            IngestRun run = Inputs.ingest(SharedData.data("papi/per-year/" + y + ".csv"));
            assertEquals(0, run.rejects().size(), y + ": " + run.rejects());
            assertTrue(
                    run.accepted().size() >= 60 * 22, y + ": " + run.accepted().size());
            assertEquals(
                    y >= 2018 ? "2018" : y >= 2016 ? "2016" : "2011",
                    run.accepted().get(0).version());
        }
        IngestRun y2023 = Inputs.ingest(SharedData.data("papi/per-year/2023.csv"));
        assertTrue(
                y2023.accepted().stream()
                        .noneMatch(r -> r.provinceKey().equals("VN63-22")
                                || r.provinceKey().equals("VN63-74")),
                "no PAPI 2023 score for Quảng Ninh and Bình Dương");
        assertEquals(61 * 28, y2023.accepted().size());
    }

    @Test
    void pciLongReadsEveryNonBlankCellIncludingHaTay() throws IOException {
        Path file = SharedData.data("pci/pci_2005_2022_long.csv");
        IngestRun run = Inputs.ingest(file);
        assertEquals("pci-long", run.files().get(0).reader());
        assertEquals(0, run.rejects().size(), run.rejects().toString());
        TextTable t = TextTable.read(file.toString(), Files.newInputStream(file));
        long cells = t.records().stream()
                .flatMap(r -> r.fields().subList(3, r.fields().size() - 1).stream())
                .filter(s -> !s.isBlank())
                .count();
        assertEquals(cells, run.accepted().size());
        assertEquals(
                cells + run.files().get(0).blankCells(),
                t.records().size() * (t.header().size() - 4L));
        assertEquals(
                4,
                run.accepted().stream()
                        .filter(r -> r.provinceKey().equals("VN63-28")
                                && r.component().equals("TOTAL"))
                        .count(),
                "Hà Tây 2005-2008");
    }

    @Test
    void bundledMappingsReadTheWideResearchFiles() {
        IngestRun run = Inputs.ingest(
                SharedData.data("papi/papi_2011_2024_subdimensions_long.csv"),
                SharedData.data("pci/pci_grdp_population_2016_2022.csv"));
        assertEquals(
                List.of(
                        "wide-csv (mappings/papi_subdimensions_long.csv)",
                        "wide-csv (mappings/pci_grdp_population.csv)"),
                run.files().stream().map(IngestRun.FileSummary::reader).toList());
        assertEquals(0, run.rejects().size(), run.rejects().toString());
        assertEquals(7 * 63, run.files().get(1).accepted(), "PCI 2016-2022 x 63");
        assertTrue(run.files().get(0).ignoredCells() > 0, "computed dimensions are counted as ignored, not read");
    }

    @Test
    void filesNoReaderRecognisesAreSkippedNotGuessed() throws IOException {
        try (Stream<Path> s = Files.list(SharedData.data("admin"))) {
            IngestRun run = Inputs.ingest(s.sorted().toArray(Path[]::new));
            assertTrue(
                    run.files().stream().allMatch(f -> f.status().equals("skipped")),
                    run.files().toString());
            assertEquals(0, run.rowsIn());
        }
    }
}
