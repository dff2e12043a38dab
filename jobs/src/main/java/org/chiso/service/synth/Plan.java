package org.chiso.service.synth;

import java.io.Serializable;

/**
 * The exact counts planted for the dossiers of one handling unit, one week segment and one procedure class (one
 * signature of {@link Procedure#signature()}). Every dossier the generator writes comes from a plan, and the planted
 * truth is computed from the plans alone.
 *
 * <p>Status categories, in this order (the first five are ended by the earlier evaluation time E1 of the segment, the
 * week's or the year's end, whichever comes first; E2 is the later one):
 *
 * <ul>
 *   <li>{@code A}: ended on time, no supplement; {@code REF}: refused on time; {@code S1}: one supplement request, ended
 *       after the promised time but within it plus the wait, so on time; {@code B}: ended late; {@code B2}: two
 *       supplement requests, ended within the promised time, late by the two-request rule;
 *   <li>{@code C}: ended on time between E1 and E2 (in progress within its deadline at E1, ended at E2);
 *   <li>{@code D}: in progress at E2, within its deadline; {@code DSUP}: in progress waiting for a supplement asked
 *       before the promised time (within its deadline at any evaluation time); {@code F}: in progress, overdue at E1.
 * </ul>
 *
 * Complaint categories: {@code K1} handled on time by E1, {@code K2} handled late by E1, {@code K4} not handled and
 * due before E1, {@code K3} not handled and due after E2.
 */
final class Plan implements Serializable {
    static final int N = 0;
    static final int ONLINE = 1;
    static final int PAID = 2;
    static final int A = 3;
    static final int REF = 4;
    static final int S1 = 5;
    static final int B = 6;
    static final int B2 = 7;
    static final int C = 8;
    static final int D = 9;
    static final int DSUP = 10;
    static final int F = 11;
    static final int K1 = 12;
    static final int K2 = 13;
    static final int K4 = 14;
    static final int K3 = 15;
    static final int CSAT = 16;
    static final int DISLIKE = 17;
    static final int RATED_SATISFIED = 18;
    static final int RATED_NEUTRAL = 19;
    static final int CC = 20;
    static final int CCE = 21;
    static final int SYNC = 22;
    static final int DIG = 23;
    static final int REUSE = 24;
    static final int DSTORE = 25;
    static final int POP = 26;
    static final int RE_E1 = 27;
    static final int RE_C = 28;
    static final int SIZE = 29;

    /** Index of the week segment. */
    final int segment;
    /** Index of the class in the unit's classes. */
    final int cls;
    /** The counts. */
    final int[] c;

    Plan(int segment, int cls, int[] c) {
        this.segment = segment;
        this.cls = cls;
        this.c = c;
    }

    /** Dossiers ended by E1. */
    int endedE1() {
        return c[A] + c[REF] + c[S1] + c[B] + c[B2];
    }

    /** Dossiers on time at any evaluation time. */
    int onTime() {
        return c[A] + c[REF] + c[S1] + c[C] + c[D] + c[DSUP];
    }

    /** Complaints. */
    int complaints() {
        return c[K1] + c[K2] + c[K4] + c[K3];
    }
}
