package org.chiso.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.chiso.bench.TextBench;
import org.junit.jupiter.api.Test;

/**
 * Text is streamed: a generated SYNTHETIC CSV several times larger than the heap of a child JVM is read there to the
 * end, with the record count, the last record's line and the SHA-256 as generated. {@code ./workbench bench text}
 * does the same with 1 GiB.
 */
class TextTableStreamingTest {
    private static final long BYTES = 64L << 20;

    @Test
    void aFileFarLargerThanTheHeapIsReadToTheEnd() throws Exception {
        // 64 MiB of text would need at least as much heap held whole (as bytes or a Latin-1 string); the child has 24
        TextBench.Result r = TextBench.forked(BYTES, 24);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long[] expected = generated(sha);
        assertTrue(r.bytes() >= BYTES, "bytes " + r.bytes());
        assertEquals(expected[0], r.bytes());
        assertEquals(expected[1], r.records(), "one record per generated row (a row's note can span two lines)");
        assertEquals(expected[2], r.lastLine(), "the physical line where the last record starts");
        assertEquals(HexFormat.of().formatHex(sha.digest()), r.sha256(), "digested while streamed");
    }

    /** Bytes, data rows and the last row's line of the generated text, counted here on the raw bytes; and its digest. */
    private static long[] generated(MessageDigest sha) throws Exception {
        long bytes = 0;
        long rows = 0;
        long lines = 0;
        long lastStart = 0;
        boolean quoted = false;
        boolean lineStart = true;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = new DigestInputStream(TextBench.generated(BYTES), sha)) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    if (lineStart && !quoted) {
                        lines++;
                        lastStart = lines;
                        rows++;
                    } else if (lineStart) {
                        lines++;
                    }
                    lineStart = buf[i] == '\n';
                    if (buf[i] == '"') {
                        quoted = !quoted;
                    }
                }
                bytes += n;
            }
        }
        return new long[] {bytes, rows - 1, lastStart};
    }
}
