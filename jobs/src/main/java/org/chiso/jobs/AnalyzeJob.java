package org.chiso.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.analysis.Analyses;
import org.chiso.analysis.CovariateTerms;
import org.chiso.analysis.FeatureSets;
import org.chiso.analysis.Panel;
import org.chiso.analysis.cluster.ProvinceClustering;
import org.chiso.core.Columns;
import org.chiso.core.ProvinceRegistry;
import org.chiso.core.Table;
import org.chiso.harmonize.Harmonize;
import org.chiso.harmonize.HarmonizeInputs;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.report.ReportRun;

/**
 * Harmonisation and the analyses, from the warehouse into a report run: panel_63, panel_34, correlations,
 * clusters, cluster_profiles, cluster_quality, cluster_transitions, trends, panel_regression, convergence,
 * rank_mobility, plus the warehouse summaries a reader needs (coverage, rejects, estimates with
 * small cells suppressed).
 */
public final class AnalyzeJob {
    /** Options of the analyses. */
    public record Options(
            String out,
            Harmonize.Weights weights,
            boolean analyses,
            int minRespondents,
            long seed,
            ProvinceClustering.Engine clusterEngine,
            List<String> covariates) {
        /** {@code covariates}: the covariate terms of the panel regressions ({@link CovariateTerms}; empty: none). */
        public Options {
            covariates = covariates == null ? List.of() : List.copyOf(covariates);
        }

        /** Options without covariates. */
        public Options(
                String out,
                Harmonize.Weights weights,
                boolean analyses,
                int minRespondents,
                long seed,
                ProvinceClustering.Engine clusterEngine) {
            this(out, weights, analyses, minRespondents, seed, clusterEngine, List.of());
        }

        /** Options with the default (plain-Java) clustering engine. */
        public Options(String out, Harmonize.Weights weights, boolean analyses, int minRespondents, long seed) {
            this(out, weights, analyses, minRespondents, seed, ProvinceClustering.Engine.PLAIN);
        }
    }

    /** k-means fits per k (seeded restarts). */
    static final int CLUSTER_RESTARTS = 3;

    private AnalyzeJob() {}

    /** The harmonised panels' rows ({@link Harmonize#PANEL}) on the 63- and 34-province bases. */
    public record Panels(List<Row> rows63, List<Row> rows34) {
        /**
         * The province cells on the basis of their year: the 63-province panel to 2024 and the 34-province panel from
         * 2025 (the analyses' series); partial and national cells left out ({@link Panel#collect}).
         */
        public List<Panel.Obs> onBasis() {
            int year = Harmonize.PANEL.fieldIndex(Columns.YEAR);
            List<Row> rows = new ArrayList<>(rows63);
            rows34.stream().filter(r -> r.getInt(year) >= 2025).forEach(rows::add);
            return Panel.collect(rows);
        }
    }

    /** Writes the panels (and, unless only harmonising, the analyses) into the run, from the warehouse as it is. */
    public static Panels run(SparkSession spark, Options o, ReportRun run, Progress progress) throws IOException {
        return run(spark, o, Warehouse.open(spark, o.out()), run, progress);
    }

    /**
     * Writes the panels (and, unless only harmonising, the analyses) into the run, from the given warehouse state;
     * returns the panels.
     */
    public static Panels run(SparkSession spark, Options o, Warehouse w, ReportRun run, Progress progress)
            throws IOException {
        if (!w.has(Warehouse.SCORES)) {
            throw new WarehouseStateException("no completed run has filled the warehouse " + Fs.display(w.root())
                    + ": run ./workbench ingest (or all) first");
        }
        // asked-for covariates missing from the warehouse stop the run before anything is written
        CovariateTerms cov = o.analyses() ? covariates(w, o.covariates()) : CovariateTerms.none();
        progress.stage(
                "harmonize",
                "panels on the 63- and 34-province bases (" + o.weights().method() + ")");
        // Disclosure control: cells estimated from fewer respondents than the minimum never reach a report table.
        List<Harmonize.Score> scores = Harmonize.scores(w.read(Warehouse.SCORES)
                .filter(col(Columns.N).isNull().or(col(Columns.N).geq(o.minRespondents()))));
        Harmonize.Preference preference = Harmonize.reconcile(scores, HarmonizeInputs.priorities());
        List<Harmonize.Score> preferred = preference.preferred();
        ProvinceRegistry registry = ProvinceRegistry.load();
        List<Row> rows63 = Harmonize.panel63(preferred);
        List<Row> rows34 = Harmonize.panel34(
                preferred, registry.crosswalk(), HarmonizeInputs.weights(registry, o.weights()), o.weights());
        Table p63 = new Table(Harmonize.PANEL, rows63);
        Table p34 = new Table(Harmonize.PANEL, rows34);
        String panelNote = "one value per index, year, province and component; method says copied, as published, "
                + "re-estimated or how predecessors were weighted; partial = some predecessors missing (coverage = their weight share)";
        long n63 = run.write(
                "panel_63",
                p63,
                "63-province panel to mid-2025. " + panelNote,
                Columns.INDEX,
                Columns.YEAR,
                Columns.PROVINCE_KEY,
                Columns.COMPONENT);
        long n34 = run.write(
                "panel_34",
                p34,
                "34-province panel (harmonised before 2025). " + panelNote,
                Columns.INDEX,
                Columns.YEAR,
                Columns.PROVINCE_KEY,
                Columns.COMPONENT);
        String[] checkOrder = {Columns.INDEX, Columns.YEAR, Columns.BASIS, Columns.PROVINCE_KEY, Columns.COMPONENT};
        run.write(
                "precision_checks",
                new Table(Harmonize.PRECISION_CHECKS, preference.precisionChecks()),
                "published values beside the value derived from published parts of the same cell (other sources): "
                        + "confirmed when |published - derived| <= half a unit of the published value's last printed "
                        + "decimal (then the derived value is used), else a conflict (the published value is kept)",
                checkOrder);
        long conflicts = run.write(
                "conflicts",
                new Table(Harmonize.PRECISION_CHECKS, preference.conflicts()),
                "published values that disagree with the value derived from their published parts beyond their "
                        + "printed precision; the published value is kept (rule column)",
                checkOrder);
        int partial = Harmonize.PANEL.fieldIndex(Harmonize.PARTIAL);
        int year = Harmonize.PANEL.fieldIndex(Columns.YEAR);
        progress.done(
                "harmonize",
                String.format(
                        Locale.ROOT,
                        "panel_63 %d rows, panel_34 %d rows (%d partial); published figures against their parts: "
                                + "%d confirmed, %d conflicts",
                        n63,
                        n34,
                        rows34.stream().filter(r -> r.getBoolean(partial)).count(),
                        preference.precisionChecks().size() - conflicts,
                        conflicts));
        Panels panels = new Panels(rows63, rows34);
        if (!o.analyses()) {
            return panels;
        }
        progress.stage("analyze", "correlations, clusters, trends, panel regressions, convergence, rank mobility");
        List<Panel.Obs> obs = panels.onBasis();
        List<Panel.Obs> obs34 = Panel.collect(
                rows34.stream().filter(r -> r.getInt(year) <= 2024).toList());
        List<Panel.Obs> all = new ArrayList<>(obs);
        all.addAll(obs34);
        run.write(
                "correlations",
                Analyses.correlations(all),
                "Pearson (t, Fisher-z CI), Spearman and Kendall tau-b as R cor.test; BH-adjusted p within basis x scope x method",
                "basis",
                "scope",
                "year",
                "year_b",
                "index_a",
                "component_a",
                "version_a",
                "index_b",
                "component_b",
                "version_b",
                "method");
        run.write(
                "trends",
                Analyses.trends(all),
                "OLS slope per year as R lm; Theil-Sen; Mann-Kendall with tie correction; slope_rank only for trends of at least "
                        + Analyses.MIN_RANKED_POINTS + " years (shorter ones say why in ranking)",
                "basis",
                "index",
                "component",
                "segment",
                "province_key");
        run.write(
                "panel_regression",
                Analyses.panelRegressions(all, cov),
                "fixed effects (within), CR1 clustered by province with G/(G-1)(n-1)/(n-K), t on G-1 df (fixest)"
                        + (cov.isEmpty()
                                ? ""
                                : "; covariates " + String.join(", ", cov.terms())
                                        + " from the warehouse table covariates on the panel's basis, one row per term"
                                        + " (province-years without every covariate left out)"),
                "basis",
                "model",
                "dependent",
                "dependent_segment",
                "regressor",
                "effects");
        run.write(
                "convergence",
                Analyses.convergence(all),
                "beta: OLS of annualised change on initial level; sigma: SD (n-1 and n) and CV by year",
                "basis",
                "index",
                "component",
                "segment",
                "kind",
                "year");
        run.write(
                "rank_mobility",
                Analyses.rankMobility(all),
                "Spearman and Kendall tau-b between consecutive years' ranks",
                "basis",
                "index",
                "segment",
                "year_from");
        ProvinceClustering.Options co = ProvinceClustering.Options.defaults()
                .withSeed(o.seed())
                .withEngine(o.clusterEngine())
                .withRestarts(CLUSTER_RESTARTS);
        ProvinceClustering.Result c =
                new ProvinceClustering(spark, co).runCells(FeatureSets.cells(all, FeatureSets.defaults()));
        run.write(
                "clusters",
                c.clusters(),
                ProvinceClustering.CONVENTION,
                "feature_set",
                "year",
                "method",
                "province_key");
        run.write(
                "cluster_profiles",
                c.profiles(),
                ProvinceClustering.CONVENTION,
                "feature_set",
                "year",
                "method",
                "cluster",
                "feature");
        run.write(
                "cluster_quality",
                c.quality(),
                ProvinceClustering.CONVENTION,
                "feature_set",
                "year",
                "method",
                "k",
                "cluster");
        run.write(
                "cluster_transitions",
                c.transitions(),
                ProvinceClustering.CONVENTION,
                "feature_set",
                "method",
                "from_year",
                "province_key");
        run.write(
                "cluster_excluded",
                c.excluded(),
                "province-years left out of a clustering because features were missing",
                "feature_set",
                "year",
                "province_key");
        progress.done(
                "analyze",
                String.format(
                        Locale.ROOT, "%d tables written to %s", run.rowCounts().size(), Fs.display(run.folder())));
        return panels;
    }

    /**
     * The covariate terms with their values from the warehouse table {@code covariates} (both bases), or none.
     *
     * @throws WarehouseStateException when covariates are asked for and the warehouse has none
     */
    static CovariateTerms covariates(Warehouse w, List<String> terms) {
        if (terms.isEmpty()) {
            return CovariateTerms.none();
        }
        List<String> parsed = CovariateTerms.parse(String.join(",", terms));
        if (!w.has(Warehouse.COVARIATES) || w.read(Warehouse.COVARIATES).isEmpty()) {
            throw new WarehouseStateException("--covariates: the warehouse " + Fs.display(w.root())
                    + " has no covariates; ingest the population and PCI covariates files (--data ../shared/data)");
        }
        java.util.Map<String, Double> values = new java.util.HashMap<>();
        for (Row r : w.read(Warehouse.COVARIATES)
                .select("basis", "province_key", "year", "variable", "value")
                .collectAsList()) {
            values.put(CovariateTerms.key(r.getString(0), r.getString(1), r.getInt(2), r.getString(3)), r.getDouble(4));
        }
        return new CovariateTerms(parsed, values);
    }

    /** The estimates table for reports: cells below the minimum respondents have value, SE and interval suppressed. */
    public static Dataset<Row> suppressed(Dataset<Row> estimates) {
        Dataset<Row> e = estimates;
        for (String c : List.of(Columns.VALUE, Columns.SE, Columns.CI_LOW, Columns.CI_HIGH, Columns.DEFF, "sum_w")) {
            e = e.withColumn(
                    c, when(col("suppressed"), lit(null).cast("double")).otherwise(col(c)));
        }
        return e;
    }
}
