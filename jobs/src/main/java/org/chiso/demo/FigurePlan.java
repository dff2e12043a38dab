package org.chiso.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chiso.core.Basis;
import org.chiso.core.Province;
import org.chiso.core.ProvinceRegistry;

/**
 * The constraints the published PAR and SIPAS figures put on the demo panels: pinned values (score
 * figures, and values implied by a change or a difference from the national figure when one side is known),
 * exact ranks (rank figures, rank changes, the bottom-5 list read in published order as the last five ranks),
 * rank ranges (top 5, streaks, first-time first), region ranks, the change counts and extremes, and the
 * value floors of "all provinces above 80%". Figures of other indices are not used. A figure the demo cannot
 * honour fails with an {@link IllegalStateException} naming it.
 */
final class FigurePlan {
    /** A cell of a panel; province {@code VN} is the national figure. */
    record Cell(String index, int year, String component, String province) {}

    static final Comparator<Cell> ORDER = Comparator.comparing(Cell::index)
            .thenComparingInt(Cell::year)
            .thenComparing(Cell::component)
            .thenComparing(Cell::province);

    /** Measures recorded for context; the panels cannot check them (the grouping rule is not published). */
    static final Set<String> CONTEXT_MEASURES = Set.of("group_b_member");

    static final long ABOVE = 8000;

    private final ProvinceRegistry registry;
    private final Map<Cell, Long> pins = new TreeMap<>(ORDER);
    private final Map<Cell, String> scoreSources = new TreeMap<>(ORDER);
    private final Map<Cell, Long> changes = new TreeMap<>(ORDER);
    private final Map<Cell, Long> diffs = new TreeMap<>(ORDER);
    private final Map<Cell, Integer> exact = new TreeMap<>(ORDER);
    private final Map<Cell, int[]> ranges = new TreeMap<>(ORDER);
    private final Map<Cell, Integer> regionRanks = new TreeMap<>(ORDER);
    private final Map<Cell, Integer> rankChanges = new TreeMap<>(ORDER);
    private final Map<Cell, Map<String, Double>> changeFigures = new TreeMap<>(ORDER);
    private final Set<Cell> floors = new TreeSet<>(ORDER);
    private final Set<Cell> someBelow = new TreeSet<>(ORDER);

    private FigurePlan(ProvinceRegistry registry) {
        this.registry = registry;
    }

    /** First year of an index in the demo. */
    static int firstYear(String index) {
        return DemoPanels.PAR.equals(index) ? 2012 : 2017;
    }

    static List<String> components(String index, int year) {
        if (DemoPanels.PAR.equals(index)) {
            return year >= 2024 ? List.of("TOTAL", "ASSESSED", "SURVEY") : List.of("TOTAL");
        }
        List<String> c = new ArrayList<>(List.of("TOTAL"));
        c.addAll(DemoPanels.SIPAS_PARTS);
        return c;
    }

    /** The provinces of a year: the 63 to 2024, the 34 from 2025. */
    static List<Province> provinces(ProvinceRegistry registry, int year) {
        return registry.provinces(Basis.forYear(year), year);
    }

    /**
     * The plan for the PAR and SIPAS figures; the rng chooses the years of a streak that the figures leave
     * open (which of the streak years Hải Phòng was 2nd).
     */
    static FigurePlan of(ProvinceRegistry registry, List<PublishedFigure> figures, Random rng) {
        FigurePlan p = new FigurePlan(registry);
        Map<Cell, List<String>> bottom = new TreeMap<>(ORDER);
        List<PublishedFigure> streaks = new ArrayList<>();
        for (PublishedFigure f : figures) {
            if (!DemoPanels.PAR.equals(f.index()) && !DemoPanels.SIPAS.equals(f.index())) {
                continue;
            }
            p.validate(f);
            Cell c = new Cell(f.index(), f.year(), f.component(), f.province());
            switch (f.measure()) {
                case "score" -> {
                    p.putPin(c, twoDecimals(f), f);
                    p.scoreSources.put(c, f.source());
                }
                case "change" -> p.changes.put(c, twoDecimals(f));
                case "diff_from_national" -> p.diffs.put(c, twoDecimals(f));
                case "rank" -> p.putExact(c, whole(f), f);
                case "rank_change" -> p.rankChanges.put(c, whole(f));
                case "region_rank" -> p.regionRanks.put(c, whole(f));
                case "top5_member" -> p.putRange(c, 1, 5, f);
                case "bottom5_member" ->
                    bottom.computeIfAbsent(new Cell(f.index(), f.year(), f.component(), ""), k -> new ArrayList<>())
                            .add(f.province());
                case "count_rose", "count_fell", "count_unchanged", "max_rise", "min_rise", "max_fall", "min_fall" -> {
                    requireNational(f);
                    p.changeFigures.computeIfAbsent(c, k -> new TreeMap<>()).put(f.measure(), f.value());
                }
                case "count_above_80" -> {
                    requireNational(f);
                    if (whole(f) != provinces(registry, f.year()).size()) {
                        throw unsupported(f, "only 'all provinces above 80' is supported");
                    }
                    p.floors.add(c);
                }
                case "years_all_above_80" -> {
                    requireNational(f);
                    int k = whole(f);
                    for (int y = f.year() - k + 1; y <= f.year(); y++) {
                        if (y < firstYear(f.index())) {
                            throw unsupported(f, "the run starts before the index");
                        }
                        p.floors.add(new Cell(f.index(), y, f.component(), "VN"));
                    }
                    if (f.year() - k >= firstYear(f.index())) {
                        p.someBelow.add(new Cell(f.index(), f.year() - k, f.component(), "VN"));
                    }
                }
                case "highest_ever" -> requireNational(f);
                case "consecutive_top5_years", "times_second_in_streak", "times_first", "first_time_first" ->
                    streaks.add(f);
                default -> {
                    if (!CONTEXT_MEASURES.contains(f.measure())) {
                        throw unsupported(f, "unknown measure");
                    }
                }
            }
        }
        for (Map.Entry<Cell, List<String>> e : bottom.entrySet()) {
            int n = provinces(registry, e.getKey().year()).size();
            List<String> list = e.getValue();
            if (list.size() > 5) {
                throw new IllegalStateException("more than five bottom-5 members in " + e.getKey());
            }
            for (int i = 0; i < list.size(); i++) {
                Cell c = new Cell(
                        e.getKey().index(), e.getKey().year(), e.getKey().component(), list.get(i));
                p.putExact(c, n - list.size() + 1 + i, null);
            }
        }
        for (Map.Entry<Cell, Map<String, Double>> e : p.changeFigures.entrySet()) {
            Map<String, Double> m = e.getValue();
            long counts =
                    m.keySet().stream().filter(k -> k.startsWith("count_")).count();
            if (counts == 1) {
                throw new IllegalStateException(
                        "change counts of " + e.getKey() + " need two of rose, fell, unchanged");
            }
        }
        p.propagate();
        p.planStreaks(streaks, rng);
        return p;
    }

    private void validate(PublishedFigure f) {
        if (f.year() < firstYear(f.index()) || f.year() > 2025) {
            throw unsupported(f, "year outside the demo panels");
        }
        if (!components(f.index(), f.year()).contains(f.component())) {
            throw unsupported(f, "component not in the index structure of that year");
        }
        if (!f.national()) {
            Optional<Province> pr = registry.byKey(f.province());
            if (pr.isEmpty()
                    || pr.get().basis() != Basis.forYear(f.year())
                    || !pr.get().validInYear(f.year())) {
                throw unsupported(f, "province key is not a province of that year");
            }
        }
    }

    private static void requireNational(PublishedFigure f) {
        if (!f.national()) {
            throw unsupported(f, "a national measure on a province row");
        }
    }

    static IllegalStateException unsupported(PublishedFigure f, String why) {
        return new IllegalStateException("figures.csv: " + f.label() + ": " + why);
    }

    private static long twoDecimals(PublishedFigure f) {
        if (Math.abs(f.value() * 100 - Math.rint(f.value() * 100)) > 1e-6) {
            throw unsupported(f, "PAR and SIPAS figures have two decimals");
        }
        return f.cents();
    }

    private static int whole(PublishedFigure f) {
        if (f.value() != Math.rint(f.value())) {
            throw unsupported(f, "not a whole number");
        }
        return (int) f.value();
    }

    private void putPin(Cell c, long cents, PublishedFigure f) {
        Long old = pins.put(c, cents);
        if (old != null && old != cents) {
            throw new IllegalStateException("figures disagree on " + c + ": " + old + " and " + cents + " hundredths"
                    + (f == null ? "" : " (" + f.label() + ")"));
        }
    }

    private void putExact(Cell c, int rank, PublishedFigure f) {
        Integer old = exact.put(c, rank);
        if (old != null && old != rank) {
            throw new IllegalStateException("figures disagree on the rank of " + c + ": " + old + " and " + rank
                    + (f == null ? "" : " (" + f.label() + ")"));
        }
    }

    private void putRange(Cell c, int lo, int hi, PublishedFigure f) {
        int[] r = ranges.computeIfAbsent(c, k -> new int[] {1, Integer.MAX_VALUE});
        r[0] = Math.max(r[0], lo);
        r[1] = Math.min(r[1], hi);
        if (r[0] > r[1]) {
            throw new IllegalStateException(
                    "figures leave no rank for " + c + (f == null ? "" : " (" + f.label() + ")"));
        }
    }

    private static Cell prior(Cell c) {
        return new Cell(c.index(), c.year() - 1, c.component(), c.province());
    }

    /** Pins implied by changes, differences from the national figure and rank changes where one side is known. */
    private void propagate() {
        for (Cell c : changes.keySet()) {
            if (c.year() == firstYear(c.index()) || Basis.forYear(c.year()) != Basis.forYear(c.year() - 1)) {
                throw new IllegalStateException("change figure " + c + " has no previous year on the same basis");
            }
        }
        for (Cell c : rankChanges.keySet()) {
            if (c.year() == firstYear(c.index()) || Basis.forYear(c.year()) != Basis.forYear(c.year() - 1)) {
                throw new IllegalStateException("rank change figure " + c + " has no previous year on the same basis");
            }
        }
        boolean more = true;
        while (more) {
            more = false;
            for (Map.Entry<Cell, Long> e : changes.entrySet()) {
                Cell now = e.getKey();
                Cell before = prior(now);
                if (pins.containsKey(now) && !pins.containsKey(before)) {
                    putPin(before, pins.get(now) - e.getValue(), null);
                    more = true;
                } else if (!pins.containsKey(now) && pins.containsKey(before)) {
                    putPin(now, pins.get(before) + e.getValue(), null);
                    more = true;
                } else if (pins.containsKey(now) && pins.get(now) - pins.get(before) != e.getValue()) {
                    throw new IllegalStateException("figures disagree: change " + e.getValue() + " of " + now);
                }
            }
            for (Map.Entry<Cell, Long> e : diffs.entrySet()) {
                Cell c = e.getKey();
                Cell nat = new Cell(c.index(), c.year(), c.component(), "VN");
                if (pins.containsKey(nat) && !pins.containsKey(c)) {
                    putPin(c, pins.get(nat) + e.getValue(), null);
                    more = true;
                } else if (!pins.containsKey(nat) && pins.containsKey(c)) {
                    putPin(nat, pins.get(c) - e.getValue(), null);
                    more = true;
                } else if (pins.containsKey(c) && pins.get(c) - pins.get(nat) != e.getValue()) {
                    throw new IllegalStateException("figures disagree: difference from national of " + c);
                }
            }
            for (Map.Entry<Cell, Integer> e : rankChanges.entrySet()) {
                Cell now = e.getKey();
                Cell before = prior(now);
                if (exact.containsKey(now) && !exact.containsKey(before)) {
                    putExact(before, exact.get(now) + e.getValue(), null);
                    more = true;
                } else if (!exact.containsKey(now) && exact.containsKey(before)) {
                    putExact(now, exact.get(before) - e.getValue(), null);
                    more = true;
                } else if (exact.containsKey(now) && exact.get(before) - exact.get(now) != e.getValue()) {
                    throw new IllegalStateException("figures disagree: rank change " + e.getValue() + " of " + now);
                }
            }
        }
    }

    /**
     * Turns streak figures into ranks: the streak years in the top 5 and the year before it out of it; the
     * published number of 2nd places, completed by years drawn among the open streak years; 1st place only in
     * as many years as published; first-time first: 1st in the year, never before.
     */
    private void planStreaks(List<PublishedFigure> streaks, Random rng) {
        Map<Cell, Map<String, Integer>> by = new TreeMap<>(ORDER);
        for (PublishedFigure f : streaks) {
            by.computeIfAbsent(new Cell(f.index(), f.year(), f.component(), f.province()), k -> new TreeMap<>())
                    .put(f.measure(), whole(f));
        }
        for (Map.Entry<Cell, Map<String, Integer>> e : by.entrySet()) {
            Cell c = e.getKey();
            Map<String, Integer> m = e.getValue();
            int first = firstYear(c.index());
            if (c.year() >= 2025 && m.keySet().stream().anyMatch(k -> !k.equals("first_time_first"))) {
                throw new IllegalStateException("streak figures of " + c + " cross the 2025 merger");
            }
            List<Integer> streakYears = new ArrayList<>();
            if (m.containsKey("consecutive_top5_years")) {
                int k = m.get("consecutive_top5_years");
                if (c.year() - k + 1 < first) {
                    throw new IllegalStateException("streak of " + c + " starts before the index");
                }
                for (int y = c.year() - k + 1; y <= c.year(); y++) {
                    streakYears.add(y);
                    putRange(at(c, y), 1, 5, null);
                }
                if (c.year() - k >= first) {
                    putRange(at(c, c.year() - k), 6, Integer.MAX_VALUE, null);
                }
            }
            if (m.containsKey("times_second_in_streak")) {
                if (streakYears.isEmpty()) {
                    throw new IllegalStateException("times_second_in_streak of " + c + " needs consecutive_top5_years");
                }
                int have = 0;
                List<Integer> open = new ArrayList<>();
                for (int y : streakYears) {
                    Integer r = exact.get(at(c, y));
                    if (r == null) {
                        open.add(y);
                    } else if (r == 2) {
                        have++;
                    }
                }
                int need = m.get("times_second_in_streak") - have;
                int needFirst = m.containsKey("times_first") ? m.get("times_first") - firsts(c) : 0;
                if (need < 0 || needFirst < 0 || need + needFirst > open.size()) {
                    throw new IllegalStateException("streak figures of " + c + " disagree with the published ranks");
                }
                Collections.shuffle(open, rng);
                for (int i = 0; i < open.size(); i++) {
                    Cell y = at(c, open.get(i));
                    if (i < need) {
                        putExact(y, 2, null);
                    } else if (i < need + needFirst) {
                        putExact(y, 1, null);
                    } else {
                        putRange(y, 3, 5, null);
                    }
                }
            }
            if (m.containsKey("times_first")) {
                int left = m.get("times_first") - firsts(c);
                if (left != 0) {
                    throw new IllegalStateException("times_first of " + c + " needs the years of 1st place");
                }
                for (int y = first; y <= c.year(); y++) {
                    if (!Integer.valueOf(1).equals(exact.get(at(c, y)))) {
                        putRange(at(c, y), 2, Integer.MAX_VALUE, null);
                    }
                }
            }
            if (m.containsKey("first_time_first")) {
                putExact(c, 1, null);
                for (int y = first; y < c.year(); y++) {
                    putRange(at(c, y), 2, Integer.MAX_VALUE, null);
                }
            }
        }
    }

    private int firsts(Cell c) {
        int n = 0;
        for (int y = firstYear(c.index()); y <= c.year(); y++) {
            if (Integer.valueOf(1).equals(exact.get(at(c, y)))) {
                n++;
            }
        }
        return n;
    }

    private static Cell at(Cell c, int year) {
        return new Cell(c.index(), year, c.component(), c.province());
    }

    /** The pinned national value of a year, from a score figure or implied by other figures. */
    Optional<Long> national(String index, int year) {
        return Optional.ofNullable(pins.get(new Cell(index, year, "TOTAL", "VN")));
    }

    /** The national change figure of a year, if published. */
    Optional<Long> nationalChange(String index, int year) {
        return Optional.ofNullable(changes.get(new Cell(index, year, "TOTAL", "VN")));
    }

    /** The source of the score figure a cell is pinned to, if any (values implied by other figures have none). */
    Optional<String> scoreSource(String index, int year, String component, String province) {
        return Optional.ofNullable(scoreSources.get(new Cell(index, year, component, province)));
    }

    /**
     * Puts the figures of a panel on its solver: pins, forward changes against the previous year's values,
     * ranks, bounds that keep a change published for the next year below that year's ranked provinces,
     * forward rank changes, ranges, region ranks, change counts and extremes, floors.
     */
    void constrain(
            PanelSolver s,
            String index,
            int year,
            String component,
            Map<String, Long> prevValues,
            Map<String, Integer> prevRanks) {
        for (Map.Entry<Cell, Long> e : pins.entrySet()) {
            if (matches(e.getKey(), index, year, component)
                    && !e.getKey().province().equals("VN")) {
                s.pin(e.getKey().province(), e.getValue());
            }
        }
        for (Map.Entry<Cell, Long> e : changes.entrySet()) {
            Cell c = e.getKey();
            if (matches(c, index, year, component) && !c.province().equals("VN") && !pins.containsKey(c)) {
                s.pin(c.province(), prevValues.get(c.province()) + e.getValue());
            }
        }
        for (Map.Entry<Cell, Integer> e : exact.entrySet()) {
            if (matches(e.getKey(), index, year, component)) {
                s.exact(e.getKey().province(), e.getValue());
            }
        }
        for (Map.Entry<Cell, Long> e : changes.entrySet()) {
            Cell next = e.getKey();
            if (!matches(next, index, year + 1, component)
                    || next.province().equals("VN")
                    || pins.containsKey(next)
                    || pins.containsKey(prior(next))) {
                continue;
            }
            long lowestRanked = Long.MAX_VALUE;
            for (Map.Entry<Cell, Integer> r : exact.entrySet()) {
                if (matches(r.getKey(), index, year + 1, component) && pins.containsKey(r.getKey())) {
                    lowestRanked = Math.min(lowestRanked, pins.get(r.getKey()));
                }
            }
            long lo = floors.contains(new Cell(index, year + 1, component, "VN"))
                    ? ABOVE + 1 - e.getValue()
                    : Long.MIN_VALUE;
            long hi = lowestRanked == Long.MAX_VALUE ? Long.MAX_VALUE : lowestRanked - 1 - e.getValue();
            s.cap(next.province(), lo, hi);
        }
        for (Map.Entry<Cell, Integer> e : rankChanges.entrySet()) {
            Cell c = e.getKey();
            if (matches(c, index, year, component) && !exact.containsKey(c)) {
                s.exact(c.province(), prevRanks.get(c.province()) - e.getValue());
            }
        }
        for (Map.Entry<Cell, int[]> e : ranges.entrySet()) {
            if (matches(e.getKey(), index, year, component)) {
                s.range(e.getKey().province(), e.getValue()[0], Math.min(e.getValue()[1], s.size()));
            }
        }
        for (Map.Entry<Cell, Integer> e : regionRanks.entrySet()) {
            if (matches(e.getKey(), index, year, component)) {
                s.regionRank(e.getKey().province(), e.getValue());
            }
        }
        Cell nat = new Cell(index, year, component, "VN");
        if (floors.contains(nat)) {
            s.bounds(ABOVE + 1, Long.MAX_VALUE);
        }
        if (someBelow.contains(nat)) {
            s.someBelow(ABOVE);
        }
        Map<String, Double> cf = changeFigures.get(nat);
        if (cf != null) {
            int n = s.size();
            Integer rose = count(cf, "count_rose");
            Integer fell = count(cf, "count_fell");
            Integer same = count(cf, "count_unchanged");
            if (rose == null && fell != null && same != null) {
                rose = n - fell - same;
            } else if (fell == null && rose != null && same != null) {
                fell = n - rose - same;
            } else if (same == null && rose != null && fell != null) {
                same = n - rose - fell;
            }
            s.changes(
                    new PanelSolver.ChangeSpec(
                            rose,
                            fell,
                            same,
                            cents(cf, "max_rise"),
                            cents(cf, "min_rise"),
                            cents(cf, "max_fall"),
                            cents(cf, "min_fall")),
                    prevValues);
        }
    }

    private static boolean matches(Cell c, String index, int year, String component) {
        return c.index().equals(index) && c.year() == year && c.component().equals(component);
    }

    private static Integer count(Map<String, Double> m, String k) {
        return m.containsKey(k) ? (int) Math.round(m.get(k)) : null;
    }

    private static Long cents(Map<String, Double> m, String k) {
        return m.containsKey(k) ? Math.round(m.get(k) * 100) : null;
    }
}
