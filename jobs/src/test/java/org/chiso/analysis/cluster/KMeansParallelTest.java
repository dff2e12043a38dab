package org.chiso.analysis.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The plain-Java k-means|| gives Spark MLlib's KMeans centres bit for bit (one partition, as the MLlib engine fits). */
@ExtendWith(SparkExtension.class)
class KMeansParallelTest {
    static final StructType POINTS = new StructType().add("features", new VectorUDT(), false);

    @Test
    void centresAreMllibsBitForBit(SparkSession spark) {
        SplittableRandom rnd = new SplittableRandom(7);
        // structureless uniform data (many candidates, local k-means++ decides) and a planted panel
        double[][] uniform = new double[63][3];
        for (double[] row : uniform) {
            for (int c = 0; c < row.length; c++) {
                row[c] = rnd.nextDouble() * 4 - 2;
            }
        }
        double[][] planted = new PlantedPanel(new int[] {2020}, ProvinceClusteringTest.MEANS, 60, 1.5, Map.of(), 3)
                .yearData()
                .get(0)
                .x();
        int fits = 0;
        for (double[][] x : List.of(uniform, planted)) {
            List<Row> rows = new ArrayList<>();
            for (double[] row : x) {
                rows.add(RowFactory.create(Vectors.dense(row)));
            }
            Dataset<Row> df = spark.createDataFrame(rows, POINTS).coalesce(1).cache();
            for (int k : new int[] {2, 5, 8}) {
                for (long seed : new long[] {20240601L, -3L}) {
                    org.apache.spark.ml.linalg.Vector[] expected = new KMeans()
                            .setK(k)
                            .setMaxIter(100)
                            .setSeed(seed)
                            .setFeaturesCol("features")
                            .fit(df)
                            .clusterCenters();
                    double[][] found = KMeansParallel.centres(x, k, 100, seed);
                    assertEquals(expected.length, found.length, "k=" + k + " seed=" + seed);
                    for (int j = 0; j < found.length; j++) {
                        assertArrayEquals(
                                expected[j].toArray(), found[j], 0.0, "centre " + j + " of k=" + k + " seed=" + seed);
                    }
                    fits++;
                }
            }
            df.unpersist();
        }
        assertEquals(12, fits);
    }
}
