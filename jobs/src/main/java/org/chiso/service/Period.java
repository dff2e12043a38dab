package org.chiso.service;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A period a dossier counts in, by the local date of its receipt (docs/DOSSIERS.md, section 3): its type, key, first
 * and last day. Statuses are evaluated at the end of the last day (23:59:59).
 *
 * @param type {@link #WEEK}, {@link #MONTH}, {@link #QUARTER}, {@link #YEAR} or {@link #AS_OF}
 * @param key {@code 2025-W48} (ISO week), {@code 2025-11}, {@code 2025-Q4}, {@code 2025}, or the as-of date
 */
public record Period(String type, String key, LocalDate first, LocalDate last) implements java.io.Serializable {
    public static final String WEEK = "week";
    public static final String MONTH = "month";
    public static final String QUARTER = "quarter";
    public static final String YEAR = "year";
    public static final String AS_OF = "as_of";
    /** The period types in output order. */
    public static final List<String> TYPES = List.of(WEEK, MONTH, QUARTER, YEAR, AS_OF);

    /** Type and key mixed: the record's own hash code let the unit-period keys of a million cells collide in bins. */
    @Override
    public int hashCode() {
        return mix(type.hashCode(), key.hashCode());
    }

    /** Two hash codes combined through the splitmix64 finaliser. */
    static int mix(int a, int b) {
        long h = ((long) a << 32) ^ (b & 0xffffffffL);
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (int) (h ^ (h >>> 32));
    }

    /** Days added to a first day's epoch day in {@link #code}: codes hold first days from 1860 to 2133. */
    private static final int CODE_DAYS = 40_000;

    /** The period as one number: its type's place in {@link #TYPES} × 100,000 + its first day (shifted epoch day). */
    public int code() {
        long day = first.toEpochDay() + CODE_DAYS;
        if (day < 0 || day >= 100_000) {
            throw new IllegalArgumentException("a period starting " + first + " is outside 1860-2133");
        }
        return TYPES.indexOf(type) * 100_000 + (int) day;
    }

    /** The period of a {@link #code} ({@code asOf}: the run's as-of date, for an as-of period). */
    public static Period ofCode(int code, LocalDate asOf) {
        String type = TYPES.get(code / 100_000);
        LocalDate first = LocalDate.ofEpochDay(code % 100_000 - CODE_DAYS);
        return type.equals(AS_OF) ? new Period(AS_OF, asOf.toString(), first, asOf) : of(type, first);
    }

    /** The evaluation time: 23:59:59 of the last day, in epoch milliseconds of the local wall clock. */
    public long evaluationMillis() {
        return (last.toEpochDay() * 86_400L + 86_399L) * 1000L;
    }

    /** The period of the same type just before this one; null for an as-of period. */
    public Period previous() {
        return type.equals(AS_OF) ? null : of(type, first.minusDays(1));
    }

    /** The period of {@code type} (not as-of) holding {@code date}. */
    public static Period of(String type, LocalDate date) {
        return switch (type) {
            case WEEK -> {
                LocalDate monday = date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield new Period(
                        WEEK,
                        String.format(
                                Locale.ROOT,
                                "%d-W%02d",
                                date.get(IsoFields.WEEK_BASED_YEAR),
                                date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
                        monday,
                        monday.plusDays(6));
            }
            case MONTH -> {
                LocalDate start = date.withDayOfMonth(1);
                yield new Period(
                        MONTH,
                        String.format(Locale.ROOT, "%d-%02d", date.getYear(), date.getMonthValue()),
                        start,
                        start.plusMonths(1).minusDays(1));
            }
            case QUARTER -> {
                int q = (date.getMonthValue() - 1) / 3;
                LocalDate start = LocalDate.of(date.getYear(), q * 3 + 1, 1);
                yield new Period(
                        QUARTER,
                        date.getYear() + "-Q" + (q + 1),
                        start,
                        start.plusMonths(3).minusDays(1));
            }
            case YEAR ->
                new Period(
                        YEAR,
                        String.valueOf(date.getYear()),
                        LocalDate.of(date.getYear(), 1, 1),
                        LocalDate.of(date.getYear(), 12, 31));
            default -> throw new IllegalArgumentException("no period type " + type);
        };
    }

    /**
     * The periods a dossier received on {@code date} counts in: its week, month, quarter and year, and, when {@code asOf}
     * is given and {@code date} lies between 1 January of asOf's year and asOf, the as-of period.
     */
    public static List<Period> of(LocalDate date, LocalDate asOf) {
        List<Period> out = new ArrayList<>(5);
        out.add(of(WEEK, date));
        out.add(of(MONTH, date));
        out.add(of(QUARTER, date));
        out.add(of(YEAR, date));
        if (asOf != null && !date.isAfter(asOf) && date.getYear() == asOf.getYear()) {
            out.add(new Period(AS_OF, asOf.toString(), LocalDate.of(asOf.getYear(), 1, 1), asOf));
        }
        return out;
    }
}
