package org.chiso.harmonize;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.core.ProvinceRegistry;

/** Reference tables as Datasets, for harmonisation tests. */
final class HarmonizeFixtures {
    private HarmonizeFixtures() {
    }

    static Dataset<Row> priorities(SparkSession spark) {
        return HarmonizeInputs.priorities(spark);
    }

    static Dataset<Row> crosswalk(SparkSession spark) {
        return HarmonizeInputs.crosswalk(spark, ProvinceRegistry.load());
    }

    static Dataset<Row> population(SparkSession spark) {
        return HarmonizeInputs.weights(spark, ProvinceRegistry.load(), Harmonize.Weights.POPULATION);
    }
}
