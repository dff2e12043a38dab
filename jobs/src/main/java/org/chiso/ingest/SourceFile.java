package org.chiso.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.chiso.ingest.io.Workbook;
import org.chiso.io.TextTable;

/**
 * An input file's bytes with its path, parsed on demand as a text table or a workbook. Score tables are
 * small (thousands of rows), so they are read whole; microdata is read by Spark instead.
 */
public final class SourceFile {
    private final String path;
    private final byte[] bytes;
    private final Function<String, Optional<SourceFile>> siblings;
    private TextTable table;
    private IOException tableError;
    private Workbook workbook;
    private IOException workbookError;

    /**
     * @param path     the file's path or URI, as shown in messages
     * @param siblings finds a file by name in the same folder (codebooks beside data files)
     */
    public SourceFile(String path, byte[] bytes, Function<String, Optional<SourceFile>> siblings) {
        this.path = path;
        this.bytes = bytes;
        this.siblings = siblings;
    }

    public String path() {
        return path;
    }

    /** The last path segment. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public byte[] bytes() {
        return bytes;
    }

    /** Lower-case extension without the dot, or "". */
    public String extension() {
        String n = name();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Whether the content starts like a zip archive (xlsx). */
    public boolean isZip() {
        return bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
    }

    /** Whether the content starts like an OLE2 compound file (an Excel 97-2003 .xls, or an encrypted .xlsx). */
    public boolean isOle2() {
        return bytes.length >= 8
                && (bytes[0] & 0xFF) == 0xD0
                && (bytes[1] & 0xFF) == 0xCF
                && (bytes[2] & 0xFF) == 0x11
                && (bytes[3] & 0xFF) == 0xE0;
    }

    /** Whether the file is to be opened as a workbook: a zip archive, or an OLE2 file named .xls/.xlsx/.xlsm. */
    public boolean isWorkbook() {
        return isZip() || (isOle2() && extension().matches("xls|xlsx|xlsm"));
    }

    /** The file parsed as delimited text; the parse error is kept and rethrown on every call. */
    public TextTable table() throws IOException {
        if (table == null && tableError == null) {
            try {
                table = TextTable.read(path, new ByteArrayInputStream(bytes));
            } catch (IOException e) {
                tableError = e;
            }
        }
        if (tableError != null) {
            throw tableError;
        }
        return table;
    }

    /** The text table if it parses, for layout probes. */
    public Optional<TextTable> tableIfText() {
        if (isWorkbook() || extension().matches("xls|xlsx|parquet|topojson|geojson|json|bin|pdf")) {
            return Optional.empty();
        }
        try {
            return Optional.of(table());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The file parsed as a workbook (.xlsx or .xls); the read error is kept and rethrown on every call. */
    public Workbook workbook() throws IOException {
        if (workbook == null && workbookError == null) {
            try {
                workbook = Workbook.read(path, bytes);
            } catch (IOException e) {
                workbookError = e;
            }
        }
        if (workbookError != null) {
            throw workbookError;
        }
        return workbook;
    }

    /** A file in the same folder. */
    public Optional<SourceFile> sibling(String name) {
        return siblings.apply(name);
    }

    /** SHA-256 of the content, hex. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
