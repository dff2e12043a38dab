package org.chiso.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link TextTable} (Apache Commons CSV, streamed) gives what the former hand-written parser ({@link
 * HandParsedTable}) gave: the same dialect, header, records with their lines and unterminated-quote flags, blank line
 * count, or the same error message; on every text file of the hostile corpus and of ../shared/data, and on random
 * texts built from the characters that matter (separators, quotes, line breaks, whitespace, a BOM, multi-byte and
 * invalid UTF-8), read whole and a few bytes at a time.
 */
class TextTableAgreementTest {
    private static final String[] PIECES = {
        "a", "b", "é", "Đà", ",", ",", ";", ";", "\t", "\t", "\"", "\"", "\"\"", " ", " ", "\n", "\n", "\r", "\r\n",
        "\u000B", "\uFEFF", "1,5", "x y"
    };

    @Test
    void randomTextsAreReadAsTheHandWrittenParserReadThem() throws IOException {
        Random random = new Random(18);
        int errors = 0;
        for (int i = 0; i < 6_000; i++) {
            byte[] bytes = randomText(random, random.nextInt(i % 10 == 0 ? 4000 : 40));
            String expected = outcome(() -> HandParsedTable.read("r.csv", new ByteArrayInputStream(bytes)));
            errors += expected.startsWith("error") ? 1 : 0;
            assertEquals(
                    expected, outcome(() -> TextTable.read("r.csv", new ByteArrayInputStream(bytes))), show(bytes));
            assertEquals(
                    expected,
                    outcome(() -> TextTable.read("r.csv", new Trickle(bytes, random.nextLong()))),
                    show(bytes));
        }
        assertTrue(errors > 150, "the texts include invalid UTF-8 and unterminated headers: " + errors);
    }

    @Test
    void longTextsAcrossBufferBoundariesAgree() throws IOException {
        Random random = new Random(4180);
        for (int i = 0; i < 12; i++) {
            byte[] bytes = randomText(random, 60_000 + random.nextInt(140_000));
            String expected = outcome(() -> HandParsedTable.read("l.csv", new ByteArrayInputStream(bytes)));
            assertEquals(expected, outcome(() -> TextTable.read("l.csv", new ByteArrayInputStream(bytes))));
            long seed = i;
            assertEquals(expected, outcome(() -> TextTable.read("l.csv", new Trickle(bytes, seed))));
        }
    }

    @Test
    void everyTextFileOfTheCorpusAndTheRealDataAgrees() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : List.of(Path.of("src/test/resources/badinput"), Path.of("../../shared/data"))) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(Files::isRegularFile)
                            .filter(p -> p.toString().matches(".*\\.(csv|tsv|txt)$")
                                    || !p.getFileName().toString().contains("."))
                            .filter(p -> p.toFile().length() < 64L << 20)
                            .forEach(files::add);
                }
            }
        }
        assertTrue(files.size() > 100, "files found: " + files.size());
        for (Path p : files) {
            byte[] bytes = Files.readAllBytes(p);
            String expected = outcome(() -> HandParsedTable.read(p.toString(), new ByteArrayInputStream(bytes)));
            assertEquals(
                    expected,
                    outcome(() -> TextTable.read(p.toString(), new ByteArrayInputStream(bytes))),
                    p.toString());
        }
    }

    private interface Read {
        Object read() throws IOException;
    }

    /** The whole result as text, for both parsers' tables or errors. */
    private static String outcome(Read read) {
        try {
            Object t = read.read();
            if (t instanceof TextTable x) {
                return describe(
                        x.dialect(),
                        x.header(),
                        x.blankLines(),
                        x.records().stream().map(r -> r.line() + "" + r.fields() + r.unterminatedQuote()));
            }
            HandParsedTable x = (HandParsedTable) t;
            return describe(
                    x.dialect(),
                    x.header(),
                    x.blankLines(),
                    x.records().stream().map(r -> r.line() + "" + r.fields() + r.unterminatedQuote()));
        } catch (IOException e) {
            return "error " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static String describe(Dialect d, List<String> header, int blankLines, Stream<String> records) {
        return d + "" + header + blankLines + "\n" + String.join("\n", records.toList());
    }

    private static byte[] randomText(Random random, int pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (random.nextInt(8) == 0) {
            out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        for (int i = 0; i < pieces; i++) {
            int k = random.nextInt(PIECES.length + 1);
            if (k == PIECES.length) {
                // now and then a byte that is not UTF-8, or a sequence cut short
                if (random.nextInt(40) == 0) {
                    out.writeBytes(random.nextBoolean() ? new byte[] {(byte) 0xC3, 0x28} : new byte[] {(byte) 0xE1});
                }
            } else {
                out.writeBytes(PIECES[k].getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static String show(byte[] bytes) {
        return HexFormat.of().formatHex(bytes) + " " + new String(bytes, StandardCharsets.UTF_8).replace("\r", "\\r");
    }

    /** Hands out the bytes a few at a time, as a network stream may. */
    private static final class Trickle extends FilterInputStream {
        private final Random random;

        Trickle(byte[] bytes, long seed) {
            super(new ByteArrayInputStream(bytes));
            this.random = new Random(seed);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
        }
    }
}
