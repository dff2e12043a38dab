package org.chiso.service.synth;

import java.util.List;

/**
 * The indicators of docs/DOSSIERS.md section 4 as the generator scores its planted truth: name, group in versions 2024
 * and 2022, maximum points and the rate at which they are full. Kept here, apart from the engine's scheme files, so
 * that the planted scores are an independent computation the engine's must agree with.
 */
public final class PlantedScheme {
    /**
     * One indicator.
     *
     * @param name    as in DOSSIERS.md
     * @param group   its 2024 group
     * @param max     maximum points
     * @param fullAt  rate at which the points are full
     */
    public record Indicator(String name, String group, double max, double fullAt) {
        /** Its 2022 group: the online and payment indicators form one group, {@code online}. */
        public String group2022() {
            return group.equals("payment") ? "online" : group;
        }

        /** Points for a numerator and denominator: full when the denominator is 0 (not applicable). */
        public double points(long num, long den) {
            if (den == 0) {
                return max;
            }
            double rate = Math.max(0, num / (double) den);
            return max * Math.min(1, rate / fullAt);
        }
    }

    /** The indicators in DOSSIERS.md order. */
    public static final List<Indicator> INDICATORS = List.of(
            new Indicator("published_on_time", "transparency", 6, 1),
            new Indicator("national_db_on_time", "transparency", 4, 1),
            new Indicator("complete_parts", "transparency", 2, 1),
            new Indicator("synced", "transparency", 6, 1),
            new Indicator("on_time", "progress", 20, 1),
            new Indicator("procedures_online", "online", 2, 0.8),
            new Indicator("online_services_used", "online", 4, 1),
            new Indicator("dossiers_online", "online", 6, 0.5),
            new Indicator("paid_online", "payment", 6, 1),
            new Indicator("payment_integrated", "payment", 2, 0.8),
            new Indicator("payment_used", "payment", 2, 0.8),
            new Indicator("complaints_on_time", "satisfaction", 6, 1),
            new Indicator("complaints_satisfied", "satisfaction", 6, 1),
            new Indicator("dossier_satisfaction", "satisfaction", 6, 0.9),
            new Indicator("result_electronic", "digitisation", 6, 1),
            new Indicator("digitised", "digitisation", 4, 1),
            new Indicator("certified_copy_electronic", "digitisation", 2, 1),
            new Indicator("reused_data", "digitisation", 2, 0.8),
            new Indicator("data_store", "digitisation", 4, 1),
            new Indicator("population_db", "digitisation", 2, 1),
            new Indicator("procedures_population_db", "digitisation", 2, 1));

    /** Groups of version 2024 and 2022, in order. */
    public static final List<String> GROUPS_2024 =
            List.of("transparency", "progress", "online", "payment", "satisfaction", "digitisation");

    public static final List<String> GROUPS_2022 =
            List.of("transparency", "progress", "online", "satisfaction", "digitisation");

    /** Group maxima, same order. */
    public static final List<Double> MAX_2024 = List.of(18.0, 20.0, 12.0, 10.0, 18.0, 22.0);

    public static final List<Double> MAX_2022 = List.of(18.0, 20.0, 22.0, 18.0, 22.0);

    private PlantedScheme() {}

    /** Group points of a version ({@code 2024} or {@code 2022}) from the indicators' numerators and denominators. */
    public static double[] groups(int version, long[] num, long[] den) {
        List<String> groups = version == 2024 ? GROUPS_2024 : GROUPS_2022;
        double[] g = new double[groups.size()];
        for (int i = 0; i < INDICATORS.size(); i++) {
            Indicator ind = INDICATORS.get(i);
            g[groups.indexOf(version == 2024 ? ind.group() : ind.group2022())] += ind.points(num[i], den[i]);
        }
        return g;
    }
}
