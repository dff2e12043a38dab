package org.chiso.survey;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.AccumulatorV2;
import org.chiso.core.Columns;

/**
 * The validated microdata with each respondent's answers beside the respondent: one row per accepted respondent
 * (survey, year, respondent id, province key, stratum, PSU, weight, fpc, synthetic) with its accepted answers as two
 * parallel arrays {@code items} and {@code answer_values}. Validation and the reshaping are one pass with one shuffle of
 * the answers ({@link #validate}); estimation is one scan of the nested rows ({@link #totals}).
 */
public final class NestedMicrodata {
    public static final String ITEMS = "items";
    public static final String VALUES = "answer_values";
    /** Record kinds of the checked output. */
    public static final String RESPONDENT = "respondent";

    public static final String ANSWER = "answer";

    /** The nested table. */
    public static final StructType SCHEMA = new StructType()
            .add("survey", DataTypes.StringType)
            .add(Columns.YEAR, DataTypes.IntegerType)
            .add("respondent_id", DataTypes.StringType)
            .add(Columns.PROVINCE_KEY, DataTypes.StringType)
            .add("stratum", DataTypes.StringType)
            .add("psu", DataTypes.StringType)
            .add("weight", DataTypes.DoubleType)
            .add("fpc", DataTypes.DoubleType)
            .add("synthetic", DataTypes.BooleanType)
            .add(ITEMS, DataTypes.createArrayType(DataTypes.StringType, false))
            .add(VALUES, DataTypes.createArrayType(DataTypes.DoubleType, false))
            .add("psu_prob", DataTypes.DoubleType)
            .add("ssu", DataTypes.StringType);

    /**
     * The output of {@link #validate}: the nested columns, then {@code record} (respondent or answer), {@code item} (of a
     * refused answer), {@code reason} (null when accepted), and where the refused row came from: {@code file_id} (an
     * index into the caller's file list) or {@code source_file}.
     */
    public static final StructType CHECKED = copy(SCHEMA)
            .add("record", DataTypes.StringType)
            .add("item", DataTypes.StringType)
            .add(Columns.REASON, DataTypes.StringType)
            .add("file_id", DataTypes.IntegerType)
            .add("source_file", DataTypes.StringType);

    private static final int KIND_RESPONDENT = 0;
    private static final int KIND_ANSWER = 1;
    // positions in the sorted union of respondents and answers (see validate)
    private static final int U_SURVEY = 0;
    private static final int U_YEAR = 1;
    private static final int U_ID = 2;
    private static final int U_KIND = 3;
    private static final int U_ITEM = 4;
    private static final int U_VALUE = 5;
    private static final int U_PROVINCE = 6;
    private static final int U_STRATUM = 7;
    private static final int U_PSU = 8;
    private static final int U_WEIGHT = 9;
    private static final int U_FPC = 10;
    private static final int U_SYNTHETIC = 11;
    private static final int U_FILE_ID = 12;
    private static final int U_SOURCE_FILE = 13;
    private static final int U_PSU_PROB = 14;
    private static final int U_SSU = 15;
    private static final java.util.Comparator<Row> ANSWER_ORDER = java.util.Comparator.comparing(
                    (Row r) -> r.getString(U_ITEM))
            .thenComparingDouble(r -> r.getDouble(U_VALUE));

    private NestedMicrodata() {}

    private static StructType copy(StructType s) {
        return new StructType(s.fields().clone());
    }

    /**
     * Validates respondents and answers and nests the accepted answers into their respondents' rows, with one shuffle:
     * respondents and answers are partitioned together by (survey, year, respondent_id), sorted within the partition and
     * read one respondent at a time. Decisions and reasons are those of {@link MicrodataChecks}: a respondent first (a
     * province key must be in {@code provinces} and its province must have existed in the survey year); an answer is then checked against the respondent's accepted rows
     * (none when survey, year or id is null) and the codebook. Beyond the former joins: a respondent id given twice in
     * a survey year refuses every row of it and its answers ({@link MicrodataChecks#DUPLICATE_RESPONDENT}), and an item
     * answered twice by one respondent refuses every answer of that item ({@link MicrodataChecks#DUPLICATE_ANSWER}), so
     * nothing is counted twice. A PSU whose respondents name more than one stratum, and an SSU whose respondents name
     * more than one PSU, are found first, by one small aggregation of the respondents ({@link #unitsInTwoParents}), and
     * every otherwise valid respondent of them is refused ({@link MicrodataChecks#PSU_IN_TWO_STRATA}, {@link
     * MicrodataChecks#SSU_IN_TWO_PSUS}), its answers with it. Rows in = accepted + refused holds for every row.
     *
     * <p>Input columns: respondents {@code survey, year, respondent_id, province_key, stratum, psu, weight, fpc, synthetic,
     * file_id, source_file} and, optional, {@code psu_prob} and {@code ssu}; answers {@code survey, year, respondent_id, item, value, file_id, source_file}. Output:
     * {@link #CHECKED}, one row per accepted respondent (record = respondent, reason null) and one per refused row.
     */
    public static Dataset<Row> validate(
            Dataset<Row> respondents,
            Dataset<Row> answers,
            Broadcast<Codebook.Lookup> codebook,
            ProvinceYears provinces) {
        return validate(respondents, answers, codebook, provinces, null);
    }

    /** {@link #validate}, adding each partition's counts (record kind and outcome) to {@code tally} (nullable) once it is read. */
    static Dataset<Row> validate(
            Dataset<Row> respondents,
            Dataset<Row> answers,
            Broadcast<Codebook.Lookup> codebook,
            ProvinceYears provinces,
            Tally tally) {
        Column nullString = lit(null).cast("string");
        Column nullDouble = lit(null).cast("double");
        Dataset<Row> r = respondents.select(
                col("survey"),
                col(Columns.YEAR),
                col("respondent_id"),
                lit(KIND_RESPONDENT).as("kind"),
                nullString.as("item"),
                nullDouble.as("value"),
                col(Columns.PROVINCE_KEY),
                col("stratum"),
                col("psu"),
                col("weight"),
                col("fpc"),
                col("synthetic"),
                col("file_id"),
                col("source_file"),
                (List.of(respondents.columns()).contains("psu_prob") ? col("psu_prob") : nullDouble)
                        .cast("double")
                        .as("psu_prob"),
                (List.of(respondents.columns()).contains("ssu") ? col("ssu") : nullString)
                        .cast("string")
                        .as("ssu"));
        Dataset<Row> a = answers.select(
                col("survey"),
                col(Columns.YEAR),
                col("respondent_id"),
                lit(KIND_ANSWER).as("kind"),
                col("item"),
                col("value"),
                nullString.as(Columns.PROVINCE_KEY),
                nullString.as("stratum"),
                nullString.as("psu"),
                nullDouble.as("weight"),
                nullDouble.as("fpc"),
                lit(null).cast("boolean").as("synthetic"),
                col("file_id"),
                col("source_file"),
                nullDouble.as("psu_prob"),
                nullString.as("ssu"));
        Column key = xxhash64(col("survey"), col(Columns.YEAR), col("respondent_id"));
        // an explicit number of partitions (spark.sql.shuffle.partitions, at least two per core), which adaptive
        // execution
        // keeps: coalesced to fewer, the sort and the nesting ran on fewer tasks than cores
        SparkSession spark = respondents.sparkSession();
        int partitions = Math.max(
                Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions")),
                2 * spark.sparkContext().defaultParallelism());
        Dataset<Row> together = r.unionByName(a)
                .withColumn("_h", key)
                .repartition(partitions, col("_h"))
                .sortWithinPartitions(col("_h"), col("survey"), col(Columns.YEAR), col("respondent_id"), col("kind"));
        ProvinceYears known = provinces;
        Set<String> split = unitsInTwoParents(respondents);
        return together.mapPartitions(
                (MapPartitionsFunction<Row, Row>) rows -> new Grouper(rows, codebook.value(), known, split, tally),
                Encoders.row(CHECKED));
    }

    /**
     * The PSUs whose respondents name more than one stratum ({@link #psuKey}) and the SSUs whose respondents name more
     * than one PSU ({@link #ssuKey}), in one small aggregation of the respondents' design columns (each respondent
     * gives a (PSU, stratum) and, where the table has an {@code ssu} column and the row a value, an (SSU, PSU) pair;
     * only the split units reach the driver). Respondents without survey, year, stratum or PSU do not count (they are
     * refused on their own).
     */
    static Set<String> unitsInTwoParents(Dataset<Row> respondents) {
        // without an ssu column every respondent's SSU is null, so only the PSUs are checked
        Column ssuUnit = List.of(respondents.columns()).contains("ssu")
                ? col("ssu").cast("string")
                : lit(null).cast("string");
        Column psu = org.apache.spark.sql.functions.struct(
                lit("p").as("kind"), col("psu").as("unit"), col("stratum").as("parent"));
        Column ssu = org.apache.spark.sql.functions.struct(
                lit("s").as("kind"), ssuUnit.as("unit"), col("psu").as("parent"));
        Set<String> out = new java.util.HashSet<>();
        for (Row r : respondents
                .filter(col("survey")
                        .isNotNull()
                        .and(col(Columns.YEAR).isNotNull())
                        .and(col("stratum").isNotNull())
                        .and(col("psu").isNotNull()))
                .select(
                        col("survey"),
                        col(Columns.YEAR),
                        org.apache
                                .spark
                                .sql
                                .functions
                                .explode(org.apache.spark.sql.functions.array(psu, ssu))
                                .as("u"))
                .filter(col("u.unit").isNotNull())
                .groupBy(
                        col("survey"),
                        col(Columns.YEAR),
                        col("u.kind").as("kind"),
                        col("u.unit").as("unit"))
                .agg(org.apache
                        .spark
                        .sql
                        .functions
                        .countDistinct(col("u.parent"))
                        .as("parents"))
                .filter(col("parents").gt(1))
                .collectAsList()) {
            String kind = r.getString(2);
            out.add(
                    kind.equals("p")
                            ? psuKey(r.getString(0), r.getInt(1), r.getString(3))
                            : ssuKey(r.getString(0), r.getInt(1), r.getString(3)));
        }
        return out;
    }

    /** The key of an SSU within its survey and year (apart from {@link #psuKey}s in one set). */
    static String ssuKey(String survey, int year, String ssu) {
        return "ssu\t" + survey + "\t" + year + "\t" + ssu;
    }

    /** The key of a PSU within its survey and year. */
    static String psuKey(String survey, int year, String psu) {
        return survey + "\t" + year + "\t" + psu;
    }

    /** Rows counted by record kind ({@value #RESPONDENT} or {@value #ANSWER}) and outcome ({@code accepted} or the reason). */
    public record Counts(Map<String, Long> respondents, Map<String, Long> answers) {
        /** Refused rows of either kind. */
        public long refused() {
            return respondents.entrySet().stream()
                            .filter(e -> !e.getKey().equals(ACCEPTED))
                            .mapToLong(Map.Entry::getValue)
                            .sum()
                    + answers.entrySet().stream()
                            .filter(e -> !e.getKey().equals(ACCEPTED))
                            .mapToLong(Map.Entry::getValue)
                            .sum();
        }
    }

    /** The outcome name of accepted rows in {@link Counts}. */
    public static final String ACCEPTED = "accepted";

    /**
     * Validates (as {@link #validate}) and writes the accepted respondents with their answers to {@code table}
     * (partitioned by survey and year) and the refused rows to {@code rejectsTable} ({@link #rejects}), in one Spark job
     * when nothing is refused: the counts come from an accumulator of that job, not from another pass. When rows are
     * refused, a second job writes them from the same shuffle output (the input is not read again).
     */
    public static Counts writeValidated(
            SparkSession spark,
            Dataset<Row> respondents,
            Dataset<Row> answers,
            Broadcast<Codebook.Lookup> codebook,
            ProvinceYears provinces,
            List<String> files,
            Sink table,
            Sink rejectsTable)
            throws java.io.IOException {
        Tally tally = new Tally();
        spark.sparkContext().register(tally, "microdata validation counts");
        // Both writes read one RDD of Spark's internal rows (no conversion to Java rows and back), so a second job
        // re-reads
        // the shuffle output of the first instead of scanning and shuffling the input again.
        RDD<InternalRow> rows = ((org.apache.spark.sql.classic.Dataset<Row>)
                        validate(respondents, answers, codebook, provinces, tally))
                .queryExecution()
                .toRdd();
        org.apache.spark.sql.classic.SparkSession session = (org.apache.spark.sql.classic.SparkSession) spark;
        Dataset<Row> checked = session.internalCreateDataFrame(rows, CHECKED, false);
        table.write(accepted(checked));
        Counts counts = tally.counts();
        Dataset<Row> refused = counts.refused() == 0 ? spark.createDataFrame(List.of(), CHECKED) : checked;
        rejectsTable.write(rejects(refused, files));
        return counts;
    }

    /** Where {@link #writeValidated} writes a table (the caller's warehouse, partitioned as it chooses). */
    @FunctionalInterface
    public interface Sink {
        void write(Dataset<Row> rows) throws java.io.IOException;
    }

    /** Counts of checked rows by record kind and outcome; each partition adds its own counts once, when it has been read. */
    static final class Tally extends AccumulatorV2<Map<String, Long>, Map<String, Long>> {
        private final Map<String, Long> counts = new HashMap<>();

        @Override
        public boolean isZero() {
            return counts.isEmpty();
        }

        @Override
        public Tally copy() {
            Tally t = new Tally();
            t.counts.putAll(counts);
            return t;
        }

        @Override
        public void reset() {
            counts.clear();
        }

        @Override
        public void add(Map<String, Long> v) {
            v.forEach((k, n) -> counts.merge(k, n, Long::sum));
        }

        @Override
        public void merge(AccumulatorV2<Map<String, Long>, Map<String, Long>> other) {
            add(other.value());
        }

        @Override
        public Map<String, Long> value() {
            return counts;
        }

        static String key(String record, String reason) {
            return record + "\t" + (reason == null ? ACCEPTED : reason);
        }

        Counts counts() {
            Map<String, Long> r = new TreeMap<>();
            Map<String, Long> a = new TreeMap<>();
            counts.forEach((k, n) -> {
                int tab = k.indexOf('\t');
                (k.substring(0, tab).equals(RESPONDENT) ? r : a).merge(k.substring(tab + 1), n, Long::sum);
            });
            return new Counts(r, a);
        }
    }

    /** The accepted respondents with their answers ({@link #SCHEMA}). */
    public static Dataset<Row> accepted(Dataset<Row> checked) {
        return checked.filter(col("record")
                        .equalTo(RESPONDENT)
                        .and(col(Columns.REASON).isNull()))
                .select(List.of(SCHEMA.fieldNames()).stream()
                        .map(org.apache.spark.sql.functions::col)
                        .toArray(Column[]::new));
    }

    /**
     * The refused rows: file (from {@code files}, the list {@code file_id} indexes, or {@code source_file}), survey, year,
     * respondent_id, item (null for a respondent), reason.
     */
    public static Dataset<Row> rejects(Dataset<Row> checked, List<String> files) {
        Column file = col("source_file");
        for (int i = files.size() - 1; i >= 0; i--) {
            file = org.apache
                    .spark
                    .sql
                    .functions
                    .when(col("file_id").equalTo(i), lit(files.get(i)))
                    .otherwise(file);
        }
        return checked.filter(col(Columns.REASON).isNotNull())
                .select(
                        file.as(Columns.FILE),
                        col("survey"),
                        col(Columns.YEAR),
                        col("respondent_id"),
                        col("item"),
                        col(Columns.REASON));
    }

    /**
     * The per-PSU statistics of every survey, year, index, component and domain, in one scan of the nested rows and
     * without a shuffle of microdata: each partition adds its respondents' scores ({@link RespondentScores}) into one
     * {@link MicrodataTotals} (partial sums per cell), and the partial states, small, are merged in a tree. Domains: the
     * respondent's province key, its VN34 successor ({@code crosswalk}: VN63 key to VN34 key; a VN34 key is its own)
     * and the national domain. The same scan fills the design-weighted alphas ({@link MicrodataTotals#alpha}).
     */
    public static MicrodataTotals totals(
            Dataset<Row> nested,
            Broadcast<Codebook.Lookup> codebook,
            Map<String, Set<String>> totalParts,
            Map<String, String> crosswalk) {
        Map<String, Set<String>> parts = new java.util.HashMap<>(totalParts);
        Map<String, String> successor = new java.util.HashMap<>(crosswalk);
        Dataset<Row> d = nested.select(
                col("survey"),
                col(Columns.YEAR),
                col(Columns.PROVINCE_KEY),
                col("stratum"),
                col("psu"),
                col("weight"),
                col("fpc"),
                col("synthetic"),
                col(ITEMS),
                col(VALUES),
                col("psu_prob"),
                col("ssu"));
        return d.javaRDD()
                .mapPartitions((org.apache.spark.api.java.function.FlatMapFunction<Iterator<Row>, MicrodataTotals>)
                        rows -> {
                            Codebook.Lookup cb = codebook.value();
                            MicrodataTotals t = new MicrodataTotals();
                            while (rows.hasNext()) {
                                Row r = rows.next();
                                String survey = r.getString(0);
                                Integer year = r.isNullAt(1) ? null : r.getInt(1);
                                String key = r.getString(2);
                                String key34 = key != null && key.startsWith("VN34-") ? key : successor.get(key);
                                List<RespondentScores.Score> scores = survey == null || year == null
                                        ? List.of()
                                        : RespondentScores.of(survey, year, r.getList(8), r.getList(9), cb, parts);
                                t.addRespondent(
                                        survey,
                                        year,
                                        MicrodataTotals.domains(key, key34),
                                        r.getString(3),
                                        r.getString(4),
                                        r.getString(11),
                                        r.getDouble(5),
                                        r.isNullAt(6) ? null : r.getDouble(6),
                                        r.isNullAt(10) ? null : r.getDouble(10),
                                        r.isNullAt(7) ? null : r.getBoolean(7),
                                        scores);
                                if (survey != null && year != null) {
                                    t.alpha()
                                            .addRespondent(
                                                    survey,
                                                    year,
                                                    r.getDouble(5),
                                                    r.getList(8),
                                                    r.getList(9),
                                                    cb,
                                                    parts,
                                                    scores);
                                }
                            }
                            return List.of(t).iterator();
                        })
                .treeAggregate(new MicrodataTotals(), MicrodataTotals::merge, MicrodataTotals::merge);
    }

    /** Reads the sorted rows of a partition one respondent key at a time and emits the checked rows of each. */
    private static final class Grouper implements Iterator<Row> {
        private final Iterator<Row> in;
        private final Codebook.Lookup codebook;
        private final ProvinceYears provinces;
        private final Set<String> splitPsus;
        private final List<Row> out = new ArrayList<>();
        private final List<Row> group = new ArrayList<>();
        private final Tally tally;
        private final Map<String, Long> counts = new HashMap<>();
        private int next;
        private Row pending;

        Grouper(
                Iterator<Row> in,
                Codebook.Lookup codebook,
                ProvinceYears provinces,
                Set<String> splitPsus,
                Tally tally) {
            this.in = in;
            this.codebook = codebook;
            this.provinces = provinces;
            this.splitPsus = splitPsus;
            this.tally = tally;
        }

        @Override
        public boolean hasNext() {
            while (next >= out.size()) {
                out.clear();
                next = 0;
                if (!readGroup()) {
                    if (tally != null && !counts.isEmpty()) {
                        tally.add(Map.copyOf(counts));
                        counts.clear();
                    }
                    return false;
                }
                check();
            }
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return out.get(next++);
        }

        private boolean readGroup() {
            group.clear();
            if (pending == null) {
                if (!in.hasNext()) {
                    return false;
                }
                pending = in.next();
            }
            group.add(pending);
            pending = null;
            Row first = group.get(0);
            while (in.hasNext()) {
                Row r = in.next();
                if (Objects.equals(r.get(U_ID), first.get(U_ID))
                        && Objects.equals(r.get(U_YEAR), first.get(U_YEAR))
                        && Objects.equals(r.get(U_SURVEY), first.get(U_SURVEY))) {
                    group.add(r);
                } else {
                    pending = r;
                    break;
                }
            }
            return true;
        }

        private void check() {
            Row first = group.get(0);
            String survey = first.getString(U_SURVEY);
            Integer year = first.isNullAt(U_YEAR) ? null : first.getInt(U_YEAR);
            String id = first.getString(U_ID);
            boolean keyed = survey != null && year != null && id != null;
            List<Row> accepted = new ArrayList<>();
            List<Row> answers = new ArrayList<>();
            // respondents first (the sort puts them before their answers)
            for (Row r : group) {
                if (r.getInt(U_KIND) != KIND_RESPONDENT) {
                    continue;
                }
                Double weight = r.isNullAt(U_WEIGHT) ? null : r.getDouble(U_WEIGHT);
                String reason = MicrodataChecks.respondent(
                        id,
                        r.getString(U_PROVINCE),
                        provinces.keys(),
                        weight,
                        r.getString(U_STRATUM),
                        r.getString(U_PSU));
                if (reason == null && (survey == null || year == null)) {
                    reason = MicrodataChecks.MISSING_SURVEY_OR_YEAR;
                }
                if (reason == null && year != null && !provinces.validIn(r.getString(U_PROVINCE), year)) {
                    reason = MicrodataChecks.PROVINCE_NOT_OF_YEAR;
                }
                if (reason == null
                        && survey != null
                        && year != null
                        && !splitPsus.isEmpty()
                        && splitPsus.contains(psuKey(survey, year, r.getString(U_PSU)))) {
                    reason = MicrodataChecks.PSU_IN_TWO_STRATA;
                }
                if (reason == null
                        && survey != null
                        && year != null
                        && !splitPsus.isEmpty()
                        && !r.isNullAt(U_SSU)
                        && splitPsus.contains(ssuKey(survey, year, r.getString(U_SSU)))) {
                    reason = MicrodataChecks.SSU_IN_TWO_PSUS;
                }
                if (reason == null) {
                    accepted.add(r);
                } else {
                    out.add(checked(r, null, null, RESPONDENT, null, reason));
                    count(RESPONDENT, reason, 1);
                }
            }
            // one respondent id given twice in a survey year: neither row can be told apart from the other, nor
            // whose the answers are, so all of them are refused
            boolean duplicated = keyed && accepted.size() > 1;
            if (duplicated) {
                for (Row r : accepted) {
                    out.add(checked(r, null, null, RESPONDENT, null, MicrodataChecks.DUPLICATE_RESPONDENT));
                }
                count(RESPONDENT, MicrodataChecks.DUPLICATE_RESPONDENT, accepted.size());
                accepted.clear();
            }
            for (Row r : group) {
                if (r.getInt(U_KIND) == KIND_RESPONDENT) {
                    continue;
                }
                int copies = keyed ? accepted.size() : 0;
                String item = r.getString(U_ITEM);
                Double value = r.isNullAt(U_VALUE) ? null : r.getDouble(U_VALUE);
                String reason = duplicated
                        ? MicrodataChecks.DUPLICATE_RESPONDENT
                        : MicrodataChecks.answer(
                                copies > 0, copies > 0 ? codebook.find(survey, item, year) : null, value);
                if (reason == null) {
                    answers.add(r);
                } else {
                    for (int c = 0; c < Math.max(1, copies); c++) {
                        out.add(checked(r, null, null, ANSWER, item, reason));
                    }
                    count(ANSWER, reason, Math.max(1, copies));
                }
            }
            // an item answered more than once by one respondent: which answer counts is unknowable, so none does
            if (!accepted.isEmpty() && answers.size() > 1) {
                Map<String, Integer> times = new HashMap<>();
                answers.forEach(r -> times.merge(r.getString(U_ITEM), 1, Integer::sum));
                if (times.values().stream().anyMatch(n -> n > 1)) {
                    List<Row> once = new ArrayList<>();
                    for (Row r : answers) {
                        if (times.get(r.getString(U_ITEM)) > 1) {
                            for (int c = 0; c < accepted.size(); c++) {
                                out.add(checked(
                                        r, null, null, ANSWER, r.getString(U_ITEM), MicrodataChecks.DUPLICATE_ANSWER));
                            }
                            count(ANSWER, MicrodataChecks.DUPLICATE_ANSWER, accepted.size());
                        } else {
                            once.add(r);
                        }
                    }
                    answers = once;
                }
            }
            if (!accepted.isEmpty()) {
                // the answers in item order, so the table's rows do not depend on the order the shuffle delivered them
                // in
                answers.sort(ANSWER_ORDER);
                String[] is = new String[answers.size()];
                double[] vs = new double[answers.size()];
                for (int i = 0; i < vs.length; i++) {
                    is[i] = answers.get(i).getString(U_ITEM);
                    vs[i] = answers.get(i).getDouble(U_VALUE);
                }
                for (Row r : accepted) {
                    out.add(checked(r, is, vs, RESPONDENT, null, null));
                }
                count(RESPONDENT, null, accepted.size());
                count(ANSWER, null, (long) accepted.size() * vs.length);
            }
        }

        private void count(String record, String reason, long n) {
            if (tally != null && n > 0) {
                counts.merge(Tally.key(record, reason), n, Long::sum);
            }
        }

        /** A {@link #CHECKED} row from a sorted input row. */
        private static Row checked(Row r, String[] items, double[] values, String record, String item, String reason) {
            boolean answer = record.equals(ANSWER);
            return RowFactory.create(
                    r.get(U_SURVEY),
                    r.get(U_YEAR),
                    r.get(U_ID),
                    answer ? null : r.get(U_PROVINCE),
                    answer ? null : r.get(U_STRATUM),
                    answer ? null : r.get(U_PSU),
                    answer ? null : r.get(U_WEIGHT),
                    answer ? null : r.get(U_FPC),
                    answer ? null : r.get(U_SYNTHETIC),
                    items == null ? null : scala.Predef.wrapRefArray(items).toSeq(),
                    values == null ? null : scala.Predef.wrapDoubleArray(values).toSeq(),
                    answer ? null : r.get(U_PSU_PROB),
                    answer ? null : r.get(U_SSU),
                    record,
                    item,
                    reason,
                    r.get(U_FILE_ID),
                    r.get(U_SOURCE_FILE));
        }
    }
}
