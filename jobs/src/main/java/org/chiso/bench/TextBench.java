package org.chiso.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.chiso.io.Progress;
import org.chiso.io.TextTable;

/**
 * Streams a generated SYNTHETIC tidy CSV of a given size through {@link TextTable#open} in a child JVM with a small
 * heap, digesting it (SHA-256) as the ingest's first pass does, and checks the record count and the last record's
 * line: the proof that a text file of any size is read in bounded memory. The text is generated as it is read (no
 * file); every 1000th row has a quoted note with a separator and a line break in it, so records and lines differ.
 */
public final class TextBench {
    private static final byte[] HEADER = "index,year,province,component,value,note\n".getBytes(StandardCharsets.UTF_8);

    /** What one streaming read found. */
    public record Result(long bytes, long records, long lastLine, double seconds, double peakRssMiB, String sha256) {}

    private TextBench() {}

    /**
     * Forks {@code java -Xmx<heapMiB>m} on this classpath to stream {@code bytes} of generated text, and returns
     * what it measured; fails unless the record count and last line are as generated.
     */
    public static Result forked(long bytes, int heapMiB) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Xmx" + heapMiB + "m",
                "-cp",
                System.getProperty("java.class.path"),
                TextBench.class.getName(),
                Long.toString(bytes)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("the streaming child JVM failed (-Xmx" + heapMiB + "m): " + out);
        }
        String[] f = out.substring(out.lastIndexOf('\n') + 1).split(" ");
        return new Result(
                Long.parseLong(f[0]),
                Long.parseLong(f[1]),
                Long.parseLong(f[2]),
                Double.parseDouble(f[3]),
                Double.parseDouble(f[4]),
                f[5]);
    }

    /** {@code ./workbench bench text}: prints and writes {@code <bench>/text.md}. */
    public static void run(long bytes, int heapMiB, Path benchDir, Progress progress) throws Exception {
        Result r = forked(bytes, heapMiB);
        String line = String.format(
                Locale.ROOT,
                "| %.2f GiB | -Xmx%dm | %,d | %,d | %.1f | %.0f | %.0f |",
                r.bytes() / ProcessStats.GIB,
                heapMiB,
                r.records(),
                r.lastLine(),
                r.seconds(),
                r.bytes() / 1048576.0 / r.seconds(),
                r.peakRssMiB());
        String table =
                "| text (SYNTHETIC, generated as read) | heap | records | last line | seconds | MiB/s | peak RSS MiB |\n"
                        + "|---|---|---|---|---|---|---|\n" + line + "\n";
        progress.line(table);
        Files.createDirectories(benchDir);
        Files.writeString(benchDir.resolve("text.md"), table, StandardCharsets.UTF_8);
    }

    /** The SYNTHETIC text of at least {@code bytes} bytes, generated as it is read (the same every time). */
    public static InputStream generated(long bytes) {
        return new Generated(bytes);
    }

    /** The child: {@code TextBench BYTES} prints {@code bytes records lastLine seconds peakRssMiB sha256}. */
    public static void main(String[] args) throws Exception {
        long target = Long.parseLong(args[0]);
        Generated gen = new Generated(target);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long t0 = System.nanoTime();
        long records = 0;
        long lastLine = 0;
        try (InputStream in = new DigestInputStream(gen, sha);
                TextTable.Records r = TextTable.open("generated.csv", in)) {
            if (r.head().header().size() != 6) {
                throw new IllegalStateException("header " + r.head().header());
            }
            for (TextTable.Record x = r.next(); x != null; x = r.next()) {
                if (x.fields().size() != 6) {
                    throw new IllegalStateException("line " + x.line() + ": " + x.fields());
                }
                records++;
                lastLine = x.line();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (records != gen.rows || lastLine != gen.lastLine) {
            throw new IllegalStateException("read " + records + " records, last at line " + lastLine + "; generated "
                    + gen.rows + ", last at line " + gen.lastLine);
        }
        System.out.printf(
                Locale.ROOT,
                "%d %d %d %.3f %.1f %s%n",
                gen.produced,
                records,
                lastLine,
                seconds,
                ProcessStats.procStatus("VmHWM:") / 1048576,
                HexFormat.of().formatHex(sha.digest()));
    }

    /** SYNTHETIC tidy CSV rows, produced as they are read, until at least {@code target} bytes. */
    static final class Generated extends InputStream {
        private final long target;
        private byte[] chunk = HEADER;
        private int pos;
        long produced;
        long rows;
        long line = 1;
        long lastLine;

        Generated(long target) {
            this.target = target;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == chunk.length && !nextChunk()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            produced += n;
            return n;
        }

        private boolean nextChunk() {
            if (produced >= target) {
                return false;
            }
            StringBuilder s = new StringBuilder(1 << 16);
            while (s.length() < 60_000) {
                rows++;
                line++;
                lastLine = line;
                s.append("PAPI,")
                        .append(2011 + rows % 14)
                        .append(",Province ")
                        .append(rows % 63 + 1)
                        .append(",D")
                        .append(rows % 8 + 1)
                        .append(',')
                        .append(rows % 10000 / 100.0)
                        .append(',');
                if (rows % 1000 == 0) {
                    s.append("\"a note, over\ntwo lines\"");
                    line++;
                }
                s.append('\n');
            }
            chunk = s.toString().getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return true;
        }
    }
}
