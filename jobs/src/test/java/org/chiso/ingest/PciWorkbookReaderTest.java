package org.chiso.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.chiso.harmonize.Harmonize;
import org.chiso.harmonize.HarmonizeInputs;
import org.chiso.testing.Inputs;
import org.chiso.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The PCI official workbooks 2005-2016 in ../shared/data/pci/official (VCCI's downloads), read year by year and
 * compared with the PCI long file. The expected counts are the workbooks' own: provinces times the columns each
 * year's summary sheet publishes (docs/PCI_WORKBOOKS.md), and the rows of per-column statistics under the table.
 */
class PciWorkbookReaderTest {
    /**
     * The largest difference allowed between a workbook cell and the long file's: both hold the same doubles (the long
     * file prints them with 15-17 significant digits; the largest difference measured is 5e-14).
     */
    private static final double TOLERANCE = 1e-9;

    private static Path workbook(int year) {
        Path xls = SharedData.data("pci/official").resolve("PCI_" + year + ".xls");
        return Files.isRegularFile(xls) ? xls : SharedData.data("pci/official/PCI_" + year + ".xlsx");
    }

    private static String key(ScoreRecord r) {
        return r.year() + "|" + r.provinceKey() + "|" + r.component();
    }

    @Test
    void everyYearIsReadAndEveryRowIsAccountedFor() {
        // year -> {provinces, columns published (sub-indices, unweighted, weighted), summary rows under the table}
        Map<Integer, int[]> expected = new TreeMap<>(Map.ofEntries(
                Map.entry(2005, new int[] {42, 10, 0}),
                Map.entry(2006, new int[] {64, 11, 2}),
                Map.entry(2007, new int[] {64, 12, 3}),
                Map.entry(2008, new int[] {64, 12, 2}),
                Map.entry(2009, new int[] {63, 10, 0}),
                Map.entry(2010, new int[] {63, 11, 3}),
                Map.entry(2011, new int[] {63, 10, 3}),
                Map.entry(2012, new int[] {63, 10, 3}),
                Map.entry(2013, new int[] {63, 11, 3}),
                Map.entry(2014, new int[] {63, 11, 3}),
                Map.entry(2015, new int[] {63, 11, 3}),
                Map.entry(2016, new int[] {63, 11, 3})));
        for (Map.Entry<Integer, int[]> e : expected.entrySet()) {
            int year = e.getKey();
            IngestRun run = Inputs.ingest(workbook(year));
            IngestRun.FileSummary s = run.files().get(0);
            assertEquals("pci-official-workbook", s.reader(), year + ": " + s);
            assertEquals("read", s.status(), year + ": " + s);
            int provinces = e.getValue()[0];
            int cells = provinces * e.getValue()[1];
            Map<String, Long> reasons = run.rejects().stream()
                    .collect(Collectors.groupingBy(Reject::reason, TreeMap::new, Collectors.counting()));
            assertEquals(cells, s.accepted(), year + ": " + run.rejects());
            assertEquals(
                    e.getValue()[2] == 0 ? Map.of() : Map.of("summary_row", (long) e.getValue()[2]),
                    reasons,
                    year + ": " + run.rejects());
            assertEquals(s.rowsIn(), s.accepted() + s.rejected(), year + ": rows in = accepted + rejected");
            TreeSet<String> keys = run.accepted().stream()
                    .map(ScoreRecord::provinceKey)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(provinces, keys.size(), year + ": " + keys);
            assertEquals(year <= 2008, keys.contains("VN63-28"), year + ": Hà Tây (VN63-28) is scored to 2008");
            assertTrue(run.accepted().stream()
                    .allMatch(r ->
                            r.provenance().equals("published") && r.source().equals(PciWorkbookReader.SOURCE)));
        }
    }

    @Test
    void everyWorkbookCellAgreesWithTheLongFileWhereBothHaveOne() {
        List<Path> files = new ArrayList<>(List.of(SharedData.data("pci/pci_2005_2022_long.csv")));
        IntStream.rangeClosed(2005, 2016)
                .mapToObj(PciWorkbookReaderTest::workbook)
                .forEach(files::add);
        IngestRun both = Inputs.ingest(files.toArray(Path[]::new));
        Map<String, ScoreRecord> longFile = new TreeMap<>();
        Map<String, ScoreRecord> books = new TreeMap<>();
        for (ScoreRecord r : both.accepted()) {
            (r.source().equals(PciWorkbookReader.SOURCE) ? books : longFile).put(key(r), r);
        }
        List<String> disagreements = new ArrayList<>();
        List<String> onlyInWorkbooks = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, ScoreRecord> b : books.entrySet()) {
            ScoreRecord l = longFile.get(b.getKey());
            if (l == null) {
                onlyInWorkbooks.add(b.getKey());
                continue;
            }
            compared++;
            if (Math.abs(l.value() - b.getValue().value()) > TOLERANCE) {
                disagreements.add(b.getKey() + ": long file " + l.value() + " (line " + l.line() + "), workbook "
                        + b.getValue().value() + " (" + b.getValue().file() + " row "
                        + b.getValue().line() + " column "
                        + b.getValue().column() + ")");
            }
        }
        assertEquals(List.of(), disagreements, "cells on which the workbooks and the long file disagree");
        // every cell of the workbooks' summary sheets is in the long file too: nothing is only in the workbooks
        assertEquals(List.of(), onlyInWorkbooks);
        assertEquals(books.size(), compared);
        assertEquals(8015, compared, "42x10 + 64x11 + 2x64x12 + 63x10 + 63x11 + 2x63x10 + 4x63x11");
        // the long file's cells for 2005-2016 the workbooks do not publish: the unweighted sums of most years
        Map<String, Long> onlyLong = longFile.keySet().stream()
                .filter(k -> Integer.parseInt(k.substring(0, 4)) <= 2016 && !books.containsKey(k))
                .collect(Collectors.groupingBy(
                        k -> k.substring(k.lastIndexOf('|') + 1), TreeMap::new, Collectors.counting()));
        assertEquals(Map.of("UNWEIGHTED", 484L), onlyLong);
    }

    @Test
    void aCellOnlyAWorkbookHasFillsThePanelAsPublishedAndSharedCellsKeepTheLongFile() throws Exception {
        // the long file as a user might have it with one cell missing: 2016 Ha Noi's entry costs blanked
        List<String> lines = Files.readAllLines(SharedData.data("pci/pci_2005_2022_long.csv"));
        int blanked = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).startsWith("2016,01,")) {
                List<String> f = new ArrayList<>(List.of(lines.get(i).split(",", -1)));
                f.set(3, "");
                lines.set(i, String.join(",", f));
                blanked++;
            }
        }
        assertEquals(1, blanked);
        IngestRun run = Inputs.newRun();
        run.add(new SourceFile(
                "pci_long_without_one_cell.csv",
                (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
                n -> Optional.empty()));
        run.add(Inputs.file(workbook(2016)));
        List<Harmonize.Score> scores = run.accepted().stream()
                .map(r -> new Harmonize.Score(
                        r.index(),
                        r.version(),
                        r.year(),
                        r.basis(),
                        r.provinceKey(),
                        r.component(),
                        r.level(),
                        r.value(),
                        null,
                        null,
                        r.provenance(),
                        false,
                        r.source(),
                        null))
                .toList();
        Map<String, Harmonize.Score> panel = new TreeMap<>();
        for (Harmonize.Score p : Harmonize.preferred(scores, HarmonizeInputs.priorities())) {
            panel.put(p.year() + "|" + p.provinceKey() + "|" + p.component(), p);
        }
        Harmonize.Score entry = panel.get("2016|VN63-01|ENTRY");
        assertEquals(PciWorkbookReader.SOURCE, entry.source(), "the cell only the workbook has");
        assertEquals("published", entry.provenance());
        // Summary_VN, Ha Noi's entry costs as the workbook stores it (the long file's value too)
        double workbookEntry = run.accepted().stream()
                .filter(r -> r.source().equals(PciWorkbookReader.SOURCE) && key(r).equals("2016|VN63-01|ENTRY"))
                .findFirst()
                .orElseThrow()
                .value();
        assertEquals(workbookEntry, entry.value(), 0.0);
        Harmonize.Score land = panel.get("2016|VN63-01|LAND");
        assertTrue(land.source().startsWith("mdtrinh/vietnamdata"), "a cell both have keeps the long file: " + land);
    }

    @Test
    void aPciWorkbookWithoutTheSummaryLabelsIsSkippedNamingTheLabelsItHas() throws Exception {
        // a made-up PCI_2010.xls whose summary sheet names only three sub-indices
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (org.apache.poi.hssf.usermodel.HSSFWorkbook wb = new org.apache.poi.hssf.usermodel.HSSFWorkbook()) {
            org.apache.poi.ss.usermodel.Row header = wb.createSheet("Tong hop").createRow(0);
            List<String> labels = List.of(
                    "Thứ tự",
                    "Tỉnh",
                    "Gia nhập thị trường",
                    "",
                    "Tiếp cận đất đai",
                    "",
                    "Tính minh bạch",
                    "",
                    "PCI 2010");
            for (int c = 0; c < labels.size(); c++) {
                header.createCell(c).setCellValue(labels.get(c));
            }
            wb.write(bytes);
        }
        IngestRun run = Inputs.newRun();
        IngestRun.FileSummary s = run.add(new SourceFile("PCI_2010.xls", bytes.toByteArray(), n -> Optional.empty()));
        assertEquals("skipped", s.status(), s.toString());
        assertEquals(
                "PCI workbook layout not recognised: expected a sheet whose first rows name at least eight sub-indices"
                        + " and the weighted PCI; sheets: 'Tong hop' (ENTRY, LAND, TOTAL, TRANSPARENCY)",
                s.note());
        assertEquals(0, s.rowsIn());
    }
}
