package org.chiso.harmonize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.core.ProvinceRegistry;
import org.chiso.core.Resources;

/** The small reference tables harmonisation and estimation join with. */
public final class HarmonizeInputs {
    private HarmonizeInputs() {}

    /** The source priorities of {@code data/definitions/source_priority.csv}, in file order. */
    public static List<Harmonize.Priority> priorities() {
        List<Harmonize.Priority> out = new ArrayList<>();
        for (Map<String, String> r : Resources.csv("/definitions/source_priority.csv")) {
            out.add(new Harmonize.Priority(r.get("index"), r.get("source"), Integer.parseInt(r.get("priority"))));
        }
        return out;
    }

    /** old_key, new_key of the 63 -> 34 crosswalk, as a Dataset for the Spark stages (microdata). */
    public static Dataset<Row> crosswalk(SparkSession spark, ProvinceRegistry registry) {
        List<Row> rows = new ArrayList<>();
        registry.crosswalk().forEach((o, n) -> rows.add(RowFactory.create(o, n)));
        return spark.createDataFrame(
                rows, new StructType().add("old_key", DataTypes.StringType).add("new_key", DataTypes.StringType));
    }

    /** Province key -> weight: 2024 average population (thousand), or 1 for equal weights and as the fallback of respondent counts. */
    public static Map<String, Double> weights(ProvinceRegistry registry, Harmonize.Weights w) {
        Map<String, Double> out = new LinkedHashMap<>();
        registry.population2024().forEach((k, pop) -> out.put(k, w == Harmonize.Weights.EQUAL ? 1.0 : pop));
        return out;
    }
}
