package org.chiso.demo;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chiso.core.Province;
import org.chiso.core.ProvinceRegistry;

/**
 * Checks demo panels against the published PAR and SIPAS figures and the panels' own invariants (coverage,
 * scales, ASSESSED + SURVEY = TOTAL, national row = mean of the province totals). Measures are read as in
 * {@code data/published/README.md}; values are compared in hundredths.
 */
final class FigureCheck {
    private final Map<String, Map<String, Long>> panels = new TreeMap<>();
    private final ProvinceRegistry registry;

    private FigureCheck(List<DemoPanels.DemoCell> cells, ProvinceRegistry registry) {
        this.registry = registry;
        for (DemoPanels.DemoCell c : cells) {
            panels.computeIfAbsent(id(c.index(), c.year(), c.component()), k -> new TreeMap<>())
                    .put(c.provinceKey(), Math.round(c.value() * 100));
        }
    }

    /** Throws an {@link IllegalStateException} naming the first figure or invariant that does not hold. */
    static void verify(List<DemoPanels.DemoCell> cells, ProvinceRegistry registry, List<PublishedFigure> figures) {
        FigureCheck c = new FigureCheck(cells, registry);
        c.invariants();
        for (PublishedFigure f : figures) {
            if ((f.index().equals(DemoPanels.PAR) || f.index().equals(DemoPanels.SIPAS))
                    && !FigurePlan.CONTEXT_MEASURES.contains(f.measure())) {
                c.check(f);
            }
        }
    }

    private static String id(String index, int year, String component) {
        return index + "|" + year + "|" + component;
    }

    /** Province values of a panel (the national row left out). */
    private Map<String, Long> provinces(String index, int year, String component) {
        Map<String, Long> p = new TreeMap<>(panels.getOrDefault(id(index, year, component), Map.of()));
        p.remove(ProvinceRegistry.NATIONAL.key());
        return p;
    }

    private long national(String index, int year) {
        Long v = panels.getOrDefault(id(index, year, "TOTAL"), Map.of()).get(ProvinceRegistry.NATIONAL.key());
        if (v == null) {
            throw new IllegalStateException("demo panels: no national row for " + index + " " + year);
        }
        return v;
    }

    private void invariants() {
        for (String index : List.of(DemoPanels.PAR, DemoPanels.SIPAS)) {
            for (int y = FigurePlan.firstYear(index); y <= DemoPanels.LAST_YEAR; y++) {
                List<Province> ps = FigurePlan.provinces(registry, y);
                for (String comp : FigurePlan.components(index, y)) {
                    Map<String, Long> p = provinces(index, y, comp);
                    long max = comp.equals("ASSESSED") ? 6800 : comp.equals("SURVEY") ? 3200 : 10000;
                    for (Province pr : ps) {
                        Long v = p.get(pr.key());
                        if (v == null || v < 0 || v > max) {
                            throw new IllegalStateException("demo panels: " + index + " " + y + " " + comp + " "
                                    + pr.key() + " missing or off the scale");
                        }
                    }
                    if (p.size() != ps.size()) {
                        throw new IllegalStateException(
                                "demo panels: " + index + " " + y + " " + comp + " has extra rows");
                    }
                }
                Map<String, Long> t = provinces(index, y, "TOTAL");
                long sum = t.values().stream().mapToLong(Long::longValue).sum();
                if (Math.round(sum / (double) t.size()) != national(index, y)) {
                    throw new IllegalStateException(
                            "demo panels: " + index + " " + y + " national row is not the mean");
                }
                if (index.equals(DemoPanels.PAR) && y >= 2024) {
                    Map<String, Long> a = provinces(index, y, "ASSESSED");
                    Map<String, Long> s = provinces(index, y, "SURVEY");
                    for (Map.Entry<String, Long> e : t.entrySet()) {
                        if (a.get(e.getKey()) + s.get(e.getKey()) != e.getValue()) {
                            throw new IllegalStateException(
                                    "demo panels: PAR " + y + " " + e.getKey() + " ASSESSED + SURVEY != TOTAL");
                        }
                    }
                }
            }
        }
    }

    private static int rank(Map<String, Long> values, String key) {
        long v = values.get(key);
        int r = 1;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            if (e.getValue() > v) {
                r++;
            } else if (e.getValue() == v && !e.getKey().equals(key)) {
                return -1;
            }
        }
        return r;
    }

    private Map<String, Long> changes(String index, int year, String component) {
        Map<String, Long> now = provinces(index, year, component);
        Map<String, Long> before = provinces(index, year - 1, component);
        Map<String, Long> d = new TreeMap<>();
        for (Map.Entry<String, Long> e : now.entrySet()) {
            Long b = before.get(e.getKey());
            if (b == null) {
                throw new IllegalStateException("demo panels: " + e.getKey() + " has no " + (year - 1) + " value");
            }
            d.put(e.getKey(), e.getValue() - b);
        }
        return d;
    }

    private long actual(PublishedFigure f) {
        String ix = f.index();
        int y = f.year();
        String comp = f.component();
        String p = f.province();
        Map<String, Long> vals = provinces(ix, y, comp);
        switch (f.measure()) {
            case "score":
                return f.national() ? national(ix, y) : vals.get(p);
            case "change":
                return f.national()
                        ? national(ix, y) - national(ix, y - 1)
                        : vals.get(p) - provinces(ix, y - 1, comp).get(p);
            case "diff_from_national":
                return vals.get(p) - national(ix, y);
            case "rank":
                return rank(vals, p);
            case "rank_change":
                return rank(provinces(ix, y - 1, comp), p) - rank(vals, p);
            case "region_rank": {
                String region = registry.byKey(p).orElseThrow().region();
                Map<String, Long> same = new TreeMap<>();
                vals.forEach((k, v) -> {
                    if (region.equals(registry.byKey(k).orElseThrow().region())) {
                        same.put(k, v);
                    }
                });
                return rank(same, p);
            }
            case "top5_member":
                return rank(vals, p) >= 1 && rank(vals, p) <= 5 ? 1 : 0;
            case "bottom5_member":
                return rank(vals, p) >= vals.size() - 4 ? 1 : 0;
            case "count_rose":
                return changes(ix, y, comp).values().stream().filter(c -> c > 0).count();
            case "count_fell":
                return changes(ix, y, comp).values().stream().filter(c -> c < 0).count();
            case "count_unchanged":
                return changes(ix, y, comp).values().stream()
                        .filter(c -> c == 0)
                        .count();
            case "max_rise":
                return changes(ix, y, comp).values().stream()
                        .filter(c -> c > 0)
                        .mapToLong(c -> c)
                        .max()
                        .orElse(0);
            case "min_rise":
                return changes(ix, y, comp).values().stream()
                        .filter(c -> c > 0)
                        .mapToLong(c -> c)
                        .min()
                        .orElse(0);
            case "max_fall":
                return changes(ix, y, comp).values().stream()
                        .filter(c -> c < 0)
                        .mapToLong(c -> -c)
                        .max()
                        .orElse(0);
            case "min_fall":
                return changes(ix, y, comp).values().stream()
                        .filter(c -> c < 0)
                        .mapToLong(c -> -c)
                        .min()
                        .orElse(0);
            case "count_above_80":
                return vals.values().stream().filter(v -> v > FigurePlan.ABOVE).count();
            case "years_all_above_80": {
                int k = 0;
                while (y - k >= FigurePlan.firstYear(ix)
                        && provinces(ix, y - k, comp).values().stream().allMatch(v -> v > FigurePlan.ABOVE)) {
                    k++;
                }
                return k;
            }
            case "highest_ever": {
                for (int e = FigurePlan.firstYear(ix); e < y; e++) {
                    if (national(ix, e) >= national(ix, y)) {
                        return 0;
                    }
                }
                return 1;
            }
            case "consecutive_top5_years":
                return streak(f).length;
            case "times_second_in_streak": {
                int n = 0;
                for (int year : streak(f)) {
                    if (rank(provinces(ix, year, comp), p) == 2) {
                        n++;
                    }
                }
                return n;
            }
            case "times_first": {
                int n = 0;
                for (int e = FigurePlan.firstYear(ix); e <= y; e++) {
                    if (rank(provinces(ix, e, comp), p) == 1) {
                        n++;
                    }
                }
                return n;
            }
            case "first_time_first": {
                for (int e = FigurePlan.firstYear(ix); e < y; e++) {
                    if (rank(provinces(ix, e, comp), p) == 1) {
                        return 0;
                    }
                }
                return rank(vals, p) == 1 ? 1 : 0;
            }
            default:
                throw FigurePlan.unsupported(f, "no check for this measure");
        }
    }

    private int[] streak(PublishedFigure f) {
        int k = 0;
        while (f.year() - k >= FigurePlan.firstYear(f.index())) {
            int r = rank(provinces(f.index(), f.year() - k, f.component()), f.province());
            if (r < 1 || r > 5) {
                break;
            }
            k++;
        }
        int[] years = new int[k];
        for (int i = 0; i < k; i++) {
            years[i] = f.year() - i;
        }
        return years;
    }

    private void check(PublishedFigure f) {
        long got = actual(f);
        boolean hundredths = switch (f.measure()) {
            case "score", "change", "diff_from_national", "max_rise", "min_rise", "max_fall", "min_fall" -> true;
            default -> false;
        };
        long want = hundredths ? f.cents() : Math.round(f.value());
        if (got != want) {
            throw new IllegalStateException("demo panels do not meet the published figure " + f.label() + ": got "
                    + (hundredths ? got / 100.0 : got));
        }
    }
}
