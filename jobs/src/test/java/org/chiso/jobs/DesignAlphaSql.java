package org.chiso.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * An independent computation of the design-weighted alphas in Spark SQL, from the survey folders' files (answers,
 * respondents, codebook.csv as text), to check the estimate stage's {@code design_alpha} table: item scores by the
 * codebook's rules in SQL, complete cases by counting, the weighted variances from plain double sums.
 */
final class DesignAlphaSql {
    private DesignAlphaSql() {}

    /** Every items-level alpha of the warehouse equals the SQL one (1e-9), and each TOTAL has one over its parts. */
    static void check(SparkSession spark, String micro, String out, List<String> surveys) throws java.io.IOException {
        for (String s : surveys) {
            String dir = micro + "/" + s;
            spark.read().parquet(dir + "/answers").createOrReplaceTempView("a_" + s.replace('-', '_'));
            spark.read().parquet(dir + "/respondents").createOrReplaceTempView("r_" + s.replace('-', '_'));
            spark.read()
                    .option("header", true)
                    .option("inferSchema", true)
                    .csv(dir + "/codebook.csv")
                    .createOrReplaceTempView("c_" + s.replace('-', '_'));
        }
        StringBuilder union = new StringBuilder();
        for (String s : surveys) {
            String v = s.replace('-', '_');
            if (union.length() > 0) {
                union.append(" UNION ALL ");
            }
            union.append("SELECT a.survey, a.year, a.respondent_id, c.index, c.component, a.item, r.weight,"
                            + " CASE c.rule WHEN 'mean' THEN (x - c.answer_min) / (c.answer_max - c.answer_min)"
                            + " WHEN 'top2' THEN IF(x >= c.answer_max - 1, 1.0, 0.0) ELSE x END AS score FROM (SELECT *,"
                            + " value AS raw FROM a_")
                    .append(v)
                    .append(") a JOIN c_")
                    .append(v)
                    .append(" c ON a.survey = c.survey AND a.item = c.item AND a.year BETWEEN c.year_from AND c.year_to"
                            + " JOIN r_")
                    .append(v)
                    .append(" r ON r.survey = a.survey AND r.year = a.year AND r.respondent_id = a.respondent_id"
                            + " LATERAL VIEW explode(array(IF(c.reverse = 'Y', c.answer_min + c.answer_max - raw, raw)))"
                            + " t AS x");
        }
        spark.sql(union.toString()).createOrReplaceTempView("scores");
        StringBuilder asked = new StringBuilder();
        for (String s : surveys) {
            String v = s.replace('-', '_');
            if (asked.length() > 0) {
                asked.append(" UNION ALL ");
            }
            asked.append("SELECT c.survey, y.year, c.index, c.component, count(*) AS k FROM c_")
                    .append(v)
                    .append(" c JOIN (SELECT DISTINCT year FROM r_")
                    .append(v)
                    .append(") y ON y.year BETWEEN c.year_from AND c.year_to GROUP BY c.survey, y.year, c.index,"
                            + " c.component");
        }
        spark.sql(asked.toString()).createOrReplaceTempView("asked");
        spark.sql("SELECT s.* FROM scores s JOIN (SELECT s.survey, s.year, s.respondent_id, s.index, s.component"
                        + " FROM scores s JOIN asked k USING (survey, year, index, component) GROUP BY s.survey, s.year,"
                        + " s.respondent_id, s.index, s.component HAVING count(*) = max(k.k) AND max(k.k) >= 2) c"
                        + " USING (survey, year, respondent_id, index, component)")
                .createOrReplaceTempView("complete");
        List<Row> sql = spark.sql("WITH items AS (SELECT survey, year, index, component, item,"
                        + " sum(weight) AS sw, sum(weight * score) AS swx, sum(weight * score * score) AS swxx"
                        + " FROM complete GROUP BY survey, year, index, component, item),"
                        + " totals AS (SELECT survey, year, index, component, sum(weight) AS sw, sum(weight * t) AS swt,"
                        + " sum(weight * t * t) AS swtt, count(*) AS n FROM (SELECT survey, year, respondent_id, index,"
                        + " component, first(weight) AS weight, sum(score) AS t FROM complete GROUP BY survey, year,"
                        + " respondent_id, index, component) GROUP BY survey, year, index, component)"
                        + " SELECT t.survey, t.year, t.index, t.component, t.n, count(*) AS k,"
                        + " count(*) / (count(*) - 1.0) * (1 - sum(i.swxx - i.swx * i.swx / i.sw)"
                        + " / first(t.swtt - t.swt * t.swt / t.sw)) AS alpha"
                        + " FROM totals t JOIN items i USING (survey, year, index, component)"
                        + " GROUP BY t.survey, t.year, t.index, t.component, t.n")
                .collectAsList();
        Map<String, Row> mine = new HashMap<>();
        for (Row r : Warehouse.open(spark, out).read(Warehouse.DESIGN_ALPHA).collectAsList()) {
            mine.put(
                    r.getAs("survey") + "|" + r.getAs("year") + "|" + r.getAs("index") + "|" + r.getAs("aggregate")
                            + "|" + r.getAs("items_level"),
                    r);
        }
        assertTrue(sql.size() > 5, "items-level alphas: " + sql.size());
        for (Row q : sql) {
            String key = q.getString(0) + "|" + q.get(1) + "|" + q.getString(2) + "|" + q.getString(3) + "|items";
            Row r = mine.get(key);
            assertTrue(r != null, key + " is missing from design_alpha");
            assertEquals(q.getLong(4), (long) r.getAs("n_complete"), key + ": complete cases");
            assertEquals(q.getLong(5), (long) (int) r.getAs("k"), key + ": items");
            assertEquals(q.getDouble(6), (double) r.getAs("alpha_design"), 1e-9, key);
        }
        long totals = mine.values().stream()
                .filter(r -> "TOTAL".equals(r.getAs("aggregate")))
                .peek(r -> assertTrue((int) r.getAs("k") >= 2 && (long) r.getAs("n_complete") > 0, r.toString()))
                .count();
        assertTrue(totals > 0, "a TOTAL alpha over the components");
        assertEquals(sql.size() + totals, mine.size(), "nothing else in design_alpha");
    }
}
