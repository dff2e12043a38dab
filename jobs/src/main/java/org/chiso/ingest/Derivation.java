package org.chiso.ingest;

import static org.chiso.core.Columns.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.chiso.core.ExactSum;
import org.chiso.core.IndexDefinitions;
import org.chiso.core.SparkOrder;

/**
 * Derives dimension and total scores from their parts (a pure stage, plain Java: the score tables are
 * province-scale). A parent is derived for an index, year, province and source only where all its parts of
 * that year are present, as their sum or mean per the definitions, and flagged {@code derived}; its provenance
 * is synthetic if any part is synthetic, published otherwise. Sums are {@link ExactSum exact sums} (one
 * rounding, independent of the order of the parts). Published values are never replaced: where a parent is both
 * published and derivable, the two are compared instead ({@link #checks}).
 *
 * <p>Rows follow {@link ScoreTables#SCORES}, by position.
 */
public final class Derivation {
    /** The column of {@link #checks} saying whether the absolute difference is within the tolerance. */
    public static final String WITHIN_TOLERANCE = "within_tolerance";
    /** Levels of nesting in the definitions (sub-dimension -> dimension -> total, plus one for factors). */
    private static final int PASSES = 3;
    /** The sort order of the warehouse tables: index, year, province key, component, source. */
    public static final Comparator<Row> ORDER = Comparator.<Row, String>comparing(
                    r -> r.getString(Col.INDEX), SparkOrder.STRINGS)
            .thenComparing(r -> (Integer) r.get(Col.YEAR), SparkOrder::compare)
            .thenComparing(r -> r.getString(Col.PROVINCE_KEY), SparkOrder.STRINGS)
            .thenComparing(r -> r.getString(Col.COMPONENT), SparkOrder.STRINGS)
            .thenComparing(r -> r.getString(Col.SOURCE), SparkOrder.STRINGS);

    /** Positions of the {@link ScoreTables#SCORES} columns. */
    private static final class Col {
        static final int INDEX = ScoreTables.SCORES.fieldIndex(org.chiso.core.Columns.INDEX);
        static final int VERSION = ScoreTables.SCORES.fieldIndex(org.chiso.core.Columns.VERSION);
        static final int YEAR = ScoreTables.SCORES.fieldIndex(org.chiso.core.Columns.YEAR);
        static final int PROVINCE_KEY = ScoreTables.SCORES.fieldIndex(org.chiso.core.Columns.PROVINCE_KEY);
        static final int BASIS = ScoreTables.SCORES.fieldIndex(org.chiso.core.Columns.BASIS);
        static final int COMPONENT = ScoreTables.SCORES.fieldIndex(org.chiso.core.Columns.COMPONENT);
        static final int PARENT = ScoreTables.SCORES.fieldIndex(org.chiso.core.Columns.PARENT);
        static final int VALUE = ScoreTables.SCORES.fieldIndex(org.chiso.core.Columns.VALUE);
        static final int PROVENANCE = ScoreTables.SCORES.fieldIndex(org.chiso.core.Columns.PROVENANCE);
        static final int DERIVED = ScoreTables.SCORES.fieldIndex(DERIVED_FLAG);
        static final int SOURCE = ScoreTables.SCORES.fieldIndex(org.chiso.core.Columns.SOURCE);
    }

    /** A component of an index in a year that has parts: how they combine ({@link ScoreTables#STRUCTURE}). */
    private record Parent(
            String version,
            String grandparent,
            String level,
            Double scaleMin,
            Double scaleMax,
            String aggregation,
            int nParts) {}

    /** The parts of one parent for an index, year, province, basis and source. */
    private record PartsKey(String index, int year, String province, String basis, String source, String parent) {}

    /** Parts found so far: how many, their exact sum, and whether any is synthetic. */
    private static final class Parts {
        long count;
        final ExactSum.Acc sum = new ExactSum.Acc();
        boolean anySynthetic;
    }

    private Derivation() {}

    /**
     * Scores plus every derivable parent that is not already present (for its index, year, province key,
     * component and source), sorted by {@link #ORDER}; a parent whose parts are themselves derived is derived too.
     */
    public static List<Row> derive(List<Row> scores, IndexDefinitions defs) {
        Map<List<Object>, List<Parent>> structure = structure(defs);
        List<Row> all = new ArrayList<>(scores);
        Set<List<Object>> present = new HashSet<>();
        for (Row r : all) {
            present.add(key(r));
        }
        for (int i = 0; i < PASSES; i++) {
            List<Row> fresh = new ArrayList<>();
            for (Row c : candidates(all, structure)) {
                if (!present.contains(key(c))) {
                    fresh.add(c);
                }
            }
            for (Row c : fresh) {
                present.add(key(c));
            }
            all.addAll(fresh);
        }
        all.sort(ORDER);
        return all;
    }

    /**
     * Published (not derived) parents compared with the value derived from their parts, as {@link ScoreTables#CHECKS}
     * rows sorted by {@link #ORDER}: the difference is published minus derived, within tolerance when its absolute
     * value is at most {@code tolerance} (null where either value is null).
     */
    public static List<Row> checks(List<Row> derivedScores, IndexDefinitions defs, double tolerance) {
        Map<List<Object>, List<Double>> published = new HashMap<>();
        for (Row r : derivedScores) {
            if (Boolean.FALSE.equals(r.get(Col.DERIVED))) {
                published.computeIfAbsent(key(r), k -> new ArrayList<>()).add((Double) r.get(Col.VALUE));
            }
        }
        List<Row> out = new ArrayList<>();
        for (Row c : candidates(derivedScores, structure(defs))) {
            Double derived = (Double) c.get(Col.VALUE);
            for (Double p : published.getOrDefault(key(c), List.of())) {
                Double difference = p == null || derived == null ? null : p - derived;
                out.add(RowFactory.create(
                        c.get(Col.INDEX),
                        c.get(Col.VERSION),
                        c.get(Col.YEAR),
                        c.get(Col.PROVINCE_KEY),
                        c.get(Col.COMPONENT),
                        c.get(Col.SOURCE),
                        p,
                        derived,
                        difference,
                        difference == null ? null : Math.abs(difference) <= tolerance));
            }
        }
        out.sort(Comparator.<Row, String>comparing(r -> r.getString(0), SparkOrder.STRINGS)
                .thenComparing(r -> (Integer) r.get(2), SparkOrder::compare)
                .thenComparing(r -> r.getString(3), SparkOrder.STRINGS)
                .thenComparing(r -> r.getString(4), SparkOrder.STRINGS)
                .thenComparing(r -> r.getString(5), SparkOrder.STRINGS));
        return out;
    }

    /** index, year, province key, component, source: what makes a score the same score. */
    private static List<Object> key(Row r) {
        return java.util.Arrays.asList(
                r.get(Col.INDEX), r.get(Col.YEAR), r.get(Col.PROVINCE_KEY), r.get(Col.COMPONENT), r.get(Col.SOURCE));
    }

    /**
     * index, year, component -> the definitions of that component if its parts combine (aggregation not "none"),
     * from the {@link ScoreTables#STRUCTURE} rows.
     */
    private static Map<List<Object>, List<Parent>> structure(IndexDefinitions defs) {
        Map<List<Object>, List<Parent>> m = new HashMap<>();
        for (Row s : ScoreTables.structureRows(defs)) {
            if (!"none".equals(s.getString(8))) {
                m.computeIfAbsent(List.of(s.getString(0), s.getInt(2), s.getString(3)), k -> new ArrayList<>())
                        .add(new Parent(
                                s.getString(1),
                                s.getString(4),
                                s.getString(5),
                                (Double) s.get(6),
                                (Double) s.get(7),
                                s.getString(8),
                                s.getInt(9)));
            }
        }
        return m;
    }

    /** Every parent computable from a complete set of parts, whether or not it is also present. */
    static List<Row> candidates(List<Row> all, Map<List<Object>, List<Parent>> structure) {
        Map<PartsKey, Parts> groups = new LinkedHashMap<>();
        for (Row r : all) {
            if (r.isNullAt(Col.PARENT)) {
                continue;
            }
            Parts p = groups.computeIfAbsent(
                    new PartsKey(
                            r.getString(Col.INDEX),
                            r.getInt(Col.YEAR),
                            r.getString(Col.PROVINCE_KEY),
                            r.getString(Col.BASIS),
                            r.getString(Col.SOURCE),
                            r.getString(Col.PARENT)),
                    k -> new Parts());
            p.count++;
            if (!r.isNullAt(Col.VALUE)) {
                p.sum.add(r.getDouble(Col.VALUE));
            }
            p.anySynthetic |= SYNTHETIC.equals(r.get(Col.PROVENANCE));
        }
        List<Row> out = new ArrayList<>();
        for (Map.Entry<PartsKey, Parts> g : groups.entrySet()) {
            PartsKey k = g.getKey();
            Parts p = g.getValue();
            for (Parent s : structure.getOrDefault(List.of(k.index(), k.year(), k.parent()), List.of())) {
                if (p.count != s.nParts()) {
                    continue;
                }
                Double sum = p.sum.value();
                Double value =
                        "mean".equals(s.aggregation()) && sum != null ? Double.valueOf(sum / (double) p.count) : sum;
                out.add(RowFactory.create(
                        k.index(),
                        s.version(),
                        k.year(),
                        k.province(),
                        k.basis(),
                        k.parent(),
                        s.grandparent(),
                        s.level(),
                        value,
                        s.scaleMin(),
                        s.scaleMax(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        p.anySynthetic ? SYNTHETIC : PUBLISHED,
                        true,
                        k.source(),
                        null,
                        null,
                        null));
            }
        }
        return out;
    }
}
