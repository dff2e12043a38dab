package org.chiso.ingest.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class XlsxWorkbookTest {
    private static final String MAIN = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
    private static final String REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static byte[] zip(Map<String, String> parts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> part : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(part.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static XlsxWorkbook tinyWorkbook() throws IOException {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", "<Types/>");
        parts.put(
                "xl/workbook.xml",
                "<workbook " + MAIN + " xmlns:r=\"" + REL + "\"><sheets>"
                        + "<sheet name=\"Scores\" sheetId=\"1\" r:id=\"rId2\"/>"
                        + "<sheet name=\"Notes\" sheetId=\"2\" r:id=\"rId1\"/></sheets></workbook>");
        parts.put(
                "xl/_rels/workbook.xml.rels",
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                        + "relationships\">"
                        + "<Relationship Id=\"rId1\" Type=\"" + REL
                        + "/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/>"
                        + "<Relationship Id=\"rId2\" Type=\"" + REL + "/worksheet\" Target=\"worksheets/sheet3.xml\"/>"
                        + "<Relationship Id=\"rId3\" Type=\"" + REL + "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                        + "</Relationships>");
        parts.put(
                "xl/sharedStrings.xml",
                "<sst " + MAIN + " count=\"2\" uniqueCount=\"2\">"
                        + "<si><t>Ha Noi</t></si>"
                        + "<si><r><rPr><b/><sz val=\"11\"/></rPr><t>Rich</t></r><r><t xml:space=\"preserve\"> text</t></r>"
                        + "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh><phoneticPr fontId=\"1\"/></si></sst>");
        parts.put(
                "xl/worksheets/sheet3.xml",
                "<worksheet " + MAIN + "><sheetData>"
                        + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>Inline</t></is></c>"
                        + "<c r=\"D1\" t=\"b\"><v>1</v></c><c r=\"E1\" s=\"3\"><v>33.805961132049561</v></c>"
                        + "<c r=\"F1\" t=\"e\"><v>#N/A</v></c><c r=\"G1\" t=\"str\"><f>A1&amp;\"x\"</f><v>Ha Noix</v></c>"
                        + "<c r=\"H1\" s=\"2\"/></row>"
                        + "<row r=\"2\"><c r=\"A2\" s=\"1\"/></row>"
                        + "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c><c r=\"C3\" t=\"b\"><v>0</v></c>"
                        + "<c r=\"AA3\" t=\"n\"><v>1E-3</v></c></row>"
                        + "</sheetData></worksheet>");
        parts.put(
                "xl/worksheets/sheet1.xml",
                "<worksheet " + MAIN + "><sheetData>"
                        + "<row r=\"5\"><c r=\"B5\"><v>7</v></c></row></sheetData></worksheet>");
        return XlsxWorkbook.read("tiny.xlsx", new ByteArrayInputStream(zip(parts)));
    }

    @Test
    void readsSheetsInWorkbookOrderThroughRelationships() throws IOException {
        XlsxWorkbook book = tinyWorkbook();
        assertEquals(List.of("Scores", "Notes"), book.sheetNames());
        assertEquals(
                List.of("Scores", "Notes"),
                book.sheets().stream().map(XlsxWorkbook.Sheet::name).toList());
        assertEquals(
                List.of(new XlsxWorkbook.Row(5, new TreeMap<>(Map.of(1, "7")))),
                book.sheet("Notes").rows());
    }

    @Test
    void readsEveryCellType() throws IOException {
        List<XlsxWorkbook.Row> rows = tinyWorkbook().sheet("Scores").rows();
        assertEquals(2, rows.size(), "row 2 has no values and is absent");
        XlsxWorkbook.Row first = rows.get(0);
        assertEquals(1, first.number());
        assertEquals(
                new TreeMap<>(
                        Map.of(0, "Ha Noi", 1, "Inline", 3, "TRUE", 4, "33.805961132049561", 5, "#N/A", 6, "Ha Noix")),
                first.cells());
        XlsxWorkbook.Row third = rows.get(1);
        assertEquals(3, third.number());
        assertEquals(new TreeMap<>(Map.of(0, "Rich text", 2, "FALSE", 26, "1E-3")), third.cells());
    }

    @Test
    void unknownSheetListsTheNames() throws IOException {
        XlsxWorkbook book = tinyWorkbook();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> book.sheet("Other"));
        assertEquals("no sheet 'Other'; sheets are [Scores, Notes]", e.getMessage());
    }

    @Test
    void rejectsNonWorkbooksNamingTheFile() throws IOException {
        InputStream text = new ByteArrayInputStream("id,name\n".getBytes(StandardCharsets.UTF_8));
        IOException notZip = assertThrows(IOException.class, () -> XlsxWorkbook.read("data.csv", text));
        assertTrue(notZip.getMessage().startsWith("data.csv: "), notZip.getMessage());
        byte[] otherZip = zip(Map.of("word/document.xml", "<document/>"));
        IOException noWorkbook = assertThrows(
                IOException.class, () -> XlsxWorkbook.read("doc.docx", new ByteArrayInputStream(otherZip)));
        assertEquals(
                "doc.docx: workbook cannot be read: not an .xlsx workbook (no xl/workbook.xml)",
                noWorkbook.getMessage());
    }

    @Test
    void columnLettersAndIndexRoundTrip() {
        assertEquals("A", XlsxWorkbook.columnLetters(0));
        assertEquals("Z", XlsxWorkbook.columnLetters(25));
        assertEquals("AA", XlsxWorkbook.columnLetters(26));
        assertEquals("AF", XlsxWorkbook.columnLetters(31));
        assertEquals("XFD", XlsxWorkbook.columnLetters(16383));
        assertEquals(31, XlsxWorkbook.columnIndex("AF"));
        assertEquals(26, XlsxWorkbook.columnIndex("aa"));
        for (int i = 0; i < 20000; i += 7) {
            assertEquals(i, XlsxWorkbook.columnIndex(XlsxWorkbook.columnLetters(i)));
        }
        assertThrows(IllegalArgumentException.class, () -> XlsxWorkbook.columnIndex("A1"));
        assertThrows(IllegalArgumentException.class, () -> XlsxWorkbook.columnLetters(-1));
    }

    @Test
    void readsTheOfficialPapiWorkbook() throws IOException {
        String root = System.getProperty("workbench.root");
        assertTrue(root != null, "system property workbench.root is not set");
        Path file = Path.of(root, "..", "shared", "data", "papi", "PAPI_2011-2016_official.xlsx");
        assertTrue(Files.isRegularFile(file), "shared data not available: " + file);
        XlsxWorkbook book;
        try (InputStream in = Files.newInputStream(file)) {
            book = XlsxWorkbook.read(file.getFileName().toString(), in);
        }
        assertEquals(
                List.of("2011_PAPI", "2012_PAPI", "2013_PAPI", "2014_PAPI", "2015_PAPI", "2016_PAPI"),
                book.sheetNames());
        List<XlsxWorkbook.Row> rows = book.sheet("2016_PAPI").rows();
        XlsxWorkbook.Row hanoi =
                rows.stream().filter(r -> r.number() == 3).findFirst().orElseThrow();
        assertEquals("1", hanoi.cells().get(0));
        assertEquals("Ha Noi", hanoi.cells().get(1));
        assertEquals(33.806, Numbers.parse(hanoi.cells().get(XlsxWorkbook.columnIndex("AF"))), 5e-4);
        XlsxWorkbook.Row highest = rows.stream()
                .filter(r -> "999".equals(r.cells().get(0)))
                .findFirst()
                .orElseThrow();
        assertEquals("Highest", highest.cells().get(1));
    }

    /** A workbook whose one sheet is {@code sheet}, deflated. */
    private static byte[] oneSheet(byte[] sheet) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("xl/workbook.xml"));
            zip.write(("<workbook " + MAIN + " xmlns:r=\"" + REL + "\"><sheets><sheet name=\"S\" sheetId=\"1\""
                            + " r:id=\"rId1\"/></sheets></workbook>")
                    .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("xl/_rels/workbook.xml.rels"));
            zip.write(("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                            + "<Relationship Id=\"rId1\" Type=\"" + REL + "/worksheet\" Target=\"worksheets/s.xml\"/>"
                            + "</Relationships>")
                    .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("xl/worksheets/s.xml"));
            zip.write(sheet);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void aSheetThatInflatesFarMoreThanSheetsDoIsRefusedAsABomb() throws IOException {
        byte[] blanks = new byte[(int) XlsxWorkbook.MAX_PART_BYTES / 2];
        java.util.Arrays.fill(blanks, (byte) ' ');
        byte[] zip = oneSheet(blanks);
        assertTrue(zip.length < blanks.length / 500, "deflate packs blanks about 1000:1: " + zip.length);
        IOException e = assertThrows(
                XlsxWorkbook.WorkbookTooLargeException.class,
                () -> XlsxWorkbook.read("bomb.xlsx", new ByteArrayInputStream(zip)));
        assertTrue(
                e.getMessage()
                        .startsWith("bomb.xlsx: workbook refused: part xl/worksheets/s.xml inflates more than"
                                + " 100 times its compressed size"),
                e.getMessage());
    }

    @Test
    void aSheetLargerThanThePartLimitIsRefusedEvenWhenItCompressesLikeASheet() throws IOException {
        // numbers in cells compress about as real sheets do (well under the ratio limit), but there are too many
        java.util.Random random = new java.util.Random(17);
        ByteArrayOutputStream sheet = new ByteArrayOutputStream();
        while (sheet.size() <= XlsxWorkbook.MAX_PART_BYTES) {
            sheet.writeBytes(("<c><v>" + random.nextInt(1_000_000) + "</v></c>").getBytes(StandardCharsets.US_ASCII));
        }
        byte[] zip = oneSheet(sheet.toByteArray());
        assertTrue(
                zip.length * XlsxWorkbook.MAX_RATIO > XlsxWorkbook.MAX_PART_BYTES, "not a ratio bomb: " + zip.length);
        IOException e = assertThrows(
                XlsxWorkbook.WorkbookTooLargeException.class,
                () -> XlsxWorkbook.read("big.xlsx", new ByteArrayInputStream(zip)));
        assertTrue(e.getMessage().contains("inflates to more than 32 MiB (the limit for one part)"), e.getMessage());
    }
}
