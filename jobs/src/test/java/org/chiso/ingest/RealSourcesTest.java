package org.chiso.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                        "wide-csv (mappings/pci_grdp_population.csv) + covariates-pci"),
                run.files().stream().map(IngestRun.FileSummary::reader).toList());
        assertEquals(0, run.rejects().size(), run.rejects().toString());
        assertEquals(
                7 * 63,
                run.accepted().stream()
                        .filter(r -> r.file().endsWith("pci_grdp_population_2016_2022.csv"))
                        .count(),
                "PCI 2016-2022 x 63");
        assertEquals(
                7 * 63 + run.covariates().size(), run.files().get(1).accepted(), "scores and covariates of the file");
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

    @Test
    void theOfficialWorkbookWithAnExtraNotesSheetIsReadForTheSheetsItKnows() throws Exception {
        java.nio.file.Path original = SharedData.data("papi/PAPI_2011-2016_official.xlsx");
        IngestRun plain = Inputs.ingest(original);
        // the same workbook, as a user might save it, with a notes sheet added after the six YYYY_PAPI sheets
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipInputStream in =
                        new java.util.zip.ZipInputStream(java.nio.file.Files.newInputStream(original));
                java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(bytes)) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                String text = null;
                byte[] content = in.readAllBytes();
                if (e.getName().equals("xl/workbook.xml")) {
                    text = new String(content, java.nio.charset.StandardCharsets.UTF_8)
                            .replace("</sheets>", "<sheet name=\"Notes\" sheetId=\"99\" r:id=\"rIdNotes\"/></sheets>");
                } else if (e.getName().equals("xl/_rels/workbook.xml.rels")) {
                    text = new String(content, java.nio.charset.StandardCharsets.UTF_8)
                            .replace(
                                    "</Relationships>",
                                    "<Relationship Id=\"rIdNotes\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
                                            + "2006/relationships/worksheet\" Target=\"worksheets/notes.xml\"/></Relationships>");
                }
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(text == null ? content : text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
            out.putNextEntry(new java.util.zip.ZipEntry("xl/worksheets/notes.xml"));
            out.write(("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                            + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Source: papi.org.vn</t></is></c></row>"
                            + "</sheetData></worksheet>")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        IngestRun withNotes = Inputs.newRun();
        IngestRun.FileSummary s =
                withNotes.add(new SourceFile("with-notes.xlsx", bytes.toByteArray(), n -> Optional.empty()));
        assertEquals("read", s.status(), s.toString());
        assertEquals(plain.accepted().size(), withNotes.accepted().size(), "every value of the six known sheets");
        assertEquals(plain.rejects().size(), withNotes.rejects().size());
        assertTrue(s.note().contains("sheet 'Notes' skipped: sheet layout not recognised"), s.note());
    }
}
