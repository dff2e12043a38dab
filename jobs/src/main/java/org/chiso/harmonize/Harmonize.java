package org.chiso.harmonize;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.chiso.core.Columns.*;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.chiso.core.ExactSum;

/**
 * Harmonisation of the score panels across the 1 July 2025 merger (pure stages).
 *
 * <p>{@link #panel63}: one value per index, year, VN63 province and component, chosen among sources by
 * priority: published before derived before estimated before synthetic, then by the source priority of
 * {@code data/definitions/source_priority.csv}, then by source name.
 *
 * <p>{@link #panel34}: the same on the 34 new provinces. Years on the 34 basis (2025 on) are taken as
 * they are. Earlier years: a new province with a single predecessor (unchanged) copies its value exactly;
 * estimates re-estimated from microdata directly on the new province are taken as they are; otherwise the
 * predecessors' values are averaged with weights (2024 average population by default; respondent counts
 * or equal weights on request), SE combined as sqrt(Σ w²·se²)/Σ w assuming independent predecessors.
 * Rule for partial coverage: when some predecessors have no value, the cell is computed from those that
 * do, marked {@code partial = true} with {@code coverage} = their weight share, and analyses use only
 * complete cells.
 */
public final class Harmonize {
    /** Weights for aggregating predecessors. */
    public enum Weights {
        POPULATION("population-weighted mean of predecessors (2024 average population)"),
        RESPONDENTS("respondent-count-weighted mean of predecessors"),
        EQUAL("equal-weighted mean of predecessors");

        private final String method;

        Weights(String method) {
            this.method = method;
        }

        public String method() {
            return method;
        }
    }

    public static final String METHOD = "method";
    public static final String PARTIAL = "partial";
    public static final String COVERAGE = "coverage";
    public static final String PREDECESSORS = "predecessors";
    public static final String PRIORITY = "priority";
    static final String COPIED = "copied (unchanged province)";
    static final String AS_PUBLISHED = "as in the source";
    static final String REESTIMATED = "re-estimated from microdata on the new province";

    private Harmonize() {
    }

    /** Rank of a provenance: lower is preferred. */
    static Column provenanceRank() {
        return when(col(PROVENANCE).equalTo(PUBLISHED).and(col(DERIVED_FLAG).equalTo(false)), 0)
                .when(col(PROVENANCE).equalTo(PUBLISHED), 1)
                .when(col(PROVENANCE).equalTo(ESTIMATED), 2)
                .otherwise(3);
    }

    /**
     * The preferred row per index, year, province key and component among all sources of {@code scores};
     * {@code priorities} has columns index, source, priority.
     */
    public static Dataset<Row> preferred(Dataset<Row> scores, Dataset<Row> priorities) {
        Dataset<Row> p = priorities.select(col(INDEX).as("_pi"), col(SOURCE).as("_ps"), col(PRIORITY));
        Dataset<Row> real = scores.filter(col(BASIS).notEqual("NATIONAL")).groupBy(col(INDEX).as("_ri"), col(YEAR).as("_ry"))
                .agg(countDistinct(when(col(PROVENANCE).notEqual(SYNTHETIC), col(PROVINCE_KEY))).as("_real"),
                        countDistinct(col(PROVINCE_KEY)).as("_all"))
                .filter(col("_real").multiply(2).geq(col("_all"))).select("_ri", "_ry");
        Dataset<Row> kept = scores.filter(col(VALUE).isNotNull())
                .join(real, scores.col(INDEX).equalTo(col("_ri")).and(scores.col(YEAR).equalTo(col("_ry"))), "left")
                .filter(col(PROVENANCE).notEqual(SYNTHETIC).or(col("_ri").isNull())).drop("_ri", "_ry");
        Dataset<Row> j = kept
                .join(p, kept.col(INDEX).equalTo(p.col("_pi")).and(kept.col(SOURCE).startsWith(p.col("_ps"))), "left")
                .withColumn(PRIORITY, coalesce(col(PRIORITY), lit(50)));
        return j.withColumn("_rank", row_number().over(Window.partitionBy(INDEX, YEAR, PROVINCE_KEY, COMPONENT)
                        .orderBy(provenanceRank(), col(PRIORITY), col(SOURCE))))
                .filter(col("_rank").equalTo(1)).drop("_rank", "_pi", "_ps", PRIORITY);
    }

    /** The 63-province panel (years to mid-2025), national rows included. */
    public static Dataset<Row> panel63(Dataset<Row> preferred) {
        return preferred.filter(col(BASIS).isin("VN63", "NATIONAL"))
                .select(col(INDEX), col(VERSION), col(YEAR), col(BASIS), col(PROVINCE_KEY), col(COMPONENT), col(LEVEL), col(VALUE),
                        col(SE), col(N), col(PROVENANCE), col(DERIVED_FLAG), col(SOURCE), lit(AS_PUBLISHED).as(METHOD),
                        lit(false).as(PARTIAL), lit(1.0).as(COVERAGE), lit(null).cast("string").as(PREDECESSORS));
    }

    /**
     * The 34-province panel. {@code crosswalk} has old_key, new_key; {@code weights} has province_key and
     * weight (population, or equal 1.0); for {@link Weights#RESPONDENTS} the rows' own {@code n} is used
     * where present, else the given weight.
     */
    public static Dataset<Row> panel34(Dataset<Row> preferred, Dataset<Row> crosswalk, Dataset<Row> weights, Weights method) {
        Dataset<Row> direct = preferred.filter(col(BASIS).equalTo("VN34"))
                .select(col(INDEX), col(VERSION), col(YEAR), col(BASIS), col(PROVINCE_KEY), col(COMPONENT), col(LEVEL), col(VALUE),
                        col(SE), col(N), col(PROVENANCE), col(DERIVED_FLAG), col(SOURCE),
                        when(col(SOURCE).startsWith("estimated from "), lit(REESTIMATED)).otherwise(lit(AS_PUBLISHED)).as(METHOD),
                        lit(false).as(PARTIAL), lit(1.0).as(COVERAGE), lit(null).cast("string").as(PREDECESSORS));
        Dataset<Row> cw = crosswalk.select(col("old_key"), col("new_key"));
        Dataset<Row> sizes = cw.groupBy("new_key").agg(count(lit(1)).as("_parts"));
        Dataset<Row> w = weights.select(col(PROVINCE_KEY).as("_wk"), col("weight").as("_w0"));
        Column[] wTotal = ExactSum.parts(col("_w0"), "_wtotal");
        Dataset<Row> totalW = cw.join(w, cw.col("old_key").equalTo(w.col("_wk"))).groupBy("new_key")
                .agg(wTotal[0], wTotal[1], wTotal[2])
                .select(col("new_key"), ExactSum.value("_wtotal").as("_wtotal"));
        Dataset<Row> old = preferred.filter(col(BASIS).equalTo("VN63"))
                .join(cw, col(PROVINCE_KEY).equalTo(cw.col("old_key")))
                .join(w, col(PROVINCE_KEY).equalTo(w.col("_wk")));
        // Where the microdata were re-estimated on the new province, that estimate wins over aggregation.
        Dataset<Row> reestimated = direct.filter(col(METHOD).equalTo(REESTIMATED)).select(col(INDEX).as("_ri"), col(YEAR).as("_ry"),
                col(PROVINCE_KEY).as("_rk"), col(COMPONENT).as("_rc"));
        Column weight = method == Weights.RESPONDENTS ? coalesce(col(N).cast("double"), col("_w0")) : col("_w0");
        // Weighted sums as ExactSums: the same bits whatever the partitioning (one machine or a cluster).
        List<Column> aggs = new ArrayList<>(List.of(first(VERSION).as(VERSION), first(LEVEL).as(LEVEL), first(VALUE).as("_first"),
                count(col(SE)).as("_nse"), sum(N).as(N), count(lit(1)).as("_present"),
                max(when(col(PROVENANCE).equalTo(SYNTHETIC), 3).when(col(PROVENANCE).equalTo(ESTIMATED), 2)
                        .when(col(DERIVED_FLAG), 1).otherwise(0)).as("_prov"),
                min(DERIVED_FLAG).as("_allDerived"),
                concat_ws("; ", sort_array(collect_list(SOURCE))).as("_sources"),
                concat_ws(",", sort_array(collect_list(PROVINCE_KEY))).as(PREDECESSORS)));
        aggs.addAll(List.of(ExactSum.parts(col("_w").multiply(col(VALUE)), "_swv")));
        aggs.addAll(List.of(ExactSum.parts(col("_w"), "_sw")));
        aggs.addAll(List.of(ExactSum.parts(col("_w").multiply(col("_w")).multiply(col(SE)).multiply(col(SE)), "_sw2se2")));
        aggs.addAll(List.of(ExactSum.parts(col("_w0"), "_w0present")));
        Dataset<Row> agg = old.withColumn("_w", weight)
                .groupBy(col(INDEX), col(YEAR), col("new_key"), col(COMPONENT))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]))
                .withColumn("_swv", ExactSum.value("_swv")).withColumn("_sw", ExactSum.value("_sw"))
                .withColumn("_sw2se2", ExactSum.value("_sw2se2")).withColumn("_w0present", ExactSum.value("_w0present"))
                .join(sizes, "new_key").join(totalW, "new_key");
        Dataset<Row> harmonized = agg.select(col(INDEX), col(VERSION), col(YEAR), lit("VN34").as(BASIS), col("new_key").as(PROVINCE_KEY),
                col(COMPONENT), col(LEVEL),
                when(col("_parts").equalTo(1), col("_first")).otherwise(col("_swv").divide(col("_sw"))).as(VALUE),
                when(col("_nse").equalTo(col("_present")), sqrt(col("_sw2se2")).divide(col("_sw"))).as(SE), col(N),
                when(col("_prov").equalTo(3), lit(SYNTHETIC)).when(col("_prov").equalTo(2), lit(ESTIMATED)).otherwise(lit(HARMONIZED)).as(PROVENANCE),
                col("_allDerived").as(DERIVED_FLAG), col("_sources").as(SOURCE),
                when(col("_parts").equalTo(1), lit(COPIED)).otherwise(lit(method.method())).as(METHOD),
                col("_present").lt(col("_parts")).as(PARTIAL), col("_w0present").divide(col("_wtotal")).as(COVERAGE), col(PREDECESSORS));
        harmonized = harmonized.join(reestimated, harmonized.col(INDEX).equalTo(col("_ri")).and(harmonized.col(YEAR).equalTo(col("_ry")))
                .and(harmonized.col(PROVINCE_KEY).equalTo(col("_rk"))).and(harmonized.col(COMPONENT).equalTo(col("_rc"))), "left_anti");
        Dataset<Row> national = preferred.filter(col(BASIS).equalTo("NATIONAL"))
                .select(col(INDEX), col(VERSION), col(YEAR), col(BASIS), col(PROVINCE_KEY), col(COMPONENT), col(LEVEL), col(VALUE),
                        col(SE), col(N), col(PROVENANCE), col(DERIVED_FLAG), col(SOURCE), lit(AS_PUBLISHED).as(METHOD),
                        lit(false).as(PARTIAL), lit(1.0).as(COVERAGE), lit(null).cast("string").as(PREDECESSORS));
        return direct.unionByName(harmonized).unionByName(national);
    }
}
