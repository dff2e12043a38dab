package org.chiso.core;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Order-independent sums: the exact sum (BigDecimal) correctly rounded, whatever the partitioning. */
@ExtendWith(SparkExtension.class)
class ExactSumTest {
    private static final StructType SCHEMA =
            new StructType().add("k", DataTypes.IntegerType).add("x", DataTypes.DoubleType);

    /** Values of mixed sign and magnitude (1e-3 to 1e7), where a running double sum depends on the order. */
    private static List<Row> rows(long seed) {
        Random r = new Random(seed);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double magnitude = Math.pow(10, -3 + 10 * r.nextDouble());
            out.add(RowFactory.create(i % 50, (r.nextBoolean() ? 1 : -1) * magnitude * r.nextDouble()));
        }
        out.add(RowFactory.create(50, null)); // a group with nothing to add sums to null, as sum() does
        return out;
    }

    private static Map<Integer, Double> sums(Dataset<Row> d) {
        Column[] p = ExactSum.parts(col("x"), "s");
        Map<Integer, Double> out = new TreeMap<>();
        for (Row r : d.groupBy("k")
                .agg(p[0], p[1], p[2])
                .select(col("k"), ExactSum.value("s"))
                .collectAsList()) {
            out.put(r.getInt(0), r.isNullAt(1) ? null : r.getDouble(1));
        }
        return out;
    }

    @Test
    void equalsTheCorrectlyRoundedExactSumForEveryPartitioning(SparkSession spark) {
        List<Row> rows = rows(7);
        Map<Integer, BigDecimal> exact = new TreeMap<>();
        for (Row r : rows) {
            if (!r.isNullAt(1)) {
                exact.merge(r.getInt(0), new BigDecimal(r.getDouble(1)), BigDecimal::add);
            }
        }
        Map<Integer, Double> reference =
                sums(spark.createDataFrame(rows, SCHEMA).coalesce(1));
        assertEquals(51, reference.size());
        assertNull(reference.get(50));
        for (Map.Entry<Integer, BigDecimal> e : exact.entrySet()) {
            // cut at 2^-60 before summing: at most 20,000 · 2^-61 from the exact sum, far below the sums' last bit here
            double want = e.getValue().round(MathContext.DECIMAL128).doubleValue();
            assertEquals(want, reference.get(e.getKey()), Math.ulp(want), "group " + e.getKey());
        }
        int differingPlainSums = 0;
        for (long seed = 1; seed <= 4; seed++) {
            List<Row> shuffled = new ArrayList<>(rows);
            Collections.shuffle(shuffled, new Random(seed));
            Dataset<Row> d = spark.createDataFrame(shuffled, SCHEMA).repartition((int) (2 + seed * 3));
            assertEquals(
                    reference, sums(d), "bit-identical sums with " + (2 + seed * 3) + " partitions, shuffle " + seed);
            Map<Integer, Double> plain = new TreeMap<>();
            for (Row r :
                    d.groupBy("k").agg(org.apache.spark.sql.functions.sum("x")).collectAsList()) {
                plain.put(r.getInt(0), r.isNullAt(1) ? null : r.getDouble(1));
            }
            differingPlainSums += plain.equals(reference) ? 0 : 1;
        }
        assertTrue(differingPlainSums > 0, "the data are such that plain double sums do depend on the order");
    }

    @Test
    void meanIsNullForAnEmptyGroupRatherThanADivisionError(SparkSession spark) {
        Dataset<Row> d = spark.createDataFrame(
                List.of(RowFactory.create(1, null), RowFactory.create(2, 0.1), RowFactory.create(2, 0.2)), SCHEMA);
        Column[] p = ExactSum.parts(col("x"), "s");
        List<Row> out = d.groupBy("k")
                .agg(org.apache.spark.sql.functions.count(col("x")).as("n"), p)
                .orderBy("k")
                .select(ExactSum.mean("s", col("n")))
                .collectAsList();
        assertTrue(out.get(0).isNullAt(0));
        assertEquals(
                0.15000000000000002, out.get(1).getDouble(0), 0.0, "(0.1 + 0.2) / 2 with the sum correctly rounded");
    }

    /** Values where the last limb is a tie (…·2^-61 exactly), besides the random ones. */
    private static List<Row> withTies(long seed) {
        List<Row> out = new ArrayList<>(rows(seed));
        Random r = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            double tie = (2 * r.nextInt(1 << 20) + 1) * 0x1.0p-61 + r.nextInt(1000) * 0.25;
            out.add(RowFactory.create(i % 50, r.nextBoolean() ? tie : -tie));
        }
        return out;
    }

    /** Addends where the cut is delicate: halves of the last limb, negative values, exact multiples of 2^-8, tiny and huge. */
    private static List<Row> edgeRows() {
        double[] xs = {
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0 / 256,
            -1.0 / 256,
            0x1.0p-60,
            0x1.8p-60,
            -0x1.8p-60,
            0x1.0p-61,
            0x1.0p-70,
            -0x1.0p-70,
            0.1,
            0.2,
            0.3,
            -0.7,
            1e-300,
            -1e-300,
            123456.789,
            -98765.4321,
            1e12,
            -1e12 + 0.1,
            Math.nextUp(1.0),
            Math.nextDown(1.0),
            0x1.fffffffffffffp-9,
            -0x1.fffffffffffffp-9
        };
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            out.add(RowFactory.create(i, xs[i]));
            out.add(RowFactory.create(100, xs[i]));
            out.add(RowFactory.create(200 + i % 3, xs[i]));
        }
        return out;
    }

    @Test
    void theJavaAccumulatorHasTheLimbsAndBitsOfTheSparkColumnsAndMerges(SparkSession spark) {
        List<Row> rows = withTies(13);
        Map<Integer, ExactSum.Acc> all = new TreeMap<>();
        Map<Integer, ExactSum.Acc> a = new TreeMap<>();
        Map<Integer, ExactSum.Acc> b = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (r.isNullAt(1)) {
                all.computeIfAbsent(r.getInt(0), k -> new ExactSum.Acc());
                continue;
            }
            all.computeIfAbsent(r.getInt(0), k -> new ExactSum.Acc()).add(r.getDouble(1));
            (i % 3 == 0 ? a : b)
                    .computeIfAbsent(r.getInt(0), k -> new ExactSum.Acc())
                    .add(r.getDouble(1));
        }
        Column[] p = ExactSum.parts(col("x"), "s");
        List<Row> spark_ = spark.createDataFrame(rows, SCHEMA)
                .repartition(7)
                .groupBy("k")
                .agg(p[0], p[1], p[2])
                .select(col("k"), col("s_a"), col("s_b"), col("s_c"), ExactSum.value("s"))
                .collectAsList();
        assertEquals(all.size(), spark_.size());
        for (Row r : spark_) {
            ExactSum.Acc acc = all.get(r.getInt(0));
            if (r.isNullAt(4)) {
                assertTrue(acc.isEmpty(), "group " + r.getInt(0));
                continue;
            }
            assertEquals(
                    List.of(r.getLong(1), r.getLong(2), r.getLong(3)),
                    java.util.Arrays.stream(acc.limbs()).boxed().toList(),
                    "limbs of group " + r.getInt(0));
            assertEquals(
                    Double.doubleToRawLongBits(r.getDouble(4)),
                    Double.doubleToRawLongBits(acc.value()),
                    "bits of group " + r.getInt(0));
            ExactSum.Acc merged = new ExactSum.Acc();
            merged.merge(a.getOrDefault(r.getInt(0), new ExactSum.Acc()));
            merged.merge(b.getOrDefault(r.getInt(0), new ExactSum.Acc()));
            assertEquals(
                    Double.doubleToRawLongBits(acc.value()),
                    Double.doubleToRawLongBits(merged.value()),
                    "A merged with B, group " + r.getInt(0));
            assertEquals(acc.count(), merged.count());
        }
    }

    @Test
    void theJavaAccumulatorHasTheBitsOfTheSparkColumnsWhateverTheOrderAndMerges(SparkSession spark) {
        List<Row> rows = new ArrayList<>(rows(11));
        rows.addAll(edgeRows());
        Map<Integer, Double> spark1 = sums(spark.createDataFrame(rows, SCHEMA).repartition(3));
        Map<Integer, ExactSum.Acc> left = new TreeMap<>();
        Map<Integer, ExactSum.Acc> right = new TreeMap<>();
        List<Row> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(3));
        for (int i = 0; i < shuffled.size(); i++) {
            Row r = shuffled.get(i);
            ExactSum.Acc acc = (i % 2 == 0 ? left : right).computeIfAbsent(r.getInt(0), k -> new ExactSum.Acc());
            (i % 2 == 0 ? right : left).computeIfAbsent(r.getInt(0), k -> new ExactSum.Acc());
            if (!r.isNullAt(1)) {
                acc.add(r.getDouble(1));
            }
        }
        Map<Integer, Double> java = new TreeMap<>();
        left.forEach((k, acc) -> java.put(k, acc.merge(right.get(k)).value()));
        assertEquals(spark1.keySet(), java.keySet());
        for (Map.Entry<Integer, Double> e : spark1.entrySet()) {
            Double want = e.getValue();
            Double got = java.get(e.getKey());
            assertEquals(
                    want == null ? null : Double.doubleToRawLongBits(want),
                    got == null ? null : Double.doubleToRawLongBits(got),
                    "group " + e.getKey() + ": " + want + " vs " + got);
        }
        assertNull(new ExactSum.Acc().value(), "nothing added sums to null, as sum() does");
    }
}
