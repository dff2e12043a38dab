package org.chiso.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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
        List<Row> indicatorRows = new ArrayList<>();
        List<Scored> scored = new ArrayList<>();
        for (String v : versions) {
            ServiceScheme.Version version = scheme.version(v);
            for (Map.Entry<UnitPeriod, long[]> e : counts.entrySet()) {
                Catalogue.Unit unit = catalogue.units().get(e.getKey().unitKey());
                Period p = e.getKey().period();
                long[] c = e.getValue();
                String provenance = provenance(c);
                boolean rows = indicatorLevels.contains(unit.level());
                double[] groups = new double[groupNames.size()];
                java.util.Arrays.fill(groups, Double.NaN);
                double total = 0;
                int notApplicable = 0;
                for (ServiceScheme.Group g : version.groups()) {
                    double points = 0;
                    for (ServiceScheme.Indicator ind : g.indicators()) {
                        Rates.Ratio r = Rates.of(ind.name(), c);
                        Double rate = r.rate();
                        double pts = ind.points(rate);
                        points += pts;
                        notApplicable += rate == null ? 1 : 0;
                        if (!rows) {
                            continue;
                        }
                        indicatorRows.add(RowFactory.create(
                                v,
                                p.type(),
                                p.key(),
                                unit.level(),
                                unit.key(),
                                unit.provinceKey(),
                                g.name(),
                                ind.name(),
                                r.numerator(),
                                r.denominator(),
                                rate,
                                ind.maxPoints(),
                                ind.fullAt(),
                                pts,
                                rate == null,
                                provenance,
                                source));
                    }
                    groups[groupNames.indexOf(g.name())] = points;
                    total += points;
                }
                scored.add(new Scored(v, unit, p, c, groups, total, notApplicable, provenance));
            }
        }
        rank(scored);
        Map<String, Map<UnitPeriod, Double>> totals = new HashMap<>();
        for (Scored s : scored) {
            totals.computeIfAbsent(s.version, k -> new HashMap<>())
                    .put(new UnitPeriod(s.unit.key(), s.period), s.total);
        }
        Map<Period, Period> previous = new HashMap<>();
        List<Row> indexRows = new ArrayList<>();
        for (Scored s : scored) {
            Period prev = previous.computeIfAbsent(s.period, p -> p.type().equals(Period.AS_OF) ? p : p.previous());
            prev = prev == s.period ? null : prev;
            Double before = prev == null ? null : totals.get(s.version).get(new UnitPeriod(s.unit.key(), prev));
            List<Object> row = new ArrayList<>(List.of(
                    s.version,
                    s.period.type(),
                    s.period.key(),
                    s.period.first().toString(),
                    s.period.last().toString(),
                    s.unit.level(),
                    s.unit.key(),
                    s.unit.provinceKey(),
                    s.unit.name(),
                    s.counts[Counts.DOSSIERS]));
            for (double g : s.groups) {
                row.add(Double.isNaN(g) ? null : g);
            }
            row.add(s.total);
            row.add(null);
            row.add(s.rankNational);
            row.add(s.unitsNational);
            row.add(s.rankInProvince);
            row.add(s.unitsInProvince);
            row.add(prev == null ? null : prev.key());
            row.add(before == null ? null : s.total - before);
            row.add(s.notApplicable);
            row.add(s.counts[Counts.SYNTHETIC]);
            row.add(s.provenance);
            row.add(source);
            row.set(10 + groupNames.size() + 1, scheme.band(s.total));
            indexRows.add(RowFactory.create(row.toArray()));
        }
        return new Tables(
                new Table(indexSchema, indexRows)
                        .sorted("version", "period_type", "period", "level", "province_key", "unit_key"),
                new Table(indicatorSchema, indicatorRows)
                        .sorted("version", "period_type", "period", "level", "province_key", "unit_key", "indicator"));
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
