package org.chiso.survey;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.chiso.core.ExactSum;

/**
 * Spark stages from respondent rows to per-PSU sufficient statistics (pure transforms), as Spark columns and
 * joins. The estimate job uses their one-pass form ({@link NestedMicrodata}, with the same rules in plain Java);
 * these stay the reference its tests compare with, and the benchmark's estimation pass. The statistics themselves
 * are computed by {@link TaylorEstimator} on the small per-PSU table; microdata never reaches the driver.
 */
public final class MicrodataStages {
    /** The domain of national estimates. */
    public static final String NATIONAL = "VN";

    private MicrodataStages() {}

    /**
     * Respondent rows with a reason for refusal (null when valid): no respondent id; no survey or year; province key unknown (not in
     * {@code provinces}, a one-column Dataset {@code key}), weight missing, not positive, NaN or infinite, stratum or PSU missing.
     */
    public static Dataset<Row> checkRespondents(Dataset<Row> respondents, Dataset<Row> provinces) {
        Dataset<Row> known = provinces.select(col("key").as("_known"));
        Dataset<Row> j = respondents.join(known, respondents.col("province_key").equalTo(known.col("_known")), "left");
        Column reason = when(col("respondent_id").isNull(), lit("missing_respondent_id"))
                .when(col("survey").isNull().or(col("year").isNull()), lit("missing_survey_or_year"))
                .when(col("_known").isNull(), lit("unknown_province"))
                .when(col("weight").isNull().or(col("weight").leq(0)), lit("weight_not_positive"))
                .when(
                        org.apache
                                .spark
                                .sql
                                .functions
                                .isnan(col("weight"))
                                .or(col("weight").equalTo(lit(Double.POSITIVE_INFINITY))),
                        lit("weight_not_finite"))
                .when(col("stratum").isNull().or(col("psu").isNull()), lit("missing_design_variable"));
        return j.withColumn("reason", reason).drop("_known");
    }

    /**
     * Answer rows with a reason for refusal: no such respondent among the accepted ones, item not in the
     * codebook for that survey and year, value missing or outside the item's answer scale.
     */
    public static Dataset<Row> checkAnswers(
            Dataset<Row> answers, Dataset<Row> acceptedRespondents, Dataset<Row> codebook) {
        Dataset<Row> ids = acceptedRespondents.select(
                col("survey").as("_s"),
                col("year").as("_y"),
                col("respondent_id").as("_r"));
        Dataset<Row> a = answers.join(
                ids,
                answers.col("survey")
                        .equalTo(ids.col("_s"))
                        .and(answers.col("year").equalTo(ids.col("_y")))
                        .and(answers.col("respondent_id").equalTo(ids.col("_r"))),
                "left");
        Dataset<Row> cb = codebook.select(
                col("survey").as("_cs"),
                col("item").as("_ci"),
                col("year_from"),
                col("year_to"),
                col("answer_min"),
                col("answer_max"));
        Dataset<Row> j = a.join(
                cb,
                a.col("survey")
                        .equalTo(cb.col("_cs"))
                        .and(a.col("item").equalTo(cb.col("_ci")))
                        .and(a.col("year").between(cb.col("year_from"), cb.col("year_to"))),
                "left");
        Column reason = when(col("_r").isNull(), lit("unknown_respondent"))
                .when(col("_ci").isNull(), lit("item_not_in_codebook"))
                .when(col("value").isNull(), lit("missing_value"))
                .when(
                        col("value").lt(col("answer_min")).or(col("value").gt(col("answer_max"))),
                        lit("value_out_of_scale"));
        return j.withColumn("reason", reason).select(answers.col("*"), col("reason"));
    }

    /**
     * One score per respondent and component: item scores (mean rule: (v - min)/(max - min); top2: 1 when
     * v is in the top two boxes; binary: v), reversed first where the codebook says so, averaged over the
     * respondent's answered items of the component: {@code score01} on 0-1, reported later on
     * [out_min, out_max] (a linear map, so estimates, SEs and intervals map exactly). {@code proportion}
     * is true when every item of the component is top2 or binary.
     */
    public static Dataset<Row> componentScores(Dataset<Row> answers, Dataset<Row> codebook) {
        Dataset<Row> j = answers.join(
                codebook,
                answers.col("survey")
                        .equalTo(codebook.col("survey"))
                        .and(answers.col("item").equalTo(codebook.col("item")))
                        .and(answers.col("year").between(codebook.col("year_from"), codebook.col("year_to"))));
        Column v = when(
                        col("reverse"),
                        col("answer_min").plus(col("answer_max")).minus(col("value")))
                .otherwise(col("value"));
        Column score = when(
                        col("rule").equalTo("mean"),
                        v.minus(col("answer_min")).divide(col("answer_max").minus(col("answer_min"))))
                .when(
                        col("rule").equalTo("top2"),
                        when(v.geq(col("answer_max").minus(1)), 1.0).otherwise(0.0))
                .otherwise(v);
        return j.select(
                        answers.col("survey"),
                        answers.col("year"),
                        answers.col("respondent_id"),
                        codebook.col("index"),
                        codebook.col("component"),
                        score.as("item_score"),
                        col("out_min"),
                        col("out_max"),
                        when(col("rule").equalTo("mean"), 0).otherwise(1).as("is_prop"))
                .groupBy("survey", "year", "respondent_id", "index", "component")
                .agg(
                        count(col("item_score")).as("_ni"),
                        concat(
                                ExactSum.parts(col("item_score"), "_s"),
                                first("out_min").as("out_min"),
                                first("out_max").as("out_max"),
                                min("is_prop").as("prop")))
                .select(
                        col("survey"),
                        col("year"),
                        col("respondent_id"),
                        col("index"),
                        col("component"),
                        ExactSum.mean("_s", col("_ni")).as("score01"),
                        col("out_min"),
                        col("out_max"),
                        col("prop").equalTo(1).as("proportion"));
    }

    /**
     * Adds a respondent-level TOTAL where the index's total is the sum of its parts ({@code parts}: index,
     * year, component = a part of the TOTAL) and the respondent has a score on every part: y_TOTAL = Σ y_part
     * on the parts' scales, so the estimated total is the design-based mean of the respondent sums (linear,
     * hence equal to the sum of the part means, with its own SE).
     */
    public static Dataset<Row> withTotals(Dataset<Row> componentScores, Dataset<Row> parts) {
        Dataset<Row> p = parts.select(
                col("index").as("_pi"), col("year").as("_py"), col("component").as("_pc"));
        Dataset<Row> n = parts.groupBy(col("index").as("_ni"), col("year").as("_ny"))
                .agg(count(lit(1)).as("_nparts"));
        Dataset<Row> j = componentScores.join(
                p,
                col("index")
                        .equalTo(col("_pi"))
                        .and(col("year").equalTo(col("_py")))
                        .and(col("component").equalTo(col("_pc"))));
        Dataset<Row> totals = j.withColumn(
                        "_y",
                        col("out_min").plus(col("out_max").minus(col("out_min")).multiply(col("score01"))))
                .groupBy("survey", "year", "respondent_id", "index")
                .agg(
                        count(lit(1)).as("_k"),
                        concat(
                                ExactSum.parts(col("_y"), "_sy"),
                                ExactSum.parts(col("out_min"), "_smin"),
                                ExactSum.parts(col("out_max"), "_smax")))
                .join(n, col("index").equalTo(col("_ni")).and(col("year").equalTo(col("_ny"))))
                .filter(col("_k").equalTo(col("_nparts")))
                .select(
                        col("survey"),
                        col("year"),
                        col("respondent_id"),
                        col("index"),
                        lit("TOTAL").as("component"),
                        ExactSum.value("_sy").as("_sy"),
                        ExactSum.value("_smin").as("out_min"),
                        ExactSum.value("_smax").as("out_max"))
                .select(
                        col("survey"),
                        col("year"),
                        col("respondent_id"),
                        col("index"),
                        col("component"),
                        col("_sy")
                                .minus(col("out_min"))
                                .divide(col("out_max").minus(col("out_min")))
                                .as("score01"),
                        col("out_min"),
                        col("out_max"),
                        lit(false).as("proportion"));
        return componentScores.unionByName(totals);
    }

    /**
     * Per survey, year, index, component, domain, stratum and PSU: sum of weights, of w·y, of w·y² (y the
     * 0-1 score) and the respondent count, in one aggregation. The sums are {@link ExactSum}s, so the totals have
     * the same bits whatever the partitioning (one machine or a cluster, re-run tasks included); so do the item
     * means of {@link #componentScores} and the part sums of {@link #withTotals}. Each respondent counts in the domain of every given column
     * (e.g. its province on the 63 and on the 34 basis) and in the national domain {@value #NATIONAL}.
     */
    public static Dataset<Row> psuTotals(Dataset<Row> respondents, Dataset<Row> scores, String... domainColumns) {
        Column[] domains = new Column[domainColumns.length + 1];
        for (int i = 0; i < domainColumns.length; i++) {
            domains[i] = col(domainColumns[i]);
        }
        domains[domainColumns.length] = lit(NATIONAL);
        Dataset<Row> r = respondents.select(
                col("survey").as("_s"),
                col("year").as("_y"),
                col("respondent_id").as("_r"),
                org.apache.spark.sql.functions.array_distinct(array(domains)).as("_d"),
                col("stratum"),
                col("psu"),
                col("weight"));
        Dataset<Row> j = scores.join(
                r,
                scores.col("survey")
                        .equalTo(r.col("_s"))
                        .and(scores.col("year").equalTo(r.col("_y")))
                        .and(scores.col("respondent_id").equalTo(r.col("_r"))));
        return j.withColumn("domain", explode(col("_d")))
                .filter(col("domain").isNotNull())
                .withColumn("wy", col("weight").multiply(col("score01")))
                .groupBy("survey", "year", "index", "component", "domain", "stratum", "psu")
                .agg(
                        count(lit(1)).as("n"),
                        concat(
                                ExactSum.parts(col("weight"), "_w"),
                                ExactSum.parts(col("wy"), "_wy"),
                                ExactSum.parts(col("wy").multiply(col("score01")), "_wyy"),
                                first("out_min").as("out_min"),
                                first("out_max").as("out_max"),
                                max(col("proportion").cast("int")).as("proportion")))
                .select(
                        col("survey"),
                        col("year"),
                        col("index"),
                        col("component"),
                        col("domain"),
                        col("stratum"),
                        col("psu"),
                        ExactSum.value("_w").as("sum_w"),
                        ExactSum.value("_wy").as("sum_wy"),
                        ExactSum.value("_wyy").as("sum_wyy"),
                        col("n"),
                        col("out_min"),
                        col("out_max"),
                        col("proportion"));
    }

    /** The columns as one array (for {@code agg(first, rest...)} with {@link ExactSum#parts} among them). */
    private static Column[] concat(Object... columns) {
        java.util.List<Column> out = new java.util.ArrayList<>();
        for (Object c : columns) {
            if (c instanceof Column[] many) {
                out.addAll(java.util.Arrays.asList(many));
            } else {
                out.add((Column) c);
            }
        }
        return out.toArray(new Column[0]);
    }

    /** Per survey, year and stratum: the number of PSUs in the whole design and the fpc (first non-null). */
    public static Dataset<Row> strata(Dataset<Row> respondents) {
        return respondents
                .groupBy("survey", "year", "stratum")
                .agg(
                        countDistinct("psu").as("psu_count"),
                        first(coalesce(col("fpc"), lit(null).cast("double")), true)
                                .as("fpc"));
    }
}
