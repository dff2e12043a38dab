package org.chiso.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.core.Basis;
import org.chiso.core.Columns;
import org.chiso.core.IndexDefinitions;
import org.chiso.core.Province;
import org.chiso.core.ProvinceRegistry;
import org.chiso.ingest.ScoreTables;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.survey.CiMethod;
import org.chiso.survey.Codebook;
import org.chiso.survey.DesignAlpha;
import org.chiso.survey.DesignOptions;
import org.chiso.survey.DomainEstimate;
import org.chiso.survey.MicrodataStages;
import org.chiso.survey.MicrodataTotals;
import org.chiso.survey.NestedMicrodata;
import org.chiso.survey.ProvinceYears;
import org.chiso.survey.PsuTotals;
import org.chiso.survey.Stratum;
import org.chiso.survey.TaylorEstimator;

/**
 * The estimate entry point: finds survey folders (a folder with {@code codebook.csv}, {@code respondents}
 * and {@code answers}, Parquet folders or CSV files) below the inputs, validates the microdata in one pass into the
 * nested warehouse table {@value #MICRODATA} (unless its manifest says it is current for the same input files),
 * computes per-PSU sufficient statistics in one scan of it, and estimates every province × year × component (and
 * the national figure from the whole sample) with design-based errors.
 */
public final class EstimateJob {
    /** Options of an estimate run. */
    public record Options(List<String> inputs, String out, DesignOptions design, int minRespondents) {}

    /** Counts for the summary. */
    public record Summary(
            long respondentsIn,
            long respondentsAccepted,
            long answersIn,
            long answersAccepted,
            long estimates,
            long suppressed) {}

    static final StructType ESTIMATES = new StructType()
            .add("survey", DataTypes.StringType)
            .add(Columns.INDEX, DataTypes.StringType)
            .add(Columns.YEAR, DataTypes.IntegerType)
            .add(Columns.PROVINCE_KEY, DataTypes.StringType)
            .add(Columns.COMPONENT, DataTypes.StringType)
            .add(Columns.N, DataTypes.LongType)
            .add("sum_w", DataTypes.DoubleType)
            .add(Columns.VALUE, DataTypes.DoubleType)
            .add(Columns.SE, DataTypes.DoubleType)
            .add("df", DataTypes.DoubleType)
            .add("design_df", DataTypes.IntegerType)
            .add(Columns.CI_LOW, DataTypes.DoubleType)
            .add(Columns.CI_HIGH, DataTypes.DoubleType)
            .add(Columns.DEFF, DataTypes.DoubleType)
            .add("proportion", DataTypes.BooleanType)
            .add("ci_method", DataTypes.StringType)
            .add("lonely_psu", DataTypes.StringType)
            .add("deff_variant", DataTypes.StringType)
            .add("variance_method", DataTypes.StringType)
            .add("synthetic", DataTypes.BooleanType)
            .add("suppressed", DataTypes.BooleanType)
            .add("suppression_reason", DataTypes.StringType);

    private EstimateJob() {}

    /** Survey folders below the inputs: folders holding a {@code codebook.csv}. */
    public static List<String> surveyFolders(Fs fs, List<String> inputs) throws IOException {
        return surveyFolders(files(fs, inputs));
    }

    /** The survey folders among listed files: those holding a {@code codebook.csv}. */
    static List<String> surveyFolders(List<String> files) {
        List<String> out = new ArrayList<>();
        for (String f : files) {
            if (f.endsWith("/codebook.csv")) {
                out.add(f.substring(0, f.length() - "/codebook.csv".length()));
            }
        }
        return out;
    }

    /** Every file below the inputs that exist, input by input. */
    private static List<String> files(Fs fs, List<String> inputs) throws IOException {
        List<String> out = new ArrayList<>();
        for (String in : inputs) {
            if (fs.exists(in)) {
                out.addAll(fs.listFiles(in));
            }
        }
        return out;
    }

    /**
     * The respondent columns of the model, typed: survey, year, respondent_id, province_key, stratum, psu, weight and
     * fpc (null where the table has none).
     */
    public static Column[] respondentColumns(Dataset<Row> respondents) {
        return new Column[] {
            col("survey").cast("string"),
            year(),
            col("respondent_id").cast("string"),
            col("province_key").cast("string"),
            col("stratum").cast("string"),
            col("psu").cast("string"),
            col("weight").try_cast("double").as("weight"),
            (List.of(respondents.columns()).contains("fpc") ? col("fpc") : lit(null))
                    .try_cast("double")
                    .as("fpc")
        };
    }

    /** The answer columns of the model, typed: survey, year, respondent_id, item, value. */
    public static Column[] answerColumns() {
        return new Column[] {
            col("survey").cast("string"),
            year(),
            col("respondent_id").cast("string"),
            col("item").cast("string"),
            col("value").try_cast("double").as("value")
        };
    }

    /**
     * The year as an int, null when the text is not a whole number ("2023.5", "abc"): never truncated to another year,
     * and never an error that stops the run (numbers are cast with try_cast: under ANSI SQL a cast of "abc" fails the
     * job). A respondent without a year is refused ({@code missing_survey_or_year}); a non-numeric weight or value is
     * refused as missing.
     */
    private static Column year() {
        Column y = col("year").try_cast("double");
        return when(y.equalTo(org.apache.spark.sql.functions.floor(y)), y.try_cast("int"))
                .as("year");
    }

    private static Column[] concat(Column[] first, Column... more) {
        Column[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    /** The columns each table must have (after {@code mapping.csv}). */
    static final Map<String, List<String>> REQUIRED = Map.of(
            "respondents",
            List.of("survey", "year", "respondent_id", "province_key", "stratum", "psu", "weight"),
            "answers",
            List.of("survey", "year", "respondent_id", "item", "value"));

    /**
     * What makes a survey folder unusable as a whole: a table missing, an empty table, a required column missing (after
     * the mapping). Empty when the folder can be validated row by row.
     */
    static List<String> structuralFaults(SparkSession spark, Fs fs, String folder) {
        List<String> faults = new ArrayList<>();
        Map<String, Map<String, String>> m;
        try {
            m = mapping(fs, folder);
        } catch (IOException e) {
            // the message names the file and line
            return List.of(e.getMessage());
        } catch (RuntimeException e) {
            return List.of(Fs.display(Fs.child(folder, "mapping.csv")) + ": " + firstLine(e));
        }
        for (Map.Entry<String, List<String>> t : new java.util.TreeMap<>(REQUIRED).entrySet()) {
            try {
                // the header only (no schema inference, no rows read): cheap enough to check on every run
                Dataset<Row> d =
                        mapped(table(spark, fs, folder, t.getKey(), false), m.getOrDefault(t.getKey(), Map.of()));
                List<String> have = List.of(d.columns());
                List<String> missing =
                        t.getValue().stream().filter(c -> !have.contains(c)).toList();
                if (have.isEmpty()) {
                    faults.add(t.getKey() + ": empty (no header, no rows)");
                } else if (!missing.isEmpty()) {
                    faults.add(t.getKey() + ": required column" + (missing.size() == 1 ? " " : "s ")
                            + String.join(", ", missing) + " missing (columns: " + String.join(", ", have) + ")");
                }
            } catch (IOException | RuntimeException e) {
                faults.add(t.getKey() + ": " + firstLine(e));
            }
        }
        return faults;
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    /** Folders among listed files that hold respondents or answers but no codebook (so no survey folder). */
    static List<String> foldersWithoutCodebook(List<String> files, List<String> surveys) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (String f : files) {
            for (String t : List.of("/respondents/", "/answers/", "/respondents.csv", "/answers.csv")) {
                int at = f.indexOf(t);
                if (at > 0 && !surveys.contains(f.substring(0, at))) {
                    out.add(f.substring(0, at));
                }
            }
        }
        return List.copyOf(out);
    }

    private static Dataset<Row> table(SparkSession spark, Fs fs, String folder, String name) throws IOException {
        return table(spark, fs, folder, name, true);
    }

    private static Dataset<Row> table(SparkSession spark, Fs fs, String folder, String name, boolean inferTypes)
            throws IOException {
        String parquet = Fs.child(folder, name);
        String csv = parquet + ".csv";
        if (fs.exists(csv)) {
            return spark.read()
                    .option("header", "true")
                    .option("inferSchema", Boolean.toString(inferTypes))
                    .csv(csv);
        }
        if (fs.exists(parquet)) {
            return spark.read().parquet(parquet);
        }
        throw new IOException(folder + ": neither " + name + "/ (Parquet) nor " + name + ".csv is there");
    }

    /** Applies {@code mapping.csv} (table,role,column) beside the data: source columns renamed to the model's names. */
    private static Dataset<Row> mapped(Dataset<Row> d, Map<String, String> roles) {
        Dataset<Row> out = d;
        for (Map.Entry<String, String> e : roles.entrySet()) {
            out = out.withColumnRenamed(e.getValue(), e.getKey());
        }
        return out;
    }

    private static Map<String, Map<String, String>> mapping(Fs fs, String folder) throws IOException {
        Map<String, Map<String, String>> m = new HashMap<>();
        String f = Fs.child(folder, "mapping.csv");
        if (!fs.exists(f)) {
            return m;
        }
        for (var r : org.chiso.io.TextTable.read(Fs.display(f), new java.io.ByteArrayInputStream(fs.read(f)))
                .records()) {
            if (r.fields().size() < 3) {
                throw new IOException(Fs.display(f) + ":" + r.line() + ": expected table,role,column, found "
                        + r.fields().size() + " field" + (r.fields().size() == 1 ? "" : "s"));
            }
            m.computeIfAbsent(r.fields().get(0).trim(), k -> new LinkedHashMap<>())
                    .put(r.fields().get(1).trim(), r.fields().get(2).trim());
        }
        return m;
    }

    /** The validated microdata: one row per accepted respondent with its answers ({@link NestedMicrodata#SCHEMA}). */
    public static final String MICRODATA = Warehouse.MICRODATA;
    /** The refused respondents and answers, with file and reason. */
    public static final String MICRODATA_REJECTS = Warehouse.MICRODATA_REJECTS;
    /** The rows of the warehouse's scores that this stage writes (a SQL predicate): its estimates. */
    public static final String ESTIMATED_ROWS = Columns.SOURCE + " LIKE 'estimated from %'";
    /** The manifest beside the validated microdata: the inputs it was validated from, and the counts. */
    static final String MANIFEST = "_manifest.tsv";
    /** First line of the manifest; a different line (an older layout) means the microdata are validated again. */
    static final String MANIFEST_FORMAT = "# chiso validated microdata, nested layout 2";

    /** Counts of one validation: per record kind (respondents, answers), accepted and refused by reason. */
    record Validation(Map<String, Long> respondents, Map<String, Long> answers) {
        long in(Map<String, Long> m) {
            return m.values().stream().mapToLong(Long::longValue).sum();
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "respondents: in %d = accepted %d + rejected %d; answers: in %d = accepted %d + rejected %d",
                    in(respondents),
                    respondents.getOrDefault("accepted", 0L),
                    in(respondents) - respondents.getOrDefault("accepted", 0L),
                    in(answers),
                    answers.getOrDefault("accepted", 0L),
                    in(answers) - answers.getOrDefault("accepted", 0L));
        }
    }

    /**
     * Runs estimation over every survey folder and writes the warehouse tables: validates the microdata into
     * {@value #MICRODATA} (one pass; skipped when its manifest says it was validated from the same input files, by
     * path, size and modification time) and {@value #MICRODATA_REJECTS}, then estimates from one scan of it.
     */
    public static Summary run(SparkSession spark, Options o, Progress progress) throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        List<String> listed = files(fs, o.inputs());
        List<String> found = surveyFolders(listed);
        List<String> orphans = foldersWithoutCodebook(listed, found);
        progress.stage(
                "estimate",
                found.isEmpty() && orphans.isEmpty()
                        ? "no survey microdata found"
                        : "microdata: "
                                + String.join(
                                        ", ",
                                        java.util.stream.Stream.concat(found.stream(), orphans.stream())
                                                .map(Fs::display)
                                                .toList()));
        for (String orphan : orphans) {
            progress.line("[estimate] survey folder " + Fs.display(orphan)
                    + " refused: it has respondents or answers but no codebook.csv (docs/MICRODATA.md)");
        }
        // a survey folder with a structural fault is refused whole, with its reasons, before anything of it is read
        List<String> folders = new ArrayList<>();
        List<Codebook.Item> items = new ArrayList<>();
        for (String folder : found) {
            List<String> faults = folderFaults(spark, fs, folder, items);
            if (faults.isEmpty()) {
                folders.add(folder);
            } else {
                progress.line(
                        "[estimate] survey folder " + Fs.display(folder) + " refused: " + String.join("; ", faults));
            }
        }
        if (folders.isEmpty()) {
            return new Summary(0, 0, 0, 0, 0, 0);
        }
        ProvinceRegistry registry = ProvinceRegistry.load();
        Codebook.Lookup lookup;
        try {
            lookup = new Codebook.Lookup(items);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        Broadcast<Codebook.Lookup> codebook =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(lookup);
        try (Warehouse w = Warehouse.begin(spark, o.out(), "estimate", progress)) {
            String table = w.table(MICRODATA);
            String manifest = Fs.child(table, MANIFEST);
            List<String> inputs = inputListing(fs, folders);
            Validation v = current(fs, manifest, inputs, w);
            if (v == null) {
                fs.delete(manifest);
                v = validate(spark, fs, folders, registry, codebook, w);
                fs.writeText(manifest, manifestText(inputs, v, w));
                progress.done("estimate", "validated " + v.describe() + "; nested into " + Fs.display(table));
            } else {
                progress.done(
                        "estimate",
                        "validated microdata are current for these inputs (" + Fs.display(manifest)
                                + "): validation skipped; " + v.describe());
            }
            printReasons(progress, "respondents", v.respondents());
            printReasons(progress, "answers", v.answers());

            progress.stage(
                    "estimate",
                    "per-PSU sufficient statistics (one scan of the nested microdata) and Taylor-linearised estimates");
            MicrodataTotals totals =
                    NestedMicrodata.totals(w.read(MICRODATA), codebook, totalPartsByIndexYear(), registry.crosswalk());
            List<PsuCell> psu = new ArrayList<>(totals.cells().size());
            totals.cells()
                    .forEach((k, c) -> psu.add(new PsuCell(
                            k.survey(),
                            k.year(),
                            k.index(),
                            k.component(),
                            k.domain(),
                            k.stratum(),
                            k.psu(),
                            c.sumW(),
                            c.sumWY(),
                            c.sumWYY(),
                            c.n(),
                            c.outMin(),
                            c.outMax(),
                            c.proportion(),
                            c.sumWW(),
                            c.sumWWY(),
                            c.sumWWYY())));
            List<StratumInfo> strata = new ArrayList<>(totals.strata().size());
            totals.strata()
                    .forEach((k, s) -> strata.add(new StratumInfo(
                            k.survey(),
                            k.year(),
                            k.stratum(),
                            s.psuCount(),
                            s.fpc(),
                            s.psuProb(),
                            s.psuProb() == null ? null : s.psuUnits())));
            List<Row> estimates = estimate(psu, strata, o, totals.synthetic());
            // parallelized in slices rather than captured in the plan: no task carries more than a few hundred KiB
            int slices = Math.max(1, (estimates.size() + 1999) / 2000);
            Dataset<Row> est = spark.createDataFrame(
                            JavaSparkContext.fromSparkContext(spark.sparkContext())
                                    .parallelize(estimates, slices),
                            ESTIMATES)
                    .orderBy("survey", Columns.INDEX, Columns.YEAR, Columns.PROVINCE_KEY, Columns.COMPONENT);
            w.sync(Warehouse.ESTIMATES, est.coalesce(1), null);
            w.sync(Warehouse.DESIGN_ALPHA, designAlpha(spark, totals.alpha(), totals.synthetic()), null);
            long suppressed = estimates.stream()
                    .filter(r -> r.getBoolean(ESTIMATES.fieldIndex("suppressed")))
                    .count();
            appendToScores(spark, w, w.read(Warehouse.ESTIMATES));
            progress.done(
                    "estimate",
                    String.format(
                            Locale.ROOT,
                            "%d estimates (%d below %d respondents, suppressed in reports) from %d PSU-domain cells",
                            estimates.size(),
                            suppressed,
                            o.minRespondents(),
                            psu.size()));
            w.commit();
            return new Summary(
                    v.in(v.respondents()),
                    v.respondents().getOrDefault("accepted", 0L),
                    v.in(v.answers()),
                    v.answers().getOrDefault("accepted", 0L),
                    estimates.size(),
                    suppressed);
        }
    }

    /**
     * Reads every survey folder's respondents and answers, validates them in one pass ({@link NestedMicrodata#validate})
     * and writes the nested microdata (partitioned by survey and year) and the rejects; returns the counts.
     */
    private static Validation validate(
            SparkSession spark,
            Fs fs,
            List<String> folders,
            ProvinceRegistry registry,
            Broadcast<Codebook.Lookup> codebook,
            Warehouse w)
            throws IOException {
        ProvinceYears provinces = provinceYears(registry);
        MicrodataInput in = microdataInput(spark, fs, folders);
        List<String> distinct = in.files();
        NestedMicrodata.Counts counts = NestedMicrodata.writeValidated(
                spark,
                in.respondents(),
                in.answers(),
                codebook,
                provinces,
                distinct,
                accepted -> w.overwrite(MICRODATA, accepted, "survey", Columns.YEAR),
                rejects -> w.overwrite(MICRODATA_REJECTS, rejects));
        // the validated copies of the former layout, if a warehouse still has them, are superseded
        fs.delete(w.table("microdata_respondents"));
        fs.delete(w.table("microdata_answers"));
        return new Validation(counts.respondents(), counts.answers());
    }

    /** The province keys of both vintages with the years each existed in. */
    static ProvinceYears provinceYears(ProvinceRegistry registry) {
        List<Province> all = new ArrayList<>();
        for (Basis b : List.of(Basis.VN63, Basis.VN34)) {
            all.addAll(registry.provinces(b));
        }
        return ProvinceYears.of(all);
    }

    /**
     * The survey folders' respondents and answers as {@link NestedMicrodata#validate} takes them (typed columns after
     * {@code mapping.csv}, {@code file_id} an index into {@code files}), not yet read.
     */
    record MicrodataInput(Dataset<Row> respondents, Dataset<Row> answers, List<String> files) {}

    /** The respondents and answers of folders that passed {@link #folderFaults}, unioned for one validation pass. */
    static MicrodataInput microdataInput(SparkSession spark, Fs fs, List<String> folders) throws IOException {
        Dataset<Row> respondents = null;
        Dataset<Row> answers = null;
        List<String> files = new ArrayList<>();
        for (String folder : folders) {
            Map<String, Map<String, String>> m = mapping(fs, folder);
            Dataset<Row> r = mapped(table(spark, fs, folder, "respondents"), m.getOrDefault("respondents", Map.of()));
            Dataset<Row> a = mapped(table(spark, fs, folder, "answers"), m.getOrDefault("answers", Map.of()));
            files.addAll(List.of(r.inputFiles()));
            files.addAll(List.of(a.inputFiles()));
            r = r.select(concat(
                    respondentColumns(r),
                    (List.of(r.columns()).contains("synthetic") ? col("synthetic") : lit(false))
                            .cast("boolean")
                            .as("synthetic"),
                    input_file_name().as("source_file"),
                    (List.of(r.columns()).contains("psu_prob") ? col("psu_prob") : lit(null))
                            .cast("double")
                            .as("psu_prob"),
                    (List.of(r.columns()).contains("ssu") ? col("ssu") : lit(null))
                            .cast("string")
                            .as("ssu")));
            a = a.select(concat(answerColumns(), input_file_name().as("source_file")));
            respondents = respondents == null ? r : respondents.unionByName(r);
            answers = answers == null ? a : answers.unionByName(a);
        }
        List<String> distinct = files.stream().distinct().toList();
        return new MicrodataInput(withFileId(respondents, distinct), withFileId(answers, distinct), distinct);
    }

    /**
     * Why a survey folder is refused whole (empty when it is not): its codebook cannot be read, has no items, or
     * contradicts itself (an item with two entries for a year); or a {@link #structuralFaults structural fault}. The
     * codebook's items are added to {@code items} when the folder is accepted.
     */
    static List<String> folderFaults(SparkSession spark, Fs fs, String folder, List<Codebook.Item> items) {
        List<String> faults = new ArrayList<>();
        List<Codebook.Item> own = List.of();
        String cb = Fs.child(folder, "codebook.csv");
        try {
            own = Codebook.parse(Fs.display(cb), fs.read(cb));
            if (own.isEmpty()) {
                faults.add(Fs.display(cb) + ": no items");
            }
            new Codebook.Lookup(own);
        } catch (IOException e) {
            faults.add(e.getMessage());
        } catch (IllegalArgumentException e) {
            faults.add(Fs.display(cb) + ": " + e.getMessage());
        }
        faults.addAll(structuralFaults(spark, fs, folder));
        if (faults.isEmpty()) {
            items.addAll(own);
        }
        return faults;
    }

    /** {@code file_id}: the row's file as an index into {@code files}; {@code source_file}: the file's name when it is not there. */
    private static Dataset<Row> withFileId(Dataset<Row> d, List<String> files) {
        List<Column> pairs = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            pairs.add(lit(files.get(i)));
            pairs.add(lit(i));
        }
        Column id = pairs.isEmpty()
                ? lit(null).cast("int")
                : try_element_at(map(pairs.toArray(new Column[0])), col("source_file"));
        return d.withColumn("file_id", id)
                .withColumn("source_file", when(col("file_id").isNull(), col("source_file")));
    }

    /** The input files of the survey folders: path, size and modification time, one tab-separated line each, sorted. */
    static List<String> inputListing(Fs fs, List<String> folders) throws IOException {
        List<String> out = new ArrayList<>();
        for (String folder : folders) {
            for (Fs.FileInfo f : fs.listFileInfo(folder)) {
                out.add("input\t" + f.path() + "\t" + f.size() + "\t" + f.modified());
            }
        }
        out.sort(null);
        return out;
    }

    /** The Delta versions of the validated tables, as the manifest records them. */
    private static String versionLine(Warehouse w) {
        return "versions\t" + MICRODATA + "=" + w.version(MICRODATA) + "\t" + MICRODATA_REJECTS + "="
                + w.version(MICRODATA_REJECTS) + "\n";
    }

    /** The manifest: its format line, the input lines, then one line per record kind and outcome with the count. */
    static String manifestText(List<String> inputs, Validation v, Warehouse w) {
        StringBuilder b = new StringBuilder(MANIFEST_FORMAT).append('\n');
        inputs.forEach(l -> b.append(l).append('\n'));
        b.append(versionLine(w));
        v.respondents()
                .forEach((k, n) -> b.append("count\trespondents\t")
                        .append(k)
                        .append('\t')
                        .append(n)
                        .append('\n'));
        v.answers()
                .forEach((k, n) -> b.append("count\tanswers\t")
                        .append(k)
                        .append('\t')
                        .append(n)
                        .append('\n'));
        return b.toString();
    }

    /**
     * The counts recorded in the manifest when the validated microdata and rejects are there and were validated from
     * exactly these input files; null otherwise (validate again).
     */
    static Validation current(Fs fs, String manifest, List<String> inputs, Warehouse w) throws IOException {
        if (!fs.exists(manifest) || !w.has(MICRODATA) || !w.has(MICRODATA_REJECTS)) {
            return null;
        }
        List<String> lines = new String(fs.read(manifest), java.nio.charset.StandardCharsets.UTF_8)
                .lines()
                .toList();
        if (lines.isEmpty() || !lines.get(0).equals(MANIFEST_FORMAT)) {
            return null;
        }
        List<String> recorded =
                lines.stream().filter(l -> l.startsWith("input\t")).toList();
        // the tables must be the very versions validated then (not those of a discarded or later run)
        if (!recorded.equals(inputs) || !lines.contains(versionLine(w).strip())) {
            return null;
        }
        Map<String, Long> r = new TreeMap<>();
        Map<String, Long> a = new TreeMap<>();
        for (String l : lines) {
            String[] f = l.split("\t");
            if (f[0].equals("count") && f.length == 4) {
                (f[1].equals("answers") ? a : r).put(f[2], Long.parseLong(f[3]));
            }
        }
        return new Validation(r, a);
    }

    private static void printReasons(Progress p, String what, Map<String, Long> counts) {
        if (counts.size() > 1) {
            StringBuilder b = new StringBuilder("  " + what + " rejected by reason:");
            counts.forEach((k, v) -> {
                if (!k.equals("accepted")) {
                    b.append(' ').append(k).append(' ').append(v);
                }
            });
            p.line(b.toString());
        }
    }

    /**
     * The per-PSU statistics of one PSU in one domain, for one component: the columns of
     * {@link MicrodataStages#psuTotals} (and of {@link MicrodataTotals#cells}).
     */
    public record PsuCell(
            String survey,
            int year,
            String index,
            String component,
            String domain,
            String stratum,
            String psu,
            double sumW,
            double sumWY,
            double sumWYY,
            long n,
            double outMin,
            double outMax,
            boolean proportion,
            double sumWW,
            double sumWWY,
            double sumWWYY) {
        /** A cell without the second-order sums (NaN): PPS strata then get no second stage. */
        public PsuCell(
                String survey,
                int year,
                String index,
                String component,
                String domain,
                String stratum,
                String psu,
                double sumW,
                double sumWY,
                double sumWYY,
                long n,
                double outMin,
                double outMax,
                boolean proportion) {
            this(
                    survey,
                    year,
                    index,
                    component,
                    domain,
                    stratum,
                    psu,
                    sumW,
                    sumWY,
                    sumWYY,
                    n,
                    outMin,
                    outMax,
                    proportion,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN);
        }

        /** Rows with the columns of {@link MicrodataStages#psuTotals}, read by name. */
        public static List<PsuCell> of(List<Row> rows) {
            return rows.stream()
                    .map(r -> new PsuCell(
                            r.getAs("survey"),
                            r.<Integer>getAs("year"),
                            r.getAs("index"),
                            r.getAs("component"),
                            r.getAs("domain"),
                            r.getAs("stratum"),
                            r.getAs("psu"),
                            r.<Double>getAs("sum_w"),
                            r.<Double>getAs("sum_wy"),
                            r.<Double>getAs("sum_wyy"),
                            r.<Long>getAs("n"),
                            r.<Double>getAs("out_min"),
                            r.<Double>getAs("out_max"),
                            r.<Integer>getAs("proportion") == 1))
                    .toList();
        }
    }

    /**
     * One stratum of a survey year's design: its PSU count and fpc (null when none), the columns of
     * {@link MicrodataStages#strata} (and of {@link MicrodataTotals#strata}), and the inclusion probability of each
     * of its PSUs (null for an equal-probability design; {@link MicrodataTotals#strata} only) with their respondents
     * (the second stage of a PPS variance; null without).
     */
    public record StratumInfo(
            String survey,
            int year,
            String stratum,
            long psuCount,
            Double fpc,
            Map<String, Double> psuProb,
            Map<String, Long> psuUnits) {
        public StratumInfo(String survey, int year, String stratum, long psuCount, Double fpc) {
            this(survey, year, stratum, psuCount, fpc, null, null);
        }

        /** Rows with the columns of {@link MicrodataStages#strata}, read by name. */
        public static List<StratumInfo> of(List<Row> rows) {
            return rows.stream()
                    .map(r -> new StratumInfo(
                            r.getAs("survey"),
                            r.<Integer>getAs("year"),
                            r.getAs("stratum"),
                            r.<Long>getAs("psu_count"),
                            r.<Double>getAs("fpc")))
                    .toList();
        }
    }

    /** The design-weighted alphas of the scan, one row each (national: every accepted respondent of the year). */
    static final StructType DESIGN_ALPHA = new StructType()
            .add("survey", DataTypes.StringType)
            .add(Columns.YEAR, DataTypes.IntegerType)
            .add(Columns.INDEX, DataTypes.StringType)
            .add("aggregate", DataTypes.StringType)
            .add("items_level", DataTypes.StringType)
            .add("k", DataTypes.IntegerType)
            .add("items", DataTypes.StringType)
            .add("n_complete", DataTypes.LongType)
            .add("sum_w", DataTypes.DoubleType)
            .add("alpha_design", DataTypes.DoubleType)
            .add("synthetic", DataTypes.BooleanType);

    private static Dataset<Row> designAlpha(SparkSession spark, DesignAlpha alpha, Map<String, Boolean> synthetic) {
        List<Row> rows = new ArrayList<>();
        for (DesignAlpha.Result r : alpha.results()) {
            rows.add(RowFactory.create(
                    r.key().survey(),
                    r.key().year(),
                    r.key().index(),
                    r.key().aggregate(),
                    r.key().itemsLevel(),
                    r.items().size(),
                    String.join(" ", r.items()),
                    r.n(),
                    r.sumW(),
                    Double.isNaN(r.alpha()) ? null : r.alpha(),
                    synthetic.getOrDefault(r.key().survey(), false)));
        }
        return spark.createDataFrame(rows, DESIGN_ALPHA).coalesce(1);
    }

    /** The plain-Java part: groups the per-PSU statistics by domain and estimates each (rows of {@link #ESTIMATES}). */
    public static List<Row> estimate(
            List<PsuCell> psu, List<StratumInfo> strata, Options o, Map<String, Boolean> synthetic) {
        // Cells arrive from Spark in no fixed order; sorted, the Java sums over strata and PSUs run in one order, so
        // the estimates have the same bits on one machine and on a cluster.
        java.util.Comparator<String> text = java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder());
        psu = new ArrayList<>(psu);
        psu.sort(java.util.Comparator.comparing(PsuCell::stratum, text).thenComparing(PsuCell::psu, text));
        strata = new ArrayList<>(strata);
        strata.sort(java.util.Comparator.comparing(StratumInfo::survey, text)
                .thenComparingInt(StratumInfo::year)
                .thenComparing(StratumInfo::stratum, text));
        Map<String, List<Stratum>> design = new HashMap<>();
        for (StratumInfo s : strata) {
            design.computeIfAbsent(s.survey() + "|" + s.year(), k -> new ArrayList<>())
                    .add(new Stratum(s.stratum(), (int) s.psuCount(), s.fpc(), s.psuProb(), s.psuUnits()));
        }
        Map<String, List<PsuCell>> byDomain = new TreeMap<>();
        for (PsuCell c : psu) {
            byDomain.computeIfAbsent(
                            String.join(
                                    "|", c.survey(), Integer.toString(c.year()), c.index(), c.component(), c.domain()),
                            k -> new ArrayList<>())
                    .add(c);
        }
        List<Row> out = new ArrayList<>();
        for (List<PsuCell> cells : byDomain.values()) {
            PsuCell f = cells.get(0);
            List<PsuTotals> totals = cells.stream()
                    .map(c -> new PsuTotals(
                            c.stratum(),
                            c.psu(),
                            c.sumW(),
                            c.sumWY(),
                            c.sumWYY(),
                            c.n(),
                            c.sumWW(),
                            c.sumWWY(),
                            c.sumWWYY()))
                    .toList();
            boolean proportion = f.proportion();
            DesignOptions opts = proportion || o.design().ciMethod() != CiMethod.LOGIT
                    ? o.design()
                    : o.design().withCiMethod(CiMethod.NORMAL);
            List<Stratum> strataOfYear = design.get(f.survey() + "|" + f.year());
            DomainEstimate e;
            try {
                e = TaylorEstimator.mean(totals, strataOfYear, opts);
            } catch (org.chiso.survey.LonelyPsuException x) {
                throw new org.chiso.survey.LonelyPsuException(
                        x.stratum(),
                        f.survey() + " " + f.year() + " (" + f.component() + ", domain " + f.domain() + ")");
            }
            double lo = f.outMin();
            double range = f.outMax() - lo;
            boolean small = e.n() < o.minRespondents();
            out.add(RowFactory.create(
                    f.survey(),
                    f.index(),
                    f.year(),
                    f.domain(),
                    f.component(),
                    e.n(),
                    e.sumW(),
                    lo + range * e.mean(),
                    range * e.se(),
                    Double.isInfinite(e.df()) ? null : e.df(),
                    TaylorEstimator.designDf(strataOfYear),
                    lo + range * e.ciLow(),
                    lo + range * e.ciHigh(),
                    e.deff(),
                    proportion,
                    e.ciMethod(),
                    e.lonelyPsu(),
                    e.deffVariant(),
                    e.varianceMethod(),
                    synthetic.getOrDefault(f.survey(), false),
                    small,
                    small ? "fewer than " + o.minRespondents() + " respondents" : null));
        }
        return out;
    }

    /** "index|year" to the components that are the parts of the TOTAL, for every TOTAL that is the sum of its parts. */
    static Map<String, Set<String>> totalPartsByIndexYear() {
        IndexDefinitions defs = IndexDefinitions.load();
        Map<String, Set<String>> out = new HashMap<>();
        for (org.chiso.core.ComponentDef c : defs.components()) {
            if (c.component().equals("TOTAL") && c.aggregation().equals("sum")) {
                for (int y = c.yearFrom(); y <= c.yearTo(); y++) {
                    for (org.chiso.core.ComponentDef part : defs.parts(c.index(), y, "TOTAL")) {
                        out.computeIfAbsent(c.index() + "|" + y, k -> new java.util.LinkedHashSet<>())
                                .add(part.component());
                    }
                }
            }
        }
        return out;
    }

    /** index, year, component: the parts of every TOTAL that is the sum of its parts, as a Dataset (see {@link #totalPartsByIndexYear}). */
    public static Dataset<Row> totalParts(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        totalPartsByIndexYear().forEach((k, parts) -> {
            String[] f = k.split("\\|");
            parts.forEach(p -> rows.add(RowFactory.create(f[0], Integer.parseInt(f[1]), p)));
        });
        return spark.createDataFrame(
                rows,
                new StructType()
                        .add("index", DataTypes.StringType)
                        .add("year", DataTypes.IntegerType)
                        .add("component", DataTypes.StringType));
    }

    /** Replaces the estimated rows of the scores table with these estimates (published and derived rows stay). */
    static void appendToScores(SparkSession spark, Warehouse w, Dataset<Row> est) throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        Dataset<Row> rows = est.select(
                col(Columns.INDEX),
                lit("").as(Columns.VERSION),
                col(Columns.YEAR),
                col(Columns.PROVINCE_KEY),
                org.apache
                        .spark
                        .sql
                        .functions
                        .when(col(Columns.PROVINCE_KEY).equalTo(MicrodataStages.NATIONAL), lit("NATIONAL"))
                        .when(col(Columns.PROVINCE_KEY).startsWith("VN34-"), lit("VN34"))
                        .otherwise(lit("VN63"))
                        .as(Columns.BASIS),
                col(Columns.COMPONENT),
                lit(null).cast("string").as(Columns.PARENT),
                lit(null).cast("string").as(Columns.LEVEL),
                col(Columns.VALUE),
                lit(null).cast("double").as(Columns.SCALE_MIN),
                lit(null).cast("double").as(Columns.SCALE_MAX),
                col(Columns.N),
                col(Columns.SE),
                col(Columns.CI_LOW),
                col(Columns.CI_HIGH),
                col(Columns.DEFF),
                org.apache
                        .spark
                        .sql
                        .functions
                        .when(col("synthetic"), lit(Columns.SYNTHETIC))
                        .otherwise(lit(Columns.ESTIMATED))
                        .as(Columns.PROVENANCE),
                lit(false).as(Columns.DERIVED_FLAG),
                org.apache
                        .spark
                        .sql
                        .functions
                        .concat(
                                lit("estimated from "),
                                col("survey"),
                                lit(" microdata"),
                                org.apache
                                        .spark
                                        .sql
                                        .functions
                                        .when(col("synthetic"), lit(" (synthetic)"))
                                        .otherwise(lit("")))
                        .as(Columns.SOURCE),
                lit(null).cast("string").as(Columns.FILE),
                lit(null).cast("int").as(Columns.LINE),
                lit(null).cast("string").as(Columns.COLUMN));
        rows = withVersions(spark, rows);
        // only the estimate rows are this stage's: the ingested rows are not touched
        w.sync(
                Warehouse.SCORES,
                rows.select(ScoreTables.SCORES.fieldNames()[0], rest(ScoreTables.SCORES.fieldNames())),
                ESTIMATED_ROWS,
                Columns.INDEX,
                Columns.YEAR);
    }

    /** Fills structure version, parent, level and scale from the definitions. */
    private static Dataset<Row> withVersions(SparkSession spark, Dataset<Row> rows) {
        Dataset<Row> s = ScoreTables.structure(spark, IndexDefinitions.load())
                .select(
                        col(Columns.INDEX).as("_i"),
                        col(Columns.YEAR).as("_y"),
                        col(Columns.COMPONENT).as("_c"),
                        col(Columns.VERSION).as("_v"),
                        col(Columns.PARENT).as("_p"),
                        col(Columns.LEVEL).as("_l"),
                        col(Columns.SCALE_MIN).as("_smin"),
                        col(Columns.SCALE_MAX).as("_smax"));
        return rows.join(
                        s,
                        rows.col(Columns.INDEX)
                                .equalTo(s.col("_i"))
                                .and(rows.col(Columns.YEAR).equalTo(s.col("_y")))
                                .and(rows.col(Columns.COMPONENT).equalTo(s.col("_c"))),
                        "left")
                .withColumn(Columns.VERSION, org.apache.spark.sql.functions.coalesce(col("_v"), lit("")))
                .withColumn(Columns.PARENT, col("_p"))
                .withColumn(Columns.LEVEL, col("_l"))
                .withColumn(Columns.SCALE_MIN, col("_smin"))
                .withColumn(Columns.SCALE_MAX, col("_smax"))
                .drop("_i", "_y", "_c", "_v", "_p", "_l", "_smin", "_smax");
    }

    private static String[] rest(String[] a) {
        return java.util.Arrays.copyOfRange(a, 1, a.length);
    }
}
