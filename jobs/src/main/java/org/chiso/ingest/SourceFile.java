package org.chiso.ingest;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.chiso.ingest.io.Workbook;
import org.chiso.io.TextTable;
import org.chiso.io.TextTableException;

/**
 * An input file, opened afresh for each pass and never held whole: text is streamed a record at a time
 * ({@link #records}), so a score file of any size is read in bounded memory. The first pass ({@link #scan()}) reads
 * the whole file once, computing its size and SHA-256 as the bytes go by and parsing it as delimited text, so that
 * a file which is not readable text is known before any reader looks at it; workbooks are read whole.
 */
public final class SourceFile {
    /** Opens the file's content from the start. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /** Receives a record of a text file. */
    @FunctionalInterface
    public interface RecordConsumer {
        void accept(TextTable.Record record) throws IOException;
    }

    /** What the first pass over the file found. */
    private record Scan(long size, String sha256, byte[] start, TextTable.Head head, IOException textError) {}

    private final String path;
    private final Opener opener;
    private final Function<String, Optional<SourceFile>> siblings;
    private Scan scan;
    private Workbook workbook;
    private IOException workbookError;

    /**
     * @param path     the file's path or URI, as shown in messages
     * @param opener   opens the content, once per pass
     * @param siblings finds a file by name in the same folder (codebooks beside data files)
     */
    public SourceFile(String path, Opener opener, Function<String, Optional<SourceFile>> siblings) {
        this.path = path;
        this.opener = opener;
        this.siblings = siblings;
    }

    /** A file whose content is already in memory (bundled resources, tests). */
    public SourceFile(String path, byte[] bytes, Function<String, Optional<SourceFile>> siblings) {
        this(path, () -> new ByteArrayInputStream(bytes), siblings);
    }

    public String path() {
        return path;
    }

    /** The last path segment. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Lower-case extension without the dot, or "". */
    public String extension() {
        String n = name();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the file once from start to end (if not done yet): size, SHA-256, first bytes, and the text parse's
     * header or error.
     *
     * @throws IOException if the file cannot be opened or read (not if it is not text)
     */
    public SourceFile scan() throws IOException {
        if (scan == null) {
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            try (InputStream raw = opener.open()) {
                Tally in = new Tally(raw, sha);
                TextTable.Head head = null;
                IOException error = null;
                try (TextTable.Records r = TextTable.open(path, in)) {
                    while (r.next() != null) {
                        // every record is parsed once, so a file that is not readable text is known now
                    }
                    head = r.head();
                } catch (TextTableException e) {
                    error = e;
                }
                in.transferTo(OutputStream.nullOutputStream());
                scan = new Scan(in.count, HexFormat.of().formatHex(sha.digest()), in.start(), head, error);
            }
        }
        return this;
    }

    private Scan scanned() {
        try {
            return scan().scan;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The size in bytes. */
    public long size() {
        return scanned().size();
    }

    /** SHA-256 of the content, hex, computed while the first pass streams the file. */
    public String sha256() {
        return scanned().sha256();
    }

    /** Whether the content starts like a zip archive (xlsx). */
    public boolean isZip() {
        byte[] b = scanned().start();
        return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    }

    /** Whether the content starts like an OLE2 compound file (an Excel 97-2003 .xls, or an encrypted .xlsx). */
    public boolean isOle2() {
        byte[] b = scanned().start();
        return b.length >= 8
                && (b[0] & 0xFF) == 0xD0
                && (b[1] & 0xFF) == 0xCF
                && (b[2] & 0xFF) == 0x11
                && (b[3] & 0xFF) == 0xE0;
    }

    /** Whether the file is to be opened as a workbook: a zip archive, or an OLE2 file named .xls/.xlsx/.xlsm. */
    public boolean isWorkbook() {
        return isZip() || (isOle2() && extension().matches("xls|xlsx|xlsm"));
    }

    /** A new stream over the whole content; the caller closes it. */
    public InputStream open() throws IOException {
        return opener.open();
    }

    /** The whole content in memory: for workbooks and small companion files (mappings, codebooks) only. */
    public byte[] readAllBytes() throws IOException {
        try (InputStream in = opener.open()) {
            return in.readAllBytes();
        }
    }

    /**
     * Whether the content, decoded as UTF-8 (invalid bytes as replacement characters), holds only whitespace and
     * byte order marks; read until the first other character.
     */
    public boolean isBlankText() throws IOException {
        try (Reader in = new InputStreamReader(opener.open(), StandardCharsets.UTF_8)) {
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c != '\uFEFF' && !Character.isWhitespace(c)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The file's dialect and header as delimited text; the parse error of the first pass is rethrown on every call. */
    public TextTable.Head head() throws IOException {
        Scan s = scanned();
        if (s.textError() != null) {
            throw s.textError();
        }
        return s.head();
    }

    /** The text head if the file parses as text, for layout probes. */
    public Optional<TextTable.Head> headIfText() {
        if (isWorkbook() || extension().matches("xls|xlsx|parquet|topojson|geojson|json|bin|pdf")) {
            return Optional.empty();
        }
        try {
            return Optional.of(head());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Streams the data records (after the header) to {@code each}, one at a time.
     *
     * @throws IOException if the file is not readable text (as {@link #head()}), or reading fails
     */
    public void records(RecordConsumer each) throws IOException {
        head();
        try (InputStream in = opener.open();
                TextTable.Records r = TextTable.open(path, in)) {
            for (TextTable.Record x = r.next(); x != null; x = r.next()) {
                each.accept(x);
            }
        }
    }

    /** The file parsed as a workbook (.xlsx or .xls); the read error is kept and rethrown on every call. */
    public Workbook workbook() throws IOException {
        if (workbook == null && workbookError == null) {
            try {
                workbook = Workbook.read(path, readAllBytes());
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

    /** Counts and digests the bytes read through it, and keeps the first eight. */
    private static final class Tally extends FilterInputStream {
        private final MessageDigest digest;
        private final byte[] start = new byte[8];
        private long count;

        Tally(InputStream in, MessageDigest digest) {
            super(in);
            this.digest = digest;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                seen(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                seen(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // every byte must pass through the digest
            byte[] buf = new byte[(int) Math.min(n, 8192)];
            int r = read(buf, 0, buf.length);
            return Math.max(r, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void seen(byte[] b, int off, int n) {
            for (int i = 0; i < n && count + i < start.length; i++) {
                start[(int) (count + i)] = b[off + i];
            }
            digest.update(b, off, n);
            count += n;
        }

        byte[] start() {
            return Arrays.copyOf(start, (int) Math.min(count, start.length));
        }
    }
}
