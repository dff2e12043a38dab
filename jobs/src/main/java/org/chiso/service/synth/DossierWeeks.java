package org.chiso.service.synth;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator's calendar: 104 ISO weeks from Monday 2 December 2024 (2024-W49) to Sunday 29 November 2026
 * (2026-W48), their seasonality around Tết, and each week's segments (its days within one calendar year, so that a week
 * spanning New Year is planned as two parts: the year of a dossier is the year of its receipt).
 */
public final class DossierWeeks {
    /** The first day. */
    public static final LocalDate FIRST_MONDAY = LocalDate.of(2024, 12, 2);
    /** Number of weeks. */
    public static final int WEEKS = 104;
    /** The first days of Tết (Lunar New Year) in the range: 29 January 2025 and 17 February 2026. */
    public static final List<LocalDate> TET = List.of(LocalDate.of(2025, 1, 29), LocalDate.of(2026, 2, 17));
    /** Relative intake by day of week, Monday to Sunday (one-stop shops work Saturday mornings in many places). */
    static final double[] DAY_WEIGHT = {1.0, 1.0, 1.0, 1.0, 1.0, 0.3, 0.05};

    /**
     * The days of a week within one calendar year.
     *
     * @param first first day
     * @param last  last day
     */
    public record Segment(LocalDate first, LocalDate last) {
        /** The calendar year. */
        public int year() {
            return first.getYear();
        }

        /** Its days. */
        public List<LocalDate> days() {
            List<LocalDate> d = new ArrayList<>();
            for (LocalDate x = first; !x.isAfter(last); x = x.plusDays(1)) {
                d.add(x);
            }
            return d;
        }

        /** End of the year of the segment, 31 December 23:59:59: the year's evaluation time. */
        public LocalDateTime yearEnd() {
            return LocalDateTime.of(LocalDate.of(year(), 12, 31), LocalTime.of(23, 59, 59));
        }
    }

    private static final String[] KEYS = new String[WEEKS];
    private static final List<List<Segment>> SEGMENTS = new ArrayList<>();
    private static final LocalDateTime[] WEEK_ENDS = new LocalDateTime[WEEKS];
    private static final double[] SEASON = new double[WEEKS];
    private static final double[][][] DAY_WEIGHTS = new double[WEEKS][][];
    private static final LocalDateTime[][][] EVALUATION = new LocalDateTime[WEEKS][][];

    static {
        for (int w = 0; w < WEEKS; w++) {
            LocalDate m = monday(w);
            KEYS[w] = String.format(
                    "%d-W%02d", m.get(IsoFields.WEEK_BASED_YEAR), m.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            WEEK_ENDS[w] = LocalDateTime.of(m.plusDays(6), LocalTime.of(23, 59, 59));
            LocalDate s = m.plusDays(6);
            if (m.getYear() == s.getYear()) {
                SEGMENTS.add(List.of(new Segment(m, s)));
            } else {
                LocalDate dec31 = LocalDate.of(m.getYear(), 12, 31);
                SEGMENTS.add(List.of(new Segment(m, dec31), new Segment(dec31.plusDays(1), s)));
            }
            SEASON[w] = seasonOf(w);
            List<Segment> segs = SEGMENTS.get(w);
            DAY_WEIGHTS[w] = new double[segs.size()][];
            EVALUATION[w] = new LocalDateTime[segs.size()][];
            for (int i = 0; i < segs.size(); i++) {
                List<LocalDate> days = segs.get(i).days();
                DAY_WEIGHTS[w][i] = new double[days.size()];
                for (int d = 0; d < days.size(); d++) {
                    DAY_WEIGHTS[w][i][d] = dayWeight(days.get(d));
                }
                LocalDateTime ye = segs.get(i).yearEnd();
                EVALUATION[w][i] = WEEK_ENDS[w].isBefore(ye)
                        ? new LocalDateTime[] {WEEK_ENDS[w], ye}
                        : new LocalDateTime[] {ye, WEEK_ENDS[w]};
            }
        }
    }

    private DossierWeeks() {}

    /** Monday of week {@code w} (0-based). */
    public static LocalDate monday(int w) {
        return FIRST_MONDAY.plusWeeks(w);
    }

    /** The ISO week key, {@code 2025-W48}. */
    public static String key(int w) {
        LocalDate m = monday(w);
        return String.format("%d-W%02d", m.get(IsoFields.WEEK_BASED_YEAR), m.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** The week's evaluation time: Sunday 23:59:59. */
    public static LocalDateTime weekEnd(int w) {
        return WEEK_ENDS[w];
    }

    /** The week index of a date in the range, or -1. */
    public static int weekOf(LocalDate d) {
        long days = d.toEpochDay() - FIRST_MONDAY.toEpochDay();
        return days < 0 || days >= 7L * WEEKS ? -1 : (int) (days / 7);
    }

    /** The week's segments: one, or two when the week spans New Year. */
    public static List<Segment> segments(int w) {
        return SEGMENTS.get(w);
    }

    /** The intake weights of the days of segment {@code s} of week {@code w}. */
    static double[] dayWeights(int w, int s) {
        return DAY_WEIGHTS[w][s];
    }

    /**
     * The two evaluation times of segment {@code s} of week {@code w}: E1, the earlier, and E2, the later of the week's
     * end and the end of the segment's year.
     */
    static LocalDateTime[] evaluationTimes(int w, int s) {
        return EVALUATION[w][s];
    }

    /** Relative weight of a day's intake. */
    static double dayWeight(LocalDate d) {
        return DAY_WEIGHT[d.getDayOfWeek().getValue() - 1];
    }

    /**
     * The week's relative intake: 1, except around Tết: 0.3 in the week holding its first day, 0.75 in the week after,
     * and 1.25 and 1.35 in the two weeks before it (the rush to finish papers before the holiday).
     */
    public static double season(int w) {
        return SEASON[w];
    }

    private static double seasonOf(int w) {
        for (LocalDate t : TET) {
            int tw = weekOf(t);
            if (tw < 0) {
                continue;
            }
            if (w == tw) {
                return 0.3;
            }
            if (w == tw + 1) {
                return 0.75;
            }
            if (w == tw - 1) {
                return 1.35;
            }
            if (w == tw - 2) {
                return 1.25;
            }
        }
        return 1.0;
    }

    /** Sum of {@link #season} over the weeks. */
    public static double seasonSum() {
        double s = 0;
        for (int w = 0; w < WEEKS; w++) {
            s += season(w);
        }
        return s;
    }
}
