package org.chiso.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.core.ProvinceRegistry;
import org.chiso.ingest.IngestRun;
import org.chiso.ingest.Reject;
import org.chiso.ingest.ScoreRecord;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.io.TextTable;
import org.chiso.survey.Codebook;
import org.chiso.survey.NestedMicrodata;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hostile-input corpus under {@code src/test/resources/badinput}: every file of it, for every reader and for survey
 * folders, meets the fate {@code corpus.csv} (and, for the flat files, {@code expected.csv}) gives it: read, refused
 * whole or skipped, rows in, accepted, rejected by reason, and for a file refused or skipped the words of its reason.
 * Score files go through {@link IngestJob#read} (listing, siblings, names as the job sees them); survey folders through
 * the estimate stage's own folder checks and one validation pass of all of them on Spark. For every file rows in =
 * accepted + rejected. The table of the whole corpus is written to {@code target/hostile-corpus.md}.
 */
@ExtendWith(SparkExtension.class)
class HostileCorpusTest {
    /** What happened to one file of the corpus. */
    record Fate(String file, String status, long rowsIn, long accepted, Map<String, Long> rejects, String note) {
        long rejected() {
            return rejects.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static Path dir;
    private static final Map<String, Fate> actual = new TreeMap<>();
    private static final List<Reject> scoreRejects = new ArrayList<>();
    private static final List<ScoreRecord> scoreAccepted = new ArrayList<>();

    @BeforeAll
    static void runCorpus(SparkSession spark) throws Exception {
        dir = Path.of(HostileCorpusTest.class
                        .getResource("/badinput/corpus.csv")
                        .toURI())
                .getParent();
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        for (String input : scoreCases()) {
            IngestRun run = IngestJob.read(
                    fs,
                    new IngestJob.Options(
                            List.of(input), dir.resolve("unused-out").toString(), 1e-3, false),
                    new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
            scoreRejects.addAll(run.rejects());
            scoreAccepted.addAll(run.accepted());
            for (IngestRun.FileSummary s : run.files()) {
                Map<String, Long> reasons = run.rejects().stream()
                        .filter(r -> r.file().equals(s.path()) || r.file().startsWith(s.path() + "#"))
                        .collect(Collectors.groupingBy(Reject::reason, TreeMap::new, Collectors.counting()));
                actual.put(
                        relative(s.path()),
                        new Fate(relative(s.path()), s.status(), s.rowsIn(), s.accepted(), reasons, s.note()));
            }
        }
        microdata(spark, fs);
    }

    /** The score inputs, one ingest each: flat files alone, and each folder of companions (mappings, codebooks) whole. */
    private static List<String> scoreCases() throws IOException {
        List<String> cases = new ArrayList<>();
        try (Stream<Path> top = Files.list(dir)) {
            for (Path p : top.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && !name.equals("expected.csv") && !name.equals("corpus.csv")) {
                    cases.add(p.toString());
                }
            }
        }
        for (String group : List.of("tidy", "pci", "workbook")) {
            try (Stream<Path> s = Files.list(dir.resolve(group))) {
                s.sorted().forEach(p -> cases.add(p.toString()));
            }
        }
        for (String group : List.of("wide", "papi")) {
            try (Stream<Path> s = Files.list(dir.resolve(group))) {
                s.sorted().forEach(p -> cases.add(p.toString()));
            }
        }
        cases.add(dir.resolve("names").toString());
        return cases;
    }

    /**
     * The survey folders under {@code microdata/}: found and checked as the estimate stage does, the ones without a
     * structural fault validated in one pass, and the checked rows counted per file and reason on Spark.
     */
    private static void microdata(SparkSession spark, Fs fs) throws IOException {
        String root = dir.resolve("microdata").toString();
        List<String> listed = fs.listFiles(root);
        List<String> found = EstimateJob.surveyFolders(listed);
        List<String> orphans = EstimateJob.foldersWithoutCodebook(listed, found);
        List<Codebook.Item> items = new ArrayList<>();
        List<String> valid = new ArrayList<>();
        Map<String, String> refused = new LinkedHashMap<>();
        for (String folder : found) {
            List<String> faults = EstimateJob.folderFaults(spark, fs, folder, items);
            if (faults.isEmpty()) {
                valid.add(folder);
            } else {
                refused.put(folder, String.join("; ", faults));
            }
        }
        orphans.forEach(o -> refused.put(o, "respondents or answers but no codebook.csv"));
        for (String f : listed) {
            String folder = f.substring(0, f.lastIndexOf('/'));
            String why = refused.get(folder);
            if (why != null) {
                actual.put(relative(f), new Fate(relative(f), "refused", 0, 0, Map.of(), why));
            }
        }
        EstimateJob.MicrodataInput in = EstimateJob.microdataInput(spark, fs, valid);
        Dataset<Row> checked = NestedMicrodata.validate(
                in.respondents(),
                in.answers(),
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(new Codebook.Lookup(items)),
                EstimateJob.provinceYears(ProvinceRegistry.load()));
        List<String> files = in.files();
        Map<String, Map<String, Long>> byFile = new TreeMap<>();
        for (Row r : checked.groupBy(col("file_id"), col("source_file"), col("record"), col("reason"))
                .agg(
                        count(lit(1)).as("rows"),
                        sum(when(col("reason").isNull(), size(col(NestedMicrodata.VALUES))))
                                .as("answers"))
                .collectAsList()) {
            // input_file_name's URI and the listing's path name a file differently (file:/// and file:/)
            String file = Fs.display(r.isNullAt(0) ? r.getString(1) : files.get(r.getInt(0)));
            String reason = r.isNullAt(3) ? "accepted" : r.getString(3);
            byFile.computeIfAbsent(file, k -> new TreeMap<>()).merge(reason, r.getLong(4), Long::sum);
            if (r.isNullAt(3)) {
                // an accepted respondent carries its accepted answers: they count for the answers file beside it
                String answers = file.substring(0, file.lastIndexOf('/')) + "/answers.csv";
                byFile.computeIfAbsent(answers, k -> new TreeMap<>()).merge("accepted", r.getLong(5), Long::sum);
            }
        }
        for (String folder : valid) {
            for (String f : listed) {
                if (!f.startsWith(folder + "/")) {
                    continue;
                }
                String name = f.substring(folder.length() + 1);
                if (name.equals("respondents.csv") || name.equals("answers.csv")) {
                    Map<String, Long> counts = new TreeMap<>(byFile.getOrDefault(Fs.display(f), Map.of()));
                    long accepted = counts.getOrDefault("accepted", 0L);
                    counts.remove("accepted");
                    long rowsIn = TextTable.read(f, new ByteArrayInputStream(fs.read(f)))
                            .records()
                            .size();
                    actual.put(
                            relative(f),
                            new Fate(
                                    relative(f),
                                    "validated",
                                    rowsIn,
                                    accepted,
                                    counts,
                                    byFile.containsKey(Fs.display(f)) ? "" : "not met among " + byFile.keySet()));
                } else {
                    String note = name.equals("codebook.csv")
                            ? "codebook: " + Codebook.parse(f, fs.read(f)).size() + " items"
                            : "mapping of source columns to the layout's";
                    actual.put(relative(f), new Fate(relative(f), "companion", 0, 0, Map.of(), note));
                }
            }
        }
    }

    private static String relative(String path) {
        String p = Fs.display(path);
        String root = dir.toString() + "/";
        return p.startsWith(root) ? p.substring(root.length()) : p;
    }

    /** The expectations: corpus.csv (every field) and expected.csv (the flat files' accepted count and reasons). */
    private static Map<String, Fate> expected() throws IOException {
        Map<String, Fate> out = new TreeMap<>();
        TextTable corpus =
                TextTable.read("corpus.csv", new ByteArrayInputStream(Files.readAllBytes(dir.resolve("corpus.csv"))));
        for (TextTable.Record r : corpus.records()) {
            List<String> f = r.fields();
            out.put(
                    f.get(0),
                    new Fate(
                            f.get(0),
                            f.get(1),
                            Long.parseLong(f.get(2)),
                            Long.parseLong(f.get(3)),
                            reasons(f.get(4)),
                            f.get(5)));
        }
        for (String line :
                Files.readAllLines(dir.resolve("expected.csv")).stream().skip(1).toList()) {
            String[] f = line.split(",", -1);
            out.put(f[0], new Fate(f[0], null, -1, Long.parseLong(f[1]), reasons(f[2]), ""));
        }
        return out;
    }

    private static Map<String, Long> reasons(String text) {
        Map<String, Long> m = new TreeMap<>();
        if (!text.isBlank()) {
            for (String kv : text.split(";")) {
                String[] p = kv.split(":");
                m.put(p[0], Long.parseLong(p[1]));
            }
        }
        return m;
    }

    @Test
    void everyFileMeetsItsExpectedFateAndNothingIsLost() throws IOException {
        Map<String, Fate> want = expected();
        TreeSet<String> onDisk = new TreeSet<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString())
                    .filter(n -> !n.equals("expected.csv") && !n.equals("corpus.csv"))
                    .forEach(onDisk::add);
        }
        assertTrue(onDisk.size() >= 81, "the corpus has " + onDisk.size() + " files");
        assertEquals(onDisk, new TreeSet<>(want.keySet()), "every file of the corpus has its expectation");
        assertEquals(onDisk, new TreeSet<>(actual.keySet()), "every file of the corpus was met");
        List<String> wrong = new ArrayList<>();
        for (Fate w : want.values()) {
            Fate a = actual.get(w.file());
            if (a.rowsIn() != a.accepted() + a.rejected()) {
                wrong.add(w.file() + ": rows in " + a.rowsIn() + " != accepted " + a.accepted() + " + rejected "
                        + a.rejected());
            }
            boolean same = (w.status() == null || w.status().equals(a.status()))
                    && (w.rowsIn() < 0 || w.rowsIn() == a.rowsIn())
                    && w.accepted() == a.accepted()
                    && w.rejects().equals(a.rejects())
                    && a.note().contains(w.note());
            if (!same) {
                wrong.add(w.file() + ": expected " + w + "\n      got " + a);
            }
            if (List.of("skipped", "refused").contains(a.status()) || a.status().equals("rejected")) {
                if (a.note().isBlank()) {
                    wrong.add(w.file() + ": " + a.status() + " without a reason");
                }
            }
        }
        writeTable();
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void scoreRejectsNameTheirFileAndLine() {
        for (Reject r : scoreRejects) {
            assertTrue(r.line() >= 0, r.message());
            assertTrue(r.message().startsWith(r.file() + ":" + r.line()), r.message());
            assertTrue(r.file().startsWith(dir.toString()), r.message());
            assertTrue(!r.detail().isBlank(), r.message());
        }
    }

    @Test
    void aHashAPercentAndAccentsInAFileNameReachProvenanceWhole() {
        for (String name : List.of("scores #2.csv", "100%_scores.csv", "điểm tỉnh.csv")) {
            List<ScoreRecord> from = scoreAccepted.stream()
                    .filter(r ->
                            r.file().equals(dir.resolve("names").resolve(name).toString()))
                    .toList();
            assertEquals(2, from.size(), name + " is recorded under its whole path");
        }
    }

    /** The corpus table: one line per file, then the totals per group and by reason. */
    private static void writeTable() throws IOException {
        StringBuilder b = new StringBuilder("# Hostile-input corpus\n\n");
        b.append("Written by HostileCorpusTest from `jobs/src/test/resources/badinput` ")
                .append("(rows in = accepted + rejected for every file).\n\n");
        b.append("| group | files | rows in | accepted | rejected | rejected by reason | read | refused whole |"
                + " skipped / companion |\n|---|---:|---:|---:|---:|---|---:|---:|---:|\n");
        Map<String, List<Fate>> groups = new TreeMap<>();
        for (Fate f : actual.values()) {
            String g = f.file().contains("/") ? f.file().substring(0, f.file().indexOf('/')) : "(flat)";
            groups.computeIfAbsent(g, k -> new ArrayList<>()).add(f);
        }
        Map<String, List<Fate>> rows = new LinkedHashMap<>(groups);
        rows.put("all", new ArrayList<>(actual.values()));
        for (Map.Entry<String, List<Fate>> g : rows.entrySet()) {
            List<Fate> fs = g.getValue();
            Map<String, Long> by = new TreeMap<>();
            fs.forEach(f -> f.rejects().forEach((k, v) -> by.merge(k, v, Long::sum)));
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %s | %d | %d | %d |%n",
                    g.getKey(),
                    fs.size(),
                    fs.stream().mapToLong(Fate::rowsIn).sum(),
                    fs.stream().mapToLong(Fate::accepted).sum(),
                    fs.stream().mapToLong(Fate::rejected).sum(),
                    by.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")),
                    fs.stream()
                            .filter(f -> f.status().equals("read") || f.status().equals("validated"))
                            .count(),
                    fs.stream()
                            .filter(f ->
                                    f.status().equals("rejected") || f.status().equals("refused"))
                            .count(),
                    fs.stream()
                            .filter(f ->
                                    f.status().equals("skipped") || f.status().equals("companion"))
                            .count()));
        }
        b.append("\n| file | status | rows in | accepted | rejected by reason | reason (refused or skipped) |\n")
                .append("|---|---|---:|---:|---|---|\n");
        for (Fate f : actual.values()) {
            String note = f.note().replace(dir + "/", "").replace("|", "\\|").replace("\n", " ");
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %d | %s | %s |%n",
                    f.file(),
                    f.status(),
                    f.rowsIn(),
                    f.accepted(),
                    f.rejects().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")),
                    f.status().equals("read") || f.status().equals("validated")
                            ? ""
                            : note.length() > 140 ? note.substring(0, 140) + "…" : note));
        }
        Path out = Path.of("target", "hostile-corpus.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, b.toString(), StandardCharsets.UTF_8);
    }
}
