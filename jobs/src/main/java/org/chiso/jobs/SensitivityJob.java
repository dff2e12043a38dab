package org.chiso.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.chiso.analysis.stats.SaltelliDesign;
import org.chiso.analysis.stats.SaltelliDesign.Model;
import org.chiso.analysis.stats.SaltelliDesign.Partial;

/**
 * The Monte Carlo replications of an uncertainty and sensitivity analysis as ONE Spark job: the N rows of Saltelli's
 * design are cut into slices, each task runs its rows (N (d + 2) model runs in all) and returns its exact block sums,
 * and the driver merges them. Rows are seeded by their number, the sums are exact, so the result has the same bits
 * with any number of tasks, on one machine or a cluster, and after a lost task is re-run.
 */
public final class SensitivityJob {
    private SensitivityJob() {}

    /**
     * The merged sums of design rows 0 .. rows - 1.
     *
     * @param tasks the number of slices (0: four per core Spark offers, at most one per 1,000 rows)
     * @param blocks the bootstrap blocks (rows j mod blocks)
     */
    public static Partial sums(SparkSession spark, Model model, long rows, long seed, int blocks, int tasks) {
        if (rows < 2) {
            throw new IllegalArgumentException("the design needs at least 2 rows, got " + rows);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int n = tasks > 0 ? tasks : (int) Math.max(1, Math.min(4L * jsc.defaultParallelism(), rows / 1000));
        List<long[]> slices = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            long from = rows * s / n;
            long to = rows * (s + 1) / n;
            if (to > from) {
                slices.add(new long[] {from, to});
            }
        }
        spark.sparkContext()
                .setJobDescription("uncertainty and sensitivity: " + rows + " design rows, "
                        + rows * (model.factors() + 2) + " model runs in " + slices.size() + " tasks");
        try {
            return jsc.parallelize(slices, slices.size())
                    .map(s -> SaltelliDesign.accumulate(model, seed, s[0], s[1], blocks))
                    .reduce(Partial::merge);
        } finally {
            spark.sparkContext().setJobDescription(null);
        }
    }
}
