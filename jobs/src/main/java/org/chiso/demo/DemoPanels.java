package org.chiso.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.chiso.core.Basis;
import org.chiso.core.Columns;
import org.chiso.core.Province;
import org.chiso.core.ProvinceRegistry;

/**
 * Synthetic PAR Index and SIPAS panels for demos and tests, consistent with every published figure.
 *
 * <p>Contract of {@link #generate}: PAR TOTAL 2012-2024 for the 63 provinces of each year and 2025 for the
 * 34, with ASSESSED (0-68) + SURVEY (0-32) = TOTAL exactly in 2024 and 2025; SIPAS TOTAL, SAT_POLICY,
 * SAT_SERVICE and the five service factors 2017-2024 for the 63 and 2025 for the 34 (0-100); a national row
 * ({@code VN}, TOTAL) per index and year equal to the mean of the province totals rounded to two decimals.
 * Every value has two decimals. Provinces persist from year to year (AR(1) on their standardised position,
 * around a rising national trend); a 2025 province starts near the population-weighted mean of its
 * predecessors. Cells equal to a published score figure have provenance {@code published} and that figure's
 * source; all others are {@code synthetic}, source {@code synthetic demo data (seed N)}. The panels satisfy
 * every PAR and SIPAS figure (scores, ranks, changes, rank changes, region ranks, national means, counts,
 * extremes, top/bottom-5 membership, streaks). A draw that cannot be fitted to the figures is replaced by the
 * seed's next draw (at most 25, in a fixed sequence); the result is checked before being returned, and a figure
 * that does not hold fails with an {@link IllegalStateException} naming it. Same seed, same list.
 */
public final class DemoPanels {
    /** The PAR Index. */
    public static final String PAR = "PAR";
    /** SIPAS. */
    public static final String SIPAS = "SIPAS";
    /** The SIPAS components below TOTAL. */
    public static final List<String> SIPAS_PARTS =
            List.of("SAT_POLICY", "SAT_SERVICE", "ACCESS", "PROCEDURES", "CIVIL_SERVANTS", "RESULTS", "COMPLAINTS");
    /** Last year of the panels. */
    public static final int LAST_YEAR = 2025;

    /** One value of the demo panels: a province (or {@code VN}) in a year on a component. */
    public record DemoCell(
            String index,
            int year,
            String provinceKey,
            String component,
            double value,
            String provenance,
            String source) {}

    /** Sort order of the output: index, year, province key, component. */
    public static final Comparator<DemoCell> ORDER = Comparator.comparing(DemoCell::index)
            .thenComparingInt(DemoCell::year)
            .thenComparing(DemoCell::provinceKey)
            .thenComparing(DemoCell::component);

    private static final int ATTEMPTS = 25;
    private static final double RHO = 0.8;
    private static final Map<Integer, Double> PAR_TREND = trend(
            new double[] {
                79.20, 80.10, 80.85, 81.60, 82.30, 83.05, 83.70, 84.35, 84.95, 85.50, 85.95, 86.70, 88.00, 89.40
            },
            2012);
    private static final Map<Integer, Double> SIPAS_TREND =
            trend(new double[] {80.60, 82.50, 84.20, 81.10, 80.40, 80.08, 82.30, 83.60, 84.60}, 2017);
    private static final Map<String, Double> PART_OFFSET = Map.of(
            "SAT_POLICY",
            -1.2,
            "SAT_SERVICE",
            1.4,
            "ACCESS",
            2.6,
            "PROCEDURES",
            1.6,
            "CIVIL_SERVANTS",
            2.2,
            "RESULTS",
            1.9,
            "COMPLAINTS",
            -5.5);

    private DemoPanels() {}

    private static Map<Integer, Double> trend(double[] means, int first) {
        Map<Integer, Double> m = new TreeMap<>();
        for (int i = 0; i < means.length; i++) {
            m.put(first + i, means[i]);
        }
        return m;
    }

    /**
     * The demo panels, sorted by index, year, province key and component.
     *
     * @param seed    the seed; the same seed gives the same list
     * @param figures the published figures; those of PAR and SIPAS constrain the panels
     * @throws IllegalStateException naming the figure, if a figure is malformed, unsupported, or not met
     */
    public static List<DemoCell> generate(long seed, ProvinceRegistry registry, List<PublishedFigure> figures) {
        PanelSolver.Infeasible last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<DemoCell> cells;
            try {
                cells = new Run(seed, attempt, registry, figures).cells();
            } catch (PanelSolver.Infeasible e) {
                last = e;
                continue;
            }
            FigureCheck.verify(cells, registry, figures);
            return cells;
        }
        throw new IllegalStateException(
                "no demo panel meets the published figures in " + ATTEMPTS + " draws of seed " + seed + "; last: "
                        + last.getMessage(),
                last);
    }

    /** One draw of the panels. */
    private static final class Run {
        private final Random rng;
        private final ProvinceRegistry registry;
        private final FigurePlan plan;
        private final String synthetic;
        private final Map<String, Double> effect = new TreeMap<>();
        private final Map<String, Double> partEffect = new TreeMap<>();
        private final List<DemoCell> out = new ArrayList<>();

        Run(long seed, int attempt, ProvinceRegistry registry, List<PublishedFigure> figures) {
            this.rng = new Random(attempt == 0 ? seed : seed * 0x9E3779B97F4A7C15L + attempt);
            this.registry = registry;
            this.plan = FigurePlan.of(registry, figures, rng);
            this.synthetic = "synthetic demo data (seed " + seed + ")";
            for (Province p : FigurePlan.provinces(registry, 2024)) {
                effect.put(p.key(), rng.nextGaussian());
            }
        }

        List<DemoCell> cells() {
            index(PAR, PAR_TREND, 2.6, 0.04);
            index(SIPAS, SIPAS_TREND, 3.2, 0.0);
            out.sort(ORDER);
            return out;
        }

        private void index(String index, Map<Integer, Double> trend, double sd0, double sdDecline) {
            Map<String, Double> eff = new TreeMap<>();
            for (Map.Entry<String, Double> e : effect.entrySet()) {
                eff.put(e.getKey(), index.equals(PAR) ? e.getValue() : 0.6 * e.getValue() + 0.8 * rng.nextGaussian());
            }
            int first = FigurePlan.firstYear(index);
            Map<String, Long> prev = null;
            Map<String, Integer> prevRanks = null;
            Map<String, Map<String, Long>> prevParts = new TreeMap<>();
            long prevMean = 0;
            double prevSd = 0;
            for (int year = first; year <= LAST_YEAR; year++) {
                List<Province> ps = FigurePlan.provinces(registry, year);
                List<String> keys = ps.stream().map(Province::key).toList();
                Map<String, String> regions = new TreeMap<>();
                ps.forEach(p -> regions.put(p.key(), p.region()));
                long mean = nationalTarget(index, year, trend, prevMean);
                double sd = 100 * (year >= 2025 ? sd0 * 0.7 : sd0 - sdDecline * (year - first));
                Map<String, Double> latent = new TreeMap<>();
                for (String k : keys) {
                    double x;
                    if (year == first) {
                        x = mean + sd * eff.get(k);
                    } else if (Basis.forYear(year) == Basis.forYear(year - 1)) {
                        double dev = Math.max(-3.5, Math.min(3.5, (prev.get(k) - prevMean) / prevSd));
                        x = mean + sd * (RHO * dev + Math.sqrt(1 - RHO * RHO) * rng.nextGaussian());
                    } else {
                        x = weighted(k, prev) + (mean - prevMean) + 0.35 * sd * rng.nextGaussian();
                    }
                    latent.put(k, x);
                }
                PanelSolver s = new PanelSolver(index + " " + year + " TOTAL", keys, regions, latent, rng);
                s.bounds(0, 10000);
                plan.constrain(s, index, year, "TOTAL", prev, prevRanks);
                s.sumTarget(mean * keys.size());
                Map<String, Long> total = s.solve();
                emit(index, year, "TOTAL", total);
                long sum = total.values().stream().mapToLong(Long::longValue).sum();
                if (Math.round(sum / (double) keys.size()) != mean) {
                    throw new IllegalStateException(index + " " + year + ": national mean misses its target");
                }
                emit(index, year, "TOTAL", Map.of(ProvinceRegistry.NATIONAL.key(), mean));
                if (index.equals(PAR) && year >= 2024) {
                    split(year, total);
                } else if (index.equals(SIPAS)) {
                    prevParts = parts(year, keys, regions, total, prevParts);
                }
                prev = total;
                prevRanks = ranks(total);
                prevMean = mean;
                prevSd = sd;
            }
        }

        private long nationalTarget(String index, int year, Map<Integer, Double> trend, long prevMean) {
            return plan.national(index, year)
                    .orElseGet(() -> plan.nationalChange(index, year)
                            .map(c -> prevMean + c)
                            .orElse(Math.round(trend.get(year) * 100)));
        }

        /** Population-weighted mean of a 2025 province's predecessors in the previous year. */
        private double weighted(String newKey, Map<String, Long> prev) {
            double sum = 0;
            double w = 0;
            for (Province p : registry.predecessors(newKey)) {
                double pop = registry.population2024().getOrDefault(p.key(), 1.0);
                sum += pop * prev.get(p.key());
                w += pop;
            }
            if (w == 0) {
                throw new IllegalStateException(newKey + " has no predecessors in the crosswalk");
            }
            return sum / w;
        }

        /** PAR 2024+: SURVEY near 32% of TOTAL, ASSESSED the rest, within 0-32 and 0-68. */
        private void split(int year, Map<String, Long> total) {
            Map<String, Long> survey = new TreeMap<>();
            Map<String, Long> assessed = new TreeMap<>();
            for (Map.Entry<String, Long> e : total.entrySet()) {
                long t = e.getValue();
                long sv = Math.round(t * 0.32 * (1 + 0.015 * rng.nextGaussian()));
                sv = Math.max(Math.max(0, t - 6800), Math.min(Math.min(3200, t), sv));
                survey.put(e.getKey(), sv);
                assessed.put(e.getKey(), t - sv);
            }
            emit(PAR, year, "ASSESSED", assessed);
            emit(PAR, year, "SURVEY", survey);
        }

        /** SIPAS components around the total: persistent province offsets plus a shared service shock. */
        private Map<String, Map<String, Long>> parts(
                int year,
                List<String> keys,
                Map<String, String> regions,
                Map<String, Long> total,
                Map<String, Map<String, Long>> prevParts) {
            Map<String, Double> shock = new TreeMap<>();
            for (String k : keys) {
                shock.put(k, rng.nextGaussian());
            }
            Map<String, Map<String, Long>> now = new TreeMap<>();
            for (String part : SIPAS_PARTS) {
                Map<String, Double> latent = new TreeMap<>();
                for (String k : keys) {
                    double pe = partEffect(part, k);
                    double common = part.equals("SAT_POLICY") ? 0 : 60 * shock.get(k);
                    latent.put(
                            k, total.get(k) + 100 * PART_OFFSET.get(part) + 90 * pe + common + 50 * rng.nextGaussian());
                }
                PanelSolver s = new PanelSolver(SIPAS + " " + year + " " + part, keys, regions, latent, rng);
                s.bounds(0, 10000);
                Map<String, Long> prev = prevParts.get(part);
                plan.constrain(s, SIPAS, year, part, prev, prev == null ? null : ranks(prev));
                Map<String, Long> values = s.solve();
                emit(SIPAS, year, part, values);
                now.put(part, values);
            }
            return now;
        }

        private double partEffect(String part, String key) {
            String id = part + "|" + key;
            Double e = partEffect.get(id);
            if (e == null) {
                if (key.startsWith(Basis.VN34.name())) {
                    double sum = 0;
                    double w = 0;
                    for (Province p : registry.predecessors(key)) {
                        double pop = registry.population2024().getOrDefault(p.key(), 1.0);
                        sum += pop * partEffect(part, p.key());
                        w += pop;
                    }
                    e = sum / w;
                } else {
                    e = rng.nextGaussian();
                }
                partEffect.put(id, e);
            }
            return e;
        }

        private void emit(String index, int year, String component, Map<String, Long> values) {
            for (Map.Entry<String, Long> e : values.entrySet()) {
                String src =
                        plan.scoreSource(index, year, component, e.getKey()).orElse(null);
                out.add(new DemoCell(
                        index,
                        year,
                        e.getKey(),
                        component,
                        e.getValue() / 100.0,
                        src == null ? Columns.SYNTHETIC : Columns.PUBLISHED,
                        src == null ? synthetic : pinnedSource(src)));
            }
        }
    }

    /** Rank by value, 1 = highest; equal values share the better rank. */
    static Map<String, Integer> ranks(Map<String, Long> values) {
        Map<String, Integer> r = new TreeMap<>();
        for (Map.Entry<String, Long> e : values.entrySet()) {
            int rank = 1;
            for (long x : values.values()) {
                if (x > e.getValue()) {
                    rank++;
                }
            }
            r.put(e.getKey(), rank);
        }
        return r;
    }

    /** The scale of a component, as written in the CSV. */
    public static String scale(String index, String component) {
        if (PAR.equals(index) && "ASSESSED".equals(component)) {
            return "0-68";
        }
        if (PAR.equals(index) && "SURVEY".equals(component)) {
            return "0-32";
        }
        return "0-100";
    }

    /**
     * The source of a demo cell pinned to a published figure: the figure's source, named as restated by the
     * demo data so that it does not duplicate the figure's own row in the warehouse.
     */
    public static String pinnedSource(String figureSource) {
        return figureSource + " (restated in the demo data)";
    }

    /**
     * Writes the cells as the workbench's tidy long CSV, sorted: header
     * {@code index,year,province,component,value,scale,source,provenance}, province as its key, value with
     * exactly two decimals, RFC 4180 quoting where a field holds a comma, quote or line break; LF line ends.
     */
    public static void writeCsv(List<DemoCell> cells, Writer out) {
        List<DemoCell> sorted = new ArrayList<>(cells);
        sorted.sort(ORDER);
        try {
            out.write("index,year,province,component,value,scale,source,provenance\n");
            for (DemoCell c : sorted) {
                out.write(String.join(
                        ",",
                        quote(c.index()),
                        Integer.toString(c.year()),
                        quote(c.provinceKey()),
                        quote(c.component()),
                        String.format(Locale.ROOT, "%.2f", c.value()),
                        quote(scale(c.index(), c.component())),
                        quote(c.source()),
                        quote(c.provenance())));
                out.write("\n");
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
