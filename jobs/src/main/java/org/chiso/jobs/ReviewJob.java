package org.chiso.jobs;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.chiso.analysis.Review;
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
    public static final List<String> TABLES =
            List.of("review_audit", "review_winsorisation", "review_alpha", "review_pca", "review_pca_loadings");

    private ReviewJob() {}

    /** Writes the audit of the panels' province cells that the options keep. */
    public static void run(Review.Options o, AnalyzeJob.Panels panels, ReportRun run, Progress progress)
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
        long flagged = r.audit().rows().stream()
                .filter(x -> Boolean.TRUE.equals(x.getAs("outlier")))
                .count();
        progress.done(
                "review",
                String.format(
                        Locale.ROOT,
                        "%d index-version-years, %d components audited (%d flagged as outliers), %d alpha and %d PCA rows",
                        groups.size(),
                        r.audit().rows().size(),
                        flagged,
                        r.alpha().rows().size(),
                        r.pca().rows().size()));
    }

    private static void write(ReportRun run, String name, Table t, String note, String[] key, String... more)
            throws IOException {
        String[] order = new String[key.length + more.length];
        System.arraycopy(key, 0, order, 0, key.length);
        System.arraycopy(more, 0, order, key.length, more.length);
        run.write(name, t, note, order);
    }
}
