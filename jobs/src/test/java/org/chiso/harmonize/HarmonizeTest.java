package org.chiso.harmonize;

import static org.apache.spark.sql.functions.col;
import static org.chiso.core.Columns.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.core.ProvinceRegistry;
import org.chiso.demo.DemoPanels;
import org.chiso.demo.PublishedFigures;
import org.chiso.ingest.IngestRun;
import org.chiso.ingest.ScoreTables;
import org.chiso.ingest.SourceFile;
import org.chiso.testing.Inputs;
import org.chiso.testing.SharedData;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The merger check: unchanged provinces equal exactly, merged ones lie between their parts, partial cells are marked. */
@ExtendWith(SparkExtension.class)
class HarmonizeTest {
    private static final List<String> UNCHANGED =
            List.of("01", "46", "12", "11", "14", "20", "22", "38", "40", "42", "04");

    private static List<Harmonize.Score> scores(SparkSession spark, IngestRun run) {
        return Harmonize.scores(ScoreTables.scores(spark, run.accepted()));
    }

    /** Panel rows as a Dataset, for the assertions. */
    private static Dataset<Row> panel(SparkSession spark, List<Row> rows) {
        return spark.createDataFrame(rows, Harmonize.PANEL);
    }

    /** Preferred rows as a Dataset of their score columns, for the assertions. */
    private static Dataset<Row> preferred(SparkSession spark, IngestRun run) {
        List<Row> rows = Harmonize.preferred(scores(spark, run), HarmonizeFixtures.priorities()).stream()
                .map(s -> s.asPanel(Harmonize.AS_PUBLISHED))
                .toList();
        return panel(spark, rows);
    }

    private static IngestRun demo() {
        StringWriter w = new StringWriter();
        DemoPanels.writeCsv(DemoPanels.generate(20250701L, ProvinceRegistry.load(), PublishedFigures.load()), w);
        IngestRun run = Inputs.newRun();
        run.add(new SourceFile("demo.csv", w.toString().getBytes(StandardCharsets.UTF_8), n -> Optional.empty()));
        return run;
    }

    @Test
    void unchangedProvincesEqualExactlyAndMergedOnesLieBetweenTheirParts(SparkSession spark) {
        List<Harmonize.Score> preferred = Harmonize.preferred(scores(spark, demo()), HarmonizeFixtures.priorities());
        Dataset<Row> p63 = panel(spark, Harmonize.panel63(preferred));
        Dataset<Row> p34 = panel(
                        spark,
                        Harmonize.panel34(
                                preferred,
                                HarmonizeFixtures.crosswalk(),
                                HarmonizeFixtures.population(),
                                Harmonize.Weights.POPULATION))
                .filter(col(YEAR).leq(2024))
                .filter(col(BASIS).equalTo("VN34"));
        Map<String, Double> old = new HashMap<>();
        for (Row r : p63.collectAsList()) {
            old.put(
                    r.getAs(INDEX) + "|" + r.getAs(YEAR) + "|" + r.getAs(PROVINCE_KEY) + "|" + r.getAs(COMPONENT),
                    r.getAs(VALUE));
        }
        ProvinceRegistry reg = ProvinceRegistry.load();
        int unchanged = 0;
        int merged = 0;
        for (Row r : p34.collectAsList()) {
            String key = r.getAs(PROVINCE_KEY);
            String prefix = r.getAs(INDEX) + "|" + r.getAs(YEAR) + "|";
            double v = r.getAs(VALUE);
            assertFalse(r.<Boolean>getAs(Harmonize.PARTIAL), "the demo panels are complete");
            if (UNCHANGED.contains(key.substring(5))) {
                assertEquals(
                        old.get(prefix + "VN63-" + key.substring(5) + "|" + r.getAs(COMPONENT)),
                        v,
                        0.0,
                        "exactly equal: " + key);
                assertEquals(Harmonize.COPIED, r.getAs(Harmonize.METHOD));
                unchanged++;
            } else {
                double lo = Double.MAX_VALUE;
                double hi = -Double.MAX_VALUE;
                for (var p : reg.predecessors(key)) {
                    double x = old.get(prefix + p.key() + "|" + r.getAs(COMPONENT));
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
                assertTrue(lo - 1e-12 <= v && v <= hi + 1e-12, key + " " + v + " not within [" + lo + ", " + hi + "]");
                merged++;
            }
        }
        assertEquals(
                11 * (13 + 2 + 8 * 8),
                unchanged,
                "11 unchanged provinces x (PAR totals 2012-2024, 2024 parts, SIPAS 2017-2024 x 8 components)");
        assertTrue(merged > 0);
    }

    @Test
    void syntheticValuesDoNotFillTheGapsOfRealData(SparkSession spark) {
        IngestRun run = Inputs.newRun();
        run.add(Inputs.file(SharedData.data("papi/per-year/2023.csv")));
        String csv =
                "index,year,province,component,value,provenance,source\nPAPI,2023,Quảng Ninh,SC11,1.5,synthetic,made up\n"
                        + "PAPI,2011,Quảng Ninh,SC11,1.5,synthetic,made up\n";
        run.add(new SourceFile("synthetic.csv", csv.getBytes(StandardCharsets.UTF_8), n -> Optional.empty()));
        Dataset<Row> preferred = preferred(spark, run);
        assertEquals(
                0,
                preferred
                        .filter(col(YEAR).equalTo(2023).and(col(PROVINCE_KEY).equalTo("VN63-22")))
                        .count(),
                "2023 has real values for 61 provinces");
        assertEquals(
                1,
                preferred
                        .filter(col(YEAR).equalTo(2011).and(col(PROVINCE_KEY).equalTo("VN63-22")))
                        .count(),
                "2011 has no real value here, so the synthetic one stays (labelled)");
    }

    @Test
    void papi2023WithoutQuangNinhAndBinhDuongIsMissingOrPartial(SparkSession spark) {
        IngestRun run = Inputs.newRun();
        run.add(Inputs.file(SharedData.data("papi/per-year/2023.csv")));
        List<Harmonize.Score> preferred = Harmonize.preferred(scores(spark, run), HarmonizeFixtures.priorities());
        Dataset<Row> p34 = panel(
                        spark,
                        Harmonize.panel34(
                                preferred,
                                HarmonizeFixtures.crosswalk(),
                                HarmonizeFixtures.population(),
                                Harmonize.Weights.POPULATION))
                .filter(col(COMPONENT).equalTo("SC11"));
        assertEquals(
                0, p34.filter(col(PROVINCE_KEY).equalTo("VN34-22")).count(), "Quảng Ninh (unchanged) has no value");
        Row hcm = p34.filter(col(PROVINCE_KEY).equalTo("VN34-79")).first();
        assertTrue(hcm.<Boolean>getAs(Harmonize.PARTIAL), "Hồ Chí Minh City lacks Bình Dương");
        double pop = 1194.6 + 9543.6;
        assertEquals(pop / (pop + 2870.6), hcm.<Double>getAs(Harmonize.COVERAGE), 1e-12);
        assertEquals("VN63-77,VN63-79", hcm.getAs(Harmonize.PREDECESSORS));
        assertEquals(33, p34.count(), "34 new provinces less Quảng Ninh");
        assertEquals(1, p34.filter(col(Harmonize.PARTIAL)).count());
    }
}
