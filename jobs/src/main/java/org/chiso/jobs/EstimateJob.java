package org.chiso.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.core.Basis;
import org.chiso.core.Columns;
import org.chiso.core.IndexDefinitions;
import org.chiso.core.Province;
import org.chiso.core.ProvinceRegistry;
import org.chiso.ingest.ScoreTables;
import org.chiso.survey.CiMethod;
import org.chiso.survey.Codebook;
import org.chiso.survey.DesignOptions;
import org.chiso.survey.DomainEstimate;
import org.chiso.survey.MicrodataStages;
import org.chiso.survey.PsuTotals;
import org.chiso.survey.Stratum;
import org.chiso.survey.TaylorEstimator;

/**
 * The estimate entry point: finds survey folders (a folder with {@code codebook.csv}, {@code respondents}
 * and {@code answers}, Parquet folders or CSV files) below the inputs, validates the microdata into the
 * warehouse, computes per-PSU sufficient statistics in one Spark aggregation, and estimates every
 * province × year × component (and the national figure from the whole sample) with design-based errors.
 */
public final class EstimateJob {
    /** Options of an estimate run. */
    public record Options(List<String> inputs, String out, DesignOptions design, int minRespondents) {
    }

    /** Counts for the summary. */
    public record Summary(long respondentsIn, long respondentsAccepted, long answersIn, long answersAccepted, long estimates,
                          long suppressed) {
    }

    static final StructType ESTIMATES = new StructType()
            .add("survey", DataTypes.StringType).add(Columns.INDEX, DataTypes.StringType).add(Columns.YEAR, DataTypes.IntegerType)
            .add(Columns.PROVINCE_KEY, DataTypes.StringType).add(Columns.COMPONENT, DataTypes.StringType)
            .add(Columns.N, DataTypes.LongType).add("sum_w", DataTypes.DoubleType).add(Columns.VALUE, DataTypes.DoubleType)
            .add(Columns.SE, DataTypes.DoubleType).add("df", DataTypes.DoubleType).add("design_df", DataTypes.IntegerType).add(Columns.CI_LOW, DataTypes.DoubleType)
            .add(Columns.CI_HIGH, DataTypes.DoubleType).add(Columns.DEFF, DataTypes.DoubleType).add("proportion", DataTypes.BooleanType)
            .add("ci_method", DataTypes.StringType).add("lonely_psu", DataTypes.StringType).add("deff_variant", DataTypes.StringType)
            .add("synthetic", DataTypes.BooleanType).add("suppressed", DataTypes.BooleanType).add("suppression_reason", DataTypes.StringType);

    private EstimateJob() {
    }

    /** Survey folders below the inputs: folders holding a {@code codebook.csv}. */
    public static List<String> surveyFolders(Fs fs, List<String> inputs) throws IOException {
        List<String> out = new ArrayList<>();
        for (String in : inputs) {
            if (!fs.exists(in)) {
                continue;
            }
            for (String f : fs.listFiles(in)) {
                if (f.endsWith("/codebook.csv")) {
                    out.add(f.substring(0, f.length() - "/codebook.csv".length()));
                }
            }
        }
        return out;
    }

    private static Dataset<Row> table(SparkSession spark, Fs fs, String folder, String name) throws IOException {
        String parquet = Fs.child(folder, name);
        String csv = parquet + ".csv";
        if (fs.exists(csv)) {
            return spark.read().option("header", "true").option("inferSchema", "true").csv(csv);
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
        for (var r : org.chiso.ingest.io.TextTable.read(f, new java.io.ByteArrayInputStream(fs.read(f))).records()) {
            m.computeIfAbsent(r.fields().get(0).trim(), k -> new LinkedHashMap<>()).put(r.fields().get(1).trim(), r.fields().get(2).trim());
        }
        return m;
    }

    /** Runs estimation over every survey folder and writes the warehouse tables. */
    public static Summary run(SparkSession spark, Options o, Progress progress) throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        List<String> folders = surveyFolders(fs, o.inputs());
        progress.stage("estimate", folders.isEmpty() ? "no survey microdata found" : "microdata: " + String.join(", ", folders.stream().map(Fs::display).toList()));
        if (folders.isEmpty()) {
            return new Summary(0, 0, 0, 0, 0, 0);
        }
        ProvinceRegistry registry = ProvinceRegistry.load();
        List<Row> keys = new ArrayList<>();
        for (Basis b : List.of(Basis.VN63, Basis.VN34)) {
            for (Province p : registry.provinces(b)) {
                keys.add(RowFactory.create(p.key()));
            }
        }
        Dataset<Row> provinces = spark.createDataFrame(keys, new StructType().add("key", DataTypes.StringType));
        Dataset<Row> respondents = null;
        Dataset<Row> answers = null;
        List<Codebook.Item> items = new ArrayList<>();
        for (String folder : folders) {
            Map<String, Map<String, String>> m = mapping(fs, folder);
            Dataset<Row> r = mapped(table(spark, fs, folder, "respondents"), m.getOrDefault("respondents", Map.of()))
                    .withColumn("source_file", input_file_name());
            Dataset<Row> a = mapped(table(spark, fs, folder, "answers"), m.getOrDefault("answers", Map.of()))
                    .withColumn("source_file", input_file_name());
            String cb = Fs.child(folder, "codebook.csv");
            items.addAll(Codebook.parse(Fs.display(cb), fs.read(cb)));
            r = r.select(col("survey").cast("string"), col("year").cast("int"), col("respondent_id").cast("string"),
                    col("province_key").cast("string"), col("stratum").cast("string"), col("psu").cast("string"),
                    col("weight").cast("double"), (List.of(r.columns()).contains("fpc") ? col("fpc") : lit(null)).cast("double").as("fpc"),
                    (List.of(r.columns()).contains("synthetic") ? col("synthetic") : lit(false)).cast("boolean").as("synthetic"),
                    col("source_file"));
            a = a.select(col("survey").cast("string"), col("year").cast("int"), col("respondent_id").cast("string"),
                    col("item").cast("string"), col("value").cast("double"), col("source_file"));
            respondents = respondents == null ? r : respondents.unionByName(r);
            answers = answers == null ? a : answers.unionByName(a);
        }
        Dataset<Row> codebook = Codebook.toDataset(spark, items).cache();
        Warehouse w = Warehouse.under(o.out());

        Dataset<Row> checkedR = MicrodataStages.checkRespondents(respondents, provinces).cache();
        Dataset<Row> okR = checkedR.filter(col("reason").isNull()).drop("reason");
        Dataset<Row> checkedA = MicrodataStages.checkAnswers(answers, okR, codebook).cache();
        Dataset<Row> okA = checkedA.filter(col("reason").isNull()).drop("reason");
        okR.drop("source_file").write().mode(SaveMode.Overwrite).partitionBy("survey", "year").parquet(w.table("microdata_respondents"));
        okA.drop("source_file").write().mode(SaveMode.Overwrite).partitionBy("survey", "year").parquet(w.table("microdata_answers"));
        Dataset<Row> rejects = checkedR.filter(col("reason").isNotNull())
                .select(col("source_file").as(Columns.FILE), col("survey"), col("year"), col("respondent_id"), lit(null).cast("string").as("item"),
                        col("reason"))
                .unionByName(checkedA.filter(col("reason").isNotNull())
                        .select(col("source_file").as(Columns.FILE), col("survey"), col("year"), col("respondent_id"), col("item"), col("reason")));
        rejects.write().mode(SaveMode.Overwrite).parquet(w.table("microdata_rejects"));
        Map<String, Long> rCounts = counts(checkedR);
        Map<String, Long> aCounts = counts(checkedA);
        long rIn = rCounts.values().stream().mapToLong(Long::longValue).sum();
        long aIn = aCounts.values().stream().mapToLong(Long::longValue).sum();
        progress.done("estimate", String.format(Locale.ROOT, "validated respondents: in %d = accepted %d + rejected %d; answers: in %d = accepted %d + rejected %d",
                rIn, rCounts.getOrDefault("accepted", 0L), rIn - rCounts.getOrDefault("accepted", 0L),
                aIn, aCounts.getOrDefault("accepted", 0L), aIn - aCounts.getOrDefault("accepted", 0L)));
        printReasons(progress, "respondents", rCounts);
        printReasons(progress, "answers", aCounts);

        progress.stage("estimate", "per-PSU sufficient statistics (one aggregation) and Taylor-linearised estimates");
        Dataset<Row> okRw = spark.read().parquet(w.table("microdata_respondents"));
        Dataset<Row> okAw = spark.read().parquet(w.table("microdata_answers"));
        Dataset<Row> scores = MicrodataStages.withTotals(MicrodataStages.componentScores(okAw, codebook), totalParts(spark));
        Dataset<Row> cw = org.chiso.harmonize.HarmonizeInputs.crosswalk(spark, registry);
        Dataset<Row> okRw34 = okRw.join(cw, okRw.col(Columns.PROVINCE_KEY).equalTo(cw.col("old_key")), "left")
                .withColumn("province34", org.apache.spark.sql.functions.when(col(Columns.PROVINCE_KEY).startsWith("VN34-"), col(Columns.PROVINCE_KEY))
                        .otherwise(col("new_key")));
        List<Row> psu = MicrodataStages.psuTotals(okRw34, scores, Columns.PROVINCE_KEY, "province34").collectAsList();
        List<Row> strata = MicrodataStages.strata(okRw).collectAsList();
        Map<String, Boolean> synthetic = new HashMap<>();
        for (Row r : okRw.groupBy("survey").agg(org.apache.spark.sql.functions.max(col("synthetic").cast("int")).as("s")).collectAsList()) {
            synthetic.put(r.getString(0), r.getInt(1) == 1);
        }
        List<Row> estimates = estimate(psu, strata, o, synthetic);
        Dataset<Row> est = spark.createDataFrame(estimates, ESTIMATES)
                .orderBy("survey", Columns.INDEX, Columns.YEAR, Columns.PROVINCE_KEY, Columns.COMPONENT);
        est.coalesce(1).write().mode(SaveMode.Overwrite).parquet(w.table("estimates"));
        long suppressed = estimates.stream().filter(r -> r.getBoolean(ESTIMATES.fieldIndex("suppressed"))).count();
        appendToScores(spark, w, spark.read().parquet(w.table("estimates")));
        progress.done("estimate", String.format(Locale.ROOT, "%d estimates (%d below %d respondents, suppressed in reports) from %d PSU-domain cells",
                estimates.size(), suppressed, o.minRespondents(), psu.size()));
        return new Summary(rIn, rCounts.getOrDefault("accepted", 0L), aIn, aCounts.getOrDefault("accepted", 0L), estimates.size(), suppressed);
    }

    private static Map<String, Long> counts(Dataset<Row> checked) {
        Map<String, Long> m = new TreeMap<>();
        for (Row r : checked.groupBy("reason").count().collectAsList()) {
            m.put(r.isNullAt(0) ? "accepted" : r.getString(0), r.getLong(1));
        }
        return m;
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

    /** The plain-Java part: groups the per-PSU statistics by domain and estimates each. */
    static List<Row> estimate(List<Row> psu, List<Row> strata, Options o, Map<String, Boolean> synthetic) {
        // Rows arrive from Spark in no fixed order; sorted, the Java sums over strata and PSUs run in one order, so
        // the estimates have the same bits on one machine and on a cluster.
        java.util.Comparator<String> text = java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder());
        psu = new ArrayList<>(psu);
        psu.sort(java.util.Comparator.comparing((Row r) -> r.getString(5), text).thenComparing(r -> r.getString(6), text));
        strata = new ArrayList<>(strata);
        strata.sort(java.util.Comparator.comparing((Row s) -> s.getString(0), text).thenComparing(s -> s.getInt(1))
                .thenComparing(s -> s.getString(2), text));
        Map<String, List<Stratum>> design = new HashMap<>();
        for (Row s : strata) {
            design.computeIfAbsent(s.getString(0) + "|" + s.getInt(1), k -> new ArrayList<>())
                    .add(new Stratum(s.getString(2), (int) s.getLong(3), s.isNullAt(4) ? null : s.getDouble(4)));
        }
        Map<String, List<Row>> byDomain = new TreeMap<>();
        for (Row r : psu) {
            byDomain.computeIfAbsent(String.join("|", r.getString(0), Integer.toString(r.getInt(1)), r.getString(2), r.getString(3),
                    r.getString(4)), k -> new ArrayList<>()).add(r);
        }
        List<Row> out = new ArrayList<>();
        for (List<Row> rows : byDomain.values()) {
            Row f = rows.get(0);
            List<PsuTotals> totals = rows.stream().map(r -> new PsuTotals(r.getString(5), r.getString(6), r.getDouble(7),
                    r.getDouble(8), r.getDouble(9), r.getLong(10))).toList();
            boolean proportion = f.getInt(13) == 1;
            DesignOptions opts = proportion || o.design().ciMethod() != CiMethod.LOGIT ? o.design() : o.design().withCiMethod(CiMethod.NORMAL);
            DomainEstimate e = TaylorEstimator.mean(totals, design.get(f.getString(0) + "|" + f.getInt(1)), opts);
            double lo = f.getDouble(11);
            double range = f.getDouble(12) - lo;
            boolean small = e.n() < o.minRespondents();
            out.add(RowFactory.create(f.getString(0), f.getString(2), f.getInt(1), f.getString(4), f.getString(3), e.n(), e.sumW(),
                    lo + range * e.mean(), range * e.se(), Double.isInfinite(e.df()) ? null : e.df(),
                    TaylorEstimator.designDf(design.get(f.getString(0) + "|" + f.getInt(1))),
                    lo + range * e.ciLow(), lo + range * e.ciHigh(), e.deff(), proportion,
                    e.ciMethod(), e.lonelyPsu(), e.deffVariant(), synthetic.getOrDefault(f.getString(0), false), small,
                    small ? "fewer than " + o.minRespondents() + " respondents" : null));
        }
        return out;
    }

    /** index, year, component: the parts of every TOTAL that is the sum of its parts, from the definitions. */
    static Dataset<Row> totalParts(SparkSession spark) {
        IndexDefinitions defs = IndexDefinitions.load();
        List<Row> rows = new ArrayList<>();
        for (org.chiso.core.ComponentDef c : defs.components()) {
            if (c.component().equals("TOTAL") && c.aggregation().equals("sum")) {
                for (int y = c.yearFrom(); y <= c.yearTo(); y++) {
                    for (org.chiso.core.ComponentDef part : defs.parts(c.index(), y, "TOTAL")) {
                        rows.add(RowFactory.create(c.index(), y, part.component()));
                    }
                }
            }
        }
        return spark.createDataFrame(rows, new StructType().add("index", DataTypes.StringType).add("year", DataTypes.IntegerType)
                .add("component", DataTypes.StringType));
    }

    /** Replaces the estimated rows of the scores table with these estimates (published and derived rows stay). */
    static void appendToScores(SparkSession spark, Warehouse w, Dataset<Row> est) throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        Dataset<Row> rows = est.select(col(Columns.INDEX), lit("").as(Columns.VERSION), col(Columns.YEAR), col(Columns.PROVINCE_KEY),
                org.apache.spark.sql.functions.when(col(Columns.PROVINCE_KEY).equalTo(MicrodataStages.NATIONAL), lit("NATIONAL"))
                        .when(col(Columns.PROVINCE_KEY).startsWith("VN34-"), lit("VN34")).otherwise(lit("VN63")).as(Columns.BASIS),
                col(Columns.COMPONENT), lit(null).cast("string").as(Columns.PARENT), lit(null).cast("string").as(Columns.LEVEL),
                col(Columns.VALUE), lit(null).cast("double").as(Columns.SCALE_MIN), lit(null).cast("double").as(Columns.SCALE_MAX),
                col(Columns.N), col(Columns.SE), col(Columns.CI_LOW), col(Columns.CI_HIGH), col(Columns.DEFF),
                org.apache.spark.sql.functions.when(col("synthetic"), lit(Columns.SYNTHETIC)).otherwise(lit(Columns.ESTIMATED)).as(Columns.PROVENANCE),
                lit(false).as(Columns.DERIVED_FLAG),
                org.apache.spark.sql.functions.concat(lit("estimated from "), col("survey"), lit(" microdata"),
                        org.apache.spark.sql.functions.when(col("synthetic"), lit(" (synthetic)")).otherwise(lit(""))).as(Columns.SOURCE),
                lit(null).cast("string").as(Columns.FILE), lit(null).cast("int").as(Columns.LINE), lit(null).cast("string").as(Columns.COLUMN));
        rows = withVersions(spark, rows);
        String table = w.table(Warehouse.SCORES);
        Dataset<Row> kept = fs.exists(table)
                ? spark.read().parquet(table).filter(col(Columns.SOURCE).startsWith("estimated from ").unary_$bang())
                : spark.createDataFrame(List.of(), ScoreTables.SCORES);
        Dataset<Row> all = kept.select(ScoreTables.SCORES.fieldNames()[0], rest(ScoreTables.SCORES.fieldNames()))
                .unionByName(rows.select(ScoreTables.SCORES.fieldNames()[0], rest(ScoreTables.SCORES.fieldNames())))
                .orderBy(Columns.INDEX, Columns.YEAR, Columns.PROVINCE_KEY, Columns.COMPONENT, Columns.SOURCE).localCheckpoint();
        all.write().mode(SaveMode.Overwrite).partitionBy(Columns.INDEX, Columns.YEAR).parquet(table);
    }

    /** Fills structure version, parent, level and scale from the definitions. */
    private static Dataset<Row> withVersions(SparkSession spark, Dataset<Row> rows) {
        Dataset<Row> s = ScoreTables.structure(spark, IndexDefinitions.load())
                .select(col(Columns.INDEX).as("_i"), col(Columns.YEAR).as("_y"), col(Columns.COMPONENT).as("_c"),
                        col(Columns.VERSION).as("_v"), col(Columns.PARENT).as("_p"), col(Columns.LEVEL).as("_l"),
                        col(Columns.SCALE_MIN).as("_smin"), col(Columns.SCALE_MAX).as("_smax"));
        return rows.join(s, rows.col(Columns.INDEX).equalTo(s.col("_i")).and(rows.col(Columns.YEAR).equalTo(s.col("_y")))
                        .and(rows.col(Columns.COMPONENT).equalTo(s.col("_c"))), "left")
                .withColumn(Columns.VERSION, org.apache.spark.sql.functions.coalesce(col("_v"), lit("")))
                .withColumn(Columns.PARENT, col("_p")).withColumn(Columns.LEVEL, col("_l"))
                .withColumn(Columns.SCALE_MIN, col("_smin")).withColumn(Columns.SCALE_MAX, col("_smax"))
                .drop("_i", "_y", "_c", "_v", "_p", "_l", "_smin", "_smax");
    }

    private static String[] rest(String[] a) {
        return java.util.Arrays.copyOfRange(a, 1, a.length);
    }

}
