package org.chiso.harmonize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.core.Basis;
import org.chiso.core.ProvinceRegistry;
import org.chiso.ingest.Covariate;
import org.chiso.ingest.CovariateVariable;

/**
 * The covariates table on both bases (plain Java). On the 63-province basis: the values as read, plus {@code
 * grdp_per_capita} = grdp / population (billion VND / thousand persons = million VND per person) where both are
 * present. On the 34-province basis, for every new province and year: each variable by its rule ({@link
 * CovariateVariable.Rule}) over the predecessors that existed that year (the 63 -> 34 crosswalk); an unchanged province
 * is its predecessor's value. A value is formed only when every predecessor has it (a sum over some would understate
 * the province); the cells left out for that are counted in {@link Result#incomplete()}.
 */
public final class Covariates {
    /** The warehouse table's columns. */
    public static final StructType SCHEMA = new StructType()
            .add("basis", DataTypes.StringType, false)
            .add("year", DataTypes.IntegerType, false)
            .add("province_key", DataTypes.StringType, false)
            .add("variable", DataTypes.StringType, false)
            .add("value", DataTypes.DoubleType, false)
            .add("unit", DataTypes.StringType, false)
            .add("harmonization", DataTypes.StringType, false)
            .add("derived", DataTypes.BooleanType, false)
            .add("source", DataTypes.StringType)
            .add("file", DataTypes.StringType)
            .add("line", DataTypes.IntegerType)
            .add("column", DataTypes.StringType)
            .add("predecessors", DataTypes.StringType)
            .add("note", DataTypes.StringType);

    /** Both bases' values, and the 34-basis cells not formed because a predecessor had no value. */
    public record Result(List<Covariate> values, long incomplete) {
        /** The values of one basis. */
        public long count(Basis basis) {
            return values.stream().filter(c -> c.basis().equals(basis.name())).count();
        }
    }

    private Covariates() {}

    /** The covariates on both bases from the accepted values (63-province basis). */
    public static Result bothBases(List<Covariate> read, ProvinceRegistry registry) {
        List<Covariate> vn63 = new ArrayList<>(read);
        Map<String, Covariate> byKey = new HashMap<>();
        read.forEach(c -> byKey.put(key(c.variable(), c.year(), c.provinceKey()), c));
        for (Covariate g : read) {
            if (g.variable() != CovariateVariable.GRDP) {
                continue;
            }
            Covariate pop = byKey.get(key(CovariateVariable.POPULATION, g.year(), g.provinceKey()));
            if (pop != null) {
                vn63.add(new Covariate(
                        Basis.VN63.name(),
                        g.year(),
                        g.provinceKey(),
                        CovariateVariable.GRDP_PER_CAPITA,
                        g.value() / pop.value(),
                        true,
                        g.source() + " / " + pop.source(),
                        g.file() + " / " + pop.file(),
                        g.line(),
                        g.column() + " / " + pop.column(),
                        "",
                        pop.note()));
            }
        }
        vn63.forEach(c -> byKey.put(key(c.variable(), c.year(), c.provinceKey()), c));
        Map<String, List<String>> predecessors = new TreeMap<>();
        registry.crosswalk()
                .forEach((o, n) ->
                        predecessors.computeIfAbsent(n, k -> new ArrayList<>()).add(o));
        predecessors.values().forEach(l -> l.sort(Comparator.naturalOrder()));
        List<Covariate> vn34 = new ArrayList<>();
        long incomplete = 0;
        List<Integer> years =
                vn63.stream().map(Covariate::year).distinct().sorted().toList();
        for (CovariateVariable v : CovariateVariable.values()) {
            for (int year : years) {
                for (Map.Entry<String, List<String>> e : predecessors.entrySet()) {
                    List<String> keys = e.getValue().stream()
                            .filter(k -> registry.byKey(k)
                                    .map(p -> p.validInYear(year))
                                    .orElse(false))
                            .toList();
                    List<Covariate> parts =
                            keys.stream().map(k -> byKey.get(key(v, year, k))).toList();
                    if (keys.isEmpty() || parts.stream().allMatch(p -> p == null)) {
                        continue;
                    }
                    if (parts.contains(null)) {
                        incomplete++;
                        continue;
                    }
                    Double value = combine(v, year, keys, parts, byKey);
                    if (value == null) {
                        incomplete++;
                        continue;
                    }
                    Covariate first = parts.get(0);
                    vn34.add(new Covariate(
                            Basis.VN34.name(),
                            year,
                            e.getKey(),
                            v,
                            value,
                            parts.size() > 1 || first.derived(),
                            first.source(),
                            first.file(),
                            0,
                            first.column(),
                            String.join(";", keys),
                            parts.stream()
                                    .map(Covariate::note)
                                    .filter(n -> !n.isEmpty())
                                    .distinct()
                                    .collect(Collectors.joining("; "))));
                }
            }
        }
        List<Covariate> all = new ArrayList<>(vn63);
        all.addAll(vn34);
        return new Result(all, incomplete);
    }

    /** A merged value by the variable's rule; null when a weight the rule needs is missing. */
    private static Double combine(
            CovariateVariable v, int year, List<String> keys, List<Covariate> parts, Map<String, Covariate> byKey) {
        switch (v.rule()) {
            case SUM -> {
                double s = 0;
                for (Covariate p : parts) {
                    s += p.value();
                }
                return s;
            }
            case RATIO -> {
                double num = 0;
                double den = 0;
                for (String k : keys) {
                    Covariate g = byKey.get(key(CovariateVariable.GRDP, year, k));
                    Covariate pop = byKey.get(key(CovariateVariable.POPULATION, year, k));
                    if (g == null || pop == null) {
                        return null;
                    }
                    num += g.value();
                    den += pop.value();
                }
                return parts.size() == 1 ? parts.get(0).value() : num / den;
            }
            case LABOUR_WEIGHTED -> {
                double num = 0;
                double den = 0;
                for (int i = 0; i < keys.size(); i++) {
                    Covariate w = byKey.get(key(CovariateVariable.LABOUR_FORCE, year, keys.get(i)));
                    if (w == null) {
                        return null;
                    }
                    num += w.value() * parts.get(i).value();
                    den += w.value();
                }
                return parts.size() == 1 ? parts.get(0).value() : num / den;
            }
            default -> throw new IllegalStateException(v.rule().name());
        }
    }

    private static String key(CovariateVariable v, int year, String province) {
        return v.id() + "|" + year + "|" + province;
    }

    /** The rows of the warehouse table, sorted by basis, variable, year and province. */
    public static List<Row> rows(List<Covariate> values) {
        return values.stream()
                .sorted(Comparator.comparing(Covariate::basis)
                        .thenComparing(c -> c.variable().id())
                        .thenComparingInt(Covariate::year)
                        .thenComparing(Covariate::provinceKey))
                .map(c -> RowFactory.create(
                        c.basis(),
                        c.year(),
                        c.provinceKey(),
                        c.variable().id(),
                        c.value(),
                        c.variable().unit(),
                        c.basis().equals(Basis.VN63.name())
                                ? (c.derived() ? "grdp / population of the province" : "as read")
                                : c.variable().rule().text(),
                        c.derived(),
                        c.source(),
                        c.file(),
                        c.line() == 0 ? null : c.line(),
                        c.column(),
                        c.predecessors().isEmpty() ? null : c.predecessors(),
                        c.note().isEmpty() ? null : c.note()))
                .toList();
    }
}
