package org.chiso.ingest.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationshipCollection;
import org.apache.poi.openxml4j.opc.PackageRelationshipTypes;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.poifs.crypt.Decryptor;
import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.RichTextString;
import org.apache.poi.ss.util.NumberToTextConverter;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * The cell texts of an Excel workbook, .xlsx (Office Open XML) or .xls (Excel 97-2003), read with Apache POI.
 *
 * <p>An .xlsx sheet is read with POI's SAX event API ({@link XSSFSheetXMLHandler}): the sheet XML streams past and only
 * the cells with a value are kept, never a document tree. An .xls file (at most 65,536 rows a sheet) is read with
 * POI's HSSF.
 *
 * <p>Sheets come in workbook order. Cell text is what the workbook stores, not what a cell format paints:
 *
 * <ul>
 *   <li>strings (shared, inline, rich text without its phonetic runs) as written;
 *   <li>numbers in .xlsx as the stored {@code <v>} text exactly (not reformatted, so no digits are lost); in .xls as
 *       Excel's own text of the stored double (15 significant digits, {@code 1} not {@code 1.0});
 *   <li>formulas as their cached result (the value Excel computed when it last saved), never the formula;
 *   <li>booleans {@code TRUE}/{@code FALSE}, errors as their text ({@code #N/A}, {@code #DIV/0!});
 *   <li>dates as the stored serial number (days since 1899-12-30): cell formats are not applied, score workbooks hold
 *       no dates;
 *   <li>merged cells: the value sits in the top-left cell of the merged area only; the other cells are absent.
 * </ul>
 *
 * Cells without a value are absent, and so are rows without cells.
 *
 * <p>Hostile files are refused with an {@link IOException} naming the file: a corrupt or truncated archive, a part that
 * inflates beyond {@link #MAX_PART_BYTES} or more than {@link #MAX_RATIO} times its compressed size (POI's {@link
 * ZipSecureFile} limits, set here), an encrypted (password-protected) workbook, malformed XML (a DOCTYPE is refused),
 * an Excel 97-2003 file named .xlsx and an .xlsx named .xls.
 */
public final class Workbook {
    /**
     * One worksheet.
     *
     * @param name the sheet name shown on its tab
     * @param rows the rows holding at least one cell, in sheet order
     */
    public record Sheet(String name, List<Row> rows) {
        /** Copies {@code rows} into an unmodifiable list. */
        public Sheet {
            rows = List.copyOf(rows);
        }
    }

    /**
     * One worksheet row.
     *
     * @param number the 1-based Excel row number
     * @param cells cell text by 0-based column index
     */
    public record Row(int number, SortedMap<Integer, String> cells) {
        /** Wraps {@code cells} in an unmodifiable view of a copy. */
        public Row {
            cells = Collections.unmodifiableSortedMap(new TreeMap<>(cells));
        }
    }

    /** The most bytes one part (a sheet, the shared strings) may inflate to: a score sheet is some 100 KB. */
    public static final long MAX_PART_BYTES = 32L << 20;
    /**
     * The most a part may inflate per compressed byte: sheets compress about 5:1, deflate at most about 1000:1, so a
     * part far above this is a compression bomb, refused while it is read (POI checks parts past 100 KB).
     */
    public static final long MAX_RATIO = 100;

    static {
        ZipSecureFile.setMaxEntrySize(MAX_PART_BYTES);
        ZipSecureFile.setMinInflateRatio(1.0 / MAX_RATIO);
    }

    /** A workbook refused because a part inflates beyond the limits (a compression bomb). */
    public static final class WorkbookTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        WorkbookTooLargeException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Map<String, Sheet> sheets;

    private Workbook(Map<String, Sheet> sheets) {
        this.sheets = sheets;
    }

    /**
     * Reads all of {@code in} (not closed) as a workbook; see {@link #read(String, byte[])}.
     *
     * @param fileName the name used in messages; its extension is checked against the content
     */
    public static Workbook read(String fileName, InputStream in) throws IOException {
        return read(fileName, in.readAllBytes());
    }

    /**
     * Reads {@code bytes} as an .xlsx (zip) or .xls (OLE2) workbook, told apart by their content.
     *
     * @param fileName the name used in messages; a name ending .xlsx/.xlsm must hold a zip, one ending .xls an OLE2
     *     file
     * @throws IOException naming the file if it is not a readable, unencrypted workbook
     */
    public static Workbook read(String fileName, byte[] bytes) throws IOException {
        String extension = extension(fileName);
        FileMagic magic = FileMagic.valueOf(bytes);
        if (magic == FileMagic.OLE2) {
            return readOle2(fileName, extension, bytes);
        }
        if (magic != FileMagic.OOXML) {
            throw new IOException(fileName + ": workbook cannot be read: not a zip archive (an .xlsx file starts with"
                    + " 'PK') nor an Excel 97-2003 (OLE2) file");
        }
        if (extension.equals("xls")) {
            throw new IOException(
                    fileName + ": workbook cannot be read: an .xlsx (zip) workbook named .xls;" + " rename it .xlsx");
        }
        return readXlsx(fileName, bytes);
    }

    private static String extension(String fileName) {
        String n = fileName.substring(fileName.lastIndexOf('/') + 1);
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The name of column {@code index}: 0 is "A", 25 is "Z", 26 is "AA". */
    public static String columnLetters(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("negative column index " + index);
        }
        StringBuilder sb = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            sb.append((char) ('A' + (n - 1) % 26));
        }
        return sb.reverse().toString();
    }

    /** The 0-based index of column {@code letters} (case-insensitive): "A" is 0, "AA" is 26. */
    public static int columnIndex(String letters) {
        if (letters.isEmpty() || letters.length() > 6) {
            throw new IllegalArgumentException("invalid column letters '" + letters + "'");
        }
        int n = 0;
        for (char c : letters.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c < 'A' || c > 'Z') {
                throw new IllegalArgumentException("invalid column letters '" + letters + "'");
            }
            n = n * 26 + (c - 'A' + 1);
        }
        return n - 1;
    }

    /** The sheet names in workbook order. */
    public List<String> sheetNames() {
        return List.copyOf(sheets.keySet());
    }

    /** All sheets in workbook order. */
    public List<Sheet> sheets() {
        return List.copyOf(sheets.values());
    }

    /**
     * The sheet called {@code name} (exact match).
     *
     * @throws IllegalArgumentException listing the sheet names if there is none
     */
    public Sheet sheet(String name) {
        Sheet sheet = sheets.get(name);
        if (sheet == null) {
            throw new IllegalArgumentException("no sheet '" + name + "'; sheets are " + sheets.keySet());
        }
        return sheet;
    }

    // ---- .xls (and encrypted files, which Office stores as OLE2 whatever their extension) ----

    private static Workbook readOle2(String fileName, String extension, byte[] bytes) throws IOException {
        String cannot = fileName + ": workbook cannot be read: ";
        try (POIFSFileSystem fs = new POIFSFileSystem(new ByteArrayInputStream(bytes))) {
            DirectoryNode root = fs.getRoot();
            if (root.hasEntry("EncryptionInfo") || root.hasEntry(Decryptor.DEFAULT_POIFS_ENTRY)) {
                throw new IOException(
                        cannot + "the workbook is encrypted (password-protected);" + " save a copy without a password");
            }
            if (!root.hasEntry("Workbook") && !root.hasEntry("WORKBOOK") && !root.hasEntry("Book")) {
                throw new IOException(cannot + "an OLE2 (Office 97-2003) file without a Workbook stream:"
                        + " not an Excel workbook (streams: " + root.getEntryNames() + ")");
            }
            if (extension.startsWith("xlsx") || extension.equals("xlsm")) {
                throw new IOException(cannot + "an Excel 97-2003 (.xls) workbook named ." + extension
                        + " (an .xlsx file is a zip archive starting with 'PK'); rename it .xls");
            }
            try (HSSFWorkbook wb = new HSSFWorkbook(root, false)) {
                Map<String, Sheet> sheets = new LinkedHashMap<>();
                for (org.apache.poi.ss.usermodel.Sheet s : wb) {
                    List<Row> rows = new ArrayList<>();
                    for (org.apache.poi.ss.usermodel.Row r : s) {
                        SortedMap<Integer, String> cells = new TreeMap<>();
                        for (Cell c : r) {
                            String text = text(c, c.getCellType());
                            if (text != null) {
                                cells.put(c.getColumnIndex(), text);
                            }
                        }
                        if (!cells.isEmpty()) {
                            rows.add(new Row(r.getRowNum() + 1, cells));
                        }
                    }
                    sheets.put(s.getSheetName(), new Sheet(s.getSheetName(), rows));
                }
                return new Workbook(sheets);
            }
        } catch (EncryptedDocumentException e) {
            throw new IOException(
                    cannot + "the workbook is encrypted (password-protected); save a copy without a password", e);
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(fileName + ": ")
                    ? e
                    : new IOException(cannot + "not a readable Excel 97-2003 (.xls) file: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // POI's record parsers throw unchecked exceptions on corrupt records
            throw new IOException(cannot + "not a readable Excel 97-2003 (.xls) file: " + describe(e), e);
        }
    }

    /** The text of an .xls cell of {@code type} (a formula's cached result type for formulas); null if blank. */
    private static String text(Cell c, CellType type) {
        return switch (type) {
            case STRING -> c.getStringCellValue();
            case NUMERIC -> NumberToTextConverter.toText(c.getNumericCellValue());
            case BOOLEAN -> c.getBooleanCellValue() ? "TRUE" : "FALSE";
            case ERROR -> FormulaError.forInt(c.getErrorCellValue()).getString();
            case FORMULA -> text(c, c.getCachedFormulaResultType());
            default -> null;
        };
    }

    // ---- .xlsx ----

    private static final Pattern ENTRY = Pattern.compile("Entry: (\\S+)");

    private static Workbook readXlsx(String fileName, byte[] bytes) throws IOException {
        OPCPackage pkg;
        try {
            pkg = OPCPackage.open(new ByteArrayInputStream(bytes));
        } catch (IOException | OpenXML4JException | RuntimeException e) {
            throw refused(fileName, e);
        }
        try {
            XSSFReader reader;
            try {
                reader = new XSSFReader(pkg);
            } catch (RuntimeException e) {
                // POIXMLException: no office document relationship, so no workbook part
                throw new IOException(
                        fileName + ": workbook cannot be read: not an .xlsx workbook (no xl/workbook.xml: "
                                + describe(e) + ")",
                        e);
            }
            SharedStrings shared = new CheckedStrings(sharedStrings(pkg));
            XSSFReader.SheetIterator it = reader.getSheetIterator();
            Map<String, Sheet> sheets = new LinkedHashMap<>();
            while (it.hasNext()) {
                try (InputStream in = it.next()) {
                    String name = it.getSheetName();
                    String part = it.getSheetPart().getPartName().getName().substring(1);
                    sheets.put(name, new Sheet(name, rows(fileName, name, part, in, shared)));
                }
            }
            return new Workbook(sheets);
        } catch (WorkbookTooLargeException e) {
            throw e;
        } catch (IOException | OpenXML4JException | SAXException | RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(fileName + ": ")) {
                throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
            throw refused(fileName, e);
        } finally {
            pkg.revert();
        }
    }

    /**
     * The shared strings the workbook part points to (by relationship, whatever content type the part is given), else
     * the part of the shared strings content type, else none.
     */
    private static ReadOnlySharedStringsTable sharedStrings(OPCPackage pkg)
            throws IOException, SAXException, OpenXML4JException {
        PackagePart book = pkg.getPart(pkg.getRelationshipsByType(PackageRelationshipTypes.CORE_DOCUMENT)
                .getRelationship(0));
        PackageRelationshipCollection rels = book.getRelationshipsByType(XSSFRelation.SHARED_STRINGS.getRelation());
        PackagePart part = rels.isEmpty() ? null : book.getRelatedPart(rels.getRelationship(0));
        return part == null ? new ReadOnlySharedStringsTable(pkg, false) : new ReadOnlySharedStringsTable(part, false);
    }

    /** The message for a package POI would not open: a bomb names its part, anything else says why. */
    private static IOException refused(String fileName, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.startsWith("Zip bomb detected")) {
                Matcher part = ENTRY.matcher(m);
                String name = part.find() ? part.group(1) : "?";
                return new WorkbookTooLargeException(
                        fileName + ": workbook refused: part " + name
                                + (m.contains("max size")
                                        ? " inflates to more than " + (MAX_PART_BYTES >> 20)
                                                + " MiB (the limit for one part); a score workbook is far smaller"
                                        : " inflates more than " + MAX_RATIO
                                                + " times its compressed size; spreadsheets compress about 5:1")
                                + " (a compression bomb?)",
                        e);
            }
        }
        if (e instanceof InvalidFormatException || e instanceof NotOfficeXmlFileException) {
            // a zip, but not an Office Open XML package (no content types, no main workbook part)
            return new IOException(
                    fileName + ": workbook cannot be read: not an .xlsx workbook (no xl/workbook.xml named by"
                            + " [Content_Types].xml and _rels/.rels): " + describe(e),
                    e);
        }
        return new IOException(
                fileName + ": workbook cannot be read: not a readable .xlsx (zip) file: " + describe(e), e);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' ');
    }

    /** The rows of one sheet part, streamed through POI's sheet handler. */
    private static List<Row> rows(String fileName, String sheet, String part, InputStream in, SharedStrings shared)
            throws IOException {
        Collector rows = new Collector();
        Handler handler = new Handler(shared, rows);
        try {
            XMLReader xml = XMLHelper.newXMLReader();
            xml.setContentHandler(handler);
            xml.parse(new InputSource(in));
        } catch (BadCell e) {
            throw new IOException(
                    fileName + ": workbook cannot be read: sheet '" + sheet + "' cell " + handler.ref + ": "
                            + e.getMessage(),
                    e);
        } catch (SAXException | ParserConfigurationException e) {
            throw new IOException(
                    fileName + ": workbook cannot be read: malformed XML in " + part + ": " + describe(e), e);
        } catch (NumberFormatException e) {
            throw new IOException(
                    fileName + ": workbook cannot be read: invalid number in " + part + ": " + e.getMessage(), e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Zip bomb detected")) {
                throw refused(fileName, e);
            }
            throw new IOException(fileName + ": workbook cannot be read: " + part + ": " + describe(e), e);
        }
        return rows.rows;
    }

    /** A cell that cannot be read (a shared string index out of range); the handler adds the cell reference. */
    private static final class BadCell extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadCell(String message) {
            super(message);
        }
    }

    /** POI's shared strings, refusing an index that is not there instead of an index exception. */
    private record CheckedStrings(SharedStrings strings) implements SharedStrings {
        @Override
        public RichTextString getItemAt(int idx) {
            if (idx < 0 || idx >= strings.getUniqueCount()) {
                throw new BadCell(
                        "invalid shared string index '" + idx + "' (" + strings.getUniqueCount() + " shared strings)");
            }
            return strings.getItemAt(idx);
        }

        @Override
        public int getCount() {
            return strings.getCount();
        }

        @Override
        public int getUniqueCount() {
            return strings.getUniqueCount();
        }
    }

    /**
     * POI's sheet handler, noting each cell's reference and type: an error cell's text loses POI's {@code ERROR:}
     * prefix, a shared string index that is not a number is refused (POI would log it and drop the cell), and a cell
     * without a reference takes the column after the previous one.
     */
    private static final class Handler extends XSSFSheetXMLHandler {
        private final Collector out;
        private String ref;
        private String type;
        private final StringBuilder v = new StringBuilder();
        private boolean inV;

        Handler(SharedStrings shared, Collector out) {
            // no styles: numbers come as stored, not as a format paints them
            super(null, null, shared, out, new org.apache.poi.ss.usermodel.DataFormatter(), false);
            this.out = out;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes)
                throws SAXException {
            if ("c".equals(localName)) {
                ref = attributes.getValue("r");
                type = attributes.getValue("t");
                out.type = type;
            } else if ("v".equals(localName)) {
                inV = true;
                v.setLength(0);
            }
            super.startElement(uri, localName, qName, attributes);
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (inV) {
                v.append(ch, start, length);
            }
            super.characters(ch, start, length);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            if ("v".equals(localName)) {
                inV = false;
                if ("s".equals(type) && !v.toString().trim().matches("\\d{1,9}")) {
                    throw new BadCell("invalid shared string index '" + v + "'");
                }
            }
            super.endElement(uri, localName, qName);
        }
    }

    /** Collects the cells POI reports into rows. */
    private static final class Collector implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final List<Row> rows = new ArrayList<>();
        private SortedMap<Integer, String> cells = new TreeMap<>();
        private int nextColumn;
        private String type;

        @Override
        public void startRow(int rowNum) {
            cells = new TreeMap<>();
            nextColumn = 0;
        }

        @Override
        public void endRow(int rowNum) {
            if (!cells.isEmpty()) {
                rows.add(new Row(rowNum + 1, cells));
            }
        }

        @Override
        public void cell(String cellReference, String value, XSSFComment comment) {
            int column = cellReference == null ? nextColumn : column(cellReference);
            nextColumn = column + 1;
            if (value == null) {
                return;
            }
            cells.put(column, "e".equals(type) && value.startsWith("ERROR:") ? value.substring(6) : value);
        }

        private static int column(String ref) {
            int end = 0;
            while (end < ref.length() && Character.isLetter(ref.charAt(end))) {
                end++;
            }
            try {
                return columnIndex(ref.substring(0, end));
            } catch (IllegalArgumentException e) {
                throw new BadCell("invalid cell reference '" + ref + "'");
            }
        }
    }
}
