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
     * The merged sums of design rows 0 .. rows - 1 of one model.
     *
     * @param tasks the number of slices (0: four per core Spark offers, at most one per 1,000 rows)
     * @param blocks the bootstrap blocks (rows j mod blocks)
     */
    public static Partial sums(SparkSession spark, Model model, long rows, long seed, int blocks, int tasks) {
        return sums(spark, List.of(model), rows, seed, blocks, tasks).get(0);
    }

    /**
     * The merged sums of design rows 0 .. rows - 1 of each model, all in one Spark job: every task runs a slice of one
     * model's rows (four slices per core Spark offers, shared among the models, unless {@code tasks} says).
     */
    public static List<Partial> sums(
            SparkSession spark, List<? extends Model> models, long rows, long seed, int blocks, int tasks) {
        if (rows < 2) {
            throw new IllegalArgumentException("the design needs at least 2 rows, got " + rows);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int perModel = tasks > 0
                ? tasks
                : (int) Math.max(1, Math.min(Math.max(1, 4L * jsc.defaultParallelism() / models.size()), rows / 1000));
        List<long[]> slices = new ArrayList<>();
        long runs = 0;
        for (int m = 0; m < models.size(); m++) {
            runs += rows * (models.get(m).factors() + 2);
            for (int s = 0; s < perModel; s++) {
                long from = rows * s / perModel;
                long to = rows * (s + 1) / perModel;
                if (to > from) {
                    slices.add(new long[] {m, from, to});
                }
            }
        }
        List<Model> shipped = List.copyOf(models);
        spark.sparkContext()
                .setJobDescription("uncertainty and sensitivity: " + models.size() + " model(s), " + rows
                        + " design rows each, " + runs + " model runs in " + slices.size() + " tasks");
        try {
            List<Partial> parts = jsc.parallelize(slices, slices.size())
                    .map(s -> SaltelliDesign.accumulate(shipped.get((int) s[0]), seed, s[1], s[2], blocks))
                    .collect();
            List<Partial> out = new ArrayList<>();
            for (Model m : shipped) {
                out.add(SaltelliDesign.empty(m, blocks));
            }
            for (int i = 0; i < slices.size(); i++) {
                out.get((int) slices.get(i)[0]).merge(parts.get(i));
            }
            return out;
        } finally {
            spark.sparkContext().setJobDescription(null);
        }
    }
}
