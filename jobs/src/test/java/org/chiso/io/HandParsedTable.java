package org.chiso.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The workbench's former hand-written delimited-text parser (whole file in memory), kept unchanged as the reference
 * that {@link TextTable} on Apache Commons CSV must agree with ({@code TextTableAgreementTest}).
 */
final class HandParsedTable {
    private static final char QUOTE = '"';

    /**
     * One data record.
     *
     * @param line the 1-based physical line where the record starts
     * @param fields the fields as written, untrimmed, with quotes removed and {@code ""} unescaped
     * @param unterminatedQuote whether the file ended inside a quoted field of this record
     */
    record Record(int line, List<String> fields, boolean unterminatedQuote) {
        /** Copies {@code fields} into an unmodifiable list. */
        public Record {
            fields = List.copyOf(fields);
        }
    }

    private final String fileName;
    private final Dialect dialect;
    private final List<String> header;
    private final List<Record> records;
    private final int blankLines;

    private HandParsedTable(
            String fileName, Dialect dialect, List<String> header, List<Record> records, int blankLines) {
        this.fileName = fileName;
        this.dialect = dialect;
        this.header = List.copyOf(header);
        this.records = List.copyOf(records);
        this.blankLines = blankLines;
    }

    /**
     * Reads all of {@code in} (not closed) as a delimited text file.
     *
     * @param fileName the name used in messages
     * @throws TextTableException if the bytes are not valid UTF-8 or the header has an unterminated quote
     */
    static HandParsedTable read(String fileName, InputStream in) throws IOException {
        byte[] bytes = in.readAllBytes();
        boolean bom = bytes.length >= 3
                && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF;
        String text = decode(fileName, bytes, bom ? 3 : 0);
        char separator = sniff(text);
        Parser parser = new Parser(text, separator);
        List<Record> all = new ArrayList<>();
        for (Record r = parser.next(); r != null; r = parser.next()) {
            all.add(r);
        }
        List<String> header = new ArrayList<>();
        if (!all.isEmpty()) {
            Record first = all.remove(0);
            if (first.unterminatedQuote()) {
                throw new TextTableException(fileName, first.line(), "unterminated quote in header");
            }
            first.fields().forEach(f -> header.add(f.trim()));
        }
        return new HandParsedTable(fileName, new Dialect(separator, bom), header, all, parser.blankLines);
    }

    /** The sniffed separator and whether a byte order mark was present. */
    public Dialect dialect() {
        return dialect;
    }

    /** The trimmed fields of the first record; empty for an empty file. */
    public List<String> header() {
        return header;
    }

    /** The records after the header, in file order. */
    public List<Record> records() {
        return records;
    }

    /** How many blank lines were skipped. */
    public int blankLines() {
        return blankLines;
    }

    private static String decode(String fileName, byte[] bytes, int offset) throws TextTableException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer src = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        CharBuffer out = CharBuffer.allocate(bytes.length - offset);
        if (decoder.decode(src, out, true).isError() || decoder.flush(out).isError()) {
            throw new TextTableException(fileName, lineAt(bytes, src.position()), "invalid UTF-8 byte sequence");
        }
        return out.flip().toString();
    }

    /** The 1-based physical line holding byte {@code pos}; CR and LF never occur inside multi-byte UTF-8. */
    private static int lineAt(byte[] bytes, int pos) {
        int line = 1;
        for (int i = 0; i < pos; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n')) {
                line++;
            }
        }
        return line;
    }

    private static char sniff(String text) {
        int start = 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (start > 0 && text.charAt(start - 1) != '\n' && text.charAt(start - 1) != '\r') {
            start--;
        }
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
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

    /** Splits decoded text into records, tracking physical line numbers. */
    private static final class Parser {
        private final String text;
        private final char separator;
        private int pos;
        private int line = 1;
        private int blankLines;

        Parser(String text, char separator) {
            this.text = text;
            this.separator = separator;
        }

        Record next() {
            while (pos < text.length() && skipBlankLine()) {
                blankLines++;
            }
            if (pos >= text.length()) {
                return null;
            }
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean fieldStart = true;
            boolean quoted = false;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (quoted) {
                    if (c == QUOTE && pos + 1 < text.length() && text.charAt(pos + 1) == QUOTE) {
                        field.append(QUOTE);
                        pos += 2;
                    } else if (c == QUOTE) {
                        quoted = false;
                        pos++;
                    } else if (isLineBreak(c)) {
                        int end = breakEnd(pos);
                        field.append(text, pos, end);
                        pos = end;
                        line++;
                    } else {
                        field.append(c);
                        pos++;
                    }
                } else if (c == QUOTE && fieldStart) {
                    quoted = true;
                    fieldStart = false;
                    pos++;
                } else if (c == separator) {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStart = true;
                    pos++;
                } else if (isLineBreak(c)) {
                    pos = breakEnd(pos);
                    line++;
                    break;
                } else {
                    field.append(c);
                    fieldStart = false;
                    pos++;
                }
            }
            fields.add(field.toString());
            return new Record(startLine, fields, quoted);
        }

        /** Skips the line at {@code pos} if it holds only whitespace. */
        private boolean skipBlankLine() {
            int i = pos;
            while (i < text.length() && !isLineBreak(text.charAt(i))) {
                if (!Character.isWhitespace(text.charAt(i))) {
                    return false;
                }
                i++;
            }
            pos = i < text.length() ? breakEnd(i) : i;
            line++;
            return true;
        }

        /** The index just past the line break starting at {@code i}. */
        private int breakEnd(int i) {
            return text.charAt(i) == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? i + 2 : i + 1;
        }

        private static boolean isLineBreak(char c) {
            return c == '\n' || c == '\r';
        }
    }
}
