package org.chiso.harmonize;

import static org.chiso.core.Columns.*;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.core.ExactSum;
import org.chiso.core.SparkOrder;

/**
 * Harmonisation of the score panels across the 1 July 2025 merger (pure stages, plain Java: the panels are
 * province-scale, a few thousand rows).
 *
 * <p>{@link #preferred}: one value per index, year, province key and component, chosen among sources by
 * priority: published before derived before estimated before synthetic, then by the source priority of
 * {@code data/definitions/source_priority.csv}, then by source name. Synthetic values are left out of an index
 * and year where at least half the provinces have a real value. A published value that a value derived from
 * published parts matches within the published value's printed precision is confirmed, and the derived (more
 * precise) value is used; one that disagrees beyond it is a conflict, and the published value is kept
 * ({@link #reconcile}).
 *
 * <p>{@link #panel63}: the preferred rows on the 63-province basis (to mid-2025), national rows included.
 *
 * <p>{@link #panel34}: the same on the 34 new provinces. Years on the 34 basis (2025 on) are taken as
 * they are. Earlier years: a new province with a single predecessor (unchanged) copies its value exactly;
 * estimates re-estimated from microdata directly on the new province are taken as they are; otherwise the
 * predecessors' values are averaged with weights (2024 average population by default; respondent counts
 * or equal weights on request), SE combined as sqrt(Σ w²·se²)/Σ w assuming independent predecessors, every
 * sum an {@link ExactSum} (the same bits whatever the order of the rows). Rule for partial coverage: when some
 * predecessors have no value, the cell is computed from those that do, marked {@code partial = true} with
 * {@code coverage} = their weight share, and analyses use only complete cells. A predecessor without a weight
 * is left out; a new province none of whose predecessors has a weight gets no harmonised cell.
 */
public final class Harmonize {
    /** Weights for aggregating predecessors. */
    public enum Weights {
        POPULATION("population-weighted mean of predecessors (2024 average population)"),
        RESPONDENTS("respondent-count-weighted mean of predecessors"),
        EQUAL("equal-weighted mean of predecessors");

        private final String method;

        Weights(String method) {
            this.method = method;
        }

        public String method() {
            return method;
        }
    }

    public static final String METHOD = "method";
    public static final String PARTIAL = "partial";
    public static final String COVERAGE = "coverage";
    public static final String PREDECESSORS = "predecessors";
    public static final String PRIORITY = "priority";
    static final String COPIED = "copied (unchanged province)";
    static final String AS_PUBLISHED = "as in the source";
    static final String REESTIMATED = "re-estimated from microdata on the new province";
    /** The panel method of a cell whose published value is confirmed by the value derived from published parts. */
    public static final String CONFIRMED =
            "derived from published parts (confirms the published figure within its printed precision)";
    /** The panel method of a cell whose published value disagrees with its parts beyond its printed precision. */
    public static final String CONFLICT_KEPT =
            "as in the source (disagrees with its published parts beyond its printed precision; see conflicts)";
    /** Outcomes of a precision check. */
    public static final String CONFIRMED_OUTCOME = "confirmed";

    public static final String CONFLICT = "conflict";
    /** The rules that chose between a published value and the value derived from published parts. */
    public static final String CONFIRM_RULE = "|published - derived| <= half a unit of the published value's last "
            + "printed decimal + the rounding bound of the parts: the published figure is confirmed and the derived, "
            + "more precise value is used";

    public static final String CONFIRM_KEEP_RULE = "|published - derived| <= half a unit of the published value's "
            + "last printed decimal + the rounding bound of the parts: the published figure is confirmed and kept, "
            + "being at least as precise as the derived value";

    public static final String CONFLICT_RULE = "|published - derived| > half a unit of the published value's last "
            + "printed decimal + the rounding bound of the parts: a conflict; the published value is kept (a "
            + "published figure is never replaced by a value that contradicts it) and listed";
    /** The relative precision of a single-precision float, 2^-24: the finest precision a published value is taken to have. */
    public static final double SINGLE_PRECISION = 0x1p-24;
    /** Slack for binary floating point in the precision comparison. */
    public static final double EPSILON = 1e-9;

    public static final String OUTCOME = "outcome";
    /**
     * A published value beside the value derived from published parts of the same cell: printed decimals (inferred
     * from the value), half a unit of the last one, the rounding bound of the derived value's parts, difference
     * (published minus derived), outcome ({@code confirmed} or {@code conflict}), which value the panels use, and the
     * rule that chose it.
     */
    public static final StructType PRECISION_CHECKS = new StructType()
            .add(INDEX, DataTypes.StringType)
            .add(VERSION, DataTypes.StringType)
            .add(YEAR, DataTypes.IntegerType)
            .add(BASIS, DataTypes.StringType)
            .add(PROVINCE_KEY, DataTypes.StringType)
            .add(COMPONENT, DataTypes.StringType)
            .add(PUBLISHED_VALUE, DataTypes.DoubleType)
            .add("published_source", DataTypes.StringType)
            .add("printed_decimals", DataTypes.IntegerType)
            .add("half_unit", DataTypes.DoubleType)
            .add(DERIVED_VALUE, DataTypes.DoubleType)
            .add("derived_source", DataTypes.StringType)
            .add("derived_bound", DataTypes.DoubleType)
            .add(DIFFERENCE, DataTypes.DoubleType)
            .add(OUTCOME, DataTypes.StringType)
            .add("used", DataTypes.StringType)
            .add("rule", DataTypes.StringType);
    /** The priority of a source that {@code source_priority.csv} does not name. */
    static final int DEFAULT_PRIORITY = 50;

    /** The columns of a panel: the score's own, then how it was harmonised. */
    public static final StructType PANEL = new StructType()
            .add(INDEX, DataTypes.StringType)
            .add(VERSION, DataTypes.StringType)
            .add(YEAR, DataTypes.IntegerType)
            .add(BASIS, DataTypes.StringType)
            .add(PROVINCE_KEY, DataTypes.StringType)
            .add(COMPONENT, DataTypes.StringType)
            .add(LEVEL, DataTypes.StringType)
            .add(VALUE, DataTypes.DoubleType)
            .add(SE, DataTypes.DoubleType)
            .add(N, DataTypes.LongType)
            .add(PROVENANCE, DataTypes.StringType)
            .add(DERIVED_FLAG, DataTypes.BooleanType)
            .add(SOURCE, DataTypes.StringType)
            .add(METHOD, DataTypes.StringType, false)
            .add(PARTIAL, DataTypes.BooleanType, false)
            .add(COVERAGE, DataTypes.DoubleType)
            .add(PREDECESSORS, DataTypes.StringType);

    /** The columns of the scores table that harmonisation reads, in the order of {@link Score}. */
    static final String[] SCORE_COLUMNS = {
        INDEX, VERSION, YEAR, BASIS, PROVINCE_KEY, COMPONENT, LEVEL, VALUE, SE, N, PROVENANCE, DERIVED_FLAG, SOURCE
    };

    /** One row of the scores table, as far as harmonisation needs it (nullable where the table is). */
    public record Score(
            String index,
            String version,
            int year,
            String basis,
            String provinceKey,
            String component,
            String level,
            Double value,
            Double se,
            Long n,
            String provenance,
            Boolean derived,
            String source,
            String method) {
        /** A row with the columns of {@link #SCORE_COLUMNS}, in that order (no method of its own). */
        static Score of(Row r) {
            return new Score(
                    r.getString(0),
                    r.getString(1),
                    r.getInt(2),
                    r.getString(3),
                    r.getString(4),
                    r.getString(5),
                    r.getString(6),
                    (Double) r.get(7),
                    (Double) r.get(8),
                    (Long) r.get(9),
                    r.getString(10),
                    (Boolean) r.get(11),
                    r.getString(12),
                    null);
        }

        /** This score with its own panel method (which then replaces the one a panel would give it). */
        Score withMethod(String m) {
            return new Score(
                    index,
                    version,
                    year,
                    basis,
                    provinceKey,
                    component,
                    level,
                    value,
                    se,
                    n,
                    provenance,
                    derived,
                    source,
                    m);
        }

        /**
         * The panel row of this score with its own method if it has one, else the given method; not partial,
         * coverage 1, no predecessors.
         */
        Row asPanel(String defaultMethod) {
            return panelRow(
                    index,
                    version,
                    year,
                    basis,
                    provinceKey,
                    component,
                    level,
                    value,
                    se,
                    n,
                    provenance,
                    derived,
                    source,
                    method == null ? defaultMethod : method,
                    false,
                    1.0,
                    null);
        }
    }

    /** A source priority of an index: sources whose name starts with {@code source} rank by {@code priority} (lower first). */
    public record Priority(String index, String source, int priority) {}

    private Harmonize() {}

    /** The rows of a scores Dataset (the warehouse table or {@code ScoreTables.SCORES}), collected once. */
    public static List<Score> scores(Dataset<Row> scores) {
        Column[] cols = Arrays.stream(SCORE_COLUMNS).map(scores::col).toArray(Column[]::new);
        return scores.select(cols).collectAsList().stream().map(Score::of).collect(Collectors.toList());
    }

    /** Rank of a provenance: lower is preferred. */
    static int provenanceRank(Score s) {
        if (PUBLISHED.equals(s.provenance())) {
            return Boolean.FALSE.equals(s.derived()) ? 0 : 1;
        }
        return ESTIMATED.equals(s.provenance()) ? 2 : 3;
    }

    /**
     * The preferred row per index, year, province key and component among all sources of {@code scores} with a
     * value ({@link #reconcile}, without its checks).
     */
    public static List<Score> preferred(List<Score> scores, List<Priority> priorities) {
        return reconcile(scores, priorities).preferred();
    }

    /**
     * The preferred row per index, year, province key and component among all sources of {@code scores} with a
     * value, and the precision checks of the cells that have both a published value and one derived from
     * published parts. A source's priority is the lowest of the {@code priorities} of its index whose source it
     * starts with, {@value #DEFAULT_PRIORITY} if none. An index and year is real where at least half its
     * (non-national) provinces have a value that is not synthetic; there synthetic rows are left out.
     *
     * <p>Precision rule: where the preferred row is a published (not derived) value and the cell also has a value
     * derived from published parts (the best such by source priority), the two are compared within their
     * precisions ({@link #agrees}): the published value's half unit of its last printed decimal, and for the derived
     * value the sum of the half units of the published (not derived) rows of its source for that index, year and
     * province (a bound on the rounding of its parts: all of them for a total, more than its own parts for a
     * dimension). If they agree, the published figure is confirmed, and the derived value is used where it is the
     * more precise (bound below the published half unit; method {@link #CONFIRMED}); if not, it is a conflict and the
     * published value is kept (method {@link #CONFLICT_KEPT}). Either way the comparison is one {@link
     * #PRECISION_CHECKS} row.
     */
    public static Preference reconcile(List<Score> scores, List<Priority> priorities) {
        Map<List<Object>, Set<String>> realProvinces = new HashMap<>();
        Map<List<Object>, Set<String>> allProvinces = new HashMap<>();
        for (Score s : scores) {
            if (s.basis() != null && !s.basis().equals("NATIONAL")) {
                List<Object> k = Arrays.asList(s.index(), s.year());
                Set<String> all = allProvinces.computeIfAbsent(k, x -> new HashSet<>());
                Set<String> real = realProvinces.computeIfAbsent(k, x -> new HashSet<>());
                if (s.provinceKey() != null) {
                    all.add(s.provinceKey());
                    if (s.provenance() != null && !s.provenance().equals(SYNTHETIC)) {
                        real.add(s.provinceKey());
                    }
                }
            }
        }
        Set<List<Object>> real = new HashSet<>();
        allProvinces.forEach((k, all) -> {
            if (2L * realProvinces.get(k).size() >= all.size()) {
                real.add(k);
            }
        });
        Comparator<Ranked> order = Comparator.<Ranked>comparingInt(r -> r.rank)
                .thenComparingInt(r -> r.priority)
                .thenComparing(r -> r.score.source(), SparkOrder.STRINGS);
        Map<List<Object>, Ranked> best = new LinkedHashMap<>();
        Map<List<Object>, Ranked> bestDerived = new HashMap<>();
        Map<List<Object>, ExactSum.Acc> partsHalfUnits = new HashMap<>();
        for (Score s : scores) {
            if (s.value() == null) {
                continue;
            }
            if (Boolean.FALSE.equals(s.derived())) {
                partsHalfUnits
                        .computeIfAbsent(sourceKey(s), k -> new ExactSum.Acc())
                        .add(halfUnit(s.value()));
            }
            boolean notReal = !real.contains(Arrays.asList(s.index(), s.year()));
            if (!notReal && (s.provenance() == null || s.provenance().equals(SYNTHETIC))) {
                continue;
            }
            Ranked r = new Ranked(s, provenanceRank(s), priority(s, priorities));
            List<Object> cell = Arrays.asList(s.index(), s.year(), s.provinceKey(), s.component());
            best.merge(cell, r, (a, b) -> order.compare(b, a) < 0 ? b : a);
            if (r.rank == 1) {
                bestDerived.merge(cell, r, (a, b) -> order.compare(b, a) < 0 ? b : a);
            }
        }
        List<Score> preferred = new ArrayList<>();
        List<Row> checks = new ArrayList<>();
        for (Map.Entry<List<Object>, Ranked> e : best.entrySet()) {
            Score chosen = e.getValue().score;
            Ranked d = bestDerived.get(e.getKey());
            if (e.getValue().rank == 0 && d != null) {
                Score derived = d.score;
                ExactSum.Acc bound = partsHalfUnits.get(sourceKey(derived));
                double derivedBound = bound == null || bound.value() == null ? 0.0 : bound.value();
                boolean agree = agrees(chosen.value(), derived.value(), derivedBound);
                boolean useDerived = agree && derivedBound < halfUnit(chosen.value());
                checks.add(checkRow(chosen, derived, derivedBound, agree, useDerived));
                if (useDerived) {
                    chosen = derived.withMethod(CONFIRMED);
                } else if (!agree) {
                    chosen = chosen.withMethod(CONFLICT_KEPT);
                }
            }
            preferred.add(chosen);
        }
        checks.sort(Comparator.<Row, String>comparing(r -> r.getString(0), SparkOrder.STRINGS)
                .thenComparing(r -> (Integer) r.get(2), SparkOrder::compare)
                .thenComparing(r -> r.getString(4), SparkOrder.STRINGS)
                .thenComparing(r -> r.getString(5), SparkOrder.STRINGS));
        return new Preference(preferred, checks);
    }

    /** The preferred rows, and the {@link #PRECISION_CHECKS} rows of the cells where a published value met a derived one. */
    public record Preference(List<Score> preferred, List<Row> precisionChecks) {
        /** The checks whose outcome is {@link #CONFLICT}. */
        public List<Row> conflicts() {
            int outcome = PRECISION_CHECKS.fieldIndex(OUTCOME);
            return precisionChecks.stream()
                    .filter(r -> CONFLICT.equals(r.getString(outcome)))
                    .collect(Collectors.toList());
        }
    }

    /**
     * The number of decimals a published value was printed with, inferred from its shortest decimal representation
     * (the ingest keeps the value, not its text): 46.04 -> 2, 46.0 -> 0, 46.0415 -> 4. A figure printed with
     * trailing zeros ("46.00") reads as fewer decimals, which only widens the agreement interval.
     */
    public static int printedDecimals(double value) {
        return Math.max(0, BigDecimal.valueOf(value).stripTrailingZeros().scale());
    }

    /**
     * Half a unit of the last printed decimal of a published value (46.04 -> 0.005), but never less than {@link
     * #SINGLE_PRECISION} times its magnitude: a value with more digits than single precision carries (as
     * spreadsheets computed from float data hold, 36.86240339279175) shows its storage, not a printed precision.
     */
    public static double halfUnit(double published) {
        return Math.max(0.5 * Math.pow(10, -printedDecimals(published)), Math.abs(published) * SINGLE_PRECISION);
    }

    /**
     * Whether a published value and a value derived from published parts agree within their precisions:
     * |published - derived| at most half a unit of the published value's last printed decimal plus {@code
     * derivedBound} (the rounding its parts may carry), plus {@value #EPSILON} for the rounding of binary doubles.
     */
    public static boolean agrees(double published, double derived, double derivedBound) {
        return Math.abs(published - derived) <= halfUnit(published) + derivedBound + EPSILON;
    }

    /** index, year, province key, source: the rows a derived value of that source can have been derived from. */
    private static List<Object> sourceKey(Score s) {
        return Arrays.asList(s.index(), s.year(), s.provinceKey(), s.source());
    }

    private static Row checkRow(
            Score published, Score derived, double derivedBound, boolean agree, boolean useDerived) {
        return new GenericRowWithSchema(
                new Object[] {
                    published.index(),
                    published.version(),
                    published.year(),
                    published.basis(),
                    published.provinceKey(),
                    published.component(),
                    published.value(),
                    published.source(),
                    printedDecimals(published.value()),
                    halfUnit(published.value()),
                    derived.value(),
                    derived.source(),
                    derivedBound,
                    published.value() - derived.value(),
                    agree ? CONFIRMED_OUTCOME : CONFLICT,
                    useDerived ? "derived" : "published",
                    useDerived ? CONFIRM_RULE : agree ? CONFIRM_KEEP_RULE : CONFLICT_RULE
                },
                PRECISION_CHECKS);
    }

    /** A candidate row with its rank and source priority. */
    private record Ranked(Score score, int rank, int priority) {}

    private static int priority(Score s, List<Priority> priorities) {
        int best = Integer.MAX_VALUE;
        for (Priority p : priorities) {
            if (p.index().equals(s.index()) && s.source() != null && s.source().startsWith(p.source())) {
                best = Math.min(best, p.priority());
            }
        }
        return best == Integer.MAX_VALUE ? DEFAULT_PRIORITY : best;
    }

    /** The 63-province panel (years to mid-2025), national rows included, as {@link #PANEL} rows. */
    public static List<Row> panel63(List<Score> preferred) {
        List<Row> out = new ArrayList<>();
        for (Score s : preferred) {
            if ("VN63".equals(s.basis()) || "NATIONAL".equals(s.basis())) {
                out.add(s.asPanel(AS_PUBLISHED));
            }
        }
        return out;
    }

    /**
     * The 34-province panel as {@link #PANEL} rows: the rows on the 34 basis, the harmonised cells of earlier
     * years (except where a re-estimate on the new province exists), and the national rows. {@code crosswalk} maps
     * old to new province keys; {@code weights} gives each old province's weight (population, or equal 1.0); for
     * {@link Weights#RESPONDENTS} a row's own {@code n} is used where present, else the given weight.
     */
    public static List<Row> panel34(
            List<Score> preferred, Map<String, String> crosswalk, Map<String, Double> weights, Weights method) {
        List<Row> direct = new ArrayList<>();
        Set<List<Object>> reestimated = new HashSet<>();
        for (Score s : preferred) {
            if ("VN34".equals(s.basis())) {
                boolean re = s.source() != null && s.source().startsWith("estimated from ");
                direct.add(s.asPanel(re ? REESTIMATED : AS_PUBLISHED));
                if (re) {
                    reestimated.add(Arrays.asList(s.index(), s.year(), s.provinceKey(), s.component()));
                }
            }
        }
        Map<String, Long> parts = new HashMap<>();
        Map<String, ExactSum.Acc> totalWeight = new HashMap<>();
        crosswalk.forEach((oldKey, newKey) -> {
            parts.merge(newKey, 1L, Long::sum);
            Double w = weights.get(oldKey);
            if (w != null) {
                totalWeight.computeIfAbsent(newKey, k -> new ExactSum.Acc()).add(w);
            }
        });
        Map<List<Object>, List<Score>> groups = new LinkedHashMap<>();
        for (Score s : preferred) {
            if ("VN63".equals(s.basis())
                    && crosswalk.containsKey(s.provinceKey())
                    && weights.get(s.provinceKey()) != null) {
                groups.computeIfAbsent(
                                Arrays.asList(s.index(), s.year(), crosswalk.get(s.provinceKey()), s.component()),
                                k -> new ArrayList<>())
                        .add(s);
            }
        }
        List<Row> harmonized = new ArrayList<>();
        for (Map.Entry<List<Object>, List<Score>> g : groups.entrySet()) {
            String newKey = (String) g.getKey().get(2);
            if (!totalWeight.containsKey(newKey)
                    || reestimated.contains(Arrays.asList(
                            g.getKey().get(0),
                            g.getKey().get(1),
                            newKey,
                            g.getKey().get(3)))) {
                continue;
            }
            harmonized.add(cell(
                    g.getValue(),
                    newKey,
                    parts.get(newKey),
                    totalWeight.get(newKey).value(),
                    weights,
                    method));
        }
        List<Row> out = new ArrayList<>(direct);
        out.addAll(harmonized);
        for (Score s : preferred) {
            if ("NATIONAL".equals(s.basis())) {
                out.add(s.asPanel(AS_PUBLISHED));
            }
        }
        return out;
    }

    /** One harmonised cell of a new province from the rows of its predecessors (at least one). */
    private static Row cell(
            List<Score> rows,
            String newKey,
            long nParts,
            Double totalWeight,
            Map<String, Double> weights,
            Weights method) {
        List<Score> ordered = new ArrayList<>(rows);
        ordered.sort(Comparator.comparing(Score::provinceKey, SparkOrder.STRINGS));
        Score first = ordered.get(0);
        ExactSum.Acc swv = new ExactSum.Acc();
        ExactSum.Acc sw = new ExactSum.Acc();
        ExactSum.Acc sw2se2 = new ExactSum.Acc();
        ExactSum.Acc w0present = new ExactSum.Acc();
        long nse = 0;
        Long n = null;
        int prov = 0;
        Boolean allDerived = null;
        List<String> sources = new ArrayList<>();
        List<String> predecessors = new ArrayList<>();
        for (Score s : ordered) {
            double w0 = weights.get(s.provinceKey());
            double w = method == Weights.RESPONDENTS && s.n() != null ? s.n().doubleValue() : w0;
            swv.add(w * s.value());
            sw.add(w);
            if (s.se() != null) {
                nse++;
                sw2se2.add(w * w * s.se() * s.se());
            }
            w0present.add(w0);
            if (s.n() != null) {
                n = n == null ? s.n() : Long.valueOf(Math.addExact(n, s.n()));
            }
            prov = Math.max(
                    prov,
                    SYNTHETIC.equals(s.provenance())
                            ? 3
                            : ESTIMATED.equals(s.provenance()) ? 2 : Boolean.TRUE.equals(s.derived()) ? 1 : 0);
            if (s.derived() != null) {
                allDerived = allDerived == null ? s.derived() : Boolean.valueOf(allDerived && s.derived());
            }
            if (s.source() != null) {
                sources.add(s.source());
            }
            if (s.provinceKey() != null) {
                predecessors.add(s.provinceKey());
            }
        }
        sources.sort(SparkOrder.STRINGS);
        predecessors.sort(SparkOrder.STRINGS);
        long present = rows.size();
        Double value = nParts == 1 ? first.value() : divide(swv.value(), sw.value());
        Double se = nse == present ? divide(Math.sqrt(sw2se2.value()), sw.value()) : null;
        String provenance = prov == 3 ? SYNTHETIC : prov == 2 ? ESTIMATED : HARMONIZED;
        return panelRow(
                first.index(),
                first.version(),
                first.year(),
                "VN34",
                newKey,
                first.component(),
                first.level(),
                value,
                se,
                n,
                provenance,
                allDerived,
                String.join("; ", sources),
                nParts == 1 ? COPIED : method.method(),
                present < nParts,
                divide(w0present.value(), totalWeight),
                String.join(",", predecessors));
    }

    /** x / y, null where either is null or y is 0 (as Spark's division). */
    private static Double divide(Double x, Double y) {
        return x == null || y == null || y == 0.0 ? null : x / y;
    }

    private static Row panelRow(
            String index,
            String version,
            int year,
            String basis,
            String provinceKey,
            String component,
            String level,
            Double value,
            Double se,
            Long n,
            String provenance,
            Boolean derived,
            String source,
            String method,
            boolean partial,
            Double coverage,
            String predecessors) {
        return new GenericRowWithSchema(
                new Object[] {
                    index,
                    version,
                    year,
                    basis,
                    provinceKey,
                    component,
                    level,
                    value,
                    se,
                    n,
                    provenance,
                    derived,
                    source,
                    method,
                    partial,
                    coverage,
                    predecessors
                },
                PANEL);
    }
}
