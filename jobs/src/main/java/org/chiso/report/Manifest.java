package org.chiso.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.io.Fs;

/**
 * The run's {@code manifest.json}: inputs (path, size, SHA-256), parameters and seeds, the convention of
 * each statistic, versions (workbench, Spark, Java), row counts per table, start and end times.
 */
public final class Manifest {
    /** The workbench version, from the jar manifest (or "dev" when run from classes). */
    public static String version() {
        String v = Manifest.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }

    /** The conventions each statistic follows (METHODS.md), by table. */
    public static final Map<String, String> CONVENTIONS = Map.ofEntries(
            Map.entry(
                    "estimates",
                    "R survey 4.x: svydesign(ids=~psu, strata=~stratum, weights=~weight, nest=TRUE[, fpc]); svyby(svymean) domain "
                            + "estimates (province as a subpopulation of the whole design); Taylor linearisation, with-replacement ultimate-cluster variance "
                            + "(fpc = the equal-probability correction 1-n/N where the design has no psu_prob); where the microdata carry the PSUs' "
                            + "inclusion probabilities (psu_prob), the --pps variance, named per row in variance_method: with-replacement (default) "
                            + "or R svydesign(fpc=~psu_prob, pps='brewer'|'overton'|HR()), with the second stage on the PSUs' SSUs (ssu column; "
                            + "else respondents) as R svydesign(ids=~psu+ssu, fpc=~psu_prob+0, pps='brewer'); "
                            + "interval as configured (normal = confint(svymean); t with design df; t_domain/logit with the domain's df, "
                            + "Satterthwaite's over the two stages for a PPS variance with a second stage; logit = svyciprop 'logit'); deff as configured "
                            + "(replace = svymean(deff='replace'))"),
            Map.entry(
                    "correlations",
                    "R cor.test (pearson: t on n-2 df, Fisher-z CI; spearman: average ranks, AS 89; kendall: tau-b, exact or "
                            + "tie-corrected normal); pairwise complete; p.adjust(method='BH') within basis x scope x method"),
            Map.entry(
                    "trends",
                    "R lm(y ~ year): slope, SE, t on n-2 df, confint, R^2; Theil-Sen median pairwise slope; Mann-Kendall S, tie-corrected "
                            + "Var(S), Z = (S - sgn S)/sqrt(Var S); slope_rank within basis x index x component x segment "
                            + "(1 = steepest rise, ties share the better rank) for trends of at least 5 years only"),
            Map.entry(
                    "panel_regression",
                    "within estimator; CR1 clustered by province: G/(G-1)(n-1)/(n-K), K counting absorbed effects except those "
                            + "nested in the cluster (fixest 'nested'); t on G-1 df (fixest). linearmodels PanelOLS omits (n-1)/(n-K) by default"),
            Map.entry(
                    "convergence",
                    "beta: OLS of (y_T - y_0)/T on y_0, speed lambda = -ln(1 + beta T)/T; sigma: sample SD (n-1), population SD (n), "
                            + "CV = sample SD / mean"),
            Map.entry(
                    "rank_mobility",
                    "ranks descending (1 = best, ties averaged); Spearman and Kendall tau-b between consecutive years (R cor.test)"),
            Map.entry(
                    "clusters",
                    "z-scores with sample SD; k-means (Spark MLlib KMeans, k-means||, seeded restarts; computed in plain Java "
                            + "with MLlib's routines, or by MLlib itself with --cluster-engine MLLIB: see parameters.cluster_engine), k in 2..8 by average silhouette with EUCLIDEAN "
                            + "distance (as R cluster::silhouette, not Spark's squared default); bootstrap mean Jaccard (fpc::clusterboot reading); labels "
                            + "ordered by centroid, aligned across years by Hungarian matching"),
            Map.entry("review_audit", org.chiso.analysis.Review.AUDIT_CONVENTION),
            Map.entry("review_winsorisation", org.chiso.analysis.Review.WINSORISATION_CONVENTION),
            Map.entry("review_alpha", org.chiso.analysis.Review.ALPHA_CONVENTION),
            Map.entry("review_alpha_design", org.chiso.survey.DesignAlpha.CONVENTION),
            Map.entry("review_pca", org.chiso.analysis.Review.PCA_CONVENTION),
            Map.entry("review_pca_loadings", org.chiso.analysis.Review.PCA_CONVENTION),
            Map.entry("review_whatif", org.chiso.analysis.ReviewRanks.WHATIF_CONVENTION),
            Map.entry("review_whatif_summary", org.chiso.analysis.ReviewRanks.WHATIF_CONVENTION),
            Map.entry("review_uncertainty", org.chiso.analysis.ReviewRanks.UNCERTAINTY_CONVENTION),
            Map.entry("review_sensitivity", org.chiso.analysis.ReviewRanks.SENSITIVITY_CONVENTION),
            Map.entry("review_rank_sets", org.chiso.analysis.ReviewRanks.RANK_SETS_CONVENTION),
            Map.entry(
                    "panel_34",
                    "63 -> 34 harmonisation: unchanged provinces copied; merged ones weighted means of predecessors (population 2024 by "
                            + "default), or re-estimated from microdata on the new province"));

    private Manifest() {}

    /** Writes {@code manifest.json} into the run folder. */
    public static void write(
            Fs fs,
            SparkSession spark,
            ReportRun run,
            Instant started,
            Instant ended,
            Map<String, Object> parameters,
            List<Row> inputs,
            List<String> warnings)
            throws IOException {
        ObjectMapper m = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        ObjectNode root = m.createObjectNode();
        root.put("run_id", run.id());
        root.put("started", started.toString());
        root.put("ended", ended.toString());
        ObjectNode versions = root.putObject("versions");
        versions.put("workbench", version());
        versions.put("spark", spark.version());
        versions.put("java", System.getProperty("java.version"));
        versions.put("scala", scala.util.Properties.versionNumberString());
        java.util.Map<String, Object> p = new java.util.TreeMap<>(parameters);
        // the warehouse state the run read (commit, run, Delta version of each table): what --as-of reproduces
        Object warehouse = p.remove("warehouse");
        root.set("parameters", m.valueToTree(p));
        if (warehouse != null) {
            root.set("warehouse", m.valueToTree(warehouse));
        }
        ArrayNode in = root.putArray("inputs");
        for (Row r : inputs) {
            ObjectNode f = in.addObject();
            f.put("path", r.getString(0));
            f.put("bytes", r.getLong(1));
            f.put("sha256", r.getString(2));
            f.put("reader", r.getString(3));
            f.put("status", r.getString(4));
        }
        ObjectNode tables = root.putObject("tables");
        run.rowCounts().forEach((name, rows) -> {
            ObjectNode t = tables.putObject(name);
            t.put("rows", rows);
            t.put("parquet", "tables/" + name + ".parquet");
            t.put("csv", "tables/" + name + ".csv");
            t.put("about", run.tableNotes().get(name));
        });
        root.set("conventions", m.valueToTree(new java.util.TreeMap<>(CONVENTIONS)));
        ArrayNode warn = root.putArray("warnings");
        warnings.forEach(warn::add);
        fs.writeText(run.path("manifest.json"), m.writeValueAsString(root) + "\n");
    }
}
