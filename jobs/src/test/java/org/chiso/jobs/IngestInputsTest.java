package org.chiso.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.chiso.ingest.IngestRun;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.io.TextTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inputs of an ingest: a missing one stops it before any work; one physical file is read once. */
class IngestInputsTest {
    @Test
    void aFileReachedThroughALinkLoopAndARepeatedArgumentIsReadOnce(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path csv = Files.writeString(
                sub.resolve("a.csv"),
                "index,year,province,component,value\nPAPI,2023,Hà Nội,TOTAL,45.1\nPAPI,2023,Huế,TOTAL,46.0\n",
                StandardCharsets.UTF_8);
        Files.createSymbolicLink(sub.resolve("up"), Path.of(".."));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IngestRun run = IngestJob.read(
                new Fs(new Configuration()),
                new IngestJob.Options(
                        List.of(dir.toString(), csv.toString()),
                        dir.resolve("out").toString(),
                        1e-3,
                        false),
                new Progress(new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertEquals(2, run.rowsIn(), "the two rows once, not once per path to the file");
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("more paths to the same file as"), log);
        assertTrue(log.contains("given again, read once"), log);
    }

    @Test
    void aFileThatBreaksItsReaderIsRefusedAloneAndTheOthersAreRead(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("good.csv"),
                "index,year,province,component,value\nPAPI,2023,Hà Nội,TOTAL,45.1\nPAPI,2023,Huế,TOTAL,46.0\n",
                StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("bad-scale.csv"),
                "index,year,province,component,value,scale\nPAPI,2023,Hà Nội,TOTAL,45.1,1.0.0-10\n",
                StandardCharsets.UTF_8);
        IngestRun run = IngestJob.read(
                new Fs(new Configuration()),
                new IngestJob.Options(
                        List.of(dir.toString()), dir.resolve("out").toString(), 1e-3, false),
                new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertEquals(2, run.accepted().size(), "the good file's two rows");
        IngestRun.FileSummary bad = run.files().stream()
                .filter(f -> f.path().endsWith("bad-scale.csv"))
                .findFirst()
                .orElseThrow();
        assertEquals("rejected", bad.status(), "refused whole (it used to stop the whole batch): " + bad);
        assertEquals(1, bad.rejected(), bad.toString());
        assertTrue(!bad.note().isBlank(), "with its reason: " + bad);
        assertEquals(run.rowsIn(), run.accepted().size() + run.rejects().size(), "rows in = accepted + rejected");
    }

    @Test
    void respondentsAndAnswersWithoutACodebookAreNamedAsMicrodataNotSkippedAsScores(@TempDir Path dir)
            throws Exception {
        Path survey = Files.createDirectories(dir.resolve("survey"));
        Files.writeString(survey.resolve("respondents.csv"), "survey,year,respondent_id\nS,2023,r1\n");
        Files.writeString(survey.resolve("answers.csv"), "survey,year,respondent_id,item,value\nS,2023,r1,Q1,3\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IngestRun run = IngestJob.read(
                new Fs(new Configuration()),
                new IngestJob.Options(
                        List.of(dir.toString()), dir.resolve("out").toString(), 1e-3, false),
                new Progress(new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertEquals(List.of(), run.files(), "no score file among them");
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("microdata without codebook.csv: refused by the estimate stage"), log);
    }

    @Test
    void aColonInAFileNameDoesNotStopTheBatch(@TempDir Path dir) throws Exception {
        String csv = "index,year,province,component,value\nPAPI,2023,Hà Nội,TOTAL,45.1\n";
        Files.writeString(dir.resolve("scores 2023:v2.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("good.csv"), csv.replace("Hà Nội", "Huế"), StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IngestRun run = IngestJob.read(
                new Fs(new Configuration()),
                new IngestJob.Options(
                        List.of(dir.toString()), dir.resolve("out").toString(), 1e-3, false),
                new Progress(new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertEquals(2, run.accepted().size(), out.toString(StandardCharsets.UTF_8));
        assertTrue(
                run.accepted().stream().anyMatch(r -> r.file().endsWith("/scores 2023:v2.csv")),
                "recorded under its whole name: " + out.toString(StandardCharsets.UTF_8));
        assertEquals(run.rowsIn(), run.accepted().size() + run.rejects().size(), "rows in = accepted + rejected");
        for (IngestRun.FileSummary f : run.files()) {
            assertTrue(!f.status().equals("skipped") || !f.note().isBlank(), f.toString());
        }
    }

    @Test
    void aWorkbookFarLargerThanAnyScoreWorkbookIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        IngestRun run = read(dir, "huge.xlsx", IngestJob.MAX_WORKBOOK_BYTES + 1);
        IngestRun.FileSummary huge = summary(run, "huge.xlsx");
        assertEquals("rejected", huge.status(), huge.toString());
        assertTrue(huge.note().startsWith("too large for a score workbook"), huge.note());
        assertEquals(IngestJob.MAX_WORKBOOK_BYTES + 1, huge.bytes());
        assertEquals(1, run.accepted().size(), "the other file is read");
        assertEquals(run.rowsIn(), run.accepted().size() + run.rejects().size(), "rows in = accepted + rejected");
    }

    @Test
    void aTextFileWhoseFirstRecordNeverEndsIsRefusedNamingItsLine(@TempDir Path dir) throws Exception {
        // no size limit for text, which is streamed; a record longer than the parser keeps is refused instead
        IngestRun run = read(dir, "zeros.csv", TextTable.MAX_RECORD_CHARS + (2 << 20)); // one line of NUL characters
        IngestRun.FileSummary zeros = summary(run, "zeros.csv");
        assertEquals("rejected", zeros.status(), zeros.toString());
        assertEquals(
                "zeros.csv:1: a record longer than " + TextTable.MAX_RECORD_CHARS
                        + " characters (a quote never closed, or not delimited text)",
                zeros.note().substring(zeros.note().lastIndexOf('/') + 1));
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        try (java.io.InputStream in =
                new java.security.DigestInputStream(Files.newInputStream(dir.resolve("zeros.csv")), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertEquals(java.util.HexFormat.of().formatHex(sha.digest()), zeros.sha256(), "digested to the end");
        assertEquals(1, run.accepted().size(), "the other file is read");
        assertEquals(run.rowsIn(), run.accepted().size() + run.rejects().size(), "rows in = accepted + rejected");
    }

    /** Ingests {@code dir} holding a good file and a sparse file {@code name} of {@code size} zero bytes. */
    private static IngestRun read(Path dir, String name, long size) throws IOException {
        Files.writeString(
                dir.resolve("good.csv"),
                "index,year,province,component,value\nPAPI,2023,Hà Nội,TOTAL,45.1\n",
                StandardCharsets.UTF_8);
        try (java.io.RandomAccessFile big =
                new java.io.RandomAccessFile(dir.resolve(name).toFile(), "rw")) {
            big.setLength(size); // sparse: no disk, no memory
        }
        return IngestJob.read(
                new Fs(new Configuration()),
                new IngestJob.Options(
                        List.of(dir.toString()), dir.resolve("out").toString(), 1e-3, false),
                new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }

    private static IngestRun.FileSummary summary(IngestRun run, String name) {
        return run.files().stream()
                .filter(f -> f.path().endsWith("/" + name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aMissingInputStopsWithItsName(@TempDir Path dir) {
        FileNotFoundException e = assertThrows(
                FileNotFoundException.class,
                () -> IngestJob.requireInputs(
                        new Fs(new Configuration()),
                        List.of(dir.toString(), dir.resolve("nope").toString())));
        assertTrue(e.getMessage().contains("nope: no such file or folder"), e.getMessage());
    }
}
