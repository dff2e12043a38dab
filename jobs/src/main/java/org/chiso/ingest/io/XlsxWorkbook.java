package org.chiso.ingest.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The cell texts of an Office Open XML spreadsheet (.xlsx), read whole into memory with the JDK alone.
 *
 * <p>Sheets come in workbook order. Cell text is the shared or inline string, the cached text of a formula string,
 * {@code TRUE}/{@code FALSE} for booleans, the error text (e.g. {@code #N/A}) for errors, and otherwise the stored
 * {@code <v>} text exactly as written (numbers are not reformatted). Cells without a value are absent, and so are
 * rows without cells. Formatting, dates and formulas themselves are not interpreted.
 */
public final class XlsxWorkbook {
    private static final String WORKBOOK = "xl/workbook.xml";
    private static final String WORKBOOK_RELS = "xl/_rels/workbook.xml.rels";
    private static final String DEFAULT_SHARED_STRINGS = "xl/sharedStrings.xml";

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

    private final Map<String, Sheet> sheets;

    private XlsxWorkbook(Map<String, Sheet> sheets) {
        this.sheets = sheets;
    }

    /**
     * Reads all of {@code in} (not closed) as an .xlsx workbook.
     *
     * @param fileName the name used in messages
     * @throws IOException naming the file if it is not a zip archive holding a readable workbook
     */
    public static XlsxWorkbook read(String fileName, InputStream in) throws IOException {
        Map<String, byte[]> parts = new HashMap<>();
        CountingInputStream counted = new CountingInputStream(in);
        long total = 0;
        try {
            ZipInputStream zip = new ZipInputStream(counted);
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!e.isDirectory()) {
                    String name = stripSlash(e.getName());
                    long before = counted.count();
                    byte[] part = readPart(
                            fileName,
                            name,
                            zip,
                            MAX_PART_BYTES,
                            MAX_TOTAL_BYTES - total,
                            () -> Math.max(1, counted.count() - before));
                    total += part.length;
                    parts.put(name, part);
                }
            }
        } catch (WorkbookTooLargeException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            // a truncated archive, a bad entry header, an entry name that is not valid
            throw new IOException(
                    fileName + ": workbook cannot be read: not a readable .xlsx (zip) file: " + e.getMessage(), e);
        }
        if (!parts.containsKey(WORKBOOK)) {
            throw new IOException(fileName + ": workbook cannot be read: not an .xlsx workbook (no " + WORKBOOK + ")");
        }
        return new Reader(fileName, parts).read();
    }

    /** The most bytes one part (a sheet, the shared strings) may inflate to: a score sheet is some 100 KB. */
    public static final long MAX_PART_BYTES = 32L << 20;
    /** The most bytes all parts together may inflate to. */
    public static final long MAX_TOTAL_BYTES = 96L << 20;
    /**
     * The most a part may inflate per compressed byte once it is past {@link #RATIO_FROM_BYTES}: sheets compress about
     * 5:1, deflate at most about 1000:1, so a part far above this is a compression bomb, refused before it fills memory.
     */
    public static final long MAX_RATIO = 100;
    /** Parts smaller than this are not held to {@link #MAX_RATIO} (small XML compresses very well). */
    public static final long RATIO_FROM_BYTES = 1L << 20;

    /** A workbook refused because a part inflates beyond the limits (a compression bomb). */
    public static final class WorkbookTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        WorkbookTooLargeException(String message) {
            super(message);
        }
    }

    /**
     * One zip entry, read in chunks and stopped (never held whole) as soon as it passes {@code maxPart} bytes, the
     * {@code left} bytes the whole workbook may still take, or {@link #MAX_RATIO} times the compressed bytes read for it.
     */
    private static byte[] readPart(
            String fileName,
            String name,
            InputStream zip,
            long maxPart,
            long left,
            java.util.function.LongSupplier packed)
            throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[64 << 10];
        long n = 0;
        for (int k = zip.read(buf); k >= 0; k = zip.read(buf)) {
            n += k;
            if (n > maxPart || n > left) {
                throw new WorkbookTooLargeException(
                        fileName + ": workbook refused: part " + name + " inflates to more than "
                                + (Math.min(maxPart, left) >> 20) + " MiB"
                                + (n > maxPart ? " (the limit for one part)" : " (the limit for the whole workbook)")
                                + "; a score workbook is far smaller (a compression bomb?)");
            }
            if (n > RATIO_FROM_BYTES && n > MAX_RATIO * packed.getAsLong()) {
                throw new WorkbookTooLargeException(
                        fileName + ": workbook refused: part " + name + " inflates more than "
                                + MAX_RATIO + " times its compressed size (" + n + " bytes from " + packed.getAsLong()
                                + "); spreadsheets compress about 5:1 (a compression bomb?)");
            }
            out.write(buf, 0, k);
        }
        return out.toByteArray();
    }

    /** Counts the bytes read through it (the compressed bytes of the zip). */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int k = super.read(b, off, len);
            if (k > 0) {
                count += k;
            }
            return k;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = super.skip(n);
            count += Math.max(0, k);
            return k;
        }
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

    private static String stripSlash(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    /** Parses the parts of one workbook. */
    private static final class Reader {
        private final String fileName;
        private final Map<String, byte[]> parts;
        private final XMLInputFactory factory = XMLInputFactory.newFactory();

        Reader(String fileName, Map<String, byte[]> parts) {
            this.fileName = fileName;
            this.parts = parts;
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        }

        XlsxWorkbook read() throws IOException {
            Map<String, String[]> rels = relationships();
            String sharedPath = DEFAULT_SHARED_STRINGS;
            for (String[] rel : rels.values()) {
                if (rel[0].endsWith("/sharedStrings")) {
                    sharedPath = rel[1];
                }
            }
            List<String> shared = parts.containsKey(sharedPath) ? sharedStrings(sharedPath) : List.of();
            Map<String, Sheet> sheets = new LinkedHashMap<>();
            for (Map.Entry<String, String> entry : sheetRelIds().entrySet()) {
                String name = entry.getKey();
                String[] rel = rels.get(entry.getValue());
                if (rel == null || !parts.containsKey(rel[1])) {
                    throw new IOException(fileName + ": workbook cannot be read: sheet '" + name
                            + "' has no worksheet part"
                            + (rel == null ? " (relationship " + entry.getValue() + " missing)" : " " + rel[1]));
                }
                sheets.put(name, new Sheet(name, rows(name, rel[1], shared)));
            }
            return new XlsxWorkbook(sheets);
        }

        /** Sheet name to relationship id, in workbook order. */
        private Map<String, String> sheetRelIds() throws IOException {
            Map<String, String> ids = new LinkedHashMap<>();
            parse(WORKBOOK, r -> {
                while (r.hasNext()) {
                    if (r.next() == XMLStreamConstants.START_ELEMENT
                            && r.getLocalName().equals("sheet")) {
                        ids.put(r.getAttributeValue(null, "name"), relId(r));
                    }
                }
            });
            return ids;
        }

        /** The {@code r:id} attribute, whichever relationships namespace (transitional or strict) it uses. */
        private static String relId(XMLStreamReader r) {
            for (int i = 0; i < r.getAttributeCount(); i++) {
                String ns = r.getAttributeNamespace(i);
                if (r.getAttributeLocalName(i).equals("id") && ns != null && !ns.isEmpty()) {
                    return r.getAttributeValue(i);
                }
            }
            return null;
        }

        /** Workbook relationship id to {type, resolved part name}; external targets are left out. */
        private Map<String, String[]> relationships() throws IOException {
            Map<String, String[]> rels = new HashMap<>();
            if (!parts.containsKey(WORKBOOK_RELS)) {
                return rels;
            }
            parse(WORKBOOK_RELS, r -> {
                while (r.hasNext()) {
                    if (r.next() == XMLStreamConstants.START_ELEMENT
                            && r.getLocalName().equals("Relationship")
                            && !"External".equals(r.getAttributeValue(null, "TargetMode"))) {
                        String type = String.valueOf(r.getAttributeValue(null, "Type"));
                        String target = resolve(String.valueOf(r.getAttributeValue(null, "Target")));
                        rels.put(r.getAttributeValue(null, "Id"), new String[] {type, target});
                    }
                }
            });
            return rels;
        }

        /** The part name of {@code target}, absolute ("/xl/...") or relative to "xl/". */
        private static String resolve(String target) {
            Deque<String> path = new ArrayDeque<>();
            if (!target.startsWith("/")) {
                path.add("xl");
            }
            for (String segment : target.split("/")) {
                if (segment.equals("..")) {
                    path.pollLast();
                } else if (!segment.isEmpty() && !segment.equals(".")) {
                    path.add(segment);
                }
            }
            return String.join("/", path);
        }

        private List<String> sharedStrings(String part) throws IOException {
            List<String> strings = new ArrayList<>();
            parse(part, r -> {
                while (r.hasNext()) {
                    if (r.next() == XMLStreamConstants.START_ELEMENT
                            && r.getLocalName().equals("si")) {
                        strings.add(text(r));
                    }
                }
            });
            return strings;
        }

        /** The concatenated {@code <t>} text inside the current element, leaving out phonetic runs. */
        private static String text(XMLStreamReader r) throws XMLStreamException {
            StringBuilder sb = new StringBuilder();
            for (int depth = 1; depth > 0; ) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT
                        && r.getLocalName().equals("t")) {
                    sb.append(r.getElementText());
                } else if (event == XMLStreamConstants.START_ELEMENT
                        && r.getLocalName().equals("rPh")) {
                    skip(r);
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            return sb.toString();
        }

        /** Moves past the end of the current element. */
        private static void skip(XMLStreamReader r) throws XMLStreamException {
            for (int depth = 1; depth > 0; ) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        }

        private List<Row> rows(String sheet, String part, List<String> shared) throws IOException {
            List<Row> rows = new ArrayList<>();
            parse(part, r -> {
                int rowNumber = 0;
                int nextColumn = 0;
                SortedMap<Integer, String> cells = new TreeMap<>();
                while (r.hasNext()) {
                    int event = r.next();
                    if (event == XMLStreamConstants.START_ELEMENT
                            && r.getLocalName().equals("row")) {
                        String number = r.getAttributeValue(null, "r");
                        rowNumber = number == null ? rowNumber + 1 : Integer.parseInt(number.trim());
                        nextColumn = 0;
                        cells = new TreeMap<>();
                    } else if (event == XMLStreamConstants.START_ELEMENT
                            && r.getLocalName().equals("c")) {
                        String ref = r.getAttributeValue(null, "r");
                        int column = ref == null ? nextColumn : column(sheet, ref);
                        nextColumn = column + 1;
                        String value = cell(sheet, ref, r, shared);
                        if (value != null) {
                            cells.put(column, value);
                        }
                    } else if (event == XMLStreamConstants.END_ELEMENT
                            && r.getLocalName().equals("row")
                            && !cells.isEmpty()) {
                        rows.add(new Row(rowNumber, cells));
                    }
                }
            });
            return rows;
        }

        private int column(String sheet, String ref) throws IOException {
            int end = 0;
            while (end < ref.length() && Character.isLetter(ref.charAt(end))) {
                end++;
            }
            try {
                return columnIndex(ref.substring(0, end));
            } catch (IllegalArgumentException e) {
                throw new IOException(fileName + ": workbook cannot be read: sheet '" + sheet
                        + "': invalid cell reference '" + ref + "'");
            }
        }

        /** The text of the cell whose start tag was just read, or null if it holds no value. */
        private String cell(String sheet, String ref, XMLStreamReader r, List<String> shared)
                throws XMLStreamException, IOException {
            String type = r.getAttributeValue(null, "t");
            String value = null;
            String inline = null;
            for (int depth = 1; depth > 0; ) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT
                        && r.getLocalName().equals("v")) {
                    value = r.getElementText();
                } else if (event == XMLStreamConstants.START_ELEMENT
                        && r.getLocalName().equals("is")) {
                    inline = text(r);
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    skip(r);
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            if ("inlineStr".equals(type)) {
                return inline != null ? inline : value;
            }
            if (value == null) {
                return null;
            }
            if ("b".equals(type)) {
                return value.trim().equals("0") ? "FALSE" : "TRUE";
            }
            if (!"s".equals(type)) {
                return value;
            }
            try {
                return shared.get(Integer.parseInt(value.trim()));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new IOException(fileName + ": workbook cannot be read: sheet '" + sheet + "' cell " + ref
                        + ": invalid shared string index '" + value + "' (" + shared.size() + " shared strings)");
            }
        }

        /** Runs {@code body} over part {@code name}, naming the file and part in any error. */
        private void parse(String name, XmlBody body) throws IOException {
            try {
                body.accept(factory.createXMLStreamReader(new ByteArrayInputStream(parts.get(name))));
            } catch (XMLStreamException e) {
                throw new IOException(
                        fileName + ": workbook cannot be read: malformed XML in " + name + ": " + e.getMessage(), e);
            } catch (NumberFormatException e) {
                throw new IOException(
                        fileName + ": workbook cannot be read: invalid number in " + name + ": " + e.getMessage(), e);
            }
        }
    }

    /** Consumes one XML part. */
    @FunctionalInterface
    private interface XmlBody {
        void accept(XMLStreamReader r) throws XMLStreamException, IOException;
    }
}
