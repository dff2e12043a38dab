package org.chiso.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.core.SparkOrder;
import org.chiso.core.Table;

/**
 * Counters to scores, in plain Java on the driver: for each unit × period × scheme version, every indicator's rate and
 * points (max × min(1, rate / full_at); a zero denominator gives full points, flagged not_applicable), the groups
 * (sums of their indicators' points, in scheme order), the total (sum of the groups), the band, the ranks within level
 * (departments and communes within their province and nationally, provinces nationally; ties share the better rank:
 * 1 + the number of units of the level and scope with a strictly higher total) and the change of the total from the
 * unit's previous period of the same type (null for as-of periods and where the previous period has no row).
 */
public final class ServiceScores {
    /** The key of a unit's counters in a period. */
    public record UnitPeriod(String unitKey, Period period) {
        @Override
        public int hashCode() {
            return Period.mix(unitKey.hashCode(), period.hashCode());
        }
    }

    private ServiceScores() {}

    /** The two output tables. */
    public record Tables(Table index, Table indicators) {}

    /**
     * The scores of every unit and period in {@code counts} for the given versions of {@code scheme}.
     *
     * @param counts full counters (dossier, unit-procedure and used slots) per unit and period, provinces included
     * @param indicatorLevels the levels whose units get indicator rows
     * @param source the dossier folder, for the provenance columns
     */
    public static Tables score(
            Map<UnitPeriod, long[]> counts,
            Catalogue catalogue,
            ServiceScheme scheme,
            List<String> versions,
            java.util.Set<String> indicatorLevels,
            String source) {
        List<String> groupNames = scheme.allGroupNames();
        StructType indexSchema = new StructType()
                .add("version", DataTypes.StringType)
                .add("period_type", DataTypes.StringType)
                .add("period", DataTypes.StringType)
                .add("period_start", DataTypes.StringType)
                .add("period_end", DataTypes.StringType)
                .add("level", DataTypes.StringType)
                .add("unit_key", DataTypes.StringType)
                .add("province_key", DataTypes.StringType)
                .add("unit_name", DataTypes.StringType)
                .add("dossiers", DataTypes.LongType);
        for (String g : groupNames) {
            indexSchema = indexSchema.add(g, DataTypes.DoubleType);
        }
        indexSchema = indexSchema
                .add("total", DataTypes.DoubleType)
                .add("band", DataTypes.StringType)
                .add("rank_national", DataTypes.IntegerType)
                .add("units_national", DataTypes.IntegerType)
                .add("rank_in_province", DataTypes.IntegerType)
                .add("units_in_province", DataTypes.IntegerType)
                .add("previous_period", DataTypes.StringType)
                .add("change", DataTypes.DoubleType)
                .add("not_applicable", DataTypes.IntegerType)
                .add("synthetic_dossiers", DataTypes.LongType)
                .add("provenance", DataTypes.StringType)
                .add("source", DataTypes.StringType);
        StructType indicatorSchema = new StructType()
                .add("version", DataTypes.StringType)
                .add("period_type", DataTypes.StringType)
                .add("period", DataTypes.StringType)
                .add("level", DataTypes.StringType)
                .add("unit_key", DataTypes.StringType)
                .add("province_key", DataTypes.StringType)
                .add("group", DataTypes.StringType)
                .add("indicator", DataTypes.StringType)
                .add("numerator", DataTypes.LongType)
                .add("denominator", DataTypes.LongType)
                .add("rate", DataTypes.DoubleType)
                .add("max_points", DataTypes.DoubleType)
                .add("full_at", DataTypes.DoubleType)
                .add("points", DataTypes.DoubleType)
                .add("not_applicable", DataTypes.BooleanType)
                .add("provenance", DataTypes.StringType)
                .add("source", DataTypes.StringType);
        List<UnitPeriod> cells = ordered(counts.keySet(), catalogue);
        List<String> ordered = new ArrayList<>(versions);
        ordered.sort(SparkOrder.STRINGS);
        // the versions are independent: scored side by side (two on two cores), their rows then in version order
        List<List<List<Row>>> parts = ordered.parallelStream()
                .map(v -> version(scheme, v, groupNames, cells, counts, catalogue, indicatorLevels, source))
                .toList();
        List<Row> indexRows = new ArrayList<>();
        List<Row> indicatorRows = new ArrayList<>();
        for (List<List<Row>> part : parts) {
            indexRows.addAll(part.get(0));
            indicatorRows.addAll(part.get(1));
        }
        // rows are made in the tables' order (version, period_type, period, level, province_key, unit_key[, indicator],
        // as Spark's orderBy), so neither table is sorted afterwards
        return new Tables(new Table(indexSchema, indexRows), new Table(indicatorSchema, indicatorRows));
    }

    /**
     * The cells in the order of their rows: by period type and period, then level, province and unit, each compared as
     * Spark compares strings; the distinct periods and units are ranked once, and the cells sorted by the two ranks.
     */
    static List<UnitPeriod> ordered(java.util.Collection<UnitPeriod> keys, Catalogue catalogue) {
        java.util.Set<Period> periods = new java.util.HashSet<>();
        java.util.Set<String> units = new java.util.HashSet<>();
        for (UnitPeriod k : keys) {
            periods.add(k.period());
            units.add(k.unitKey());
        }
        List<Period> ps = new ArrayList<>(periods);
        ps.sort(java.util.Comparator.comparing(Period::type, SparkOrder.STRINGS)
                .thenComparing(Period::key, SparkOrder.STRINGS));
        Map<Period, Integer> periodRank = new HashMap<>();
        for (Period p : ps) {
            periodRank.put(p, periodRank.size());
        }
        List<Catalogue.Unit> us = new ArrayList<>();
        for (String u : units) {
            us.add(catalogue.units().get(u));
        }
        us.sort(java.util.Comparator.comparing(Catalogue.Unit::level, SparkOrder.STRINGS)
                .thenComparing(Catalogue.Unit::provinceKey, SparkOrder.STRINGS)
                .thenComparing(Catalogue.Unit::key, SparkOrder.STRINGS));
        Map<String, Integer> unitRank = new HashMap<>();
        for (Catalogue.Unit u : us) {
            unitRank.put(u.key(), unitRank.size());
        }
        List<UnitPeriod> out = new ArrayList<>(keys);
        if (out.size() >= 1 << 24 || (long) periods.size() * units.size() >= 1L << 39) {
            throw new IllegalArgumentException("too many unit-period cells to order: " + out.size());
        }
        long[] order = new long[out.size()];
        for (int i = 0; i < order.length; i++) {
            UnitPeriod k = out.get(i);
            order[i] = ((long) periodRank.get(k.period()) * unitRank.size() + unitRank.get(k.unitKey())) << 24 | i;
        }
        java.util.Arrays.sort(order);
        List<UnitPeriod> sorted = new ArrayList<>(order.length);
        for (long o : order) {
            sorted.add(out.get((int) (o & 0xffffff)));
        }
        return sorted;
    }

    /** One version's index rows and indicator rows, each in the tables' order. */
    private static List<List<Row>> version(
            ServiceScheme scheme,
            String v,
            List<String> groupNames,
            List<UnitPeriod> cells,
            Map<UnitPeriod, long[]> counts,
            Catalogue catalogue,
            java.util.Set<String> indicatorLevels,
            String source) {
        ServiceScheme.Version version = scheme.version(v);
        // the indicators as their rows are ordered (by name), each with its group's place
        List<ServiceScheme.Indicator> indicators = new ArrayList<>();
        List<String> groupOf = new ArrayList<>();
        for (ServiceScheme.Group g : version.groups()) {
            for (ServiceScheme.Indicator ind : g.indicators()) {
                indicators.add(ind);
                groupOf.add(g.name());
            }
        }
        Integer[] byName = new Integer[indicators.size()];
        for (int i = 0; i < byName.length; i++) {
            byName[i] = i;
        }
        java.util.Arrays.sort(
                byName, java.util.Comparator.comparing(i -> indicators.get(i).name(), SparkOrder.STRINGS));
        List<Row> indicatorRows = new ArrayList<>();
        List<Scored> scored = new ArrayList<>(cells.size());
        Rates.Ratio[] ratios = new Rates.Ratio[indicators.size()];
        Double[] rates = new Double[indicators.size()];
        double[] pts = new double[indicators.size()];
        for (UnitPeriod k : cells) {
            Catalogue.Unit unit = catalogue.units().get(k.unitKey());
            Period p = k.period();
            long[] c = counts.get(k);
            String provenance = provenance(c);
            double[] groups = new double[groupNames.size()];
            java.util.Arrays.fill(groups, Double.NaN);
            double total = 0;
            int notApplicable = 0;
            int at = 0;
            for (ServiceScheme.Group g : version.groups()) {
                double points = 0;
                for (ServiceScheme.Indicator ind : g.indicators()) {
                    Rates.Ratio r = Rates.of(ind.name(), c);
                    Double rate = r.rate();
                    ratios[at] = r;
                    rates[at] = rate;
                    pts[at] = ind.points(rate);
                    points += pts[at];
                    notApplicable += rate == null ? 1 : 0;
                    at++;
                }
                groups[groupNames.indexOf(g.name())] = points;
                total += points;
            }
            if (indicatorLevels.contains(unit.level())) {
                for (int i : byName) {
                    ServiceScheme.Indicator ind = indicators.get(i);
                    indicatorRows.add(RowFactory.create(
                            v,
                            p.type(),
                            p.key(),
                            unit.level(),
                            unit.key(),
                            unit.provinceKey(),
                            groupOf.get(i),
                            ind.name(),
                            ratios[i].numerator(),
                            ratios[i].denominator(),
                            rates[i],
                            ind.maxPoints(),
                            ind.fullAt(),
                            pts[i],
                            rates[i] == null,
                            provenance,
                            source));
                }
            }
            scored.add(new Scored(v, unit, p, c, groups, total, notApplicable, provenance));
        }
        rank(scored);
        Map<UnitPeriod, Double> totals = new HashMap<>();
        for (Scored s : scored) {
            totals.put(new UnitPeriod(s.unit.key(), s.period), s.total);
        }
        Map<Period, Period> previous = new HashMap<>();
        List<Row> indexRows = new ArrayList<>(scored.size());
        for (Scored s : scored) {
            Period prev = previous.computeIfAbsent(s.period, p -> p.type().equals(Period.AS_OF) ? p : p.previous());
            prev = prev == s.period ? null : prev;
            Double before = prev == null ? null : totals.get(new UnitPeriod(s.unit.key(), prev));
            Object[] row = new Object[10 + groupNames.size() + 12];
            int i = 0;
            row[i++] = s.version;
            row[i++] = s.period.type();
            row[i++] = s.period.key();
            row[i++] = s.period.first().toString();
            row[i++] = s.period.last().toString();
            row[i++] = s.unit.level();
            row[i++] = s.unit.key();
            row[i++] = s.unit.provinceKey();
            row[i++] = s.unit.name();
            row[i++] = s.counts[Counts.DOSSIERS];
            for (double g : s.groups) {
                row[i++] = Double.isNaN(g) ? null : g;
            }
            row[i++] = s.total;
            row[i++] = scheme.band(s.total);
            row[i++] = s.rankNational;
            row[i++] = s.unitsNational;
            row[i++] = s.rankInProvince;
            row[i++] = s.unitsInProvince;
            row[i++] = prev == null ? null : prev.key();
            row[i++] = before == null ? null : s.total - before;
            row[i++] = s.notApplicable;
            row[i++] = s.counts[Counts.SYNTHETIC];
            row[i++] = s.provenance;
            row[i] = source;
            indexRows.add(RowFactory.create(row));
        }
        return List.of(indexRows, indicatorRows);
    }

    /** "synthetic" when every dossier of the cell is synthetic, "records" when none is, else "mixed". */
    private static String provenance(long[] c) {
        long s = c[Counts.SYNTHETIC];
        return s == 0 ? "records" : s == c[Counts.DOSSIERS] ? "synthetic" : "mixed";
    }

    private static final class Scored {
        final String version;
        final Catalogue.Unit unit;
        final Period period;
        final long[] counts;
        final double[] groups;
        final double total;
        final int notApplicable;
        final String provenance;
        Integer rankNational;
        Integer unitsNational;
        Integer rankInProvince;
        Integer unitsInProvince;

        Scored(
                String version,
                Catalogue.Unit unit,
                Period period,
                long[] counts,
                double[] groups,
                double total,
                int notApplicable,
                String provenance) {
            this.version = version;
            this.unit = unit;
            this.period = period;
            this.counts = counts;
            this.groups = groups;
            this.total = total;
            this.notApplicable = notApplicable;
            this.provenance = provenance;
        }
    }

    /** Competition ranks (ties share the better rank) nationally and, below the province level, within the province. */
    private static void rank(List<Scored> scored) {
        Map<String, List<Scored>> national = new HashMap<>();
        Map<String, List<Scored>> province = new HashMap<>();
        for (Scored s : scored) {
            String key = s.version + "\t" + s.period.type() + "\t" + s.period.key() + "\t" + s.unit.level();
            national.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            if (!s.unit.level().equals(Catalogue.PROVINCE)) {
                province.computeIfAbsent(key + "\t" + s.unit.provinceKey(), k -> new ArrayList<>())
                        .add(s);
            }
        }
        for (List<Scored> group : national.values()) {
            int[] ranks = ranks(group);
            for (int i = 0; i < ranks.length; i++) {
                group.get(i).rankNational = ranks[i];
                group.get(i).unitsNational = group.size();
            }
        }
        for (List<Scored> group : province.values()) {
            int[] ranks = ranks(group);
            for (int i = 0; i < ranks.length; i++) {
                group.get(i).rankInProvince = ranks[i];
                group.get(i).unitsInProvince = group.size();
            }
        }
    }

    /** 1 + the number of strictly higher totals, for each member. */
    static int[] ranks(List<Scored> group) {
        double[] sorted = group.stream().mapToDouble(s -> s.total).sorted().toArray();
        int[] out = new int[group.size()];
        for (int i = 0; i < out.length; i++) {
            double t = group.get(i).total;
            // index of the first value greater than t in ascending order
            int lo = 0;
            int hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] <= t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            out[i] = 1 + (sorted.length - lo);
        }
        return out;
    }
}
