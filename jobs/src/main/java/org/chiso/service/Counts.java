package org.chiso.service;

import java.util.List;

/**
 * The counters of one unit in one period, as slots of a {@code long[]} of {@link #SIZE}: dossier counters (summed over
 * the dossiers received in the period, statuses at the period's evaluation time), the unit-procedure counters of the
 * unit (summed over the rows of {@code unit_procedures.csv}) and the counts of used services. Every rate of {@link
 * Rates} is a ratio of two slots; counts are integers, so their sums are exact in any order.
 */
public final class Counts {
    /** Dossiers received in the period. */
    public static final int DOSSIERS = 0;
    /** Synchronised to the national portal. */
    public static final int SYNCED = 1;
    /** On time at the evaluation time (on_time's numerator; see {@link DossierRules#onTime}). */
    public static final int ON_TIME = 2;
    /** Dossiers of procedures offered online (online_level full or partial). */
    public static final int ONLINE_OFFERED = 3;
    /** Online dossiers of procedures offered online. */
    public static final int ONLINE = 4;
    /** Dossiers of fee-bearing procedures. */
    public static final int FEE = 5;
    /** Dossiers of fee-bearing procedures paid online. */
    public static final int FEE_PAID_ONLINE = 6;
    /** Complaints due by the evaluation time or handled by it. */
    public static final int COMPLAINTS_DUE = 7;
    /** Complaints handled by the evaluation time and by their due time. */
    public static final int COMPLAINTS_ON_TIME = 8;
    /** Complaints handled by the evaluation time. */
    public static final int COMPLAINTS_HANDLED = 9;
    /** Handled complaints whose complainant was satisfied. */
    public static final int COMPLAINTS_SATISFIED = 10;
    /** Dossiers with a complaint or a {@code dislike} rating. */
    public static final int COMPLAINT_OR_DISLIKE = 11;
    /** Dossiers ended by the evaluation time, of procedures without a paper result. */
    public static final int ENDED_NO_PAPER = 12;
    /** Of those, with an electronic result. */
    public static final int ENDED_ELECTRONIC = 13;

    public static final int DIGITISED = 14;
    public static final int CERTIFIED_COPY = 15;
    public static final int CERTIFIED_COPY_ELECTRONIC = 16;
    public static final int REUSED_DATA = 17;
    public static final int DATA_STORE = 18;
    public static final int POPULATION_DB = 19;
    /** Dossiers marked synthetic. */
    public static final int SYNTHETIC = 20;
    /** The number of dossier counters (slots 0 .. DOSSIER_SLOTS - 1). */
    public static final int DOSSIER_SLOTS = 21;

    /** Unit procedures (rows of unit_procedures.csv). */
    public static final int UP = 21;

    public static final int UP_PUBLISHED_ON_TIME = 22;
    public static final int UP_NATIONAL_DB_ON_TIME = 23;
    public static final int UP_COMPLETE_PARTS = 24;
    /** Unit procedures offered online (full or partial). */
    public static final int UP_ONLINE = 25;
    /** Fee-bearing unit procedures. */
    public static final int UP_FEE = 26;
    /** Fee-bearing unit procedures integrated for online payment. */
    public static final int UP_FEE_INTEGRATED = 27;
    /** Unit procedures connected to the population database. */
    public static final int UP_POPULATION_DB = 28;
    /** Online-offered unit procedures with at least one online dossier received in the period. */
    public static final int USED_ONLINE = 29;
    /** Fee-bearing unit procedures with at least one dossier received in the period and paid online. */
    public static final int USED_PAID = 30;
    /** Slots in all. */
    public static final int SIZE = 31;

    /** Slot names, for tables and messages. */
    public static final List<String> NAMES = List.of(
            "dossiers",
            "synced",
            "on_time",
            "online_offered",
            "online",
            "fee",
            "fee_paid_online",
            "complaints_due",
            "complaints_on_time",
            "complaints_handled",
            "complaints_satisfied",
            "complaint_or_dislike",
            "ended_no_paper",
            "ended_electronic",
            "digitised",
            "certified_copy",
            "certified_copy_electronic",
            "reused_data",
            "data_store",
            "population_db",
            "synthetic",
            "unit_procedures",
            "up_published_on_time",
            "up_national_db_on_time",
            "up_complete_parts",
            "up_online",
            "up_fee",
            "up_fee_integrated",
            "up_population_db",
            "used_online",
            "used_paid");

    private Counts() {}

    /** Adds {@code b} into {@code a} slot by slot. */
    public static long[] add(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.addExact(a[i], b[i]);
        }
        return a;
    }
}
