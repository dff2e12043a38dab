package org.chiso.jobs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.core.ProvinceRegistry;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.service.synth.DossierGenerator;
import org.chiso.service.synth.DossierModel;
import org.chiso.testing.SharedData;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service-index stage of {@code all} on the SYNTHETIC dossiers of the demo's folder (scale 0.001 and Thái Nguyên's
 * planted week, the real commune file): every group score and total of every unit, week and year in the warehouse's
 * {@code service_index} equals the generator's planted truth to 1e-9, and each province's yearly scores from 2025 are in
 * {@code scores} as index SERVICE on the 34-province basis with the planted values; the ingest leaves the folder to
 * the stage. The accepted records land in {@code dossiers}, written once for the same files; once the records are
 * removed, the next run empties the service tables and takes SERVICE out of the scores.
 */
@ExtendWith(SparkExtension.class)
class ServiceStageTest {
    @Test
    void thePlantedScoresReachTheWarehouseAndThePanelsScores(SparkSession spark, @TempDir Path dir) throws Exception {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        String out = dir.resolve("out").toString();
        Progress quiet = new Progress(new PrintStream(PrintStream.nullOutputStream()));
        DossierModel m = DossierModel.build(
                20250701L,
                0.001,
                ProvinceRegistry.load(),
                DossierGenerator.communes(
                        fs, SharedData.data("admin/commune_conversion_2025.csv").toString(), quiet));
        String folder = ServiceStage.demoFolder(out);
        DossierGenerator.write(spark, fs, folder, m, 2, quiet);
        List<String> found =
                ServiceStage.folders(fs, List.of(dir.resolve("out/demo-data").toString()));
        assertTrue(found.size() == 1 && found.get(0).endsWith("/out/demo-data/dossiers"), found.toString());

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ServiceStage.run(spark, fs, out, List.of(), new Progress(new PrintStream(log, true, StandardCharsets.UTF_8)));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("0 rejected"), log.toString(StandardCharsets.UTF_8));

        // the planted truth, version 2024: unit|period_type|period -> group -> value
        List<String> lines = Files.readAllLines(Path.of(folder, "planted_truth.csv"), StandardCharsets.UTF_8);
        List<String> head = List.of(lines.get(0).split(","));
        Map<String, Map<String, Double>> truth = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            Map<String, Double> groups = new HashMap<>();
            for (int i = 0; i < head.size(); i++) {
                if (head.get(i).startsWith("v2024_")) {
                    groups.put(head.get(i).substring(6), Double.parseDouble(f[i]));
                }
            }
            truth.put(f[head.indexOf("unit_key")] + "|" + f[0] + "|" + f[1], groups);
        }
        Warehouse w = Warehouse.open(spark, out);
        List<Row> index = w.read(ServiceStage.TABLE_INDEX)
                .filter(col("period_type").isin("week", "year"))
                .collectAsList();
        int compared = 0;
        double worst = 0;
        for (Row r : index) {
            String key = r.getAs("unit_key") + "|" + r.getAs("period_type") + "|" + r.getAs("period");
            Map<String, Double> t = truth.get(key);
            assertTrue(t != null, key + " has no planted truth");
            for (Map.Entry<String, Double> g : t.entrySet()) {
                double mine = r.getAs(g.getKey());
                worst = Math.max(worst, Math.abs(mine - g.getValue()));
                assertEquals(g.getValue(), mine, 1e-9, key + " " + g.getKey());
                compared++;
            }
        }
        assertEquals(truth.size(), index.size(), "one row per planted unit and period, none missing or extra");
        assertTrue(compared > 10_000, compared + " values compared, largest difference " + worst);

        List<Row> scores = w.read(Warehouse.SCORES)
                .filter(col("index").equalTo(ServiceStage.INDEX))
                .collectAsList();
        assertEquals(34 * 2 * 7, scores.size(), "34 provinces x 2025, 2026 x TOTAL and six groups");
        Map<String, String> group = new HashMap<>();
        ServiceStage.COMPONENTS.forEach((g, c) -> group.put(c, g));
        group.put("TOTAL", "total");
        for (Row r : scores) {
            assertEquals("VN34", r.getAs("basis"));
            assertEquals("synthetic", r.getAs("provenance"));
            String key = r.getAs("province_key") + "|year|" + r.getAs("year");
            assertEquals(
                    truth.get(key).get(group.get((String) r.getAs("component"))),
                    (double) r.getAs("value"),
                    1e-9,
                    key + " " + r.getAs("component"));
        }
        // every accepted dossier in the warehouse's dossiers table, as in the input files
        org.apache.spark.sql.Dataset<Row> kept = w.read(ServiceStage.TABLE_DOSSIERS);
        org.apache.spark.sql.Dataset<Row> input = spark.read()
                .parquet(Path.of(folder, "dossiers").toString())
                .select(org.chiso.service.DossierRules.COLUMNS.stream()
                        .map(c -> col(c).cast(kept.schema().apply(c).dataType()))
                        .toArray(org.apache.spark.sql.Column[]::new));
        org.apache.spark.sql.Dataset<Row> keptColumns = kept.select(org.chiso.service.DossierRules.COLUMNS.stream()
                .map(c -> col(c))
                .toArray(org.apache.spark.sql.Column[]::new));
        long accepted = input.count();
        assertTrue(accepted > 10_000, accepted + " dossiers");
        assertEquals(accepted, kept.count());
        assertEquals(0, input.exceptAll(keptColumns).count(), "input rows missing from the table");
        assertEquals(0, keptColumns.exceptAll(input).count(), "table rows not in the input");
        assertEquals(34, kept.select("province_key").distinct().count());
        // run again on the same records: the table is current, not written again
        Long version = w.version(ServiceStage.TABLE_DOSSIERS);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        ServiceStage.run(spark, fs, out, List.of(), new Progress(new PrintStream(again, true, StandardCharsets.UTF_8)));
        assertTrue(
                again.toString(StandardCharsets.UTF_8).contains("current for these records"),
                again.toString(StandardCharsets.UTF_8));
        assertEquals(version, Warehouse.open(spark, out).version(ServiceStage.TABLE_DOSSIERS));

        // Thái Nguyên's planted week: the seed's groups where version 2024 can hold them
        Map<String, Double> tn = truth.get("VN34-19|week|2025-W48");
        assertEquals(15.61, tn.get("transparency"), 1e-9);
        assertEquals(19.63, tn.get("progress"), 1e-9);
        assertEquals(17.76, tn.get("satisfaction"), 1e-9);
        assertEquals(20.8, tn.get("digitisation"), 1e-9);

        // the records removed: the next run empties the service tables and takes SERVICE out of the scores, while the
        // first run still reads as it was
        Files.move(Path.of(folder), dir.resolve("records-moved-away"));
        ByteArrayOutputStream gone = new ByteArrayOutputStream();
        ServiceStage.run(spark, fs, out, List.of(), new Progress(new PrintStream(gone, true, StandardCharsets.UTF_8)));
        assertTrue(
                gone.toString(StandardCharsets.UTF_8).contains("leaves the scores and panels"),
                gone.toString(StandardCharsets.UTF_8));
        Warehouse now = Warehouse.open(spark, out);
        for (String t : List.of(
                ServiceStage.TABLE_INDEX,
                ServiceStage.TABLE_INDICATORS,
                ServiceStage.TABLE_REJECTS,
                ServiceStage.TABLE_DOSSIERS)) {
            assertEquals(0, now.read(t).count(), t);
        }
        assertEquals(
                0,
                now.read(Warehouse.SCORES)
                        .filter(col("index").equalTo(ServiceStage.INDEX))
                        .count());
        Warehouse first =
                Warehouse.asOf(spark, out, Warehouse.commits(fs, out).get(0).run());
        assertEquals(
                index.size(),
                first.read(ServiceStage.TABLE_INDEX)
                        .filter(col("period_type").isin("week", "year"))
                        .count());
        assertEquals(
                scores.size(),
                first.read(Warehouse.SCORES)
                        .filter(col("index").equalTo(ServiceStage.INDEX))
                        .count());
    }
}
