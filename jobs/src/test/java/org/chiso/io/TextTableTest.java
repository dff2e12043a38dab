package org.chiso.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

    private static TextTable read(String text) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static TextTable read(byte[] bytes) throws IOException {
        return TextTable.read("t.csv", new ByteArrayInputStream(bytes));
    }

    @Test
    void plainCommaFileWithoutBom() throws IOException {
        TextTable t = read("Province , Year\nHa Noi,2016\nHue, 2015 \n");
        assertEquals("t.csv", t.fileName());
        assertEquals(new Dialect(',', false), t.dialect());
        assertEquals(List.of("Province", "Year"), t.header());
        assertEquals(
                List.of(
                        new TextTable.Record(2, List.of("Ha Noi", "2016"), false),
                        new TextTable.Record(3, List.of("Hue", " 2015 "), false)),
                t.records());
        assertEquals(0, t.blankLines());
    }

    @Test
    void bomIsStrippedAndRecorded() throws IOException {
        byte[] body = "name;score\nĐà Nẵng;1,5\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        TextTable t = read(bytes);
        assertEquals(new Dialect(';', true), t.dialect());
        assertEquals(List.of("name", "score"), t.header());
        assertEquals(List.of("Đà Nẵng", "1,5"), t.records().get(0).fields());
    }

    @Test
    void sniffsSemicolonAndTab() throws IOException {
        assertEquals(';', read("a;b,c;d\n1;2,5;3\n").dialect().separator());
        TextTable tabs = read("a\tb\tc\n1\t2,5\t3\n");
        assertEquals('\t', tabs.dialect().separator());
        assertEquals(List.of("1", "2,5", "3"), tabs.records().get(0).fields());
    }

    @Test
    void sniffIgnoresQuotedSeparatorsAndDefaultsToComma() throws IOException {
        assertEquals(',', read("\"a;b;c\",d\n").dialect().separator());
        assertEquals(',', read("a;b,c\n").dialect().separator());
        assertEquals(',', read("single\n1\n").dialect().separator());
        assertEquals(';', read("\n  \na;b\n").dialect().separator());
    }

    @Test
    void quotedSeparatorsEscapesAndEmbeddedNewlinesKeepLineNumbers() throws IOException {
        TextTable t = read("id,note\n1,\"a, b\"\n2,\"line one\nline two\r\nline three\"\n3,\"say \"\"hi\"\"\"\n4,x\n");
        List<TextTable.Record> r = t.records();
        assertEquals(4, r.size());
        assertEquals(new TextTable.Record(2, List.of("1", "a, b"), false), r.get(0));
        assertEquals(new TextTable.Record(3, List.of("2", "line one\nline two\r\nline three"), false), r.get(1));
        assertEquals(new TextTable.Record(6, List.of("3", "say \"hi\""), false), r.get(2));
        assertEquals(new TextTable.Record(7, List.of("4", "x"), false), r.get(3));
    }

    @Test
    void quoteInsideUnquotedFieldIsText() throws IOException {
        TextTable t = read("a,b\n5\" pipe,\"q\"tail\n");
        assertEquals(List.of("5\" pipe", "qtail"), t.records().get(0).fields());
    }

    @Test
    void crlfAndLoneCrLineEndings() throws IOException {
        TextTable crlf = read("a,b\r\n1,2\r\n3,4\r\n");
        assertEquals(
                List.of(
                        new TextTable.Record(2, List.of("1", "2"), false),
                        new TextTable.Record(3, List.of("3", "4"), false)),
                crlf.records());
        TextTable cr = read("a,b\r1,2\r3,4");
        assertEquals(List.of("a", "b"), cr.header());
        assertEquals(3, cr.records().get(1).line());
        assertEquals(List.of("3", "4"), cr.records().get(1).fields());
    }

    @Test
    void blankLinesAreSkippedButCounted() throws IOException {
        TextTable t = read("\n  \na,b\n1,2\n\n \t \r\n3,4\n\n");
        assertEquals(List.of("a", "b"), t.header());
        assertEquals(
                List.of(
                        new TextTable.Record(4, List.of("1", "2"), false),
                        new TextTable.Record(7, List.of("3", "4"), false)),
                t.records());
        assertEquals(5, t.blankLines());
    }

    @Test
    void lineOfEmptyFieldsIsARecord() throws IOException {
        TextTable t = read("a,b\n,\n");
        assertEquals(List.of(new TextTable.Record(2, List.of("", ""), false)), t.records());
    }

    @Test
    void invalidUtf8NamesFileAndLine() {
        byte[] bytes = {'a', ',', 'b', '\n', '1', ',', '2', '\r', '\n', 'x', ',', (byte) 0xC3, (byte) 0x28, '\n'};
        TextTableException e = assertThrows(TextTableException.class, () -> read(bytes));
        assertEquals("t.csv", e.fileName());
        assertEquals(3, e.line());
        assertEquals("t.csv:3: invalid UTF-8 byte sequence", e.getMessage());
    }

    @Test
    void truncatedUtf8AtEndOfFileIsRejected() {
        byte[] bytes = {'a', '\n', (byte) 0xE1, (byte) 0xBA};
        TextTableException e = assertThrows(TextTableException.class, () -> read(bytes));
        assertEquals(2, e.line());
    }

    @Test
    void unterminatedQuoteFlagsLastRecord() throws IOException {
        TextTable t = read("a,b\n1,2\n3,\"open\n4,5\n");
        List<TextTable.Record> r = t.records();
        assertEquals(2, r.size());
        assertFalse(r.get(0).unterminatedQuote());
        assertEquals(new TextTable.Record(3, List.of("3", "open\n4,5\n"), true), r.get(1));
    }

    @Test
    void unterminatedQuoteInHeaderIsAnError() {
        TextTableException e = assertThrows(TextTableException.class, () -> read("\na,\"b\n1,2\n"));
        assertEquals("t.csv:2: unterminated quote in header", e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        TextTable t = read("");
        assertEquals(List.of(), t.header());
        assertEquals(List.of(), t.records());
        assertEquals(new Dialect(',', false), t.dialect());
        assertTrue(read(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})
                .dialect()
                .bom());
    }

    @Test
    void headerOnly() throws IOException {
        TextTable t = read("a;b;c");
        assertEquals(List.of("a", "b", "c"), t.header());
        assertEquals(List.of(), t.records());
    }

    @Test
    void columnLookupIsTrimmedAndCaseInsensitive() {
        List<String> header = List.of("Province", " YEAR ", "score");
        assertEquals(1, TextTable.column(header, "year"));
        assertEquals(2, TextTable.column(header, " Score"));
        assertEquals(-1, TextTable.column(header, "rank"));
    }
}
