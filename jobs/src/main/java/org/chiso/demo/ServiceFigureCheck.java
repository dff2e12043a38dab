package org.chiso.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.chiso.core.Resources;

/**
 * Whether the service-index scheme can produce each published SERVICE figure ({@code data/published/figures.csv}), in
 * each scheme version (docs/DOSSIERS.md section 4). Every SERVICE figure gets a verdict, and so does the sum of a
 * province's published groups; none is dropped or clipped. The figures the scheme cannot produce are what the coverage
 * section of the report lists.
 *
 * <p>Rules: a group's points lie between 0 and its maximum (version 2024: transparency 18, progress 20, online 12,
 * payment 10, satisfaction 18, digitisation 22; version 2022: the same with online 22 holding the payment
 * indicators, and no payment group); a unit's total lies between 0 and 100; the groups of one province and period add
 * up to at most 100. Within those bounds any figure printed to two decimals is producible, since every indicator is a
 * maximum times a ratio of counts.
 */
public final class ServiceFigureCheck {
    /** The classpath table naming the unit of each SERVICE component. */
    public static final String UNITS = "/published/service_units.csv";

    /** Group of each published SERVICE component, and its maximum by version (null: no such group). */
    private static final Map<String, Object[]> GROUPS = Map.of(
            "TRANSPARENCY", new Object[] {"transparency", 18.0, 18.0},
            "DOSSIER_PROGRESS", new Object[] {"progress", 20.0, 20.0},
            "ONLINE_SERVICES", new Object[] {"online", 12.0, 22.0},
            "ONLINE_PAYMENT", new Object[] {"payment", 10.0, null},
            "SATISFACTION", new Object[] {"satisfaction", 18.0, 18.0},
            "DIGITISATION", new Object[] {"digitisation", 22.0, 22.0});

    /**
     * The verdict on one published figure (or on the sum of a province's groups).
     *
     * @param figure       what is checked (the figure's label, or "sum of the groups")
     * @param unitKey      the unit the figure is about
     * @param value        the published value
     * @param producible2024 whether version 2024 can produce it
     * @param producible2022 whether version 2022 can produce it
     * @param reason       why not, or how it is read
     */
    public record Verdict(
            String figure,
            String unitKey,
            double value,
            boolean producible2024,
            boolean producible2022,
            String reason) {}

    private ServiceFigureCheck() {}

    /** The verdicts, one per SERVICE figure in file order, then one per province's sum of groups. */
    public static List<Verdict> check(List<PublishedFigure> figures) {
        Map<String, String> units = new TreeMap<>();
        for (Map<String, String> r : Resources.csv(UNITS)) {
            units.put(r.get("component"), r.get("unit_key"));
        }
        List<Verdict> out = new ArrayList<>();
        Map<String, double[]> sums = new TreeMap<>();
        for (PublishedFigure f : figures) {
            if (!f.index().equals("SERVICE")) {
                continue;
            }
            String unit = units.get(f.component());
            if (unit == null) {
                throw new IllegalStateException(UNITS + ": no unit for " + f.label());
            }
            double v = f.value();
            if (f.measure().equals("unit_points")) {
                boolean ok = v >= 0 && v <= 100;
                out.add(new Verdict(
                        f.label(),
                        unit,
                        v,
                        ok,
                        ok,
                        ok ? "a unit total within 0-100" : "outside 0-100, the range of a total"));
                continue;
            }
            Object[] g = GROUPS.get(f.component());
            if (!f.measure().equals("group_points") || g == null) {
                throw new IllegalStateException("not a service-index figure the check knows: " + f.label());
            }
            double max24 = (Double) g[1];
            Double max22 = (Double) g[2];
            boolean ok24 = v >= 0 && v <= max24;
            boolean ok22 = max22 != null && v >= 0 && v <= max22;
            String reason;
            if (f.component().equals("ONLINE_SERVICES")) {
                reason = String.format(
                        Locale.ROOT,
                        "%s the 12-point maximum of version 2024's online group; as version 2022's online group"
                                + " (22 points, payment inside) it is producible",
                        ok24 ? "within" : "exceeds");
            } else if (max22 == null) {
                reason = "version 2022 has no payment group: its points are part of the online group";
            } else {
                reason = ok24 ? "within the group's maximum" : "outside the group's range";
            }
            out.add(new Verdict(f.label(), unit, v, ok24, ok22, reason));
            sums.computeIfAbsent(f.province() + " " + f.year(), k -> new double[2])[0] += v;
            if (!f.component().equals("ONLINE_PAYMENT")) {
                sums.get(f.province() + " " + f.year())[1] += v;
            }
        }
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            double all = e.getValue()[0];
            double without = e.getValue()[1];
            out.add(new Verdict(
                    "SERVICE " + e.getKey() + " sum of the published groups",
                    e.getKey().split(" ")[0],
                    all,
                    all <= 100 + 1e-9,
                    without <= 100 + 1e-9,
                    String.format(
                            Locale.ROOT,
                            "the groups add up to %.2f (at most 100 in one version); read in version 2022 (online"
                                    + " with payment inside, the payment figure a part of it) they add up to %.2f",
                            all,
                            without)));
        }
        return out;
    }

    /** The verdicts that a version cannot produce. */
    public static List<Verdict> notProducible(List<Verdict> verdicts, int version) {
        return verdicts.stream()
                .filter(v -> version == 2024 ? !v.producible2024() : !v.producible2022())
                .toList();
    }
}
