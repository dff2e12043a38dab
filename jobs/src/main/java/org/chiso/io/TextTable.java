package org.chiso.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A delimited text file (CSV, semicolon- or tab-separated): read a record at a time from a stream ({@link #open}),
 * or whole into memory for small files ({@link #read}).
 *
 * <p>The records are split by Apache Commons CSV ({@code CSVParser}); this class decodes the bytes, sniffs the
 * separator and keeps the rules below, which the workbench's messages and reject reasons rely on:
 *
 * <ul>
 *   <li>The bytes must be UTF-8, optionally preceded by a byte order mark (stripped, and recorded in the
 *       {@link Dialect}); anything else fails with a {@link TextTableException} naming the file and the line of
 *       the first bad byte, after the records before it.
 *   <li>The separator is sniffed from the header line (the first line holding more than whitespace): the most
 *       frequent of {@code ','}, {@code ';'} and {@code '\t'} outside double quotes, {@code ','} on a tie or when
 *       none occurs. A quote toggles the quoted state for the count, and a line break inside quotes does not end
 *       it; the sniff looks at most {@link #MAX_RECORD_CHARS} characters ahead.
 *   <li>Records follow RFC 4180: quoted fields, {@code ""} escapes, separators and line breaks inside quotes, CRLF,
 *       LF or lone CR line endings. A quote opens a quoted section only at the start of a field and is otherwise
 *       kept as text; text after a closing quote is appended to the field ({@code "q"tail} is {@code qtail}).
 *       Fields are kept as written (untrimmed); the header's are trimmed.
 *   <li>Lines holding only whitespace (tabs included) outside quotes are skipped, counted by {@link
 *       Records#blankLines()}, and still advance line numbers. A record's line is the physical line where it
 *       starts.
 *   <li>An unterminated quote at the end of the file flags the last data record ({@link Record#unterminatedQuote()})
 *       rather than failing; in the header it fails, since the data would vanish into it.
 *   <li>A record longer than about {@link #MAX_RECORD_CHARS} characters (a quote never closed in a large file, or
 *       bytes that are not text) fails, naming the line where it starts, so that memory stays bounded: a file of
 *       any length is read in memory proportional to its longest record.
 * </ul>
 */
public final class TextTable {
    /** The longest record read (and the farthest the separator sniff looks ahead), in characters. */
    public static final int MAX_RECORD_CHARS = 16 << 20;

    private static final char QUOTE = '"';

    /**
     * One data record.
     *
     * @param line the 1-based physical line where the record starts
     * @param fields the fields as written, untrimmed, with quotes removed and {@code ""} unescaped
     * @param unterminatedQuote whether the file ended inside a quoted field of this record
     */
    public record Record(int line, List<String> fields, boolean unterminatedQuote) {
        /** Copies {@code fields} into an unmodifiable list. */
        public Record {
            fields = List.copyOf(fields);
        }
    }

    /**
     * The dialect and header of a text table, without its records.
     *
     * @param dialect the sniffed separator and whether a byte order mark was present
     * @param header the trimmed fields of the first record; empty for an empty file
     */
    public record Head(Dialect dialect, List<String> header) {
        /** Copies {@code header} into an unmodifiable list. */
        public Head {
            header = List.copyOf(header);
        }
    }

    private final String fileName;
    private final Head head;
    private final List<Record> records;
    private final int blankLines;

    private TextTable(String fileName, Head head, List<Record> records, int blankLines) {
        this.fileName = fileName;
        this.head = head;
        this.records = List.copyOf(records);
        this.blankLines = blankLines;
    }

    /**
     * Reads all of {@code in} (not closed) into memory; for small files (codebooks, mappings, report tables).
     *
     * @param fileName the name used in messages
     * @throws TextTableException if the bytes are not valid UTF-8, the header has an unterminated quote or a record
     *     is too long
     */
    public static TextTable read(String fileName, InputStream in) throws IOException {
        try (Records r = open(fileName, in)) {
            List<Record> all = new ArrayList<>();
            for (Record x = r.next(); x != null; x = r.next()) {
                all.add(x);
            }
            return new TextTable(fileName, r.head(), all, r.blankLines());
        }
    }

    /**
     * Opens {@code in} (not closed) for reading one record at a time: the header is read at once, the records on
     * each {@link Records#next()}.
     *
     * @param fileName the name used in messages
     * @throws TextTableException if the bytes before the end of the header are not valid UTF-8, or the header has
     *     an unterminated quote or is too long
     */
    public static Records open(String fileName, InputStream in) throws IOException {
        return new Records(fileName, in);
    }

    /** Index of the header column equal to {@code name}, trimmed and ignoring case, or -1 if there is none. */
    public static int column(List<String> header, String name) {
        String wanted = name.trim();
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).trim().equalsIgnoreCase(wanted)) {
                return i;
            }
        }
        return -1;
    }

    /** The name given to {@link #read}. */
    public String fileName() {
        return fileName;
    }

    /** The sniffed separator and whether a byte order mark was present. */
    public Dialect dialect() {
        return head.dialect();
    }

    /** The trimmed fields of the first record; empty for an empty file. */
    public List<String> header() {
        return head.header();
    }

    /** The records after the header, in file order. */
    public List<Record> records() {
        return records;
    }

    /** How many blank lines were skipped. */
    public int blankLines() {
        return blankLines;
    }

    /** A text table being read a record at a time; {@link #close()} leaves the underlying stream open. */
    public static final class Records implements Closeable {
        private final String fileName;
        private final Tap tap;
        private final CSVParser parser;
        private final Iterator<CSVRecord> parsed;
        private final CSVFormat strict;
        private final Head head;
        private Pending pending;
        private int blankLines;

        private Records(String fileName, InputStream in) throws IOException {
            this.fileName = fileName;
            Utf8Reader text = new Utf8Reader(fileName, in);
            StringBuilder ahead = new StringBuilder();
            char separator = sniff(text, ahead);
            this.tap = new Tap(fileName, ahead, text);
            CSVFormat.Builder format = CSVFormat.Builder.create()
                    .setDelimiter(separator)
                    .setQuote(QUOTE)
                    .setEscape((Character) null)
                    .setIgnoreEmptyLines(false)
                    .setIgnoreSurroundingSpaces(false)
                    .setTrim(false)
                    .setTrailingData(true)
                    .setAllowMissingColumnNames(true);
            this.parser = CSVParser.builder()
                    .setReader(tap)
                    .setFormat(format.setLenientEof(true).get())
                    .get();
            this.strict = format.setLenientEof(false).get();
            this.parsed = parser.iterator();
            this.pending = advance();
            Record first = nextRecord();
            List<String> header = new ArrayList<>();
            if (first != null) {
                if (first.unterminatedQuote()) {
                    throw new TextTableException(fileName, first.line(), "unterminated quote in header");
                }
                first.fields().forEach(f -> header.add(f.trim()));
            }
            this.head = new Head(new Dialect(separator, text.bom), header);
        }

        /** The sniffed dialect and the trimmed header (empty for an empty file). */
        public Head head() {
            return head;
        }

        /** How many blank lines were skipped so far (all of them once {@link #next()} has returned null). */
        public int blankLines() {
            return blankLines;
        }

        /**
         * The next data record, or null at the end of the file.
         *
         * @throws TextTableException at invalid UTF-8 or a record too long, naming the file and line
         */
        public Record next() throws IOException {
            return nextRecord();
        }

        private Record nextRecord() throws IOException {
            while (pending != null) {
                Pending current = pending;
                tap.discardBefore(current.start());
                pending = advance();
                long end = pending == null ? tap.delivered() : pending.start();
                List<String> fields = current.record().toList();
                if (allBlank(fields) && tap.isBlank(current.start(), end)) {
                    blankLines++;
                    continue;
                }
                boolean unterminated = pending == null
                        && tap.hasQuote(current.start(), end)
                        && !parses(tap.text(current.start(), end));
                return new Record(current.line(), fields, unterminated);
            }
            return null;
        }

        /** Whether {@code raw} parses with a quote required to close before the end (the last record's text). */
        private boolean parses(String raw) throws IOException {
            try (CSVParser p = CSVParser.builder()
                    .setReader(new StringReader(raw))
                    .setFormat(strict)
                    .get()) {
                p.forEach(r -> {});
                return true;
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof CSVException) {
                    return false;
                }
                throw e.getCause();
            } catch (CSVException e) {
                return false;
            }
        }

        /** The next record as the library splits it (blank lines included), with the line where it starts. */
        private Pending advance() throws IOException {
            int line = (int) parser.getCurrentLineNumber() + 1;
            tap.line = line;
            try {
                if (!parsed.hasNext()) {
                    return null;
                }
                CSVRecord r = parsed.next();
                return new Pending(r, line, r.getCharacterPosition());
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof TextTableException t) {
                    throw t;
                }
                if (e.getCause() instanceof CSVException c) {
                    throw new TextTableException(fileName, line, c.getMessage());
                }
                throw e.getCause();
            }
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }

        private record Pending(CSVRecord record, int line, long start) {}
    }

    private static boolean allBlank(List<String> fields) {
        for (String s : fields) {
            for (int i = 0; i < s.length(); i++) {
                if (!Character.isWhitespace(s.charAt(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Sniffs the separator from the first line holding more than whitespace, reading from {@code text} into
     * {@code ahead} (the parser reads those characters first).
     */
    private static char sniff(Reader text, StringBuilder ahead) throws IOException {
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean started = false;
        boolean quoted = false;
        for (int c = text.read(); c >= 0 && ahead.length() < MAX_RECORD_CHARS; c = text.read()) {
            ahead.append((char) c);
            if (!started) {
                if (c == '\n' || c == '\r') {
                    tabs = 0;
                    continue;
                }
                if (Character.isWhitespace(c)) {
                    tabs += c == '\t' ? 1 : 0;
                    continue;
                }
                started = true;
            }
            if (c == QUOTE) {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted) {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }
        if (semicolons > commas && semicolons > tabs) {
            return ';';
        }
        return tabs > commas && tabs > semicolons ? '\t' : ',';
    }

    /**
     * The characters handed to the parser: first the sniffed prefix, then the rest of the decoded text. Keeps the
     * text from the start of the record being examined (for blank lines and unterminated quotes) and refuses a
     * record that grows past {@link #MAX_RECORD_CHARS}.
     */
    private static final class Tap extends Reader {
        private final String fileName;
        private final Reader rest;
        private final StringBuilder raw = new StringBuilder();
        private String ahead;
        private int aheadPos;
        private long rawStart;
        private long recordStart;
        private long delivered;
        /** The line where the record being parsed starts, for the message of a record too long. */
        int line = 1;

        Tap(String fileName, StringBuilder ahead, Reader rest) {
            this.fileName = fileName;
            this.ahead = ahead.toString();
            this.rest = rest;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n;
            if (ahead != null && aheadPos < ahead.length()) {
                n = Math.min(len, ahead.length() - aheadPos);
                ahead.getChars(aheadPos, aheadPos + n, buf, off);
                aheadPos += n;
            } else {
                ahead = null;
                n = rest.read(buf, off, len);
                if (n < 0) {
                    return n;
                }
            }
            raw.append(buf, off, n);
            delivered += n;
            if (delivered - recordStart > MAX_RECORD_CHARS + 65536L) {
                throw new TextTableException(
                        fileName,
                        line,
                        "a record longer than " + MAX_RECORD_CHARS
                                + " characters (a quote never closed, or not delimited text)");
            }
            return n;
        }

        long delivered() {
            return delivered;
        }

        /** Forgets the text before character {@code position}; amortised, so each character moves at most once. */
        void discardBefore(long position) {
            recordStart = position;
            int drop = (int) (position - rawStart);
            if (drop > 0 && drop >= raw.length() / 2) {
                raw.delete(0, drop);
                rawStart = position;
            }
        }

        String text(long from, long to) {
            return raw.substring((int) (from - rawStart), (int) (to - rawStart));
        }

        boolean isBlank(long from, long to) {
            for (int i = (int) (from - rawStart); i < to - rawStart; i++) {
                if (!Character.isWhitespace(raw.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        boolean hasQuote(long from, long to) {
            for (int i = (int) (from - rawStart); i < to - rawStart; i++) {
                if (raw.charAt(i) == QUOTE) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() {
            // the stream belongs to the caller
        }
    }

    /**
     * Strict UTF-8 decoding of a stream, a buffer at a time: a leading byte order mark is dropped (and recorded);
     * invalid bytes fail with the line they are on, once the characters before them have been read.
     */
    private static final class Utf8Reader extends Reader {
        private final String fileName;
        private final InputStream in;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
        private final CharBuffer chars = CharBuffer.allocate(8192).flip();
        private boolean endOfInput;
        private boolean done;
        private boolean first = true;
        private boolean malformed;
        private TextTableException error;
        private long lineBreaks;
        private char last;
        boolean bom;

        Utf8Reader(String fileName, InputStream in) {
            this.fileName = fileName;
            this.in = in;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            while (!chars.hasRemaining()) {
                if (error != null) {
                    throw error;
                }
                if (done) {
                    return -1;
                }
                fill();
            }
            int n = Math.min(len, chars.remaining());
            chars.get(buf, off, n);
            return n;
        }

        private void fill() throws IOException {
            chars.clear();
            while (true) {
                CoderResult r = decoder.decode(bytes, chars, endOfInput);
                if (r.isError()) {
                    malformed = true;
                    break;
                }
                if (r.isOverflow() || chars.position() > 0 && !endOfInput) {
                    break;
                }
                if (endOfInput) {
                    malformed = decoder.flush(chars).isError();
                    done = true;
                    break;
                }
                bytes.compact();
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    endOfInput = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
            }
            chars.flip();
            if (first && chars.hasRemaining()) {
                first = false;
                if (chars.get(chars.position()) == '\uFEFF') {
                    bom = true;
                    chars.get();
                }
            }
            for (int i = chars.position(); i < chars.limit(); i++) {
                char c = chars.get(i);
                if (c == '\r' || c == '\n' && last != '\r') {
                    lineBreaks++;
                }
                last = c;
            }
            if (malformed) {
                // CR and LF never occur inside a multi-byte sequence, so the breaks before the bad byte give its line
                error = new TextTableException(fileName, (int) (lineBreaks + 1), "invalid UTF-8 byte sequence");
            }
        }

        @Override
        public void close() {
            // the stream belongs to the caller
        }
    }
}
