package org.chiso.harmonize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.core.Columns;
import org.chiso.core.ProvinceRegistry;
import org.chiso.core.Resources;

/** The small reference tables harmonisation joins with, as Datasets. */
public final class HarmonizeInputs {
    private HarmonizeInputs() {
    }

    /** index, source, priority from {@code data/definitions/source_priority.csv}. */
    public static Dataset<Row> priorities(SparkSession spark) {
        List<Row> rows = new ArrayList<>();
        for (Map<String, String> r : Resources.csv("/definitions/source_priority.csv")) {
            rows.add(RowFactory.create(r.get("index"), r.get("source"), Integer.parseInt(r.get("priority"))));
        }
        return spark.createDataFrame(rows, new StructType().add(Columns.INDEX, DataTypes.StringType)
                .add(Columns.SOURCE, DataTypes.StringType).add(Harmonize.PRIORITY, DataTypes.IntegerType));
    }

    /** old_key, new_key of the 63 -> 34 crosswalk. */
    public static Dataset<Row> crosswalk(SparkSession spark, ProvinceRegistry registry) {
        List<Row> rows = new ArrayList<>();
        registry.crosswalk().forEach((o, n) -> rows.add(RowFactory.create(o, n)));
        return spark.createDataFrame(rows, new StructType().add("old_key", DataTypes.StringType).add("new_key", DataTypes.StringType));
    }

    /** province_key, weight: 2024 average population (thousand), or 1 for equal weights and as the fallback of respondent counts. */
    public static Dataset<Row> weights(SparkSession spark, ProvinceRegistry registry, Harmonize.Weights w) {
        List<Row> rows = new ArrayList<>();
        registry.population2024().forEach((k, pop) -> rows.add(RowFactory.create(k, w == Harmonize.Weights.EQUAL ? 1.0 : pop)));
        return spark.createDataFrame(rows, new StructType().add(Columns.PROVINCE_KEY, DataTypes.StringType).add("weight", DataTypes.DoubleType));
    }
}
