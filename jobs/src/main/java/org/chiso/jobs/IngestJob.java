package org.chiso.jobs;

import static org.chiso.core.Columns.*;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.core.IndexDefinitions;
import org.chiso.core.ProvinceRegistry;
import org.chiso.core.SparkOrder;
import org.chiso.harmonize.Covariates;
import org.chiso.ingest.CovariateReader;
import org.chiso.ingest.Derivation;
import org.chiso.ingest.IngestRun;
import org.chiso.ingest.PapiPerYearReader;
import org.chiso.ingest.PapiWorkbookReader;
import org.chiso.ingest.PciLongReader;
import org.chiso.ingest.PciWorkbookReader;
import org.chiso.ingest.Reject;
import org.chiso.ingest.ScoreReader;
import org.chiso.ingest.ScoreTables;
import org.chiso.ingest.SourceFile;
import org.chiso.ingest.TidyCsvReader;
import org.chiso.ingest.Validator;
import org.chiso.ingest.WideCsvReader;
import org.chiso.ingest.WideMapping;
import org.chiso.io.Fs;
import org.chiso.io.Progress;

/**
 * The ingest entry point: reads every file below the given locations (plus the bundled published figures),
 * validates, derives parents, and writes the warehouse tables {@code scores} (partitioned by index and
 * year), {@code published_facts}, {@code rejects}, {@code ingest_files}, {@code derivation_checks} and {@code
 * covariates} (province covariates on both bases, {@link Covariates}).
 */
public final class IngestJob {
    /** The bundled published figures, read from the classpath. */
    public static final String BUNDLED_FIGURES = "/published/figures.csv";
    /** Options of an ingest run. */
    public record Options(List<String> inputs, String out, double tolerance, boolean bundledFigures) {}

    /** The result: row counts for the summary. */
    public record Summary(
            long rowsIn,
            long accepted,
            long rejected,
            long scoresRows,
            long derivedRows,
            long factsRows,
            Map<String, Long> rejectsByReason,
            long checks,
            long checksOutside) {}

    /**
     * The largest workbook read (workbooks are read whole; the largest real one is some 1 MB). Delimited text is
     * streamed a record at a time and has no such limit.
     */
    public static final long MAX_WORKBOOK_BYTES = 256L << 20;

    private IngestJob() {}

    /** The readers, in the order they are tried. */
    public static List<ScoreReader> readers() {
        return List.of(
                // the PCI reader first: its near-miss reason is only for workbooks named PCI..., the PAPI reader's for
                // any workbook
                new PciWorkbookReader(),
                new PapiWorkbookReader(),
                new PapiPerYearReader(),
                new PciLongReader(),
                new TidyCsvReader(),
                new WideCsvReader(bundledMappings()));
    }

    /** The covariate readers of one run (a reader remembers the keys it accepted). */
    public static List<CovariateReader> covariateReaders(ProvinceRegistry registry) {
        return List.of(new CovariateReader(registry));
    }

    /** The wide-CSV mappings bundled under {@code data/mappings/}. */
    public static List<WideMapping> bundledMappings() {
        List<WideMapping> out = new ArrayList<>();
        for (String name :
                new String(bundled("/mappings/mappings.txt"), java.nio.charset.StandardCharsets.UTF_8).split("\\R")) {
            if (!name.isBlank()) {
                try {
                    out.add(WideMapping.parse("mappings/" + name.trim(), bundled("/mappings/" + name.trim())));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    static byte[] bundled(String resource) {
        try (InputStream in = IngestJob.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled resource " + resource + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops before any work when an input named on the command line does not exist. */
    public static void requireInputs(Fs fs, List<String> inputs) throws IOException {
        for (String input : inputs) {
            if (!fs.exists(input)) {
                throw new java.io.FileNotFoundException("--data " + input + ": no such file or folder");
            }
        }
    }

    /** A respondents or answers table (CSV file or a file of a Parquet folder) directly in a survey-like folder. */
    private static boolean isMicrodataTable(String file, String folder) {
        String rest = file.substring(folder.length() + 1);
        return rest.equals("respondents.csv")
                || rest.equals("answers.csv")
                || rest.startsWith("respondents/")
                || rest.startsWith("answers/");
    }

    /** Reads, validates and records every input file (no Spark). */
    public static IngestRun read(Fs fs, Options o, Progress progress) throws IOException {
        ProvinceRegistry registry = ProvinceRegistry.load();
        IngestRun run =
                new IngestRun(readers(), covariateReaders(registry), new Validator(registry, IndexDefinitions.load()));
        if (o.bundledFigures()) {
            run.add(new SourceFile(
                    "bundled:" + BUNDLED_FIGURES.substring(1), bundled(BUNDLED_FIGURES), n -> Optional.empty()));
        }
        requireInputs(fs, o.inputs());
        List<String> surveys = new ArrayList<>(EstimateJob.surveyFolders(fs, o.inputs()));
        // respondents and answers without a codebook are microdata too (refused by the estimate stage), not score files
        List<String> orphans = new ArrayList<>();
        for (String input : o.inputs()) {
            orphans.addAll(EstimateJob.foldersWithoutCodebook(fs.listFiles(input), surveys));
        }
        // dossier records are read by the service-index stage, not as score files
        List<String> dossiers = ServiceStage.folders(fs, o.inputs());
        // one physical file is read once, however it is reached: a repeated argument, a folder and a file in it,
        // a symbolic link or a link loop below a folder
        Map<String, String> seen = new HashMap<>();
        Map<String, List<String>> again = new LinkedHashMap<>();
        for (String input : o.inputs()) {
            List<String> files = new ArrayList<>();
            Map<String, Long> sizes = new HashMap<>();
            for (Fs.FileInfo info : fs.listFileInfo(input)) {
                sizes.put(info.path(), info.size());
            }
            for (String f : sizes.keySet().stream().sorted().toList()) {
                if (surveys.stream().anyMatch(s -> f.startsWith(s + "/"))
                        || dossiers.stream().anyMatch(s -> f.startsWith(s + "/"))
                        || orphans.stream().anyMatch(s -> f.startsWith(s + "/") && isMicrodataTable(f, s))) {
                    continue;
                }
                String first = seen.putIfAbsent(fs.identity(f), f);
                if (first != null) {
                    again.computeIfAbsent(first, k -> new ArrayList<>()).add(f);
                    continue;
                }
                files.add(f);
            }
            again.forEach((first, others) -> progress.line(String.format(
                    Locale.ROOT,
                    "  skipped  %s (%s)",
                    Fs.display(others.get(0)),
                    others.size() == 1
                            ? (others.get(0).equals(first) ? "given again" : "the same file as " + Fs.display(first))
                                    + ", read once"
                            : "and " + (others.size() - 1) + " more paths to the same file as " + Fs.display(first)
                                    + " (links or a link loop), read once")));
            again.clear();
            for (String s : surveys) {
                if (s.startsWith(fs.path(input).toString())) {
                    progress.line("  survey   " + Fs.display(s) + " (microdata: read by the estimate stage)");
                }
            }
            for (String s : dossiers) {
                if (s.startsWith(fs.path(input).toString())) {
                    progress.line(
                            "  dossiers " + Fs.display(s) + " (dossier records: read by the service-index stage)");
                }
            }
            for (String s : orphans) {
                if (s.startsWith(fs.path(input).toString())) {
                    progress.line("  survey   " + Fs.display(s)
                            + " (microdata without codebook.csv: refused by the estimate stage, not read as scores)");
                }
            }
            Map<String, String> byPath = new LinkedHashMap<>();
            files.forEach(f -> byPath.put(f, f));
            for (String f : files) {
                String dir = f.substring(0, f.lastIndexOf('/') + 1);
                SourceFile sf = new SourceFile(Fs.display(f), () -> fs.open(f), name -> {
                    String p = byPath.get(dir + name);
                    if (p == null) {
                        return Optional.empty();
                    }
                    try {
                        return Optional.of(
                                new SourceFile(Fs.display(p), () -> fs.open(p), x -> Optional.empty()).scan());
                    } catch (IOException | RuntimeException e) {
                        return Optional.empty();
                    }
                });
                long size = sizes.getOrDefault(f, 0L);
                boolean workbook = sf.extension().matches("xls|xlsx|xlsm");
                if (size <= MAX_WORKBOOK_BYTES || !workbook) {
                    try {
                        // one streaming pass: size, SHA-256 and whether the file is readable text
                        sf.scan();
                        size = sf.size();
                        workbook |= sf.isZip() || sf.isOle2();
                    } catch (IOException | RuntimeException e) {
                        // a file that cannot be read is refused with its reason; the other files go on
                        IngestRun.FileSummary s =
                                run.refuse(Fs.display(f), 0, "", "", "cannot be read: " + e.getMessage());
                        progress.line(String.format(Locale.ROOT, "  %-8s %s (%s)", s.status(), s.path(), s.note()));
                        continue;
                    }
                }
                if (size > MAX_WORKBOOK_BYTES && workbook) {
                    // workbooks are read whole; one far larger than any score workbook is refused before it fills
                    // memory (by its name before it is read at all)
                    IngestRun.FileSummary s = run.refuse(
                            Fs.display(f),
                            size,
                            "",
                            "",
                            String.format(
                                    Locale.ROOT,
                                    "too large for a score workbook (%,d bytes; the limit is %d MiB): survey microdata"
                                            + " belong in a survey folder (docs/MICRODATA.md)",
                                    size,
                                    MAX_WORKBOOK_BYTES >> 20));
                    progress.line(String.format(Locale.ROOT, "  %-8s %s (%s)", s.status(), s.path(), s.note()));
                    continue;
                }
                IngestRun.FileSummary s = run.add(sf);
                progress.line(String.format(
                        Locale.ROOT,
                        "  %-8s %s%s",
                        s.status(),
                        s.path(),
                        s.status().equals("read")
                                ? String.format(
                                                Locale.ROOT,
                                                " [%s] in %d = accepted %d + rejected %d",
                                                s.reader(),
                                                s.rowsIn(),
                                                s.accepted(),
                                                s.rejected())
                                        + (s.note().isEmpty() ? "" : " (" + s.note() + ")")
                                : " (" + s.note() + ")"));
            }
        }
        return run;
    }

    /** Runs the ingest and writes the warehouse. */
    public static Summary run(SparkSession spark, Options o, Progress progress) throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        progress.stage(
                "ingest",
                "reading " + (o.bundledFigures() ? "the bundled published figures and " : "")
                        + String.join(", ", o.inputs()));
        IngestRun run = read(fs, o, progress);
        progress.done(
                "ingest",
                String.format(
                        Locale.ROOT,
                        "read %d files: rows in %d = accepted %d + rejected %d",
                        run.files().stream()
                                .filter(f -> !f.status().equals("skipped"))
                                .count(),
                        run.rowsIn(),
                        run.accepted().size() + run.covariates().size(),
                        run.rejects().size()));

        progress.stage("derive", "deriving dimensions and totals from complete parts");
        IndexDefinitions defs = IndexDefinitions.load();
        List<Row> scores = Derivation.derive(ScoreTables.scoreRows(run.accepted()), defs);
        List<Row> checks = Derivation.checks(scores, defs, o.tolerance());
        long total = scores.size();
        long derived = scores.stream()
                .filter(r -> Boolean.TRUE.equals(r.getAs(ScoreTables.SCORES.fieldIndex(DERIVED_FLAG))))
                .count();
        long nChecks = checks.size();
        List<Row> outsideRows = checks.stream()
                .filter(r -> Boolean.FALSE.equals(r.get(ScoreTables.CHECKS.fieldIndex(Derivation.WITHIN_TOLERANCE))))
                .toList();
        long outside = outsideRows.size();
        progress.done(
                "derive",
                String.format(
                        Locale.ROOT,
                        "scores %d rows (%d derived), checks %d (%d beyond %.0e)",
                        total,
                        derived,
                        nChecks,
                        outside,
                        o.tolerance()));

        Covariates.Result covariates = Covariates.bothBases(run.covariates(), ProvinceRegistry.load());

        progress.stage("store", "writing scores, facts, rejects, files and checks into the warehouse (Delta Lake)");
        // The rows of the estimate stage are kept; every other row is this stage's, written as a difference.
        Map<String, Warehouse.Change> changes = new LinkedHashMap<>();
        String w;
        try (Warehouse wh = Warehouse.begin(spark, o.out(), "ingest", progress)) {
            w = wh.root();
            // Slices of at most ~5,000 rows (under Spark's 1 MB task size), at least one per core.
            changes.put(
                    Warehouse.SCORES,
                    wh.sync(
                            Warehouse.SCORES,
                            spark.createDataFrame(ScoreTables.parallel(spark, scores), ScoreTables.SCORES),
                            "NOT " + EstimateJob.ESTIMATED_ROWS,
                            INDEX,
                            YEAR));
            changes.put(
                    Warehouse.FACTS,
                    wh.sync(
                            Warehouse.FACTS,
                            ScoreTables.facts(spark, run.accepted()).coalesce(1),
                            null));
            changes.put(
                    Warehouse.REJECTS,
                    wh.sync(
                            Warehouse.REJECTS,
                            ScoreTables.rejects(spark, run.rejects()).coalesce(1),
                            null));
            changes.put(
                    Warehouse.FILES,
                    wh.sync(Warehouse.FILES, files(spark, run.files()).coalesce(1), null));
            changes.put(
                    Warehouse.CHECKS,
                    wh.sync(
                            Warehouse.CHECKS,
                            spark.createDataFrame(checks, ScoreTables.CHECKS).coalesce(1),
                            null));
            changes.put(
                    Warehouse.COVARIATES,
                    wh.sync(
                            Warehouse.COVARIATES,
                            spark.createDataFrame(Covariates.rows(covariates.values()), Covariates.SCHEMA)
                                    .coalesce(1),
                            null));
            wh.commit();
        }
        long nFacts = run.accepted().stream().filter(r -> !r.isScore()).count();
        Map<String, Long> byReason = run.rejects().stream()
                .collect(Collectors.groupingBy(Reject::reason, TreeMap::new, Collectors.counting()));
        progress.done("store", "warehouse " + Fs.display(w));
        StringBuilder changed = new StringBuilder("  warehouse changes:");
        changes.forEach(
                (t, c) -> changed.append(' ').append(t).append(' ').append(c).append(';'));
        progress.line(changed.substring(0, changed.length() - 1));
        Summary s = new Summary(
                run.rowsIn(),
                run.accepted().size() + run.covariates().size(),
                run.rejects().size(),
                total,
                derived,
                nFacts,
                byReason,
                nChecks,
                outside);
        print(s, run, outsideRows, progress);
        if (!run.covariates().isEmpty()) {
            progress.line(String.format(
                    Locale.ROOT,
                    "  covariates: %d values read; table covariates %d rows on VN63 (with grdp_per_capita), %d on VN34"
                            + " (%d VN34 cells not formed: a predecessor without a value)",
                    run.covariates().size(),
                    covariates.count(org.chiso.core.Basis.VN63),
                    covariates.count(org.chiso.core.Basis.VN34),
                    covariates.incomplete()));
        }
        return s;
    }

    /** Index, component, source in Spark's order. */
    private static final java.util.Comparator<List<String>> GROUP_ORDER =
            java.util.Comparator.<List<String>, String>comparing(k -> k.get(0), SparkOrder.STRINGS)
                    .thenComparing(k -> k.get(1), SparkOrder.STRINGS)
                    .thenComparing(k -> k.get(2), SparkOrder.STRINGS);

    /** The summary lines; {@code outside} are the checks beyond the tolerance (whose difference is never null). */
    private static void print(Summary s, IngestRun run, List<Row> outside, Progress p) {
        p.line("");
        p.line("Ingest summary");
        p.line(String.format(
                Locale.ROOT, "  rows in %d = accepted %d + rejected %d", s.rowsIn(), s.accepted(), s.rejected()));
        p.line(String.format(
                Locale.ROOT,
                "  warehouse: scores %d rows (%d as read, %d derived), published facts %d rows",
                s.scoresRows(),
                s.scoresRows() - s.derivedRows(),
                s.derivedRows(),
                s.factsRows()));
        long blank = run.files().stream()
                .mapToLong(IngestRun.FileSummary::blankCells)
                .sum();
        long ignored = run.files().stream()
                .mapToLong(IngestRun.FileSummary::ignoredCells)
                .sum();
        p.line(String.format(
                Locale.ROOT,
                "  blank cells (missing values in wide layouts) %d; cells of non-score columns %d",
                blank,
                ignored));
        long skipped =
                run.files().stream().filter(f -> f.status().equals("skipped")).count();
        p.line(String.format(
                Locale.ROOT,
                "  files: %d read, %d skipped (listed above with the reason)",
                run.files().size() - skipped,
                skipped));
        if (!s.rejectsByReason().isEmpty()) {
            p.line("  rejects by reason: "
                    + s.rejectsByReason().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")));
            run.rejects().stream().limit(10).forEach(r -> p.line("    " + r.message()));
            if (run.rejects().size() > 10) {
                p.line("    ... " + (run.rejects().size() - 10) + " more in the rejects table");
            }
        }
        p.line(String.format(
                Locale.ROOT,
                "  published parents checked against their parts: %d, differing beyond tolerance: %d",
                s.checks(),
                s.checksOutside()));
        if (s.checksOutside() > 0) {
            for (Map.Entry<List<String>, List<Row>> e : outside.stream()
                    .collect(Collectors.groupingBy(
                            r -> List.of(r.getString(0), r.getString(4), r.getString(5)),
                            () -> new TreeMap<>(GROUP_ORDER),
                            Collectors.toList()))
                    .entrySet()) {
                List<Row> rows = e.getValue();
                int first = rows.stream().mapToInt(r -> r.getInt(2)).min().orElseThrow();
                int last = rows.stream().mapToInt(r -> r.getInt(2)).max().orElseThrow();
                double largest = rows.stream()
                        .mapToDouble(r -> Math.abs(r.getDouble(8)))
                        .max()
                        .orElseThrow();
                p.line(String.format(
                        Locale.ROOT,
                        "    %s %s [%s]: %d differ, years %d-%d, largest |difference| %.4g",
                        e.getKey().get(0),
                        e.getKey().get(1),
                        e.getKey().get(2),
                        rows.size(),
                        first,
                        last,
                        largest));
            }
            p.line("    (every pair is in the derivation_checks table)");
        }
    }

    private static final StructType FILES = new StructType()
            .add("path", DataTypes.StringType)
            .add("reader", DataTypes.StringType)
            .add("bytes", DataTypes.LongType)
            .add("sha256", DataTypes.StringType)
            .add("rows_in", DataTypes.LongType)
            .add("accepted", DataTypes.LongType)
            .add("rejected", DataTypes.LongType)
            .add("blank_cells", DataTypes.LongType)
            .add("ignored_cells", DataTypes.LongType)
            .add("status", DataTypes.StringType)
            .add("note", DataTypes.StringType);

    private static Dataset<Row> files(SparkSession spark, List<IngestRun.FileSummary> files) {
        List<Row> rows = new ArrayList<>();
        for (IngestRun.FileSummary f : files) {
            rows.add(RowFactory.create(
                    f.path(),
                    f.reader(),
                    f.bytes(),
                    f.sha256(),
                    f.rowsIn(),
                    f.accepted(),
                    f.rejected(),
                    f.blankCells(),
                    f.ignoredCells(),
                    f.status(),
                    f.note()));
        }
        return spark.createDataFrame(rows, FILES);
    }
}
