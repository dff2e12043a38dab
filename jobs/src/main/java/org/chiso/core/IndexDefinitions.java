package org.chiso.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The index definitions under {@code data/definitions/}: per index and structure version, the component
 * tree (sub-dimension -> dimension -> total), scales and the years covered.
 */
public final class IndexDefinitions {
    /** An index and the years it covers. */
    public record IndexInfo(
            String index,
            String name,
            String unit,
            int firstYear,
            int lastYear,
            boolean totalsComparableAcrossVersions) {}

    private final Map<String, IndexInfo> indices = new TreeMap<>();
    private final List<ComponentDef> components = new ArrayList<>();

    private IndexDefinitions() {}

    /** The definitions bundled on the classpath. */
    public static IndexDefinitions load() {
        IndexDefinitions d = new IndexDefinitions();
        for (Map<String, String> r : Resources.csv("/definitions/indices.csv")) {
            d.indices.put(
                    r.get("index"),
                    new IndexInfo(
                            r.get("index"),
                            r.get("name"),
                            r.get("unit"),
                            Integer.parseInt(r.get("first_year")),
                            Integer.parseInt(r.get("last_year")),
                            "Y".equals(r.get("totals_comparable_across_versions"))));
        }
        for (Map<String, String> r : Resources.csv("/definitions/components.csv")) {
            if (!d.indices.containsKey(r.get("index"))) {
                throw new IllegalStateException("components.csv names unknown index " + r.get("index"));
            }
            d.components.add(new ComponentDef(
                    r.get("index"),
                    r.get("version"),
                    Integer.parseInt(r.get("year_from")),
                    Integer.parseInt(r.get("year_to")),
                    r.get("component"),
                    r.get("parent"),
                    r.get("level"),
                    r.get("label_en"),
                    num(r.get("scale_min")),
                    num(r.get("scale_max")),
                    r.get("aggregation")));
        }
        return d;
    }

    private static Double num(String s) {
        return s == null || s.isEmpty() ? null : Double.valueOf(s);
    }

    /** All indices by name. */
    public Map<String, IndexInfo> indices() {
        return Collections.unmodifiableMap(indices);
    }

    /** The index with this (case-insensitive) name. */
    public Optional<IndexInfo> index(String name) {
        return name == null
                ? Optional.empty()
                : Optional.ofNullable(indices.get(name.trim().toUpperCase()));
    }

    /** Every component definition. */
    public List<ComponentDef> components() {
        return Collections.unmodifiableList(components);
    }

    /** The structure version of an index in a year, if the year is covered. */
    public Optional<String> version(String index, int year) {
        return components.stream()
                .filter(c -> c.index().equals(index) && c.level().equals("TOTAL") && c.inYear(year))
                .map(ComponentDef::version)
                .findFirst();
    }

    /** The definition of a component of an index in a year (the structure version follows from the year). */
    public Optional<ComponentDef> component(String index, int year, String component) {
        return components.stream()
                .filter(c -> c.index().equals(index)
                        && c.inYear(year)
                        && c.component().equalsIgnoreCase(component.trim()))
                .findFirst();
    }

    /** The components of an index in a year. */
    public List<ComponentDef> components(String index, int year) {
        return components.stream()
                .filter(c -> c.index().equals(index) && c.inYear(year))
                .collect(Collectors.toList());
    }

    /** The parts of a component in a year. */
    public List<ComponentDef> parts(String index, int year, String parent) {
        return components.stream()
                .filter(c -> c.index().equals(index) && c.inYear(year) && parent.equals(c.parent()))
                .collect(Collectors.toList());
    }

    /**
     * The scale of a component in a year: its own, or from 0 to its parent's maximum divided by the number
     * of parts (PAPI sub-dimensions: a sub-dimension's share of a 1-10 dimension; the lower bound is 0
     * because published sub-dimension scores fall slightly below 1/n).
     */
    public double[] scale(ComponentDef c, int year) {
        if (c.scaleMin() != null && c.scaleMax() != null) {
            return new double[] {c.scaleMin(), c.scaleMax()};
        }
        ComponentDef parent = component(c.index(), year, c.parent())
                .orElseThrow(() -> new IllegalStateException(
                        c.index() + " " + c.component() + " has no scale and no parent in " + year));
        double[] ps = scale(parent, year);
        int n = parts(c.index(), year, c.parent()).size();
        return new double[] {0, ps[1] / n};
    }
}
