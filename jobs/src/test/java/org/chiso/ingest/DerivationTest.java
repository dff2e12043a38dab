package org.chiso.ingest;

import static org.apache.spark.sql.functions.col;
import static org.chiso.core.Columns.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.core.IndexDefinitions;
import org.chiso.testing.Inputs;
import org.chiso.testing.SharedData;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Derivation of dimensions and totals on real PAPI files, against published values and published facts. */
@ExtendWith(SparkExtension.class)
class DerivationTest {
    /** The derived scores of a run, as a Dataset for the assertions. */
    private static Dataset<Row> derive(SparkSession spark, IngestRun run) {
        return spark.createDataFrame(
                Derivation.derive(ScoreTables.scoreRows(run.accepted()), IndexDefinitions.load()), ScoreTables.SCORES);
    }

    /** The checks of derived scores, as a Dataset for the assertions. */
    private static Dataset<Row> checks(SparkSession spark, Dataset<Row> derived, double tolerance) {
        return spark.createDataFrame(
                Derivation.checks(derived.collectAsList(), IndexDefinitions.load(), tolerance), ScoreTables.CHECKS);
    }

    @Test
    void papi2023TotalsRankHueFirstAndThaiNguyenSecond(SparkSession spark) {
        IngestRun run = Inputs.ingest(SharedData.data("papi/per-year/2023.csv"));
        List<Row> totals = derive(spark, run)
                .filter(col(COMPONENT).equalTo("TOTAL"))
                .orderBy(col(VALUE).desc())
                .collectAsList();
        assertEquals(61, totals.size(), "no total where Quảng Ninh and Bình Dương have no parts");
        assertEquals("VN63-46", totals.get(0).getAs(PROVINCE_KEY));
        assertEquals(46.04, totals.get(0).<Double>getAs(VALUE), 0.005);
        assertEquals("VN63-19", totals.get(1).getAs(PROVINCE_KEY));
        assertEquals(45.79, totals.get(1).<Double>getAs(VALUE), 0.005);
        assertTrue(totals.stream()
                .allMatch(r ->
                        r.<Boolean>getAs(DERIVED_FLAG) && r.getAs(PROVENANCE).equals(PUBLISHED)));
    }

    @Test
    void derivesOnlyWhereAllPartsArePresent(SparkSession spark) {
        IngestRun run = Inputs.ingest(SharedData.data("papi/per-year/2022.csv"));
        Dataset<Row> d = derive(spark, run);
        long dims = d.filter(col(LEVEL).equalTo("DIMENSION")).count();
        long totals = d.filter(col(COMPONENT).equalTo("TOTAL")).count();
        // The research copy notes 2022 counts per dimension: D1 62, D2 61, D3 62, D4 61, D5 62, D6 63, D7 63, D8 62.
        assertEquals(62 + 61 + 62 + 61 + 62 + 63 + 63 + 62, dims);
        assertEquals(61, totals, "a total only where all eight dimensions are");
    }

    @Test
    void publishedDimensionsAndTotalsAgreeWithTheirPartsAndStayPublished(SparkSession spark) {
        IngestRun run = Inputs.ingest(SharedData.data("papi/PAPI_2011-2016_official.xlsx"));
        Dataset<Row> d = derive(spark, run);
        assertEquals(run.accepted().size(), d.count(), "nothing to derive: every dimension and total is published");
        Dataset<Row> checks = checks(spark, d, 1e-3);
        // 6 years x 63 provinces x (6 dimensions + total), less 2014's two blank provinces (dims blank, total 0
        // refused).
        assertEquals(6 * 63 * 7 - 2 * 7, checks.count());
        assertEquals(0, checks.filter(col("within_tolerance").equalTo(false)).count());
    }

    @Test
    void aPublishedTotalThatDisagreesIsReported(SparkSession spark) {
        IngestRun run = Inputs.newRun();
        String csv =
                "index,year,province,component,value\nPAR,2024,Hải Phòng,TOTAL,96.17\nPAR,2024,Hải Phòng,ASSESSED,65\n"
                        + "PAR,2024,Hải Phòng,SURVEY,30\nPAR,2024,Sơn La,ASSESSED,60.02\nPAR,2024,Sơn La,SURVEY,30\n";
        run.add(new SourceFile(
                "mem.csv", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8), n -> java.util.Optional.empty()));
        Dataset<Row> d = derive(spark, run);
        Row sonLa = d.filter(
                        col(PROVINCE_KEY).equalTo("VN63-14").and(col(COMPONENT).equalTo("TOTAL")))
                .first();
        assertEquals(90.02, sonLa.<Double>getAs(VALUE), 1e-9);
        assertTrue(sonLa.<Boolean>getAs(DERIVED_FLAG));
        Row hp = d.filter(
                        col(PROVINCE_KEY).equalTo("VN63-31").and(col(COMPONENT).equalTo("TOTAL")))
                .first();
        assertEquals(96.17, hp.<Double>getAs(VALUE), 1e-12, "published total stays as published");
        Row check = checks(spark, d, 1e-3).first();
        assertEquals(96.17 - 95.0, check.<Double>getAs(DIFFERENCE), 1e-9);
        assertEquals(false, check.getAs("within_tolerance"));
    }
}
