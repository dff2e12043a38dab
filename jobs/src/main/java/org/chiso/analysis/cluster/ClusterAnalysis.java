package org.chiso.analysis.cluster;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statistics of province clustering, plain Java, year by year on small matrices (one row per province,
 * one column per feature). {@link ProvinceClustering} is the Spark stage around it; tests run it directly.
 *
 * <p>Per year, for one method:
 * <ol>
 *   <li>standardise each feature ({@link Standardise}, sample SD);</li>
 *   <li>for k = kMin..min(kMax, n - 1): partition with {@code fit} (seed {@link #seedFor}(seed, year, k,
 *       {@link #PURPOSE_FIT})); average Euclidean silhouette ({@link Silhouette}) and within-cluster SS;</li>
 *   <li>optionally the gap statistic ({@link GapStatistic}) with {@code refit} on the reference sets;</li>
 *   <li>choose k by the highest average Euclidean silhouette (ties: the smaller k);</li>
 *   <li>bootstrap mean Jaccard per cluster of the chosen partition ({@link Jaccard}, re-clustering with
 *       {@code refit});</li>
 *   <li>label the clusters (see below) and record membership transitions from the previous year.</li>
 * </ol>
 *
 * <p><b>Labels.</b> In the first year clustered (per method), clusters are ordered by their centroid's
 * score, descending, and numbered 1, 2, ...: label 1 = the highest. The score is the centroid's value of
 * the {@code orderFeature} when one is named (e.g. a "total" score, which must be one of the clustering
 * features), else the mean of the centroid's standardised features. Every later year inherits labels
 * from the previous clustered year by Hungarian matching ({@link Hungarian}) of its centroids to the
 * previous year's centroids, cost = squared Euclidean distance in standardised space (each year in its
 * own standardisation). When k grows, the unmatched clusters are new: they take, in score order, the
 * smallest positive labels not used by the previous year; when k shrinks, the unmatched previous labels
 * end and the remaining labels can have gaps. So a label is an identity between consecutive years (a
 * transition "2 to 3" means the province joined the group that continues last year's 3), and label 1 is
 * the highest group in the first year, not necessarily in later ones.
 */
public final class ClusterAnalysis {
    /** Seed purposes of {@link #seedFor}. */
    public static final int PURPOSE_FIT = 1;

    public static final int PURPOSE_BOOTSTRAP = 2;
    public static final int PURPOSE_GAP = 3;

    private ClusterAnalysis() {}

    /** One year's complete rows: province keys, their feature values (columns in feature order), and the
     * number of provinces left out for a missing feature. */
    public record YearData(int year, List<String> keys, double[][] x, int excluded) implements Serializable {}

    /**
     * @param method        name written to the outputs ("kmeans", "gmm")
     * @param features      feature names, the columns of {@link YearData#x}
     * @param kMin          smallest k tried (&ge; 2)
     * @param kMax          largest k tried (capped at n - 1 per year)
     * @param bootstrap     bootstrap replicates for Jaccard (0: none)
     * @param gapReferences reference sets of the gap statistic (0: not computed)
     * @param seed          base seed; every random step derives its own seed from it ({@link #seedFor})
     * @param orderFeature  feature whose centroid orders the first year's labels, or null for the mean of
     *                      the standardised features
     */
    public record Settings(
            String method,
            List<String> features,
            int kMin,
            int kMax,
            int bootstrap,
            int gapReferences,
            long seed,
            String orderFeature)
            implements Serializable {
        public Settings {
            features = List.copyOf(features);
            if (kMin < 2 || kMax < kMin) {
                throw new IllegalArgumentException("need 2 <= kMin <= kMax, got " + kMin + ".." + kMax);
            }
            if (orderFeature != null && !features.contains(orderFeature)) {
                throw new IllegalArgumentException(
                        "order feature '" + orderFeature + "' is not one of the clustering features " + features);
            }
        }
    }

    /** Row of {@code clusters}: the chosen partition. */
    public record Assignment(int year, String provinceKey, String method, int k, int cluster, double silhouette) {}

    /** Row of {@code cluster_profiles}. */
    public record Profile(
            int year, String method, int cluster, String feature, double centroidStd, double centroidOriginal, int n) {}

    /**
     * Row of {@code cluster_quality}: a partition row (cluster null) per k tried, k = 1 with the gap only,
     * and a row per cluster of the chosen partition (partition-only fields null there).
     */
    public record Quality(
            int year,
            String method,
            Integer k,
            Integer cluster,
            int n,
            Double avgSilhouette,
            Double withinSs,
            Double gap,
            Double gapSe,
            boolean chosen,
            Boolean chosenByGap,
            Double jaccardMean,
            Integer jaccardReplicates,
            String reading,
            Integer nExcluded,
            Long seed,
            String note)
            implements Serializable {}

    /** Row of {@code cluster_transitions}: a province clustered in two consecutive clustered years. */
    public record Transition(
            String method,
            int fromYear,
            int toYear,
            String provinceKey,
            int fromCluster,
            int toCluster,
            boolean moved) {}

    public record Output(
            List<Assignment> assignments,
            List<Profile> profiles,
            List<Quality> quality,
            List<Transition> transitions) {}

    /** Labelled centroids of the previous clustered year. */
    private record Previous(int year, double[][] centroids, int[] labels, Map<String, Integer> membership) {}

    /**
     * One year fitted, before labelling: the partition rows of {@code cluster_quality} (one per k tried,
     * and the gap statistic's k = 1 row) and, when some k gave a partition, the chosen one with what its
     * rows need. Independent of every other year, so the years (and feature sets) can be fitted as
     * independent tasks, in any order or place, and {@link #assemble}d afterwards.
     *
     * @param chosen null when no k gave a partition (or too few provinces)
     */
    public record YearFit(int year, List<String> keys, List<Quality> partitionRows, Chosen chosen)
            implements Serializable {}

    /**
     * The chosen partition of a year: k, cluster of each province (0..k-1), centroids in standardised and
     * original units, silhouette widths and per-cluster averages, sizes, within SS per cluster, bootstrap
     * Jaccard (null when not run) and its seed.
     */
    public record Chosen(
            int k,
            int[] part,
            double[][] centroids,
            double[][] centroidsOriginal,
            double[] width,
            double[] clusterAverage,
            int[] size,
            double[] withinSs,
            Jaccard.Result jaccard,
            long bootSeed)
            implements Serializable {}

    /**
     * Clusters every year (in ascending year order): {@link #fitYear} for each, then {@link #assemble}.
     *
     * @param fit   the method: partitions the standardised matrix
     * @param refit re-clustering for the bootstrap and the gap reference sets (may be {@code fit})
     * @param gap   whether to compute the gap statistic (meaningful for k-means)
     */
    public static Output run(List<YearData> years, Settings s, Partitioner fit, Partitioner refit, boolean gap) {
        List<YearFit> fits = new ArrayList<>();
        for (YearData yd : years) {
            fits.add(fitYear(yd, s, fit, refit, gap));
        }
        return assemble(fits, s);
    }

    /**
     * Fits one year: standardise, partition for every k, silhouettes and within SS, the gap statistic, the
     * choice of k and the bootstrap Jaccard of the chosen partition. Every random step has its own seed
     * ({@link #seedFor} of the base seed, the year, k and the purpose), so the result does not depend on
     * which other years are fitted, or where.
     */
    public static YearFit fitYear(YearData yd, Settings s, Partitioner fit, Partitioner refit, boolean gap) {
        List<Quality> quality = new ArrayList<>();
        int year = yd.year();
        int n = yd.x().length;
        if (n < s.kMin() + 1) {
            quality.add(new Quality(
                    year,
                    s.method(),
                    null,
                    null,
                    n,
                    null,
                    null,
                    null,
                    null,
                    false,
                    null,
                    null,
                    null,
                    null,
                    yd.excluded(),
                    null,
                    "too few complete provinces to cluster (n=" + n + ")"));
            return new YearFit(year, yd.keys(), quality, null);
        }
        Standardise std = Standardise.fit(yd.x());
        double[][] z = std.apply(yd.x());
        double[][] dist = Silhouette.euclideanDistances(z);
        int kHi = Math.min(s.kMax(), n - 1);
        int[][] parts = new int[kHi + 1][];
        double[] sil = new double[kHi + 1];
        double[] wss = new double[kHi + 1];
        Arrays.fill(sil, Double.NaN);
        Arrays.fill(wss, Double.NaN);
        int best = -1;
        for (int k = s.kMin(); k <= kHi; k++) {
            int[] l = fit.partition(z, k, seedFor(s.seed(), year, k, PURPOSE_FIT));
            if (l != null && distinct(l) == k) {
                parts[k] = l;
                sil[k] = Silhouette.ofDistances(dist, l).average();
                wss[k] = KMeansLloyd.withinSs(z, l);
                if (best < 0 || sil[k] > sil[best]) {
                    best = k;
                }
            }
        }
        GapStatistic.Result g = null;
        if (gap && s.gapReferences() > 0) {
            double[] w = new double[kHi];
            w[0] = Double.NaN;
            for (int k = 2; k <= kHi; k++) {
                if (parts[k] != null) {
                    w[k - 1] = wss[k];
                } else {
                    int[] l = refit.partition(z, k, seedFor(s.seed(), year, k, PURPOSE_FIT));
                    w[k - 1] = l == null ? Double.NaN : KMeansLloyd.withinSs(z, l);
                }
            }
            g = GapStatistic.compute(z, w, refit, s.gapReferences(), seedFor(s.seed(), year, 0, PURPOSE_GAP));
            quality.add(new Quality(
                    year,
                    s.method(),
                    1,
                    null,
                    n,
                    null,
                    GapStatistic.totalSs(z),
                    g.gap()[0],
                    g.se()[0],
                    false,
                    g.suggested() == 1,
                    null,
                    null,
                    null,
                    yd.excluded(),
                    seedFor(s.seed(), year, 0, PURPOSE_GAP),
                    "k = 1 row: gap statistic only"));
        }
        for (int k = s.kMin(); k <= kHi; k++) {
            boolean ok = parts[k] != null;
            quality.add(new Quality(
                    year,
                    s.method(),
                    k,
                    null,
                    n,
                    ok ? sil[k] : null,
                    ok ? wss[k] : null,
                    g == null ? null : finite(g.gap()[k - 1]),
                    g == null ? null : finite(g.se()[k - 1]),
                    k == best,
                    g == null ? null : g.suggested() == k,
                    null,
                    null,
                    null,
                    yd.excluded(),
                    seedFor(s.seed(), year, k, PURPOSE_FIT),
                    ok ? null : "no partition into " + k + " non-empty clusters"));
        }
        if (best < 0) {
            return new YearFit(year, yd.keys(), quality, null);
        }
        int k = best;
        int[] part = parts[k];
        double[][] cen = KMeansLloyd.centroids(z, part);
        double[][] orig = new double[k][];
        for (int c = 0; c < k; c++) {
            orig[c] = std.toOriginal(cen[c]);
        }
        Silhouette.Result sr = Silhouette.ofDistances(dist, part);
        long bootSeed = seedFor(s.seed(), year, k, PURPOSE_BOOTSTRAP);
        Jaccard.Result jr = s.bootstrap() > 0 ? Jaccard.bootstrap(z, part, k, refit, s.bootstrap(), bootSeed) : null;
        int[] size = new int[k];
        double[] cw = new double[k];
        for (int i = 0; i < n; i++) {
            size[part[i]]++;
            cw[part[i]] += KMeansLloyd.sq(z[i], cen[part[i]]);
        }
        return new YearFit(
                year,
                yd.keys(),
                quality,
                new Chosen(k, part, cen, orig, sr.width(), sr.clusterAverage(), size, cw, jr, bootSeed));
    }

    /**
     * The outputs of fitted years: in ascending year order, the chosen partitions labelled (first year by
     * score, later years by Hungarian matching to the previous clustered year), their assignments,
     * profiles, cluster rows of {@code cluster_quality} and the transitions between consecutive clustered years.
     */
    public static Output assemble(List<YearFit> fits, Settings s) {
        List<Assignment> assignments = new ArrayList<>();
        List<Profile> profiles = new ArrayList<>();
        List<Quality> quality = new ArrayList<>();
        List<Transition> transitions = new ArrayList<>();
        List<YearFit> sorted = new ArrayList<>(fits);
        sorted.sort(Comparator.comparingInt(YearFit::year));
        Previous prev = null;
        int orderIdx = s.orderFeature() == null ? -1 : s.features().indexOf(s.orderFeature());
        for (YearFit yf : sorted) {
            int year = yf.year();
            quality.addAll(yf.partitionRows());
            Chosen ch = yf.chosen();
            if (ch == null) {
                continue;
            }
            int k = ch.k();
            int[] part = ch.part();
            int n = part.length;
            int[] label = labels(ch.centroids(), orderIdx, prev);
            Jaccard.Result jr = ch.jaccard();
            Map<String, Integer> membership = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String key = yf.keys().get(i);
                membership.put(key, label[part[i]]);
                assignments.add(new Assignment(year, key, s.method(), k, label[part[i]], ch.width()[i]));
            }
            Integer[] byLabel = new Integer[k];
            for (int c = 0; c < k; c++) {
                byLabel[c] = c;
            }
            Arrays.sort(byLabel, Comparator.comparingInt(c -> label[c]));
            for (int c : byLabel) {
                for (int f = 0; f < s.features().size(); f++) {
                    profiles.add(new Profile(
                            year,
                            s.method(),
                            label[c],
                            s.features().get(f),
                            ch.centroids()[c][f],
                            ch.centroidsOriginal()[c][f],
                            ch.size()[c]));
                }
                Double jm = jr == null ? null : finite(jr.mean()[c]);
                quality.add(new Quality(
                        year,
                        s.method(),
                        k,
                        label[c],
                        ch.size()[c],
                        ch.clusterAverage()[c],
                        ch.withinSs()[c],
                        null,
                        null,
                        true,
                        null,
                        jm,
                        jr == null ? null : jr.replicates()[c],
                        jm == null ? null : Jaccard.reading(jm),
                        null,
                        jr == null ? null : ch.bootSeed(),
                        jr != null && jr.failed() > 0
                                ? jr.failed() + " of " + s.bootstrap() + " bootstrap re-clusterings failed"
                                : null));
            }
            if (prev != null) {
                for (int i = 0; i < n; i++) {
                    String key = yf.keys().get(i);
                    Integer from = prev.membership().get(key);
                    if (from != null) {
                        int to = label[part[i]];
                        transitions.add(new Transition(s.method(), prev.year(), year, key, from, to, from != to));
                    }
                }
            }
            prev = new Previous(year, ch.centroids(), label, membership);
        }
        return new Output(assignments, profiles, quality, transitions);
    }

    /**
     * Labels of the clusters 0..k-1 with centroids {@code cen}: ordered by score in the first year, else
     * inherited from {@code prev} by Hungarian matching (see the class documentation).
     */
    static int[] labels(double[][] cen, int orderIdx, Previous prev) {
        int k = cen.length;
        double[] score = new double[k];
        for (int c = 0; c < k; c++) {
            score[c] = orderIdx >= 0
                    ? cen[c][orderIdx]
                    : Arrays.stream(cen[c]).average().orElse(0);
        }
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        int[] label = new int[k];
        if (prev == null) {
            for (int r = 0; r < k; r++) {
                label[order[r]] = r + 1;
            }
            return label;
        }
        double[][] cost = new double[k][prev.centroids().length];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < prev.centroids().length; j++) {
                cost[c][j] = KMeansLloyd.sq(cen[c], prev.centroids()[j]);
            }
        }
        int[] match = Hungarian.solve(cost);
        Set<Integer> taken = new HashSet<>();
        for (int l : prev.labels()) {
            taken.add(l);
        }
        for (int c = 0; c < k; c++) {
            label[c] = match[c] >= 0 ? prev.labels()[match[c]] : 0;
        }
        int next = 1;
        for (int c : order) {
            if (label[c] == 0) {
                while (taken.contains(next)) {
                    next++;
                }
                label[c] = next;
                taken.add(next);
            }
        }
        return label;
    }

    /**
     * The seed of one random step: SplitMix64 of the base seed, the year, k and the purpose, so that every
     * (year, k, purpose) has its own reproducible stream, independent of which other years are present.
     */
    public static long seedFor(long base, int year, int k, int purpose) {
        long z = base;
        z = mix(z + 0x9E3779B97F4A7C15L * (year + 1L));
        z = mix(z + 0x9E3779B97F4A7C15L * (k + 1L));
        z = mix(z + 0x9E3779B97F4A7C15L * (purpose + 1L));
        return z;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int distinct(int[] l) {
        return (int) Arrays.stream(l).distinct().count();
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
