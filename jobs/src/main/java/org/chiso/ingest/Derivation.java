package org.chiso.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.chiso.core.Columns.*;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.chiso.core.ExactSum;

/**
 * Derives dimension and total scores from their parts (a pure stage). A parent is derived for an index,
 * year, province and source only where all its parts of that year are present, as their sum or mean per
 * the definitions, and flagged {@code derived}; its provenance is synthetic if any part is synthetic.
 * Published values are never replaced: where a parent is both published and derivable, the two are
 * compared instead ({@link #checks}).
 */
public final class Derivation {
    private static final List<String> KEY = List.of(INDEX, YEAR, PROVINCE_KEY, COMPONENT, SOURCE);
    /** Levels of nesting in the definitions (sub-dimension -> dimension -> total, plus one for factors). */
    private static final int PASSES = 3;

    private Derivation() {
    }

    /** Scores plus every derivable parent that is not already present. */
    public static Dataset<Row> derive(Dataset<Row> scores, Dataset<Row> structure) {
        Dataset<Row> all = scores;
        for (int i = 0; i < PASSES; i++) {
            Dataset<Row> fresh = candidates(all, structure).join(all.select(KEY.stream().map(Column::new).toArray(Column[]::new)),
                    asSeq(KEY), "left_anti");
            // Cut the lineage each pass: the plan would otherwise grow with every union.
            all = all.unionByName(fresh.select(scores.columns()[0], rest(scores.columns()))).localCheckpoint();
        }
        return all;
    }

    /**
     * Published parents compared with the value derived from their parts: index, structure_version, year,
     * province_key, component, source, published_value, derived_value, difference, and whether the absolute
     * difference is within the tolerance.
     */
    public static Dataset<Row> checks(Dataset<Row> derivedScores, Dataset<Row> structure, double tolerance) {
        Dataset<Row> published = derivedScores.filter(col(DERIVED_FLAG).equalTo(false))
                .select(col(INDEX), col(YEAR), col(PROVINCE_KEY), col(COMPONENT), col(SOURCE), col(VALUE).as(PUBLISHED_VALUE));
        return candidates(derivedScores, structure)
                .select(col(INDEX), col(VERSION), col(YEAR), col(PROVINCE_KEY), col(COMPONENT), col(SOURCE), col(VALUE).as(DERIVED_VALUE))
                .join(published, asSeq(KEY))
                .withColumn(DIFFERENCE, col(PUBLISHED_VALUE).minus(col(DERIVED_VALUE)))
                .withColumn("within_tolerance", abs(col(DIFFERENCE)).leq(lit(tolerance)))
                .select(INDEX, VERSION, YEAR, PROVINCE_KEY, COMPONENT, SOURCE, PUBLISHED_VALUE, DERIVED_VALUE, DIFFERENCE, "within_tolerance");
    }

    /** Every parent computable from a complete set of parts, whether or not it is also present. */
    static Dataset<Row> candidates(Dataset<Row> all, Dataset<Row> structure) {
        Column[] partSum = ExactSum.parts(col(VALUE), "part_sum"); // the same bits on one machine and on a cluster
        Dataset<Row> parts = all.filter(col(PARENT).isNotNull())
                .groupBy(col(INDEX), col(YEAR), col(PROVINCE_KEY), col(BASIS), col(SOURCE), col(PARENT))
                .agg(count(lit(1)).as("part_count"), partSum[0], partSum[1], partSum[2],
                        max(when(col(PROVENANCE).equalTo(SYNTHETIC), 1).otherwise(0)).as("any_synthetic"))
                .withColumn("part_sum", ExactSum.value("part_sum"));
        Dataset<Row> parents = structure.filter(col(AGGREGATION).notEqual("none"))
                .select(col(INDEX), col(YEAR), col(COMPONENT).as(PARENT), col(VERSION), col(PARENT).as("grandparent"),
                        col(LEVEL), col(SCALE_MIN), col(SCALE_MAX), col(AGGREGATION), col(N_PARTS));
        return parts.join(parents, asSeq(List.of(INDEX, YEAR, PARENT)))
                .filter(col("part_count").equalTo(col(N_PARTS)))
                .select(col(INDEX), col(VERSION), col(YEAR), col(PROVINCE_KEY), col(BASIS), col(PARENT).as(COMPONENT),
                        col("grandparent").as(PARENT), col(LEVEL),
                        when(col(AGGREGATION).equalTo("mean"), col("part_sum").divide(col("part_count"))).otherwise(col("part_sum")).as(VALUE),
                        col(SCALE_MIN), col(SCALE_MAX), lit(null).cast("long").as(N), lit(null).cast("double").as(SE),
                        lit(null).cast("double").as(CI_LOW), lit(null).cast("double").as(CI_HIGH), lit(null).cast("double").as(DEFF),
                        when(col("any_synthetic").equalTo(1), lit(SYNTHETIC)).otherwise(lit(PUBLISHED)).as(PROVENANCE),
                        lit(true).as(DERIVED_FLAG), col(SOURCE), lit(null).cast("string").as(FILE), lit(null).cast("int").as(LINE),
                        lit(null).cast("string").as(COLUMN));
    }

    private static String[] rest(String[] columns) {
        return java.util.Arrays.copyOfRange(columns, 1, columns.length);
    }

    static scala.collection.immutable.Seq<String> asSeq(List<String> names) {
        return scala.jdk.javaapi.CollectionConverters.asScala(names).toSeq();
    }
}
