package org.chiso.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.chiso.core.Basis;
import org.chiso.core.Province;
import org.chiso.core.ProvinceRegistry;
import org.chiso.demo.DemoPanels.DemoCell;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The demo panels for seed 20250701 against every row of figures.csv (one dynamic test per row, checked by
 * its measure), the multi-year statements, coverage, provenance, determinism and the CSV layout.
 */
class DemoPanelsTest {
    private static final long SEED = 20250701L;
    private static final double EPS = 1e-9;
    /** Measures with no counterpart in the panels (documented in data/published/README.md). */
    private static final Set<String> CONTEXT = Set.of("group_b_member");

    private static final Set<String> PANEL_INDICES = Set.of("PAR", "SIPAS");

    private static ProvinceRegistry registry;
    private static List<PublishedFigure> figures;
    private static List<DemoCell> cells;
    private static final Map<String, Map<String, Double>> panels = new TreeMap<>();

    @BeforeAll
    static void generate() {
        registry = ProvinceRegistry.load();
        figures = PublishedFigures.load();
        cells = DemoPanels.generate(SEED, registry, figures);
        for (DemoCell c : cells) {
            panels.computeIfAbsent(c.index() + "|" + c.year() + "|" + c.component(), k -> new TreeMap<>())
                    .put(c.provinceKey(), c.value());
        }
    }

    private static Map<String, Double> provinces(String index, int year, String component) {
        Map<String, Double> m = new TreeMap<>(panels.getOrDefault(index + "|" + year + "|" + component, Map.of()));
        m.remove("VN");
        return m;
    }

    private static double national(String index, int year) {
        Double v = panels.getOrDefault(index + "|" + year + "|TOTAL", Map.of()).get("VN");
        assertNotNull(v, "national row " + index + " " + year);
        return v;
    }

    private static double r2(double x) {
        return Math.round(x * 100) / 100.0;
    }

    /** Rank 1 = highest; fails on a tie with the province. */
    private static int rank(Map<String, Double> values, String key) {
        double v = values.get(key);
        int r = 1;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (!e.getKey().equals(key)) {
                assertTrue(Math.abs(e.getValue() - v) > EPS, "tie between " + key + " and " + e.getKey());
                if (e.getValue() > v) {
                    r++;
                }
            }
        }
        return r;
    }

    private static List<Double> changes(String index, int year, String component) {
        Map<String, Double> now = provinces(index, year, component);
        Map<String, Double> before = provinces(index, year - 1, component);
        List<Double> out = new ArrayList<>();
        now.forEach((k, v) -> {
            assertTrue(before.containsKey(k), k + " has no " + (year - 1) + " value");
            out.add(r2(v - before.get(k)));
        });
        return out;
    }

    private static int firstYear(String index) {
        return index.equals("PAR") ? 2012 : 2017;
    }

    private static boolean allAbove80(String index, int year) {
        return provinces(index, year, "TOTAL").values().stream().allMatch(v -> v > 80.0 + EPS);
    }

    private static int top5Streak(String index, int year, String component, String key) {
        int k = 0;
        while (year - k >= firstYear(index)) {
            Map<String, Double> vals = provinces(index, year - k, component);
            if (!vals.containsKey(key) || rank(vals, key) > 5) {
                break;
            }
            k++;
        }
        return k;
    }

    /** The panel's value of a figure's measure. */
    private static double actual(PublishedFigure f) {
        String ix = f.index();
        int y = f.year();
        String comp = f.component();
        String p = f.province();
        Map<String, Double> vals = provinces(ix, y, comp);
        switch (f.measure()) {
            case "score":
                return f.national() ? national(ix, y) : vals.get(p);
            case "change":
                return r2(
                        f.national()
                                ? national(ix, y) - national(ix, y - 1)
                                : vals.get(p) - provinces(ix, y - 1, comp).get(p));
            case "diff_from_national":
                return r2(vals.get(p) - national(ix, y));
            case "rank":
                return rank(vals, p);
            case "rank_change":
                return rank(provinces(ix, y - 1, comp), p) - rank(vals, p);
            case "region_rank": {
                String region = registry.byKey(p).orElseThrow().region();
                Map<String, Double> same = vals.entrySet().stream()
                        .filter(e -> registry.byKey(e.getKey())
                                .orElseThrow()
                                .region()
                                .equals(region))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
                return rank(same, p);
            }
            case "top5_member":
                return rank(vals, p) <= 5 ? 1 : 0;
            case "bottom5_member":
                return rank(vals, p) > vals.size() - 5 ? 1 : 0;
            case "count_rose":
                return changes(ix, y, comp).stream().filter(c -> c > EPS).count();
            case "count_fell":
                return changes(ix, y, comp).stream().filter(c -> c < -EPS).count();
            case "count_unchanged":
                return changes(ix, y, comp).stream()
                        .filter(c -> Math.abs(c) <= EPS)
                        .count();
            case "max_rise":
                return changes(ix, y, comp).stream()
                        .filter(c -> c > EPS)
                        .mapToDouble(c -> c)
                        .max()
                        .orElseThrow();
            case "min_rise":
                return changes(ix, y, comp).stream()
                        .filter(c -> c > EPS)
                        .mapToDouble(c -> c)
                        .min()
                        .orElseThrow();
            case "max_fall":
                return changes(ix, y, comp).stream()
                        .filter(c -> c < -EPS)
                        .mapToDouble(c -> -c)
                        .max()
                        .orElseThrow();
            case "min_fall":
                return changes(ix, y, comp).stream()
                        .filter(c -> c < -EPS)
                        .mapToDouble(c -> -c)
                        .min()
                        .orElseThrow();
            case "count_above_80":
                return vals.values().stream().filter(v -> v > 80.0 + EPS).count();
            case "years_all_above_80": {
                int k = 0;
                while (y - k >= firstYear(ix) && allAbove80(ix, y - k)) {
                    k++;
                }
                return k;
            }
            case "highest_ever": {
                for (int e = firstYear(ix); e < y; e++) {
                    if (national(ix, e) >= national(ix, y)) {
                        return 0;
                    }
                }
                return 1;
            }
            case "consecutive_top5_years":
                return top5Streak(ix, y, comp, p);
            case "times_second_in_streak": {
                int n = 0;
                for (int e = y - top5Streak(ix, y, comp, p) + 1; e <= y; e++) {
                    n += rank(provinces(ix, e, comp), p) == 2 ? 1 : 0;
                }
                return n;
            }
            case "times_first": {
                int n = 0;
                for (int e = firstYear(ix); e <= y; e++) {
                    n += rank(provinces(ix, e, comp), p) == 1 ? 1 : 0;
                }
                return n;
            }
            case "first_time_first": {
                for (int e = firstYear(ix); e < y; e++) {
                    if (rank(provinces(ix, e, comp), p) == 1) {
                        return 0;
                    }
                }
                return rank(vals, p) == 1 ? 1 : 0;
            }
            default:
                return fail("no check for measure " + f.measure() + " (" + f.label() + ")");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyPublishedFigureHolds() {
        return figures.stream()
                .map(f -> DynamicTest.dynamicTest(f.label(), () -> {
                    if (!PANEL_INDICES.contains(f.index())) {
                        assertFalse(f.source().isBlank(), "a source");
                        if (f.measure().equals("score")) {
                            double max = f.index().equals("PAPI") ? 80 : 100;
                            assertTrue(f.value() >= 0 && f.value() <= max, "score on the index scale");
                        }
                        return;
                    }
                    if (CONTEXT.contains(f.measure())) {
                        assertEquals(1.0, f.value(), "context flag");
                        return;
                    }
                    assertEquals(f.value(), actual(f), EPS, f.label());
                }));
    }

    @Test
    void haiPhongParStreak() {
        String hp = "VN63-31";
        assertTrue(rank(provinces("PAR", 2012, "TOTAL"), hp) > 5, "not in the 2012 top 5");
        int seconds = 0;
        for (int y = 2013; y <= 2024; y++) {
            int r = rank(provinces("PAR", y, "TOTAL"), hp);
            assertTrue(r <= 5, "top 5 in " + y);
            seconds += r == 2 ? 1 : 0;
            assertEquals(y == 2021 || y == 2024, r == 1, "1st only in 2021 and 2024, " + y);
        }
        assertEquals(7, seconds);
        assertEquals(2, rank(provinces("PAR", 2023, "TOTAL"), hp));
        assertEquals(1, rank(provinces("PAR", 2012, "TOTAL"), "VN63-48"));
        assertEquals(87.14, provinces("PAR", 2012, "TOTAL").get("VN63-48"), EPS);
    }

    @Test
    void parNationalHistory() {
        for (int y = 2012; y < 2024; y++) {
            assertTrue(national("PAR", y) < national("PAR", 2024), "88.37 is the highest ever, " + y);
        }
        assertEquals(88.37, national("PAR", 2024), EPS);
        assertEquals(86.98, national("PAR", 2023), EPS);
        assertTrue(allAbove80("PAR", 2024) && allAbove80("PAR", 2023));
        assertTrue(provinces("PAR", 2022, "TOTAL").values().stream().anyMatch(v -> v < 80.0), "2022: not all above 80");
        List<Double> ch = changes("PAR", 2024, "TOTAL");
        assertEquals(53, ch.stream().filter(c -> c > 0).count());
        assertEquals(9, ch.stream().filter(c -> c < 0).count());
        assertEquals(1, ch.stream().filter(c -> c == 0).count());
    }

    @Test
    void sipasFacts() {
        String hp = "VN63-31";
        for (int y = 2017; y < 2024; y++) {
            assertTrue(rank(provinces("SIPAS", y, "TOTAL"), hp) > 1, "Hải Phòng not 1st in " + y);
        }
        for (String comp : List.of("TOTAL", "SAT_POLICY", "SAT_SERVICE")) {
            assertEquals(1, rank(provinces("SIPAS", 2024, comp), hp), comp);
        }
        List<String> top = List.of("VN63-31", "VN63-19", "VN63-30", "VN63-22", "VN63-77");
        for (int i = 0; i < top.size(); i++) {
            assertEquals(i + 1, rank(provinces("SIPAS", 2024, "TOTAL"), top.get(i)));
        }
        List<String> bottom = List.of("VN63-06", "VN63-20", "VN63-49", "VN63-89", "VN63-51");
        for (int i = 0; i < bottom.size(); i++) {
            assertEquals(
                    59 + i, rank(provinces("SIPAS", 2024, "TOTAL"), bottom.get(i)), "bottom 5 read as ranks 59..63");
        }
        Map<Integer, Double> means = Map.of(2024, 83.94, 2023, 82.66, 2022, 80.08, 2018, 82.99);
        means.forEach((y, m) -> assertEquals(m, national("SIPAS", y), EPS, "SIPAS " + y));
    }

    @Test
    void regionRanks() {
        Map<String, Double> p24 = provinces("PAR", 2024, "TOTAL");
        Map<String, Double> p23 = provinces("PAR", 2023, "TOTAL");
        assertEquals(
                14,
                registry.provinces(Basis.VN63, 2024).stream()
                        .filter(p -> p.region().equals("NMM"))
                        .count());
        assertEquals(
                3,
                p24.entrySet().stream()
                        .filter(e -> e.getValue() > p24.get("VN63-14")
                                && registry.byKey(e.getKey())
                                        .orElseThrow()
                                        .region()
                                        .equals("NMM"))
                        .count());
        assertEquals(
                5,
                p23.entrySet().stream()
                        .filter(e -> e.getValue() > p23.get("VN63-14")
                                && registry.byKey(e.getKey())
                                        .orElseThrow()
                                        .region()
                                        .equals("NMM"))
                        .count());
        assertEquals(
                1,
                p23.entrySet().stream()
                        .filter(e -> e.getValue() > p23.get("VN63-19")
                                && registry.byKey(e.getKey())
                                        .orElseThrow()
                                        .region()
                                        .equals("NMM"))
                        .count());
        assertTrue(p23.get("VN63-24") > p23.get("VN63-19"));
    }

    @Test
    void deterministic() {
        assertEquals(cells, DemoPanels.generate(SEED, registry, figures));
        assertFalse(cells.equals(DemoPanels.generate(SEED + 1, registry, figures)), "another seed, other panels");
    }

    @Test
    void coverageAndScales() {
        for (String index : PANEL_INDICES) {
            for (int y = firstYear(index); y <= 2025; y++) {
                Basis b = y >= 2025 ? Basis.VN34 : Basis.VN63;
                List<String> keys =
                        registry.provinces(b, y).stream().map(Province::key).toList();
                assertEquals(y >= 2025 ? 34 : 63, keys.size());
                List<String> comps = index.equals("PAR")
                        ? (y >= 2024 ? List.of("TOTAL", "ASSESSED", "SURVEY") : List.of("TOTAL"))
                        : List.of(
                                "TOTAL",
                                "SAT_POLICY",
                                "SAT_SERVICE",
                                "ACCESS",
                                "PROCEDURES",
                                "CIVIL_SERVANTS",
                                "RESULTS",
                                "COMPLAINTS");
                for (String comp : comps) {
                    Map<String, Double> vals = provinces(index, y, comp);
                    assertEquals(Set.copyOf(keys), vals.keySet(), index + " " + y + " " + comp);
                    double max = comp.equals("ASSESSED") ? 68 : comp.equals("SURVEY") ? 32 : 100;
                    for (double v : vals.values()) {
                        assertTrue(v >= 0 && v <= max, index + " " + y + " " + comp + " " + v);
                        assertEquals(r2(v), v, EPS, "two decimals");
                    }
                }
                Map<String, Double> total = provinces(index, y, "TOTAL");
                double mean =
                        total.values().stream().mapToDouble(Double::doubleValue).sum() / total.size();
                assertEquals(r2(mean), national(index, y), EPS, "national row = mean, " + index + " " + y);
                if (index.equals("PAR") && y >= 2024) {
                    Map<String, Double> a = provinces(index, y, "ASSESSED");
                    Map<String, Double> s = provinces(index, y, "SURVEY");
                    for (Map.Entry<String, Double> t : total.entrySet()) {
                        assertEquals(
                                t.getValue(),
                                r2(a.get(t.getKey()) + s.get(t.getKey())),
                                EPS,
                                "ASSESSED + SURVEY, " + t.getKey());
                    }
                }
            }
        }
        double lo = cells.stream()
                .filter(c -> c.index().equals("PAR") && c.component().equals("TOTAL"))
                .mapToDouble(DemoCell::value)
                .min()
                .orElseThrow();
        assertTrue(lo > 65, "PAR looks like PAR");
    }

    @Test
    void provenance() {
        String synthetic = "synthetic demo data (seed " + SEED + ")";
        Map<String, PublishedFigure> scores = new TreeMap<>();
        for (PublishedFigure f : figures) {
            if (f.measure().equals("score") && PANEL_INDICES.contains(f.index())) {
                scores.put(f.index() + "|" + f.year() + "|" + f.province() + "|" + f.component(), f);
            }
        }
        int published = 0;
        for (DemoCell c : cells) {
            PublishedFigure f = scores.get(c.index() + "|" + c.year() + "|" + c.provinceKey() + "|" + c.component());
            if (f == null) {
                assertEquals("synthetic", c.provenance(), c.toString());
                assertEquals(synthetic, c.source());
            } else {
                published++;
                assertEquals("published", c.provenance());
                assertEquals(DemoPanels.pinnedSource(f.source()), c.source());
                assertEquals(f.value(), c.value(), EPS);
            }
        }
        assertEquals(scores.size(), published);
    }

    @Test
    void figuresCsvHoldsTheKeyFacts() {
        has("PAR", 2024, "VN", "score", 88.37);
        has("PAR", 2024, "VN63-31", "score", 96.17);
        has("PAR", 2024, "VN63-31", "rank", 1);
        has("PAR", 2024, "VN63-31", "change", 4.30);
        has("PAR", 2024, "VN63-19", "score", 91.47);
        has("PAR", 2024, "VN63-19", "rank", 5);
        has("PAR", 2024, "VN63-14", "score", 90.02);
        has("PAR", 2024, "VN63-14", "rank", 12);
        has("PAR", 2023, "VN63-22", "score", 92.18);
        has("PAR", 2023, "VN63-31", "score", 91.87);
        has("PAR", 2023, "VN63-01", "score", 91.43);
        has("PAR", 2023, "VN63-24", "score", 91.16);
        has("PAR", 2023, "VN63-77", "score", 91.03);
        has("SIPAS", 2024, "VN63-31", "score", 90.59);
        has("SIPAS", 2024, "VN63-19", "score", 90.23);
        has("PAPI", 2023, "VN63-46", "score", 46.04);
        has("PAPI", 2023, "VN63-46", "rank", 1);
        has("PAPI", 2023, "VN63-19", "score", 45.79);
        has("PAPI", 2023, "VN63-19", "rank", 2);
        has("PAPI", 2023, "VN", "score", 42.3265);
        assertTrue(figures.stream().anyMatch(f -> f.index().equals("SERVICE")));
        assertTrue(figures.stream().anyMatch(f -> f.index().equals("ADMIN")));
    }

    private static void has(String index, int year, String province, String measure, double value) {
        assertTrue(
                figures.stream()
                        .anyMatch(f -> f.index().equals(index)
                                && f.year() == year
                                && f.province().equals(province)
                                && f.measure().equals(measure)
                                && Math.abs(f.value() - value) < EPS),
                "figures.csv: " + index + " " + year + " " + province + " " + measure + " " + value);
    }

    @Test
    void csvLayout() {
        StringWriter w = new StringWriter();
        DemoPanels.writeCsv(cells, w);
        String[] lines = w.toString().split("\n");
        assertEquals("index,year,province,component,value,scale,source,provenance", lines[0]);
        assertEquals(cells.size() + 1, lines.length);
        assertTrue(w.toString()
                .contains("PAR,2024,VN,TOTAL,88.37,0-100,seed article (restated in the demo data),published\n"));
        assertTrue(
                w.toString()
                        .contains(
                                "PAR,2023,VN63-22,TOTAL,92.18,0-100,\"news, en.baochinhphu.vn (restated in the demo data)\",published\n"));
        assertTrue(lines[1].startsWith("PAR,2012,VN,TOTAL,"));
        for (int i = 1; i < lines.length; i++) {
            assertTrue(
                    lines[i].matches(
                            "[A-Z]+,\\d{4},VN(\\d\\d-\\d\\d)?,[A-Z_]+,\\d+\\.\\d\\d,0-(100|68|32),.*,(published|synthetic)"),
                    lines[i]);
        }
        assertTrue(w.toString().contains(",ASSESSED,")
                && w.toString().contains(",0-68,")
                && w.toString().contains(",0-32,"));
    }
}
