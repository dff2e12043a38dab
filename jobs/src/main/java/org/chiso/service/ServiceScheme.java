package org.chiso.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The versioned service-index scheme of {@code data/definitions/service_index/} (docs/DOSSIERS.md, section 4): groups
 * with their maxima, indicators with maximum, full-at threshold, rule, source and assumption, and the bands. Checked on
 * load: every version's group maxima sum to 100, every group's indicator maxima sum to its maximum, every indicator is
 * one of the rates the engine computes ({@link Rates#NAMES}), full_at in (0, 1], bands cover [0, ∞) without gaps or
 * overlaps. A failing check names the file and line.
 */
public record ServiceScheme(Map<String, Version> versions, List<Band> bands) implements java.io.Serializable {
    /** The folder of the bundled scheme on the classpath. */
    public static final String RESOURCE = "/definitions/service_index/";

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** One version: its groups in file order, each with its indicators in file order. */
    public record Version(String name, List<Group> groups) implements java.io.Serializable {
        /** Every indicator of the version, group by group. */
        public List<Indicator> indicators() {
            List<Indicator> all = new ArrayList<>();
            groups.forEach(g -> all.addAll(g.indicators()));
            return all;
        }
    }

    /** A group with its maximum and indicators. */
    public record Group(String name, double maxPoints, String label, List<Indicator> indicators)
            implements java.io.Serializable {}

    /** An indicator: points = maxPoints × min(1, rate / fullAt). */
    public record Indicator(
            String group, String name, double maxPoints, double fullAt, String rule, String source, String assumption)
            implements java.io.Serializable {
        /** The points of a rate; a null rate (zero denominator) gives full points. */
        public double points(Double rate) {
            return rate == null ? maxPoints : maxPoints * Math.min(1.0, rate / fullAt);
        }
    }

    /** A band: total in [min, max); a null bound is open. */
    public record Band(String name, Double min, Double max) implements java.io.Serializable {
        boolean contains(double total) {
            return (min == null || total >= min) && (max == null || total < max);
        }
    }

    /** The scheme bundled on the classpath. */
    public static ServiceScheme bundled() {
        return parse(resource("groups.csv"), resource("indicators.csv"), resource("bands.csv"));
    }

    /** The scheme from the three files' text (named groups.csv, indicators.csv, bands.csv in messages). */
    public static ServiceScheme parse(String groupsCsv, String indicatorsCsv, String bandsCsv) {
        List<Map<String, String>> groupRows = rows("groups.csv", groupsCsv, "version", "group", "max_points", "label");
        List<Map<String, String>> indicatorRows = rows(
                "indicators.csv",
                indicatorsCsv,
                "version",
                "group",
                "indicator",
                "max_points",
                "full_at",
                "rule",
                "source",
                "assumption");
        List<Map<String, String>> bandRows =
                rows("bands.csv", bandsCsv, "band", "min_inclusive", "max_exclusive", "assumption");
        Map<String, Map<String, Map<String, String>>> groupsByVersion = new LinkedHashMap<>();
        Map<String, BigDecimal> versionSums = new LinkedHashMap<>();
        for (Map<String, String> r : groupRows) {
            String where = where("groups.csv", r);
            BigDecimal max = decimal(where, "max_points", r.get("max_points"));
            if (max.signum() <= 0) {
                throw new IllegalArgumentException(where + ": max_points must be positive, found " + max);
            }
            if (groupsByVersion
                            .computeIfAbsent(r.get("version"), v -> new LinkedHashMap<>())
                            .put(r.get("group"), r)
                    != null) {
                throw new IllegalArgumentException(
                        where + ": group " + r.get("group") + " given twice in version " + r.get("version"));
            }
            versionSums.merge(r.get("version"), max, BigDecimal::add);
        }
        versionSums.forEach((v, sum) -> {
            if (sum.compareTo(HUNDRED) != 0) {
                throw new IllegalArgumentException("groups.csv: the group maxima of version " + v + " sum to "
                        + sum.toPlainString() + ", not 100");
            }
        });
        Map<String, Map<String, List<Indicator>>> indicators = new LinkedHashMap<>();
        Map<String, BigDecimal> groupSums = new LinkedHashMap<>();
        Map<String, String> seen = new TreeMap<>();
        for (Map<String, String> r : indicatorRows) {
            String where = where("indicators.csv", r);
            String version = r.get("version");
            String group = r.get("group");
            String name = r.get("indicator");
            if (!groupsByVersion.containsKey(version)
                    || !groupsByVersion.get(version).containsKey(group)) {
                throw new IllegalArgumentException(
                        where + ": group " + group + " of version " + version + " is not in groups.csv");
            }
            if (!Rates.NAMES.contains(name)) {
                throw new IllegalArgumentException(where + ": indicator " + name
                        + " is not a rate the engine computes (" + String.join(", ", Rates.NAMES) + ")");
            }
            if (seen.put(version + "\t" + name, where) != null) {
                throw new IllegalArgumentException(
                        where + ": indicator " + name + " given twice in version " + version);
            }
            BigDecimal max = decimal(where, "max_points", r.get("max_points"));
            BigDecimal fullAt =
                    r.get("full_at").isEmpty() ? BigDecimal.ONE : decimal(where, "full_at", r.get("full_at"));
            if (max.signum() <= 0) {
                throw new IllegalArgumentException(where + ": max_points must be positive, found " + max);
            }
            if (fullAt.signum() <= 0 || fullAt.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException(where + ": full_at must be in (0, 1], found " + fullAt);
            }
            if (r.get("source").isEmpty()) {
                throw new IllegalArgumentException(where + ": every rule names its source");
            }
            indicators
                    .computeIfAbsent(version, v -> new LinkedHashMap<>())
                    .computeIfAbsent(group, g -> new ArrayList<>())
                    .add(new Indicator(
                            group,
                            name,
                            max.doubleValue(),
                            fullAt.doubleValue(),
                            r.get("rule"),
                            r.get("source"),
                            r.get("assumption")));
            groupSums.merge(version + "\t" + group, max, BigDecimal::add);
        }
        Map<String, Version> versions = new LinkedHashMap<>();
        groupsByVersion.forEach((v, gs) -> {
            List<Group> groups = new ArrayList<>();
            gs.forEach((g, r) -> {
                BigDecimal max = new BigDecimal(r.get("max_points"));
                BigDecimal sum = groupSums.getOrDefault(v + "\t" + g, BigDecimal.ZERO);
                if (sum.compareTo(max) != 0) {
                    throw new IllegalArgumentException("indicators.csv: the indicator maxima of group " + g
                            + " in version " + v + " sum to " + sum.toPlainString() + ", not its maximum "
                            + max.toPlainString() + " (groups.csv)");
                }
                groups.add(new Group(
                        g,
                        max.doubleValue(),
                        r.get("label"),
                        List.copyOf(indicators.get(v).get(g))));
            });
            versions.put(v, new Version(v, List.copyOf(groups)));
        });
        return new ServiceScheme(Map.copyOf(versions), bands(bandRows));
    }

    private static List<Band> bands(List<Map<String, String>> rows) {
        List<Band> bands = new ArrayList<>();
        for (Map<String, String> r : rows) {
            String where = where("bands.csv", r);
            Double min = r.get("min_inclusive").isEmpty()
                    ? null
                    : decimal(where, "min_inclusive", r.get("min_inclusive")).doubleValue();
            Double max = r.get("max_exclusive").isEmpty()
                    ? null
                    : decimal(where, "max_exclusive", r.get("max_exclusive")).doubleValue();
            if (min != null && max != null && min >= max) {
                throw new IllegalArgumentException(
                        where + ": min_inclusive " + min + " is not below max_exclusive " + max);
            }
            bands.add(new Band(r.get("band"), min, max));
        }
        List<Band> sorted = new ArrayList<>(bands);
        sorted.sort(java.util.Comparator.comparing(b -> b.min() == null ? Double.NEGATIVE_INFINITY : b.min()));
        for (int i = 0; i < sorted.size(); i++) {
            Band b = sorted.get(i);
            boolean first = i == 0;
            boolean last = i == sorted.size() - 1;
            if (first && b.min() != null && b.min() > 0) {
                throw new IllegalArgumentException("bands.csv: no band below " + b.min());
            }
            if (last && b.max() != null) {
                throw new IllegalArgumentException("bands.csv: no band at or above " + b.max());
            }
            if (!last && !java.util.Objects.equals(b.max(), sorted.get(i + 1).min())) {
                throw new IllegalArgumentException("bands.csv: band " + b.name() + " ends at " + b.max()
                        + " but the next band, " + sorted.get(i + 1).name() + ", starts at "
                        + sorted.get(i + 1).min());
            }
        }
        return List.copyOf(bands);
    }

    /** The named version; "all" is not a version. */
    public Version version(String name) {
        Version v = versions.get(name);
        if (v == null) {
            throw new IllegalArgumentException(
                    "service-index scheme version " + name + " is not defined (versions: " + versionNames() + ")");
        }
        return v;
    }

    /** The version names, newest first. */
    public List<String> versionNames() {
        List<String> names = new ArrayList<>(versions.keySet());
        names.sort(java.util.Comparator.reverseOrder());
        return names;
    }

    /** The group names of every version, in the order they first appear (newest version first). */
    public List<String> allGroupNames() {
        List<String> names = new ArrayList<>();
        for (String v : versionNames()) {
            for (Group g : versions.get(v).groups()) {
                if (!names.contains(g.name())) {
                    names.add(g.name());
                }
            }
        }
        return names;
    }

    /** The band of a total. */
    public String band(double total) {
        for (Band b : bands) {
            if (b.contains(total)) {
                return b.name();
            }
        }
        throw new IllegalArgumentException("no band holds the total " + total);
    }

    private static String resource(String name) {
        try (InputStream in = ServiceScheme.class.getResourceAsStream(RESOURCE + name)) {
            if (in == null) {
                throw new IllegalStateException("bundled table " + RESOURCE + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String LINE = SmallCsv.LINE;

    private static List<Map<String, String>> rows(String file, String text, String... columns) {
        return SmallCsv.rows(file, text.getBytes(StandardCharsets.UTF_8), columns);
    }

    private static String where(String file, Map<String, String> row) {
        return file + ":" + row.get(LINE);
    }

    private static BigDecimal decimal(String where, String column, String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ":" + column + ": not a number: '" + text + "'");
        }
    }
}
