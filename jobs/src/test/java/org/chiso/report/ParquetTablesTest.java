package org.chiso.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.core.Table;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Driver-side report tables: the Parquet written without Spark and the Java sort are Spark's own. */
@ExtendWith(SparkExtension.class)
class ParquetTablesTest {
    static final StructType SCHEMA = new StructType()
            .add("name", DataTypes.StringType)
            .add("year", DataTypes.IntegerType)
            .add("n", DataTypes.LongType)
            .add("value", DataTypes.DoubleType)
            .add("flag", DataTypes.BooleanType);

    static List<Row> rows() {
        List<Row> r = new ArrayList<>();
        r.add(RowFactory.create("Thừa Thiên Huế", 2023, 19536L, 46.0415, true));
        r.add(RowFactory.create("Huế", 2025, null, Double.NaN, false));
        r.add(RowFactory.create("Hà Nội", 2023, 1L, -0.0, null));
        r.add(RowFactory.create("Hà Nội", 2023, 2L, 0.0, true));
        r.add(RowFactory.create(null, null, 3L, Double.NEGATIVE_INFINITY, false));
        r.add(RowFactory.create("Zeta", 2019, 4L, null, true));
        r.add(RowFactory.create("Ha Noi", 2019, 5L, 1e-300, true));
        r.add(RowFactory.create("𝔸 outside the BMP", 2019, 6L, 2.5, true));
        r.add(RowFactory.create("\uFB01 ligature", 2019, 7L, Double.POSITIVE_INFINITY, false));
        return r;
    }

    @Test
    void writtenParquetReadsBackAsSparkWritesIt(SparkSession spark, @TempDir Path dir) throws Exception {
        String ours = dir.resolve("ours.parquet").toString();
        String theirs = dir.resolve("theirs.parquet").toString();
        ParquetTables.write(spark.sparkContext().hadoopConfiguration(), ours, SCHEMA, rows());
        spark.createDataFrame(rows(), SCHEMA)
                .coalesce(1)
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(theirs);
        Dataset<Row> a = spark.read().parquet(ours);
        Dataset<Row> b = spark.read().parquet(theirs);
        assertEquals(b.schema(), a.schema());
        assertEquals(0, a.exceptAll(b).count());
        assertEquals(0, b.exceptAll(a).count());
        assertEquals(b.collectAsList(), a.collectAsList(), "row order as written");
    }

    @Test
    void javaSortIsSparksOrderByAscNullsFirst(SparkSession spark) {
        for (List<String> keys : List.of(
                List.of("name", "year"),
                List.of("value", "n"),
                List.of("flag", "name", "n"),
                List.of("year", "value", "n"))) {
            Column[] order =
                    keys.stream().map(k -> new Column(k).asc_nulls_first()).toArray(Column[]::new);
            List<Row> spark0 =
                    spark.createDataFrame(rows(), SCHEMA).orderBy(order).collectAsList();
            List<Row> java0 = new Table(SCHEMA, rows())
                    .sorted(keys.toArray(String[]::new))
                    .rows();
            List<String> s = spark0.stream().map(Row::toString).toList();
            List<String> j = java0.stream().map(Row::toString).toList();
            assertEquals(s, j, "order by " + keys); // -0.0 and 0.0 are equal keys to both; NaN last; nulls first
        }
    }
}
