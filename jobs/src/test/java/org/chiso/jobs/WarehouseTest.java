package org.chiso.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transactional warehouse: a run's writes are seen by others only once it commits; a run that fails, or whose
 * process dies, is discarded (the tables go back to the committed versions); a sync writes only the difference; and a
 * named run's state can be read again (Delta time travel).
 */
@ExtendWith(SparkExtension.class)
class WarehouseTest {
    private static final StructType SCHEMA = new StructType()
            .add("k", DataTypes.IntegerType, false)
            .add("name", DataTypes.StringType, true)
            .add("value", DataTypes.DoubleType, true);

    private static Dataset<Row> rows(SparkSession spark, Object[]... rows) {
        List<Row> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(RowFactory.create(r));
        }
        return spark.createDataFrame(out, SCHEMA);
    }

    private static List<String> content(Dataset<Row> d) {
        return d.orderBy("k", "name").collectAsList().stream()
                .map(Row::toString)
                .toList();
    }

    private static Progress quiet(ByteArrayOutputStream b) {
        return new Progress(new PrintStream(b, true, StandardCharsets.UTF_8));
    }

    private static Dataset<Row> latest(SparkSession spark, Warehouse w, String name) {
        return spark.read().format("delta").load(w.table(name));
    }

    @Test
    void aRunIsSeenByOthersOnlyOnceItCommits(SparkSession spark, @TempDir Path dir) throws Exception {
        String out = dir.toString();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Warehouse w = Warehouse.begin(spark, out, "first", quiet(log))) {
            w.overwrite("t", rows(spark, new Object[] {1, "a", 1.0}, new Object[] {2, "b", null}));
            assertEquals(2, w.read("t").count(), "the run reads its own writes");
            assertEquals(2, Warehouse.open(spark, out).read("t").count(), "a stage of the same run joins it");
            assertFalse(Warehouse.committed(spark, out).has("t"), "others see no table before the commit");
            assertEquals(
                    1,
                    Warehouse.incomplete(new Fs(spark.sparkContext().hadoopConfiguration()), out)
                            .size());
            w.commit();
        }
        Warehouse r = Warehouse.open(spark, out);
        assertEquals(List.of("[1,a,1.0]", "[2,b,null]"), content(r.read("t")));
        assertEquals("first", r.basis().command());
        assertEquals(1, r.basis().number());
        assertTrue(Warehouse.incomplete(new Fs(spark.sparkContext().hadoopConfiguration()), out)
                .isEmpty());
    }

    @Test
    void aRunThatEndsWithoutCommittingIsDiscarded(SparkSession spark, @TempDir Path dir) throws Exception {
        String out = dir.toString();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Warehouse w = Warehouse.begin(spark, out, "first", quiet(log))) {
            w.overwrite("t", rows(spark, new Object[] {1, "a", 1.0}));
            w.commit();
        }
        try (Warehouse w = Warehouse.begin(spark, out, "failing", quiet(log))) {
            w.overwrite("t", rows(spark, new Object[] {9, "z", 9.0}));
            w.overwrite("u", rows(spark, new Object[] {9, "z", 9.0}));
            // an error before the commit: close() discards
        }
        Warehouse r = Warehouse.open(spark, out);
        assertEquals(List.of("[1,a,1.0]"), content(latest(spark, r, "t")), "the newest version is the committed data");
        assertFalse(Files.exists(dir.resolve("warehouse/u")), "a table no commit has is removed");
        assertEquals(
                1,
                Warehouse.commits(new Fs(spark.sparkContext().hadoopConfiguration()), out)
                        .size());
    }

    @Test
    void aKilledRunIsNamedToReadersAndDiscardedByTheNextWriter(SparkSession spark, @TempDir Path dir) throws Exception {
        String out = dir.toString();
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Warehouse w = Warehouse.begin(spark, out, "first", quiet(log))) {
            w.overwrite("t", rows(spark, new Object[] {1, "a", 1.0}));
            w.commit();
        }
        String first = Warehouse.open(spark, out).basis().run();
        Warehouse killed = Warehouse.begin(spark, out, "all", quiet(log));
        killed.overwrite("t", rows(spark, new Object[] {7, "x", 7.0}));
        killed.overwrite("u", rows(spark, new Object[] {7, "x", 7.0}));
        killed.abandon(); // the process dies: nothing restored, the run record stays

        List<Warehouse.Incomplete> left = Warehouse.incomplete(fs, out);
        assertEquals(1, left.size());
        assertEquals("all", left.get(0).command());
        assertEquals(killed.runId(), left.get(0).run());
        Warehouse r = Warehouse.open(spark, out);
        assertEquals(first, r.basis().run(), "readers read the last completed run");
        assertEquals(List.of("[1,a,1.0]"), content(r.read("t")));
        assertFalse(r.has("u"));

        ByteArrayOutputStream next = new ByteArrayOutputStream();
        try (Warehouse w = Warehouse.begin(spark, out, "ingest", quiet(next))) {
            String said = next.toString(StandardCharsets.UTF_8);
            assertTrue(said.contains("run " + killed.runId() + " (all, started"), said);
            assertTrue(said.contains("did not complete: its writes are discarded"), said);
            assertTrue(said.contains("t: restored to version 0"), said);
            assertTrue(said.contains("u: removed"), said);
            assertEquals(List.of("[1,a,1.0]"), content(latest(spark, w, "t")));
            w.commit();
        }
        assertTrue(Warehouse.incomplete(fs, out).isEmpty());
    }

    @Test
    void aSyncWritesOnlyTheDifference(SparkSession spark, @TempDir Path dir) throws Exception {
        String out = dir.toString();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Dataset<Row> v1 = rows(
                spark,
                new Object[] {1, "a", 1.0},
                new Object[] {1, "b", null},
                new Object[] {2, "c", 3.0},
                new Object[] {3, "d", Double.NaN});
        try (Warehouse w = Warehouse.begin(spark, out, "first", quiet(log))) {
            w.sync("s", v1, null, "k");
            w.commit();
        }
        try (Warehouse w = Warehouse.begin(spark, out, "same", quiet(log))) {
            long before = w.version("s");
            Warehouse.Change c = w.sync("s", v1, null, "k");
            assertEquals("unchanged", c.toString());
            assertEquals(before, w.version("s"), "nothing written when nothing changed (nulls and NaN included)");
            w.commit();
        }
        Dataset<Row> v2 = rows(
                spark,
                new Object[] {1, "a", 1.0},
                new Object[] {1, "b", null},
                new Object[] {2, "c", 3.5},
                new Object[] {3, "d", Double.NaN});
        try (Warehouse w = Warehouse.begin(spark, out, "one changed", quiet(log))) {
            Warehouse.Change c = w.sync("s", v2, null, "k");
            assertEquals(1, c.removed());
            assertEquals(1, c.added());
            w.commit();
        }
        Row merge = DeltaTable.forPath(spark, Warehouse.open(spark, out).table("s"))
                .history(1)
                .select("operation", "operationMetrics")
                .first();
        assertEquals("MERGE", merge.getString(0));
        Map<String, String> metrics = merge.getJavaMap(1);
        assertEquals("1", metrics.get("numTargetFilesRemoved"), "only the changed row's file is rewritten: " + metrics);
        assertEquals("1", metrics.get("numTargetRowsDeleted"), metrics.toString());
        assertEquals(
                List.of("[1,a,1.0]", "[1,b,null]", "[2,c,3.5]", "[3,d,NaN]"),
                content(Warehouse.open(spark, out).read("s")));

        // a scope: only the rows with k = 1 are this writer's; the others stay
        try (Warehouse w = Warehouse.begin(spark, out, "scoped", quiet(log))) {
            Warehouse.Change c = w.sync("s", rows(spark, new Object[] {1, "e", 5.0}), "k = 1", "k");
            assertEquals(2, c.removed());
            assertEquals(1, c.added());
            w.commit();
        }
        assertEquals(
                List.of("[1,e,5.0]", "[2,c,3.5]", "[3,d,NaN]"),
                content(Warehouse.open(spark, out).read("s")));
    }

    @Test
    void aNamedRunIsReadAsItWas(SparkSession spark, @TempDir Path dir) throws Exception {
        String out = dir.toString();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        String first;
        try (Warehouse w = Warehouse.begin(spark, out, "first", quiet(log))) {
            w.sync("s", rows(spark, new Object[] {1, "a", 1.0}), null);
            first = w.runId();
            w.commit();
        }
        try (Warehouse w = Warehouse.begin(spark, out, "second", quiet(log))) {
            w.sync("s", rows(spark, new Object[] {2, "b", 2.0}), null);
            w.commit();
        }
        assertEquals(List.of("[2,b,2.0]"), content(Warehouse.open(spark, out).read("s")));
        Warehouse then = Warehouse.asOf(spark, out, first);
        assertEquals(List.of("[1,a,1.0]"), content(then.read("s")));
        assertEquals(first, then.describe().get("run"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Warehouse.asOf(spark, out, "20990101T000000Z"));
        assertTrue(e.getMessage().contains("neither a report run"), e.getMessage());
        WarehouseStateException none = assertThrows(
                WarehouseStateException.class,
                () -> Warehouse.open(spark, dir.resolve("empty").toString()).read("s"));
        assertTrue(none.getMessage().contains("no run has completed there yet"), none.getMessage());
        assertNull(Warehouse.open(spark, dir.resolve("empty").toString()).basis());
    }
}
