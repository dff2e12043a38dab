package org.chiso.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.upper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.analysis.Review;
import org.chiso.analysis.ReviewRanks;
import org.chiso.analysis.stats.IndexUncertainty;
import org.chiso.analysis.stats.SaltelliDesign;
import org.chiso.core.Columns;
import org.chiso.core.IndexDefinitions;
import org.chiso.core.ProvinceRegistry;
import org.chiso.core.Table;
import org.chiso.io.Progress;
import org.chiso.report.ReportRun;

/**
 * The methodology review of the harmonised panels into a report run: the statistical audit (review_audit,
 * review_winsorisation, review_alpha, review_pca, review_pca_loadings). Plain Java on the driver: the panels are a few
 * thousand rows.
 */
public final class ReviewJob {
    /** The audit's tables, in the order they are written; later parts of a review add theirs after them. */
    public static final List<String> TABLES = List.of(
            "review_audit",
            "review_winsorisation",
            "review_alpha",
            "review_alpha_design",
            "review_pca",
            "review_pca_loadings",
            "review_whatif",
            "review_whatif_summary",
            "review_uncertainty",
            "review_sensitivity",
            "review_rank_sets");

    private ReviewJob() {}

    /** Writes the audit of the panels' province cells that the options keep. */
    public static void run(
            SparkSession spark,
            Review.Options o,
            AnalyzeJob.Panels panels,
            Warehouse w,
            ReportRun run,
            Progress progress)
            throws IOException {
        progress.stage(
                "review",
                "statistical audit"
                        + (o.index() == null ? "" : " of " + o.index().toUpperCase(Locale.ROOT))
                        + (o.year() == null ? "" : " in " + o.year()) + ": shape, outliers, winsorisation, "
                        + "correlations, Cronbach's alpha (" + o.bootstrap() + " bootstrap replicates), PCA");
        IndexDefinitions defs = IndexDefinitions.load();
        List<Review.Group> groups = Review.groups(panels.onBasis(), defs, ProvinceRegistry.load(), o);
        Review.Result r = Review.audit(groups, defs, o);
        String[] key = {"basis", "index", "version", "year"};
        write(
                run,
                "review_audit",
                r.audit(),
                "per basis, index, structure version, year and component: n, missing "
                        + "share, mean, sd, min, max, skewness, kurtosis, outlier flag, COINr winsorisation, correlations with "
                        + "parent and total",
                key,
                "component");
        write(
                run,
                "review_winsorisation",
                r.winsorisation(),
                "each point COINr's winsorisation moved, step by step",
                key,
                "component",
                "step",
                "province_key");
        write(
                run,
                "review_alpha",
                r.alpha(),
                "Cronbach's alpha (raw and standardised) of each aggregate's parts "
                        + "(children) and indicators (leaves), with percentile bootstrap intervals",
                key,
                "aggregate",
                "items_level");
        long designAlphas = designAlpha(o, w, run);
        write(
                run,
                "review_pca",
                r.pca(),
                "principal components of each aggregate's parts: eigenvalues and shares of " + "variance",
                key,
                "aggregate",
                "items_level",
                "pc");
        write(
                run,
                "review_pca_loadings",
                r.loadings(),
                "first-component rotation and loadings of each aggregate's " + "parts",
                key,
                "aggregate",
                "items_level",
                "item");
        ranks(spark, o, groups, panels, run, progress);
        long flagged = r.audit().rows().stream()
                .filter(x -> Boolean.TRUE.equals(x.getAs("outlier")))
                .count();
        progress.done(
                "review",
                String.format(
                        Locale.ROOT,
                        "%d index-version-years, %d components audited (%d flagged as outliers), %d alpha (%d from"
                                + " microdata) and %d PCA rows",
                        groups.size(),
                        r.audit().rows().size(),
                        flagged,
                        r.alpha().rows().size(),
                        designAlphas,
                        r.pca().rows().size()));
    }

    /**
     * The design-weighted alphas of the microdata (as {@code survey::svycralpha}), which the estimate stage computed in
     * its scan ({@link Warehouse#DESIGN_ALPHA}), for the index and year the options keep; none without microdata.
     */
    private static long designAlpha(Review.Options o, Warehouse w, ReportRun run) throws IOException {
        if (w == null || !w.has(Warehouse.DESIGN_ALPHA)) {
            return 0;
        }
        Dataset<Row> d = w.read(Warehouse.DESIGN_ALPHA);
        if (o.index() != null) {
            d = d.filter(upper(col(Columns.INDEX)).equalTo(o.index().toUpperCase(Locale.ROOT)));
        }
        if (o.year() != null) {
            d = d.filter(col(Columns.YEAR).equalTo(o.year()));
        }
        return run.write(
                "review_alpha_design",
                d,
                "design-weighted Cronbach's alpha of each survey component's items (0-1 item scores) and of each"
                        + " TOTAL's components, over the complete cases of the year's microdata, as survey::svycralpha",
                "survey",
                Columns.YEAR,
                Columns.INDEX,
                "items_level",
                "aggregate");
    }

    /** What-if, uncertainty and sensitivity (one Spark job over every case's design) and the rank sets. */
    private static void ranks(
            SparkSession spark,
            Review.Options o,
            List<Review.Group> groups,
            AnalyzeJob.Panels panels,
            ReportRun run,
            Progress progress)
            throws IOException {
        ReviewRanks.Options ro = o.ranks();
        List<Row> rows = new ArrayList<>(panels.rows63());
        rows.addAll(panels.rows34());
        List<ReviewRanks.Case> cases = ReviewRanks.cases(groups, ReviewRanks.standardErrors(rows), o.year());
        String[] key = {"basis", "index", "version", "year"};
        Table[] whatIf = ReviewRanks.whatIf(cases, o.weights());
        write(
                run,
                "review_whatif",
                whatIf[0],
                "each province's score and rank under every recipe (imputation x"
                        + " normalisation x weights x aggregation) and its shift against the published rank",
                key,
                "recipe",
                "province_key");
        write(
                run,
                "review_whatif_summary",
                whatIf[1],
                "per recipe: provinces ranked and moved, mean and largest"
                        + " absolute rank shift against the published ranking",
                key,
                "recipe");
        List<IndexUncertainty> models = new ArrayList<>();
        long runs = 0;
        for (ReviewRanks.Case c : cases) {
            IndexUncertainty m = ReviewRanks.model(c, ro);
            models.add(m);
            runs += (long) ro.rows() * (m.factors() + 2);
        }
        progress.line(String.format(
                Locale.ROOT,
                "[review] uncertainty and sensitivity: %d index-years, N = %,d, %,d"
                        + " runs of the index in one Spark job",
                cases.size(),
                ro.rows(),
                runs));
        List<SaltelliDesign.Result> results = new ArrayList<>();
        if (!models.isEmpty()) {
            List<SaltelliDesign.Partial> sums =
                    SensitivityJob.sums(spark, models, ro.rows(), ro.seed(), ro.blocks(), 0);
            for (SaltelliDesign.Partial p : sums) {
                results.add(SaltelliDesign.finish(p, ro.bootstrap(), 0.95, ro.seed(), ro.top()));
            }
        }
        Table[] unc = ReviewRanks.uncertainty(cases, results, ro);
        write(
                run,
                "review_uncertainty",
                unc[0],
                "each province's rank over the Monte Carlo runs (A and B of"
                        + " Saltelli's design): median, 5th and 95th percentile (R type 7), share of runs in the top",
                key,
                "province_key");
        write(
                run,
                "review_sensitivity",
                unc[1],
                "Sobol first-order (Saltelli 2010) and total-order (Jansen)"
                        + " indices of each uncertain choice, for each province's rank and the mean absolute rank shift, with"
                        + " block-bootstrap 95% intervals",
                key,
                "output",
                "factor");
        write(
                run,
                "review_rank_sets",
                ReviewRanks.rankSets(cases, ro),
                "95% confidence sets for the ranks of the"
                        + " TOTAL (csranks: marginal and simultaneous, step-down; tau-best and tau-worst) where every ranked"
                        + " province has a standard error",
                key,
                "province_key");
    }

    private static void write(ReportRun run, String name, Table t, String note, String[] key, String... more)
            throws IOException {
        String[] order = new String[key.length + more.length];
        System.arraycopy(key, 0, order, 0, key.length);
        System.arraycopy(more, 0, order, key.length, more.length);
        run.write(name, t, note, order);
    }
}
