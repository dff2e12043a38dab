package org.chiso.service;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.chiso.ingest.RejectReason;

/**
 * One dossier row in plain Java: the checks of docs/DOSSIERS.md, section 2 ({@link #check}) and its counters in a period
 * ({@link #contribution}). Timestamps are local wall-clock times (Asia/Ho_Chi_Minh, no daylight saving), kept as
 * epoch milliseconds of that wall clock.
 */
public final class DossierRules {
    /** The columns of {@code dossiers/}, in the order {@link #check} takes their values. */
    public static final List<String> COLUMNS = List.of(
            "dossier_id",
            "procedure_code",
            "field",
            "unit_key",
            "channel",
            "submitted",
            "received",
            "promised",
            "processing_ended",
            "returned",
            "refused",
            "supplements",
            "synced",
            "fee_paid_online",
            "result_electronic",
            "digitised",
            "certified_copy",
            "certified_copy_electronic",
            "reused_data",
            "data_store",
            "population_db",
            "rating",
            "complaint",
            "complaint_due",
            "complaint_handled",
            "complaint_satisfied",
            "synthetic");
    /** Columns a folder may leave out (all values then empty). */
    public static final List<String> OPTIONAL = List.of("synthetic");

    static final int ID = 0;
    static final int PROCEDURE = 1;
    static final int FIELD = 2;
    static final int UNIT = 3;
    static final int CHANNEL = 4;
    static final int SUBMITTED = 5;
    static final int RECEIVED = 6;
    static final int PROMISED = 7;
    static final int ENDED = 8;
    static final int RETURNED = 9;
    static final int REFUSED = 10;
    static final int SUPPLEMENTS = 11;
    static final int SYNCED = 12;
    static final int FEE_PAID_ONLINE = 13;
    static final int RESULT_ELECTRONIC = 14;
    static final int DIGITISED = 15;
    static final int CERTIFIED_COPY = 16;
    static final int CERTIFIED_COPY_ELECTRONIC = 17;
    static final int REUSED_DATA = 18;
    static final int DATA_STORE = 19;
    static final int POPULATION_DB = 20;
    static final int RATING = 21;
    static final int COMPLAINT = 22;
    static final int COMPLAINT_DUE = 23;
    static final int COMPLAINT_HANDLED = 24;
    static final int COMPLAINT_SATISFIED = 25;
    static final int SYNTHETIC = 26;

    private static final List<Integer> REQUIRED = List.of(
            ID,
            PROCEDURE,
            FIELD,
            UNIT,
            CHANNEL,
            SUBMITTED,
            RECEIVED,
            PROMISED,
            SYNCED,
            RESULT_ELECTRONIC,
            DIGITISED,
            CERTIFIED_COPY,
            REUSED_DATA,
            DATA_STORE,
            POPULATION_DB,
            COMPLAINT);
    static final List<Integer> BOOLEANS = List.of(
            SYNCED,
            FEE_PAID_ONLINE,
            RESULT_ELECTRONIC,
            DIGITISED,
            CERTIFIED_COPY,
            CERTIFIED_COPY_ELECTRONIC,
            REUSED_DATA,
            DATA_STORE,
            POPULATION_DB,
            COMPLAINT,
            COMPLAINT_SATISFIED,
            SYNTHETIC);
    static final List<Integer> TIMESTAMPS =
            List.of(SUBMITTED, RECEIVED, PROMISED, ENDED, RETURNED, REFUSED, COMPLAINT_DUE, COMPLAINT_HANDLED);
    private static final List<Integer> ENDS = List.of(ENDED, RETURNED, REFUSED);
    private static final List<String> CHANNELS = List.of("in_person", "online", "post");
    private static final List<String> RATINGS = List.of("satisfied", "neutral", "dislike");
    /** An unanswered supplement request. */
    static final long UNANSWERED = Long.MAX_VALUE;

    private DossierRules() {}

    /** A refused row's column (one of {@link #COLUMNS}), value, reason and readable detail. */
    public record Problem(String column, String value, RejectReason reason, String detail) {}

    /**
     * An accepted dossier. Timestamps in wall-clock epoch milliseconds; {@code end} is the first of processing ended,
     * returned and refused (null while none is given); supplements as parallel arrays, {@link #UNANSWERED} for a request
     * not yet answered.
     */
    public record Dossier(
            String id,
            String unitKey,
            String procedureCode,
            boolean online,
            long received,
            LocalDate receivedDate,
            long promised,
            Long end,
            long[] requested,
            long[] supplied,
            boolean synced,
            boolean feePaidOnline,
            boolean resultElectronic,
            boolean digitised,
            boolean certifiedCopy,
            boolean certifiedCopyElectronic,
            boolean reusedData,
            boolean dataStore,
            boolean populationDb,
            boolean dislike,
            boolean complaint,
            Long complaintDue,
            Long complaintHandled,
            boolean complaintSatisfied,
            boolean synthetic) {}

    /** The outcome of {@link #check}: a dossier or a problem. */
    public record Checked(Dossier dossier, Problem problem) {}

    /**
     * Checks one row (values in {@link #COLUMNS} order, null or blank for empty) against the catalogue. The first
     * failing check wins, in this order: missing_value (a required column empty; fee_paid_online empty for a fee-bearing
     * procedure; certified_copy_electronic empty when certified_copy is true; complaint_due empty when complaint is
     * true), value_not_allowed (channel, rating, booleans: true or false, any case), timestamp_not_parsed (a timestamp or
     * supplement that is not ISO {@code yyyy-MM-ddTHH:mm[:ss[.fff]]}, a space allowed for the T; a supplement pair not
     * {@code requested/supplied}), unknown_unit, unknown_procedure, field_mismatch, unit_level_mismatch,
     * received_before_submitted, promised_before_received, ended_before_received, supplement_out_of_order. Duplicates
     * are found across rows, elsewhere.
     */
    public static Checked check(String[] v, Catalogue c) {
        return check(Values.of(v), c);
    }

    /**
     * One row's values by column of {@link #COLUMNS}, as text (CSV, or Parquet columns of other types cast to string)
     * or typed (Parquet booleans and timestamps without time zone, read without formatting and parsing them again).
     */
    public interface Values {
        /** The value as written (typed values formatted), null when empty or absent. */
        String text(int column);

        /** Whether the value is empty or absent (or only spaces). */
        boolean blank(int column);

        /** true or false; null when the (non-blank) value is neither. */
        Boolean bool(int column);

        /** Wall-clock epoch milliseconds; null when the (non-blank) value is not a timestamp. */
        Long time(int column);

        /** Text values ({@code null} or blank for empty). */
        static Values of(String[] v) {
            return new Values() {
                @Override
                public String text(int column) {
                    return v[column];
                }

                @Override
                public boolean blank(int column) {
                    return DossierRules.blank(v[column]);
                }

                @Override
                public Boolean bool(int column) {
                    return DossierRules.bool(v[column]);
                }

                @Override
                public Long time(int column) {
                    return timestamp(v[column]);
                }
            };
        }
    }

    /** The same checks on {@link Values}. */
    public static Checked check(Values v, Catalogue c) {
        for (int i : REQUIRED) {
            if (v.blank(i)) {
                return problem(i, v, RejectReason.MISSING_VALUE, COLUMNS.get(i) + " is empty");
            }
        }
        String channel = v.text(CHANNEL).trim();
        if (!CHANNELS.contains(channel)) {
            return problem(CHANNEL, v, RejectReason.VALUE_NOT_ALLOWED, "channel must be one of " + CHANNELS);
        }
        String rating = v.blank(RATING) ? null : v.text(RATING).trim();
        if (rating != null && !RATINGS.contains(rating)) {
            return problem(RATING, v, RejectReason.VALUE_NOT_ALLOWED, "rating must be empty or one of " + RATINGS);
        }
        Boolean[] b = new Boolean[COLUMNS.size()];
        for (int i : BOOLEANS) {
            if (!v.blank(i)) {
                b[i] = v.bool(i);
                if (b[i] == null) {
                    return problem(i, v, RejectReason.VALUE_NOT_ALLOWED, COLUMNS.get(i) + " must be true or false");
                }
            }
        }
        Long[] t = new Long[COLUMNS.size()];
        for (int i : TIMESTAMPS) {
            if (!v.blank(i)) {
                t[i] = v.time(i);
                if (t[i] == null) {
                    return problem(i, v, RejectReason.TIMESTAMP_NOT_PARSED, "expected yyyy-MM-ddTHH:mm[:ss]");
                }
            }
        }
        long[][] supplements = supplements(v.text(SUPPLEMENTS));
        if (supplements == null) {
            return problem(
                    SUPPLEMENTS,
                    v,
                    RejectReason.TIMESTAMP_NOT_PARSED,
                    "expected requested/supplied pairs of yyyy-MM-ddTHH:mm[:ss] separated by ';' (supplied may be empty)");
        }
        Catalogue.Unit unit = c.units().get(v.text(UNIT).trim());
        if (unit == null) {
            return problem(UNIT, v, RejectReason.UNKNOWN_UNIT, "unit_key is not in units.csv");
        }
        Catalogue.Procedure p = c.procedures().get(v.text(PROCEDURE).trim());
        if (p == null) {
            return problem(PROCEDURE, v, RejectReason.UNKNOWN_PROCEDURE, "procedure_code is not in procedures.csv");
        }
        if (!p.field().equals(v.text(FIELD).trim())) {
            return problem(
                    FIELD,
                    v,
                    RejectReason.FIELD_MISMATCH,
                    "procedure " + p.code() + " is of field " + p.field() + " in procedures.csv");
        }
        if (!p.level().equals(unit.level())) {
            return problem(
                    UNIT,
                    v,
                    RejectReason.UNIT_LEVEL_MISMATCH,
                    "a " + p.level() + " procedure (" + p.code() + ") handled by a " + unit.level());
        }
        if (p.feeBearing() && b[FEE_PAID_ONLINE] == null) {
            return problem(
                    FEE_PAID_ONLINE,
                    v,
                    RejectReason.MISSING_VALUE,
                    "fee_paid_online is empty for a fee-bearing procedure");
        }
        boolean certified = b[CERTIFIED_COPY];
        if (certified && b[CERTIFIED_COPY_ELECTRONIC] == null) {
            return problem(
                    CERTIFIED_COPY_ELECTRONIC,
                    v,
                    RejectReason.MISSING_VALUE,
                    "certified_copy_electronic is empty for a dossier with certified copies");
        }
        boolean complaint = b[COMPLAINT];
        if (complaint && t[COMPLAINT_DUE] == null) {
            return problem(
                    COMPLAINT_DUE,
                    v,
                    RejectReason.MISSING_VALUE,
                    "complaint_due is empty for a dossier with a complaint");
        }
        long received = t[RECEIVED];
        if (received < t[SUBMITTED]) {
            return problem(
                    RECEIVED,
                    v,
                    RejectReason.RECEIVED_BEFORE_SUBMITTED,
                    "received before submitted (" + v.text(SUBMITTED).trim() + ")");
        }
        if (t[PROMISED] < received) {
            return problem(
                    PROMISED,
                    v,
                    RejectReason.PROMISED_BEFORE_RECEIVED,
                    "promised before received (" + v.text(RECEIVED).trim() + ")");
        }
        Long end = null;
        for (int i : ENDS) {
            if (t[i] != null) {
                if (t[i] < received) {
                    return problem(
                            i,
                            v,
                            RejectReason.ENDED_BEFORE_RECEIVED,
                            COLUMNS.get(i) + " before received ("
                                    + v.text(RECEIVED).trim() + ")");
                }
                end = end == null ? t[i] : Math.min(end, t[i]);
            }
        }
        long[] requested = supplements[0];
        long[] supplied = supplements[1];
        for (int k = 0; k < requested.length; k++) {
            if (requested[k] < received) {
                return problem(
                        SUPPLEMENTS,
                        v,
                        RejectReason.SUPPLEMENT_OUT_OF_ORDER,
                        "request " + (k + 1) + " before the dossier was received");
            }
            if (supplied[k] != UNANSWERED && supplied[k] < requested[k]) {
                return problem(
                        SUPPLEMENTS,
                        v,
                        RejectReason.SUPPLEMENT_OUT_OF_ORDER,
                        "request " + (k + 1) + " supplied before it was requested");
            }
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(received, 86_400_000L));
        return new Checked(
                new Dossier(
                        v.text(ID).trim(),
                        unit.key(),
                        p.code(),
                        channel.equals("online"),
                        received,
                        date,
                        t[PROMISED],
                        end,
                        requested,
                        supplied,
                        b[SYNCED],
                        p.feeBearing() && b[FEE_PAID_ONLINE],
                        b[RESULT_ELECTRONIC],
                        b[DIGITISED],
                        certified,
                        certified && b[CERTIFIED_COPY_ELECTRONIC],
                        b[REUSED_DATA],
                        b[DATA_STORE],
                        b[POPULATION_DB],
                        "dislike".equals(rating),
                        complaint,
                        t[COMPLAINT_DUE],
                        t[COMPLAINT_HANDLED],
                        Boolean.TRUE.equals(b[COMPLAINT_SATISFIED]),
                        Boolean.TRUE.equals(b[SYNTHETIC])),
                null);
    }

    /**
     * Whether a dossier is on time at {@code eval} (on_time's numerator): with R the supplement requests made by eval
     * and W = Σ over them of (min(supplied, eval) − requested) (an unanswered request waits up to eval), on time when R
     * ≤ 1 and either it ended by eval with end ≤ promised + W, or it had not ended by eval and eval ≤ promised + W.
     */
    public static boolean onTime(Dossier d, long eval) {
        int requests = 0;
        long wait = 0;
        for (int k = 0; k < d.requested().length; k++) {
            if (d.requested()[k] <= eval) {
                requests++;
                wait += Math.min(d.supplied()[k], eval) - d.requested()[k];
            }
        }
        if (requests > 1) {
            return false;
        }
        long deadline = d.promised() + wait;
        boolean ended = d.end() != null && d.end() <= eval;
        return ended ? d.end() <= deadline : eval <= deadline;
    }

    /** The dossier counters ({@link Counts} slots 0 .. {@link Counts#DOSSIER_SLOTS} − 1) of a dossier at {@code eval}. */
    public static void contribution(Dossier d, Catalogue.Procedure p, long eval, long[] into) {
        into[Counts.DOSSIERS]++;
        into[Counts.SYNCED] += d.synced() ? 1 : 0;
        into[Counts.ON_TIME] += onTime(d, eval) ? 1 : 0;
        if (p.online()) {
            into[Counts.ONLINE_OFFERED]++;
            into[Counts.ONLINE] += d.online() ? 1 : 0;
        }
        if (p.feeBearing()) {
            into[Counts.FEE]++;
            into[Counts.FEE_PAID_ONLINE] += d.feePaidOnline() ? 1 : 0;
        }
        if (d.complaint()) {
            boolean handled = d.complaintHandled() != null && d.complaintHandled() <= eval;
            into[Counts.COMPLAINTS_DUE] += handled || d.complaintDue() <= eval ? 1 : 0;
            into[Counts.COMPLAINTS_ON_TIME] += handled && d.complaintHandled() <= d.complaintDue() ? 1 : 0;
            into[Counts.COMPLAINTS_HANDLED] += handled ? 1 : 0;
            into[Counts.COMPLAINTS_SATISFIED] += handled && d.complaintSatisfied() ? 1 : 0;
        }
        into[Counts.COMPLAINT_OR_DISLIKE] += d.complaint() || d.dislike() ? 1 : 0;
        if (!p.paperResultRequired() && d.end() != null && d.end() <= eval) {
            into[Counts.ENDED_NO_PAPER]++;
            into[Counts.ENDED_ELECTRONIC] += d.resultElectronic() ? 1 : 0;
        }
        into[Counts.DIGITISED] += d.digitised() ? 1 : 0;
        into[Counts.CERTIFIED_COPY] += d.certifiedCopy() ? 1 : 0;
        into[Counts.CERTIFIED_COPY_ELECTRONIC] += d.certifiedCopyElectronic() ? 1 : 0;
        into[Counts.REUSED_DATA] += d.reusedData() ? 1 : 0;
        into[Counts.DATA_STORE] += d.dataStore() ? 1 : 0;
        into[Counts.POPULATION_DB] += d.populationDb() ? 1 : 0;
        into[Counts.SYNTHETIC] += d.synthetic() ? 1 : 0;
    }

    private static Checked problem(int column, Values v, RejectReason reason, String detail) {
        String text = v.text(column);
        return new Checked(null, new Problem(COLUMNS.get(column), text == null ? "" : text, reason, detail));
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** true / false in any case; null for anything else. */
    static Boolean bool(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * Wall-clock epoch milliseconds of {@code yyyy-MM-ddTHH:mm[:ss[.f...]]} (a space for the T too; up to nine
     * fraction digits, kept to the millisecond); null if the text is not of that form or not a valid date and time.
     * Read by hand rather than by {@code LocalDateTime.parse}, which costs several times more per value.
     */
    static Long timestamp(String s) {
        String t = s.trim();
        int n = t.length();
        if (n < 16
                || t.charAt(4) != '-'
                || t.charAt(7) != '-'
                || (t.charAt(10) != 'T' && t.charAt(10) != ' ')
                || t.charAt(13) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = 0;
        int millis = 0;
        if (n > 16) {
            if (n < 19 || t.charAt(16) != ':') {
                return null;
            }
            second = digits(t, 17, 19);
            if (n > 19) {
                if (t.charAt(19) != '.' || n > 29 || digits(t, 20, n) < 0) {
                    return null;
                }
                millis = digits((t.substring(20) + "000").substring(0, 3), 0, 3);
            }
        }
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    /** The non-negative number written by the ASCII digits t[from, to); -1 if any is not a digit. */
    private static int digits(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** requested and supplied arrays of {@code req/sup;req/sup}; null when a part does not parse. */
    static long[][] supplements(String s) {
        if (blank(s)) {
            return new long[][] {new long[0], new long[0]};
        }
        String t = s.trim();
        int n = 1;
        for (int i = 0; i < t.length(); i++) {
            n += t.charAt(i) == ';' ? 1 : 0;
        }
        long[] req = new long[n];
        long[] sup = new long[n];
        int start = 0;
        for (int k = 0; k < n; k++) {
            int end = t.indexOf(';', start);
            end = end < 0 ? t.length() : end;
            int slash = t.indexOf('/', start);
            if (slash < 0 || slash >= end) {
                return null;
            }
            int second = t.indexOf('/', slash + 1);
            if (second >= 0 && second < end) {
                return null;
            }
            String supplied = t.substring(slash + 1, end);
            Long r = timestamp(t.substring(start, slash));
            Long u = supplied.isBlank() ? Long.valueOf(UNANSWERED) : timestamp(supplied);
            if (r == null || u == null) {
                return null;
            }
            req[k] = r;
            sup[k] = u;
            start = end + 1;
        }
        return new long[][] {req, sup};
    }
}
