package org.chiso.service;

import java.util.List;

/**
 * The rates the engine computes, by name (the {@code indicator} column of the scheme), each a numerator and a
 * denominator of {@link Counts} slots. The scheme decides which rates count, with which points; this class only says
 * how each rate is counted (docs/DOSSIERS.md, section 4).
 */
public final class Rates {
    /** Every rate name, in the order of DOSSIERS.md. */
    public static final List<String> NAMES = List.of(
            "published_on_time",
            "national_db_on_time",
            "complete_parts",
            "synced",
            "on_time",
            "procedures_online",
            "online_services_used",
            "dossiers_online",
            "paid_online",
            "payment_integrated",
            "payment_used",
            "complaints_on_time",
            "complaints_satisfied",
            "dossier_satisfaction",
            "result_electronic",
            "digitised",
            "certified_copy_electronic",
            "reused_data",
            "data_store",
            "population_db",
            "procedures_population_db");

    /** A rate's parts; {@link #rate} is null when the denominator is 0 (not applicable). */
    public record Ratio(long numerator, long denominator) {
        public Double rate() {
            return denominator == 0 ? null : (double) numerator / (double) denominator;
        }
    }

    private Rates() {}

    /**
     * The numerator and denominator of rate {@code name} from a unit's counts. {@code dossier_satisfaction} is 1 −
     * overdue / dossiers − (complaint or dislike) / dossiers floored at 0, taken exactly as max(0, on_time − complaint or
     * dislike) / dossiers (overdue = dossiers − on_time).
     */
    public static Ratio of(String name, long[] c) {
        return switch (name) {
            case "published_on_time" -> new Ratio(c[Counts.UP_PUBLISHED_ON_TIME], c[Counts.UP]);
            case "national_db_on_time" -> new Ratio(c[Counts.UP_NATIONAL_DB_ON_TIME], c[Counts.UP]);
            case "complete_parts" -> new Ratio(c[Counts.UP_COMPLETE_PARTS], c[Counts.UP]);
            case "synced" -> new Ratio(c[Counts.SYNCED], c[Counts.DOSSIERS]);
            case "on_time" -> new Ratio(c[Counts.ON_TIME], c[Counts.DOSSIERS]);
            case "procedures_online" -> new Ratio(c[Counts.UP_ONLINE], c[Counts.UP]);
            case "online_services_used" -> new Ratio(c[Counts.USED_ONLINE], c[Counts.UP_ONLINE]);
            case "dossiers_online" -> new Ratio(c[Counts.ONLINE], c[Counts.ONLINE_OFFERED]);
            case "paid_online" -> new Ratio(c[Counts.FEE_PAID_ONLINE], c[Counts.FEE]);
            case "payment_integrated" -> new Ratio(c[Counts.UP_FEE_INTEGRATED], c[Counts.UP_FEE]);
            case "payment_used" -> new Ratio(c[Counts.USED_PAID], c[Counts.UP_FEE]);
            case "complaints_on_time" -> new Ratio(c[Counts.COMPLAINTS_ON_TIME], c[Counts.COMPLAINTS_DUE]);
            case "complaints_satisfied" -> new Ratio(c[Counts.COMPLAINTS_SATISFIED], c[Counts.COMPLAINTS_HANDLED]);
            case "dossier_satisfaction" ->
                new Ratio(Math.max(0, c[Counts.ON_TIME] - c[Counts.COMPLAINT_OR_DISLIKE]), c[Counts.DOSSIERS]);
            case "result_electronic" -> new Ratio(c[Counts.ENDED_ELECTRONIC], c[Counts.ENDED_NO_PAPER]);
            case "digitised" -> new Ratio(c[Counts.DIGITISED], c[Counts.DOSSIERS]);
            case "certified_copy_electronic" ->
                new Ratio(c[Counts.CERTIFIED_COPY_ELECTRONIC], c[Counts.CERTIFIED_COPY]);
            case "reused_data" -> new Ratio(c[Counts.REUSED_DATA], c[Counts.DOSSIERS]);
            case "data_store" -> new Ratio(c[Counts.DATA_STORE], c[Counts.DOSSIERS]);
            case "population_db" -> new Ratio(c[Counts.POPULATION_DB], c[Counts.DOSSIERS]);
            case "procedures_population_db" -> new Ratio(c[Counts.UP_POPULATION_DB], c[Counts.UP]);
            default -> throw new IllegalArgumentException("no rate named " + name);
        };
    }
}
