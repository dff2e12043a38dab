package org.chiso.report;

import static org.chiso.report.HtmlFormat.count;
import static org.chiso.report.HtmlFormat.esc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chiso.report.HtmlData.Row;
import org.chiso.report.HtmlData.Table;

/** The clusters section: centroid profiles, a map coloured by cluster, and the quality of the clustering. */
final class HtmlClusters {
    private HtmlClusters() {}

    static HtmlReport.Section build(HtmlReport.Context cx) {
        Table clusters = cx.table("clusters");
        Table profiles = cx.table("cluster_profiles");
        Table quality = cx.table("cluster_quality");
        Table transitions = cx.table("cluster_transitions");
        Table excluded = cx.table("cluster_excluded");
        StringBuilder b = new StringBuilder();
        if (!clusters.present || clusters.rows.isEmpty()) {
            b.append(HtmlFormat.note(clusters.present ? "No clustering in this run." : clusters.missingNote()));
            return new HtmlReport.Section("clusters", "Clusters", false, null, b.toString());
        }
        Map<String, List<Row>> byFs = clusters.groupBy(r -> r.get("feature_set"));
        String fs = byFs.entrySet().stream()
                .max(Comparator.comparingInt(e -> e.getValue().size()))
                .map(Map.Entry::getKey)
                .orElse("");
        List<Row> rows = byFs.get(fs);
        String method = rows.get(0).get("method");
        int year = rows.stream().mapToInt(r -> r.integer("year", 0)).max().orElse(0);
        List<Row> now = rows.stream()
                .filter(r -> r.integer("year", 0) == year && r.get("method").equals(method))
                .toList();
        String basis = now.isEmpty() ? "VN63" : HtmlData.basisOf(now.get(0).get("province_key"));
        int k = now.isEmpty() ? 0 : now.get(0).integer("k", 0);

        List<Row> prof = profiles.where(r -> r.get("feature_set").equals(fs)
                && r.integer("year", 0) == year
                && r.get("method").equals(method));
        List<String> features = new ArrayList<>();
        TreeMap<Integer, Integer> sizes = new TreeMap<>();
        for (Row r : prof) {
            if (!features.contains(r.get("feature"))) {
                features.add(r.get("feature"));
            }
            sizes.put(r.integer("cluster", 0), r.integer("n", 0));
        }
        for (Row r : now) {
            sizes.putIfAbsent(r.integer("cluster", 0), (int) now.stream()
                    .filter(x -> x.integer("cluster", 0) == r.integer("cluster", 0))
                    .count());
        }
        boolean synthetic = cx.featuresSynthetic(
                basis,
                features,
                rows.stream().map(r -> r.integer("year", 0)).distinct().toList());

        b.append(HtmlFormat.lead(
                "Provinces grouped by k-means on standardised features (feature set <strong>" + esc(fs) + "</strong>, "
                        + esc(method) + "). The chart and map show <strong>" + year + "</strong>, the latest year: k = "
                        + k + " clusters, chosen by "
                        + "the highest average silhouette (Euclidean distance). Labels are aligned across years, so cluster 1 in one year "
                        + "corresponds to cluster 1 in the next."));
        if (byFs.size() > 1) {
            b.append(HtmlFormat.note("Other feature sets in <code>tables/clusters.csv</code>: "
                    + esc(String.join(
                            "; ",
                            byFs.keySet().stream().filter(x -> !x.equals(fs)).toList())) + "."));
        }

        // Profiles chart.
        b.append("<div class=\"two\">");
        if (!prof.isEmpty()) {
            String prefix = commonPrefix(features);
            List<String> cats =
                    features.stream().map(f -> f.substring(prefix.length())).toList();
            List<String> series = new ArrayList<>();
            double[][] values = new double[sizes.size()][features.size()];
            int si = 0;
            Map<Integer, Integer> seriesOf = new HashMap<>();
            for (Map.Entry<Integer, Integer> c : sizes.entrySet()) {
                series.add("Cluster " + c.getKey() + " (n = " + c.getValue() + ")");
                seriesOf.put(c.getKey(), si);
                java.util.Arrays.fill(values[si], Double.NaN);
                si++;
            }
            for (Row r : prof) {
                Integer s = seriesOf.get(r.integer("cluster", 0));
                if (s != null) {
                    values[s][features.indexOf(r.get("feature"))] = r.num("centroid_std");
                }
            }
            String svg = ChartSvg.bars(
                    cx.chartId(),
                    "cluster centroid profiles " + year,
                    series,
                    cats,
                    values,
                    "centroid (z-score)",
                    560,
                    340);
            b.append(HtmlFormat.figure(
                    svg,
                    "Cluster centroids in standard-deviation units (features z-scored with the sample SD). "
                            + (prefix.isEmpty()
                                    ? ""
                                    : "Features are " + esc(prefix.replaceAll("[:\\s]+$", "")) + " components. ")
                            + "A bar above zero means the cluster's provinces score above the all-province mean on that feature.",
                    synthetic,
                    null));
        } else {
            b.append(HtmlFormat.note(profiles.present ? "No centroid profile for this year." : profiles.missingNote()));
        }

        // Map.
        Map<String, String> fill = new HashMap<>();
        Map<String, String> tip = new HashMap<>();
        for (Row r : now) {
            int c = r.integer("cluster", 0);
            fill.put(r.get("province_key"), ChartSvg.hex(indexOf(sizes, c)));
            tip.put(
                    r.get("province_key"),
                    cx.ref.name(r.get("province_key")) + ": cluster " + c + ", silhouette "
                            + HtmlFormat.fixed(r.num("silhouette_i"), 2));
        }
        MapView.Result map = MapView.render(cx.fs, cx.geoFolder, basis, fill, tip, cx.ref, cx.chartId());
        StringBuilder legend = new StringBuilder("<div class=\"legend\">");
        for (Map.Entry<Integer, Integer> c : sizes.entrySet()) {
            legend.append("<span><i style=\"background:")
                    .append(ChartSvg.hex(indexOf(sizes, c.getKey())))
                    .append("\"></i>Cluster ")
                    .append(c.getKey())
                    .append(" (")
                    .append(c.getValue())
                    .append(")</span>");
        }
        long missing =
                cx.ref.keys(basis).stream().filter(x -> !fill.containsKey(x)).count();
        if (missing > 0) {
            legend.append("<span><i style=\"background:")
                    .append(MapView.MISSING_FILL)
                    .append("\"></i>not clustered (")
                    .append(missing)
                    .append(")</span>");
        }
        legend.append("</div>");
        b.append(HtmlFormat.figure(
                "<div class=\"map-wrap\">" + map.svg() + "</div>" + legend,
                "Provinces coloured by cluster, " + year + " (" + esc(basis) + "). Drawn from " + esc(map.how())
                        + ". Hover a province for " + "its silhouette width.",
                synthetic,
                "map-figure"));
        b.append("</div>");
        StringBuilder list = new StringBuilder(
                "<details><summary>Provinces in each cluster, " + year + "</summary><ul class=\"members\">");
        members(now).entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> list.append("<li><strong>Cluster ")
                        .append(e.getKey())
                        .append(":</strong> ")
                        .append(esc(String.join(
                                ", ",
                                e.getValue().stream()
                                        .map(cx.ref::name)
                                        .sorted(java.text.Collator.getInstance(java.util.Locale.forLanguageTag("vi")))
                                        .toList())))
                        .append("</li>"));
        b.append(list).append("</ul></details>");

        // Quality.
        b.append("<h3>Cluster quality</h3>");
        List<Row> q = quality.where(
                r -> r.get("feature_set").equals(fs) && r.get("method").equals(method));
        if (q.isEmpty()) {
            b.append(
                    HtmlFormat.note(quality.present ? "No quality rows for this feature set." : quality.missingNote()));
        } else {
            Row overallNow = q.stream()
                    .filter(r -> r.integer("year", 0) == year && r.bool("chosen") && !r.has("cluster"))
                    .findFirst()
                    .orElse(null);
            List<Row> perCluster = q.stream()
                    .filter(r -> r.integer("year", 0) == year && r.bool("chosen") && r.has("cluster"))
                    .toList();
            if (overallNow != null) {
                double s = overallNow.num("avg_silhouette_euclidean");
                StringBuilder jac = new StringBuilder();
                for (Row r : perCluster) {
                    jac.append(jac.length() == 0 ? "" : ", ")
                            .append("cluster ")
                            .append(r.get("cluster"))
                            .append(" ")
                            .append(HtmlFormat.fixed(r.num("jaccard_mean"), 2))
                            .append(" (")
                            .append(esc(jaccardReading(r)))
                            .append(")");
                }
                b.append("<div class=\"reading\"><strong>Reading for ")
                        .append(year)
                        .append(":</strong> average silhouette ")
                        .append(HtmlFormat.fixed(s, 2))
                        .append(" – ")
                        .append(silhouetteReading(s))
                        .append(". Bootstrap stability (mean Jaccard " + "over resamples): ")
                        .append(jac.length() == 0 ? "not computed" : jac)
                        .append(".");
                if (s <= 0.5 && perCluster.stream().allMatch(r -> r.num("jaccard_mean") >= 0.75)) {
                    b.append(
                            " The clusters are reproducible under resampling but only weakly separated: read them as a partition of a "
                                    + "continuum rather than as distinct types.");
                }
                b.append("</div>");
            }
            b.append(HtmlFormat.note(
                    "Silhouette (Kaufman &amp; Rousseeuw): above 0.70 strong structure, 0.51–0.70 reasonable, 0.26–0.50 weak "
                            + "and possibly artificial, 0.25 or less no substantial structure. Jaccard (fpc::clusterboot): 0.75 or more stable, "
                            + "0.60–0.75 a pattern, below 0.60 not trustworthy."));

            Map<Integer, Row> overall = new TreeMap<>();
            Map<Integer, List<Row>> clustersByYear = new TreeMap<>();
            for (Row r : q) {
                if (!r.bool("chosen")) {
                    continue;
                }
                if (r.has("cluster")) {
                    clustersByYear
                            .computeIfAbsent(r.integer("year", 0), x -> new ArrayList<>())
                            .add(r);
                } else {
                    overall.put(r.integer("year", 0), r);
                }
            }
            Map<Integer, long[]> moved = new HashMap<>();
            for (Row r : transitions.where(
                    r -> r.get("feature_set").equals(fs) && r.get("method").equals(method))) {
                long[] m = moved.computeIfAbsent(r.integer("to_year", 0), x -> new long[2]);
                m[1]++;
                if (r.bool("moved")) {
                    m[0]++;
                }
            }
            Map<Integer, Long> excl = new HashMap<>();
            for (Row r : excluded.where(r -> r.get("feature_set").equals(fs))) {
                excl.merge(r.integer("year", 0), 1L, Long::sum);
            }
            HtmlFormat.HtmlTable tb = new HtmlFormat.HtmlTable(
                            "Year",
                            "k",
                            "Avg silhouette",
                            "Reading",
                            "Clusters: n, Jaccard, reading",
                            "Excluded",
                            "Moved since previous year")
                    .numeric(1, 2, 5);
            List<Integer> ys = new ArrayList<>(overall.keySet());
            java.util.Collections.reverse(ys);
            for (int y : ys) {
                Row o = overall.get(y);
                StringBuilder per = new StringBuilder();
                for (Row r : clustersByYear.getOrDefault(y, List.of())) {
                    per.append(per.length() == 0 ? "" : "<br>")
                            .append("#")
                            .append(esc(r.get("cluster")))
                            .append(": n=")
                            .append(esc(r.get("n")))
                            .append(", J=")
                            .append(HtmlFormat.fixed(r.num("jaccard_mean"), 2))
                            .append(" ")
                            .append(esc(jaccardReading(r)));
                }
                long[] m = moved.get(y);
                tb.row(
                        String.valueOf(y),
                        esc(o.get("k")),
                        HtmlFormat.fixed(o.num("avg_silhouette_euclidean"), 3),
                        silhouetteShort(o.num("avg_silhouette_euclidean")),
                        per.toString(),
                        count(excl.getOrDefault(y, o.has("n_excluded") ? (long) o.integer("n_excluded", 0) : 0L)),
                        m == null ? "–" : count(m[0]) + " of " + count(m[1]));
            }
            b.append(tb.render(HtmlFormat.ROW_CAP, tb.size(), "cluster_quality"));

            List<Row> ks = q.stream()
                    .filter(r -> r.integer("year", 0) == year && !r.has("cluster"))
                    .sorted(Comparator.comparingInt(r -> r.integer("k", 0)))
                    .toList();
            if (ks.size() > 1) {
                HtmlFormat.HtmlTable kt = new HtmlFormat.HtmlTable(
                                "k",
                                "Avg silhouette",
                                "Within SS",
                                "Gap",
                                "Gap SE",
                                "Chosen (silhouette)",
                                "Gap rule's choice")
                        .numeric(0, 1, 2, 3, 4)
                        .caption("Choice of k, " + year);
                for (Row r : ks) {
                    kt.rowWithClass(
                            r.bool("chosen") ? "hl" : null,
                            esc(r.get("k")),
                            HtmlFormat.fixed(r.num("avg_silhouette_euclidean"), 3),
                            HtmlFormat.num(r.num("within_ss")),
                            HtmlFormat.fixed(r.num("gap"), 3),
                            HtmlFormat.fixed(r.num("gap_se"), 3),
                            r.bool("chosen") ? "✔" : "",
                            r.bool("chosen_by_gap") ? "✔" : "");
                }
                b.append(kt.render());
                b.append(
                        HtmlFormat.note(
                                "The gap statistic (Tibshirani's SE rule) is reported for comparison and not used for the choice."));
            }
        }
        if (excluded.present && !excluded.rows.isEmpty()) {
            long n = excluded.where(r -> r.get("feature_set").equals(fs)).size();
            if (n > 0) {
                b.append(HtmlFormat.note(count(n)
                        + " province-years were left out of this feature set's clustering because a feature was missing "
                        + "(<code>tables/cluster_excluded.csv</code>)."));
            }
        }
        return new HtmlReport.Section(
                "clusters", "Clusters", synthetic, "clustered on synthetic panel values", b.toString());
    }

    private static int indexOf(TreeMap<Integer, Integer> sizes, int cluster) {
        int i = 0;
        for (int c : sizes.keySet()) {
            if (c == cluster) {
                return i;
            }
            i++;
        }
        return i;
    }

    static String silhouetteReading(double s) {
        if (Double.isNaN(s)) {
            return "not available";
        }
        if (s > 0.70) {
            return "strong structure";
        }
        if (s > 0.50) {
            return "reasonable structure";
        }
        if (s > 0.25) {
            return "weak structure that could be artificial";
        }
        return "no substantial structure";
    }

    private static String silhouetteShort(double s) {
        if (Double.isNaN(s)) {
            return "–";
        }
        return s > 0.70 ? "strong" : s > 0.50 ? "reasonable" : s > 0.25 ? "weak" : "none";
    }

    static String jaccardReading(Row r) {
        if (r.has("reading")) {
            return r.get("reading");
        }
        double j = r.num("jaccard_mean");
        if (Double.isNaN(j)) {
            return "–";
        }
        return j >= 0.75 ? "stable" : j >= 0.6 ? "pattern" : "not trustworthy";
    }

    /** The common "INDEX:" prefix of feature names, if all share one. */
    static String commonPrefix(List<String> features) {
        Set<String> prefixes = new TreeSet<>();
        for (String f : features) {
            int i = f.indexOf(':');
            prefixes.add(i < 0 ? "" : f.substring(0, i + 1));
        }
        return prefixes.size() == 1 ? prefixes.iterator().next() : "";
    }

    /** Provinces by cluster. */
    static Map<Integer, List<String>> members(List<Row> rows) {
        Map<Integer, List<String>> m = new LinkedHashMap<>();
        for (Row r : rows) {
            m.computeIfAbsent(r.integer("cluster", 0), x -> new ArrayList<>()).add(r.get("province_key"));
        }
        return m;
    }
}
