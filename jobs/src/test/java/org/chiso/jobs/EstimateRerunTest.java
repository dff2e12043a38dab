package org.chiso.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.survey.DesignOptions;
import org.chiso.survey.LonelyPsu;
import org.chiso.survey.synth.SyntheticSurveys;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimate stage's design-weighted alphas equal an independent SQL computation ({@link DesignAlphaSql}).
 * Re-estimating reads the validated microdata as they are while the input files are unchanged (and says so, with
 * the recorded counts), gives the same estimates, and validates again once an input file changes.
 */
@ExtendWith(SparkExtension.class)
class EstimateRerunTest {
    private record Run(EstimateJob.Summary summary, String log) {}

    private static Run run(SparkSession spark, String micro, String out, DesignOptions design) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EstimateJob.Summary s = EstimateJob.run(
                spark,
                new EstimateJob.Options(List.of(micro), out, design, 30),
                new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        return new Run(s, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unchangedInputsAreNotValidatedAgain(SparkSession spark, @TempDir Path dir) throws Exception {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        String micro = dir.resolve("micro").toString();
        SyntheticSurveys.writeSmallForTests(spark, fs, micro, 5L, 4, 4, List.of(2024));
        String out = dir.resolve("out").toString();
        Run first = run(spark, micro, out, DesignOptions.defaults());
        assertFalse(first.log().contains("validation skipped"), first.log());
        // the design-weighted alphas of the same scan, against an independent computation in Spark SQL
        DesignAlphaSql.check(spark, micro, out, List.of("PAPI-SYNTH", "SIPAS-SYNTH"));
        Dataset<Row> est1 = Warehouse.open(spark, out).read(Warehouse.ESTIMATES).localCheckpoint();

        Run second = run(spark, micro, out, DesignOptions.defaults());
        assertTrue(second.log().contains("validation skipped"), second.log());
        assertEquals(first.summary(), second.summary(), "the counts come from the manifest");
        assertTrue(
                second.log().contains("respondents: in " + first.summary().respondentsIn() + " = accepted "),
                second.log());
        Dataset<Row> est2 = Warehouse.open(spark, out).read(Warehouse.ESTIMATES);
        assertEquals(0, est1.exceptAll(est2).count());
        assertEquals(0, est2.exceptAll(est1).count());

        Run other = run(spark, micro, out, DesignOptions.defaults().withLonelyPsu(LonelyPsu.ADJUST));
        assertTrue(other.log().contains("validation skipped"), "other design options: " + other.log());

        Path codebook = Path.of(micro, "PAPI-SYNTH", "codebook.csv");
        Files.setLastModifiedTime(
                codebook,
                FileTime.fromMillis(Files.getLastModifiedTime(codebook).toMillis() + 60_000));
        Run changed = run(spark, micro, out, DesignOptions.defaults());
        assertFalse(changed.log().contains("validation skipped"), "an input file changed: " + changed.log());
        assertEquals(first.summary(), changed.summary());
    }

    @Test
    void aSurveyFolderWithAStructuralFaultIsRefusedWholeAndTheOthersAreEstimated(SparkSession spark, @TempDir Path dir)
            throws Exception {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        String micro = dir.resolve("micro").toString();
        SyntheticSurveys.writeSmallForTests(spark, fs, micro, 5L, 4, 4, List.of(2024));
        String good = EstimateJob.surveyFolders(fs, List.of(micro)).get(0);
        String codebook = new String(fs.read(Fs.child(good, "codebook.csv")), StandardCharsets.UTF_8);
        // no psu column
        java.nio.file.Path noPsu = java.nio.file.Files.createDirectories(dir.resolve("micro/NO-PSU"));
        java.nio.file.Files.writeString(noPsu.resolve("codebook.csv"), codebook);
        java.nio.file.Files.writeString(
                noPsu.resolve("respondents.csv"),
                "survey,year,respondent_id,province_key,stratum,weight\nS,2024,1,VN63-01,A,10\n");
        java.nio.file.Files.writeString(
                noPsu.resolve("answers.csv"), "survey,year,respondent_id,item,value\nS,2024,1,Q,3\n");
        // an empty answers file
        java.nio.file.Path empty = java.nio.file.Files.createDirectories(dir.resolve("micro/EMPTY"));
        java.nio.file.Files.writeString(empty.resolve("codebook.csv"), codebook);
        java.nio.file.Files.writeString(
                empty.resolve("respondents.csv"),
                "survey,year,respondent_id,province_key,stratum,psu,weight\nS,2024,1,VN63-01,A,P,10\n");
        java.nio.file.Files.writeString(empty.resolve("answers.csv"), "");
        // no codebook
        java.nio.file.Path noCodebook = java.nio.file.Files.createDirectories(dir.resolve("micro/NO-CODEBOOK"));
        java.nio.file.Files.writeString(
                noCodebook.resolve("respondents.csv"),
                "survey,year,respondent_id,province_key,stratum,psu,weight\nS,2024,1,VN63-01,A,P,10\n");

        String out = dir.resolve("out").toString();
        Run r = run(spark, micro, out, DesignOptions.defaults());
        assertTrue(r.log().contains("NO-PSU refused: respondents: required column psu missing"), r.log());
        assertTrue(r.log().contains("EMPTY refused: answers: empty"), r.log());
        assertTrue(r.log().contains("NO-CODEBOOK refused: it has respondents or answers but no codebook.csv"), r.log());
        assertTrue(r.summary().estimates() > 0, "the good folder is estimated: " + r.summary());
    }
}
