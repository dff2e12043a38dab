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

class WorkbookTest {
    private static final String MAIN = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
    private static final String REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /** The content types and package relationship every .xlsx carries, naming xl/workbook.xml the main part. */
    private static final Map<String, String> PACKAGE = Map.of(
            "[Content_Types].xml",
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument"
                    + ".spreadsheetml.sheet.main+xml\"/></Types>",
            "_rels/.rels",
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"" + REL + "/officeDocument\" Target=\"xl/workbook.xml\"/>"
                    + "</Relationships>");

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

    private static Workbook tinyWorkbook() throws IOException {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.putAll(PACKAGE);
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
        return Workbook.read("tiny.xlsx", new ByteArrayInputStream(zip(parts)));
    }

    @Test
    void readsSheetsInWorkbookOrderThroughRelationships() throws IOException {
        Workbook book = tinyWorkbook();
        assertEquals(List.of("Scores", "Notes"), book.sheetNames());
        assertEquals(
                List.of("Scores", "Notes"),
                book.sheets().stream().map(Workbook.Sheet::name).toList());
        assertEquals(
                List.of(new Workbook.Row(5, new TreeMap<>(Map.of(1, "7")))),
                book.sheet("Notes").rows());
    }

    @Test
    void readsEveryCellType() throws IOException {
        List<Workbook.Row> rows = tinyWorkbook().sheet("Scores").rows();
        assertEquals(2, rows.size(), "row 2 has no values and is absent");
        Workbook.Row first = rows.get(0);
        assertEquals(1, first.number());
        assertEquals(
                new TreeMap<>(
                        Map.of(0, "Ha Noi", 1, "Inline", 3, "TRUE", 4, "33.805961132049561", 5, "#N/A", 6, "Ha Noix")),
                first.cells());
        Workbook.Row third = rows.get(1);
        assertEquals(3, third.number());
        assertEquals(new TreeMap<>(Map.of(0, "Rich text", 2, "FALSE", 26, "1E-3")), third.cells());
    }

    @Test
    void unknownSheetListsTheNames() throws IOException {
        Workbook book = tinyWorkbook();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> book.sheet("Other"));
        assertEquals("no sheet 'Other'; sheets are [Scores, Notes]", e.getMessage());
    }

    @Test
    void rejectsNonWorkbooksNamingTheFile() throws IOException {
        InputStream text = new ByteArrayInputStream("id,name\n".getBytes(StandardCharsets.UTF_8));
        IOException notZip = assertThrows(IOException.class, () -> Workbook.read("data.csv", text));
        assertTrue(notZip.getMessage().startsWith("data.csv: "), notZip.getMessage());
        byte[] otherZip = zip(Map.of("word/document.xml", "<document/>"));
        IOException noWorkbook =
                assertThrows(IOException.class, () -> Workbook.read("doc.docx", new ByteArrayInputStream(otherZip)));
        assertEquals(
                "doc.docx: workbook cannot be read: not an .xlsx workbook (no xl/workbook.xml named by"
                        + " [Content_Types].xml and _rels/.rels): Package should contain a content type part [M1.13]",
                noWorkbook.getMessage());
    }

    @Test
    void columnLettersAndIndexRoundTrip() {
        assertEquals("A", Workbook.columnLetters(0));
        assertEquals("Z", Workbook.columnLetters(25));
        assertEquals("AA", Workbook.columnLetters(26));
        assertEquals("AF", Workbook.columnLetters(31));
        assertEquals("XFD", Workbook.columnLetters(16383));
        assertEquals(31, Workbook.columnIndex("AF"));
        assertEquals(26, Workbook.columnIndex("aa"));
        for (int i = 0; i < 20000; i += 7) {
            assertEquals(i, Workbook.columnIndex(Workbook.columnLetters(i)));
        }
        assertThrows(IllegalArgumentException.class, () -> Workbook.columnIndex("A1"));
        assertThrows(IllegalArgumentException.class, () -> Workbook.columnLetters(-1));
    }

    @Test
    void readsTheOfficialPapiWorkbook() throws IOException {
        String root = System.getProperty("workbench.root");
        assertTrue(root != null, "system property workbench.root is not set");
        Path file = Path.of(root, "..", "shared", "data", "papi", "PAPI_2011-2016_official.xlsx");
        assertTrue(Files.isRegularFile(file), "shared data not available: " + file);
        Workbook book;
        try (InputStream in = Files.newInputStream(file)) {
            book = Workbook.read(file.getFileName().toString(), in);
        }
        assertEquals(
                List.of("2011_PAPI", "2012_PAPI", "2013_PAPI", "2014_PAPI", "2015_PAPI", "2016_PAPI"),
                book.sheetNames());
        List<Workbook.Row> rows = book.sheet("2016_PAPI").rows();
        Workbook.Row hanoi =
                rows.stream().filter(r -> r.number() == 3).findFirst().orElseThrow();
        assertEquals("1", hanoi.cells().get(0));
        assertEquals("Ha Noi", hanoi.cells().get(1));
        assertEquals(33.806, Numbers.parse(hanoi.cells().get(Workbook.columnIndex("AF"))), 5e-4);
        Workbook.Row highest = rows.stream()
                .filter(r -> "999".equals(r.cells().get(0)))
                .findFirst()
                .orElseThrow();
        assertEquals("Highest", highest.cells().get(1));
    }

    /** A workbook whose one sheet is {@code sheet}, deflated. */
    private static byte[] oneSheet(byte[] sheet) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> part : PACKAGE.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(part.getValue().getBytes(StandardCharsets.UTF_8));
            }
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
        byte[] blanks = new byte[(int) Workbook.MAX_PART_BYTES / 2];
        java.util.Arrays.fill(blanks, (byte) ' ');
        byte[] zip = oneSheet(blanks);
        assertTrue(zip.length < blanks.length / 500, "deflate packs blanks about 1000:1: " + zip.length);
        IOException e = assertThrows(
                Workbook.WorkbookTooLargeException.class,
                () -> Workbook.read("bomb.xlsx", new ByteArrayInputStream(zip)));
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
        while (sheet.size() <= Workbook.MAX_PART_BYTES) {
            sheet.writeBytes(("<c><v>" + random.nextInt(1_000_000) + "</v></c>").getBytes(StandardCharsets.US_ASCII));
        }
        byte[] zip = oneSheet(sheet.toByteArray());
        assertTrue(zip.length * Workbook.MAX_RATIO > Workbook.MAX_PART_BYTES, "not a ratio bomb: " + zip.length);
        IOException e = assertThrows(
                Workbook.WorkbookTooLargeException.class,
                () -> Workbook.read("big.xlsx", new ByteArrayInputStream(zip)));
        assertTrue(e.getMessage().contains("inflates to more than 32 MiB (the limit for one part)"), e.getMessage());
    }

    private static Path shared(String relative) {
        String root = System.getProperty("workbench.root");
        assertTrue(root != null, "system property workbench.root is not set");
        Path file = Path.of(root, "..", "shared", "data").resolve(relative);
        assertTrue(Files.isRegularFile(file), "shared data not available: " + file);
        return file;
    }

    @Test
    void readsAnExcel97WorkbookWithCachedFormulaResults() throws IOException {
        Path file = shared("pci/official/PCI_2005.xls");
        Workbook book = Workbook.read(file.getFileName().toString(), Files.readAllBytes(file));
        assertEquals("Bảng tóm tắt chỉ số", book.sheetNames().get(1));
        Workbook.Row danang = book.sheet("Bảng tóm tắt chỉ số").rows().stream()
                .filter(r -> r.number() == 4)
                .findFirst()
                .orElseThrow();
        assertEquals("Đà Nẵng", danang.cells().get(0));
        // VCCI's published 2005 PCI of Da Nang, 70.67 (also the long file's value)
        assertEquals(70.6731496869088, Numbers.parse(danang.cells().get(14)), 1e-12);
    }

    @Test
    void anExcel97WorkbookNamedXlsxIsRefusedSayingSo() throws IOException {
        byte[] xls = Files.readAllBytes(shared("pci/official/PCI_2006.xls"));
        IOException e = assertThrows(IOException.class, () -> Workbook.read("PCI_2006.xlsx", xls));
        assertEquals(
                "PCI_2006.xlsx: workbook cannot be read: an Excel 97-2003 (.xls) workbook named .xlsx (an .xlsx file"
                        + " is a zip archive starting with 'PK'); rename it .xls",
                e.getMessage());
        byte[] xlsx = Files.readAllBytes(shared("pci/official/PCI_2016.xlsx"));
        IOException back = assertThrows(IOException.class, () -> Workbook.read("PCI_2016.xls", xlsx));
        assertEquals(
                "PCI_2016.xls: workbook cannot be read: an .xlsx (zip) workbook named .xls; rename it .xlsx",
                back.getMessage());
    }

    @Test
    void anEncryptedWorkbookIsRefusedAsPasswordProtected() throws Exception {
        byte[] plain = oneSheet("<worksheet/>".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream locked = new ByteArrayOutputStream();
        try (org.apache.poi.poifs.filesystem.POIFSFileSystem fs =
                new org.apache.poi.poifs.filesystem.POIFSFileSystem()) {
            org.apache.poi.poifs.crypt.EncryptionInfo info =
                    new org.apache.poi.poifs.crypt.EncryptionInfo(org.apache.poi.poifs.crypt.EncryptionMode.agile);
            org.apache.poi.poifs.crypt.Encryptor enc = info.getEncryptor();
            enc.confirmPassword("secret");
            try (java.io.OutputStream os = enc.getDataStream(fs)) {
                os.write(plain);
            }
            fs.writeFilesystem(locked);
        }
        IOException e = assertThrows(IOException.class, () -> Workbook.read("locked.xlsx", locked.toByteArray()));
        assertEquals(
                "locked.xlsx: workbook cannot be read: the workbook is encrypted (password-protected); save a copy"
                        + " without a password",
                e.getMessage());
    }

    @Test
    void neitherZipNorOle2IsRefused() {
        IOException e =
                assertThrows(IOException.class, () -> Workbook.read("x.xls", "a,b\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("x.xls: workbook cannot be read: not a zip archive"), e.getMessage());
    }
}
