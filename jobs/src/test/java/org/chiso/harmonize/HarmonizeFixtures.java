package org.chiso.harmonize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.core.IndexDefinitions;
import org.chiso.core.ProvinceRegistry;
import org.chiso.core.Resources;
import org.chiso.ingest.IngestRun;
import org.chiso.ingest.SourceFile;
import org.chiso.ingest.Validator;
import org.chiso.jobs.IngestJob;

/** Reference tables as Datasets, for harmonisation tests. */
final class HarmonizeFixtures {
    private HarmonizeFixtures() {
    }

    static IngestRun newRun() {
        return new IngestRun(IngestJob.readers(), new Validator(ProvinceRegistry.load(), IndexDefinitions.load()));
    }

    static SourceFile file(Path p) {
        try {
            return new SourceFile(p.toString(), Files.readAllBytes(p), name -> {
                Path s = p.resolveSibling(name);
                return Files.exists(s) ? Optional.of(file(s)) : Optional.empty();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    static List<Map<String, String>> rows(String resource) {
        return Resources.csv(resource);
    }

    static Dataset<Row> single(SparkSession spark, String col, List<String> values) {
        List<Row> rows = new ArrayList<>();
        values.forEach(v -> rows.add(RowFactory.create(v)));
        return spark.createDataFrame(rows, new StructType().add(col, DataTypes.StringType));
    }
}
