package org.chiso.service.synth;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The dossier records of one unit-week, made from its {@link Plan}s: every count of a plan becomes exactly that many
 * dossiers with the flag or status, chosen by permutations seeded by unit, week, segment and class, and every timestamp
 * is placed so that the status at both evaluation times of the segment is the plan's (see {@link Plan}).
 */
final class DossierRows {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final long DAY = 86_400;

    /** The Parquet schema of {@code dossiers/}: the columns of docs/DOSSIERS.md section 1, timestamps as local time. */
    static final StructType SCHEMA = schema();

    private DossierRows() {}

    private static StructType schema() {
        DataType s = DataTypes.StringType;
        DataType t = DataTypes.TimestampNTZType;
        DataType b = DataTypes.BooleanType;
        Object[][] cols = {
            {"dossier_id", s, false},
            {"procedure_code", s, false},
            {"field", s, false},
            {"unit_key", s, false},
            {"channel", s, false},
            {"submitted", t, false},
            {"received", t, false},
            {"promised", t, false},
            {"processing_ended", t, true},
            {"returned", t, true},
            {"refused", t, true},
            {"supplements", s, true},
            {"synced", b, false},
            {"fee_paid_online", b, true},
            {"result_electronic", b, false},
            {"digitised", b, false},
            {"certified_copy", b, false},
            {"certified_copy_electronic", b, true},
            {"reused_data", b, false},
            {"data_store", b, false},
            {"population_db", b, false},
            {"rating", s, true},
            {"complaint", b, false},
            {"complaint_due", t, true},
            {"complaint_handled", t, true},
            {"complaint_satisfied", b, true},
            {"synthetic", b, false}
        };
        List<StructField> f = new ArrayList<>();
        for (Object[] c : cols) {
            f.add(DataTypes.createStructField((String) c[0], (DataType) c[1], (Boolean) c[2]));
        }
        return DataTypes.createStructType(f);
    }

    /** The rows of unit-week {@code key} ({@link DossierModel#key}). */
    static List<Row> rows(DossierModel m, long key) {
        int h = (int) (key / DossierWeeks.WEEKS);
        int w = (int) (key % DossierWeeks.WEEKS);
        List<Row> out = new ArrayList<>();
        DossierModel.Handler u = m.handlers().get(h);
        String unitKey = m.units().get(u.unit()).unitKey();
        String weekKey = DossierWeeks.key(w);
        List<DossierWeeks.Segment> segs = DossierWeeks.segments(w);
        for (Plan p : m.plans(h, w)) {
            DossierWeeks.Segment seg = segs.get(p.segment);
            LocalDateTime[] e = DossierWeeks.evaluationTimes(w, p.segment);
            DossierModel.ProcClass cls = u.classes().get(p.cls);
            add(out, m, p, cls, seg, e, unitKey, weekKey, h, w);
        }
        return out;
    }

    private static void add(
            List<Row> out,
            DossierModel m,
            Plan p,
            DossierModel.ProcClass cls,
            DossierWeeks.Segment seg,
            LocalDateTime[] e,
            String unitKey,
            String weekKey,
            int h,
            int w) {
        int[] c = p.c;
        int n = c[Plan.N];
        SplittableRandom r = Seeds.rng(m.seed(), 2, h, w, p.segment, p.cls);
        int[] status = Seeds.permutation(n, r);
        int[] comp = Seeds.permutation(n, r);
        int[] copy = Seeds.permutation(n, r);
        int[] sync = Seeds.permutation(n, r);
        int[] dig = Seeds.permutation(n, r);
        int[] reuse = Seeds.permutation(n, r);
        int[] store = Seeds.permutation(n, r);
        int[] pop = Seeds.permutation(n, r);
        int ended = p.endedE1();
        int shiftRe = ended > 0 ? r.nextInt(ended) : 0;
        int shiftReC = c[Plan.C] > 0 ? r.nextInt(c[Plan.C]) : 0;
        int handled = c[Plan.K1] + c[Plan.K2];
        int shiftSat = handled > 0 ? r.nextInt(handled) : 0;
        int complaints = p.complaints();
        int sig = cls.signature();
        LocalDate first = seg.first();
        double[] dw = DossierWeeks.dayWeights(w, p.segment);
        double dwSum = 0;
        for (double x : dw) {
            dwSum += x;
        }
        for (int i = 0; i < n; i++) {
            SplittableRandom ri = Seeds.rng(m.seed(), 3, h, w, p.segment, p.cls, i);
            double x = ri.nextDouble() * dwSum;
            int d = 0;
            while (d < dw.length - 1 && x >= dw[d]) {
                x -= dw[d];
                d++;
            }
            LocalDateTime received = first.plusDays(d).atTime(7, 30).plusSeconds(ri.nextInt(9 * 3600));
            long span = Duration.between(received, e[0]).getSeconds();
            boolean online = Procedure.online(sig) && i < c[Plan.ONLINE];
            String channel = online ? "online" : ri.nextDouble() < 0.05 ? "post" : "in_person";
            LocalDateTime submitted = received.minusSeconds(online ? ri.nextInt(36 * 3600) : ri.nextInt(600));
            Procedure proc = m.procedures().get(cls.procs()[i % cls.active()]);

            int st = status[i];
            int cat = Plan.A;
            int acc = c[Plan.A];
            while (st >= acc) {
                cat++;
                acc += c[cat];
            }
            LocalDateTime promised;
            LocalDateTime end = null;
            LocalDateTime refused = null;
            String supplements = null;
            switch (cat) {
                case Plan.A -> {
                    end = at(received, span, 0.1 + 0.8 * ri.nextDouble());
                    promised = end.plusSeconds((long) ((0.5 + 10 * ri.nextDouble()) * DAY));
                }
                case Plan.REF -> {
                    refused = at(received, span, 0.1 + 0.8 * ri.nextDouble());
                    promised = refused.plusSeconds((long) ((1 + 9 * ri.nextDouble()) * DAY));
                }
                case Plan.S1 -> {
                    supplements = pair(at(received, span, 0.1), at(received, span, 0.3));
                    promised = at(received, span, 0.5);
                    end = at(received, span, 0.6);
                }
                case Plan.B -> {
                    promised = at(received, span, 0.3);
                    end = at(received, span, 0.7);
                }
                case Plan.B2 -> {
                    supplements = pair(at(received, span, 0.1), at(received, span, 0.2)) + ";"
                            + pair(at(received, span, 0.3), at(received, span, 0.4));
                    promised = at(received, span, 0.9);
                    end = at(received, span, 0.6);
                }
                case Plan.C -> {
                    long gap = Duration.between(e[0], e[1]).getSeconds();
                    end = e[0].plusSeconds(Math.max(1, Math.min(2 * DAY, gap / 2)));
                    promised = end.plusSeconds(DAY);
                }
                case Plan.D -> promised = e[1].plusSeconds((long) ((1 + 19 * ri.nextDouble()) * DAY));
                case Plan.DSUP -> {
                    supplements = at(received, span, 0.2).format(ISO) + "/";
                    promised = at(received, span, 0.4);
                }
                default -> promised = at(received, span, 0.5); // F: open and overdue
            }
            LocalDateTime returned =
                    end != null && ri.nextDouble() < 0.9 ? end.plusSeconds(ri.nextInt((int) DAY)) : null;

            boolean result;
            if (Procedure.paper(sig)) {
                result = false;
            } else if (st < ended) {
                result = (st + shiftRe) % ended < c[Plan.RE_E1];
            } else if (cat == Plan.C) {
                result = (st - ended + shiftReC) % c[Plan.C] < c[Plan.RE_C];
            } else {
                result = false;
            }

            int k = comp[i];
            boolean complaint = k < complaints;
            LocalDateTime due = null;
            LocalDateTime handledAt = null;
            Boolean satisfied = null;
            String rating = null;
            if (complaint) {
                if (k < c[Plan.K1]) {
                    due = at(received, span, 0.8);
                    handledAt = at(received, span, 0.5);
                } else if (k < handled) {
                    due = at(received, span, 0.4);
                    handledAt = at(received, span, 0.7);
                } else if (k < handled + c[Plan.K4]) {
                    due = at(received, span, 0.6);
                } else {
                    due = e[1].plusSeconds(5 * DAY);
                }
                if (k < handled) {
                    satisfied = (k + shiftSat) % handled < c[Plan.CSAT];
                }
            } else {
                int j = k - complaints;
                if (j < c[Plan.DISLIKE]) {
                    rating = "dislike";
                } else if (j < c[Plan.DISLIKE] + c[Plan.RATED_SATISFIED]) {
                    rating = "satisfied";
                } else if (j < c[Plan.DISLIKE] + c[Plan.RATED_SATISFIED] + c[Plan.RATED_NEUTRAL]) {
                    rating = "neutral";
                }
            }
            boolean cc = copy[i] < c[Plan.CC];
            Boolean paid = Procedure.fee(sig) ? Boolean.valueOf(i < c[Plan.PAID]) : null;
            String id = unitKey + ":" + weekKey + ":" + p.segment + ":" + p.cls + ":" + i;
            out.add(RowFactory.create(
                    id,
                    proc.code(),
                    proc.field(),
                    unitKey,
                    channel,
                    submitted,
                    received,
                    promised,
                    end,
                    returned,
                    refused,
                    supplements,
                    sync[i] < c[Plan.SYNC],
                    paid,
                    result,
                    dig[i] < c[Plan.DIG],
                    cc,
                    cc ? Boolean.valueOf(copy[i] < c[Plan.CCE]) : null,
                    reuse[i] < c[Plan.REUSE],
                    store[i] < c[Plan.DSTORE],
                    pop[i] < c[Plan.POP],
                    rating,
                    complaint,
                    due,
                    handledAt,
                    satisfied,
                    true));
        }
    }

    /** received + f × span, to the second. */
    private static LocalDateTime at(LocalDateTime received, long span, double f) {
        return received.plusSeconds((long) Math.floor(f * span));
    }

    private static String pair(LocalDateTime requested, LocalDateTime supplied) {
        return requested.format(ISO) + "/" + supplied.format(ISO);
    }
}
