package org.chiso.survey.synth;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.chiso.core.ProvinceRegistry;
import org.chiso.io.Fs;
import org.chiso.io.Progress;

/**
 * Writes the SYNTHETIC survey microdata ({@code PAPI-SYNTH}, {@code SIPAS-SYNTH}) under a folder, in the
 * layout of docs/MICRODATA.md: per survey {@code respondents/} and {@code answers/} (Parquet),
 * {@code codebook.csv}, {@code planted_truth.csv} and {@code README.md}.
 *
 * <p>Distributed and deterministic: respondents come from {@code spark.range} over a global respondent
 * index and every draw is a hash of (seed, survey, year, respondent index, tag) computed on the
 * executors ({@link RespondentModel}); only the small design and the post-stratum counts (years x
 * provinces x 4 numbers) live on the driver. Rows are produced in (year, respondent_id) order inside
 * each partition and written without a shuffle; the number of partitions is fixed by the size
 * ({@value #RESPONDENTS_PER_PARTITION} respondents each), so the same seed gives byte-identical files.
 */
public final class SyntheticSurveys {
    /** Respondents per output partition (answers files get about 15-27 times as many rows). */
    public static final long RESPONDENTS_PER_PARTITION = 150_000;
    /** The surveys written, in order. */
    public static final List<SyntheticDesign.Survey> SURVEYS =
            List.of(SyntheticDesign.Survey.PAPI, SyntheticDesign.Survey.SIPAS);

    /** What one survey's generation wrote. */
    public record SurveySummary(
            String survey,
            String folder,
            int years,
            long respondents,
            long answers,
            int partitions,
            int strata,
            int psus,
            int ssus,
            int villages) {}

    /** What a generation wrote. */
    public record Summary(String folder, long seed, int scale, List<Integer> years, List<SurveySummary> surveys) {}

    private SyntheticSurveys() {}

    /** The realistic generation: all 63 provinces, realistic takes times {@code scale}. */
    public static Summary write(
            SparkSession spark, Fs fs, String folder, long seed, int scale, List<Integer> years, Progress progress)
            throws IOException {
        return write(spark, fs, folder, seed, scale, years, SyntheticDesign.Params.REALISTIC, progress);
    }

    /** The realistic generation for the default years 2017-2024. */
    public static Summary write(SparkSession spark, Fs fs, String folder, long seed, int scale, Progress progress)
            throws IOException {
        return write(spark, fs, folder, seed, scale, SyntheticDesign.DEFAULT_YEARS, progress);
    }

    /**
     * A tiny generation for tests: the first {@code provinces} provinces, {@code respondentsPerVillage}
     * respondents in every village, the given years, scale 1.
     */
    public static Summary writeSmallForTests(
            SparkSession spark,
            Fs fs,
            String folder,
            long seed,
            int provinces,
            int respondentsPerVillage,
            List<Integer> years)
            throws IOException {
        return write(
                spark, fs, folder, seed, 1, years, new SyntheticDesign.Params(provinces, respondentsPerVillage), null);
    }

    /** A generation with explicit design parameters; {@code progress} may be null. */
    public static Summary write(
            SparkSession spark,
            Fs fs,
            String folder,
            long seed,
            int scale,
            List<Integer> years,
            SyntheticDesign.Params params,
            Progress progress)
            throws IOException {
        Progress pr = progress != null ? progress : new Progress(new PrintStream(OutputStream.nullOutputStream()));
        ProvinceRegistry registry = ProvinceRegistry.load();
        String root = fs.path(folder).toString();
        List<SurveySummary> out = new ArrayList<>();
        for (SyntheticDesign.Survey s : SURVEYS) {
            SyntheticDesign design = SyntheticDesign.create(s, seed, registry, params);
            out.add(writeSurvey(spark, fs, root, design, years, scale, pr));
        }
        Summary summary = new Summary(root, seed, scale, List.copyOf(years), List.copyOf(out));
        fs.writeText(Fs.child(root, "README.md"), readme(summary, null));
        return summary;
    }

    /** Writes one survey's folder {@code <root>/<survey name>}. */
    public static SurveySummary writeSurvey(
            SparkSession spark,
            Fs fs,
            String root,
            SyntheticDesign design,
            List<Integer> years,
            int scale,
            Progress progress)
            throws IOException {
        String name = design.survey().surveyName();
        String dir = Fs.child(root, name);
        RespondentModel base = design.model(years, scale);
        long total = base.totalRespondents();
        int partitions = (int) Math.max(1, (total + RESPONDENTS_PER_PARTITION - 1) / RESPONDENTS_PER_PARTITION);
        progress.stage(
                "synth",
                String.format(
                        Locale.ROOT,
                        "%s: %,d respondents in %d years, %d partitions (SYNTHETIC)",
                        name,
                        total,
                        base.years().length,
                        partitions));
        Dataset<Long> ids = spark.range(0, total, 1, partitions);

        // pass 1: post-stratum counts per (year, province, cell), a few thousand numbers
        RespondentModel unweighted = base;
        List<Row> rows = ids.map((MapFunction<Long, Integer>) unweighted::countKey, Encoders.INT())
                .groupBy("value")
                .count()
                .collectAsList();
        long[] counts = new long[base.countKeys()];
        for (Row r : rows) {
            counts[r.getInt(0)] = r.getLong(1);
        }
        RespondentModel model = base.withCounts(counts);

        // pass 2 and 3: respondents and answers, in index order, no shuffle
        Dataset<Row> respondents =
                ids.map((MapFunction<Long, Row>) model::respondent, Encoders.row(RespondentModel.RESPONDENT_SCHEMA));
        write(respondents, Fs.child(dir, "respondents"));
        Dataset<Row> answers = ids.flatMap(
                (FlatMapFunction<Long, Row>) g -> model.answers(g).iterator(),
                Encoders.row(RespondentModel.ANSWER_SCHEMA));
        write(answers, Fs.child(dir, "answers"));
        long answerRows = spark.read().parquet(Fs.child(dir, "answers")).count();

        fs.writeText(Fs.child(dir, "codebook.csv"), SynthCodebook.csv(List.of(design.survey())));
        fs.writeText(Fs.child(dir, "planted_truth.csv"), truthCsv(design.truths(years)));
        SurveySummary summary = new SurveySummary(
                name,
                dir,
                base.years().length,
                total,
                answerRows,
                partitions,
                design.strata().size(),
                design.psus().size(),
                design.ssus().size(),
                design.villages().size());
        fs.writeText(Fs.child(dir, "README.md"), readme(null, summary) + disruptionNote(design, base, scale));
        progress.done(
                "synth",
                String.format(
                        Locale.ROOT,
                        "%s: %,d respondents, %,d answers written to %s",
                        name,
                        total,
                        answerRows,
                        Fs.display(dir)));
        return summary;
    }

    /**
     * Writes without a shuffle, one file per partition. Parquet writer v2 without dictionaries gives every
     * column chunk a single encoding, so the footers (where parquet-mr lists encodings in hash-set order)
     * are the same in every JVM and the files are byte-identical run to run.
     */
    private static void write(Dataset<Row> rows, String path) {
        rows.write()
                .mode(SaveMode.Overwrite)
                .option("compression", "snappy")
                .option("maxRecordsPerFile", 0)
                .option("parquet.writer.version", "v2")
                .option("parquet.enable.dictionary", "false")
                .parquet(path);
    }

    /** The {@code planted_truth.csv} text. */
    public static String truthCsv(List<SyntheticDesign.Truth> truths) {
        StringBuilder b = new StringBuilder("survey,year,province_key,component,true_value,finite_population_value\n");
        for (SyntheticDesign.Truth t : truths) {
            b.append(t.survey())
                    .append(',')
                    .append(t.year())
                    .append(',')
                    .append(t.provinceKey())
                    .append(',')
                    .append(t.component())
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.6f", t.value()))
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.6f", t.finitePopulationValue()))
                    .append('\n');
        }
        return b.toString();
    }

    private static String readme(Summary all, SurveySummary one) {
        StringBuilder b = new StringBuilder();
        b.append("# SYNTHETIC survey microdata\n\n");
        b.append("SYNTHETIC: every row here was generated by org.chiso.survey.synth.SyntheticSurveys. ");
        b.append("No real respondent, answer or score is in these files; they are NOT PAPI or SIPAS data. ");
        b.append("Survey names end in -SYNTH and every respondent row has synthetic=true.\n\n");
        b.append("Layout and model: docs/MICRODATA.md in the repository.\n\n");
        if (all != null) {
            b.append(String.format(
                    Locale.ROOT, "seed %d, scale %d, years %s\n\n", all.seed(), all.scale(), all.years()));
            for (SurveySummary s : all.surveys()) {
                b.append(line(s));
            }
        } else {
            b.append(line(one));
            b.append("\nFiles: respondents/ and answers/ (Parquet), codebook.csv, planted_truth.csv ")
                    .append("(the population values the weighted estimator targets; province_key VN = national).\n");
        }
        return b.toString();
    }

    /** The README's line on the disrupted fieldwork year, when it is among the years generated (else empty). */
    private static String disruptionNote(SyntheticDesign design, RespondentModel model, int scale) {
        SyntheticDesign.Disruption x = SyntheticDesign.DISRUPTED;
        int year = x.year();
        if (java.util.Arrays.stream(model.years()).noneMatch(y -> y == year)
                || model.respondents(year) == design.respondentsPerYear(scale)) {
            return "";
        }
        int h = design.strata().stream()
                .filter(s -> s.key().equals(x.provinceKey()))
                .findFirst()
                .orElseThrow()
                .index();
        long[] range = model.stratumRange(year, h);
        return String.format(
                Locale.ROOT,
                "\nDisrupted fieldwork (SYNTHETIC, for the demo's disclosure control): in %d only the first "
                        + "village of each district of %s was interviewed, %d respondents in all (the reports "
                        + "suppress cells from fewer than --min-respondents, default 30); see docs/MICRODATA.md.\n",
                year,
                x.provinceKey(),
                range[1] - range[0]);
    }

    private static String line(SurveySummary s) {
        return String.format(
                Locale.ROOT,
                "- %s: %d years, %d respondents, %d answers; %d strata, %d PSUs, %d communes, %d villages\n",
                s.survey(),
                s.years(),
                s.respondents(),
                s.answers(),
                s.strata(),
                s.psus(),
                s.ssus(),
                s.villages());
    }
}
