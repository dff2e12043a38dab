package org.chiso.service.synth;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The planted truth, from the plans alone (never from the written records): every indicator's numerator and
 * denominator, the group points of versions 2024 and 2022 and the totals, per unit (province, department, commune) and
 * per week and calendar year in which it received dossiers. A week is evaluated at its Sunday 23:59:59, a year at 31
 * December 23:59:59, as docs/DOSSIERS.md section 3 says; the plans fix every dossier's status at both.
 */
public final class PlantedTruth {
    /** Indicator positions in {@link PlantedScheme#INDICATORS}. */
    static final int PUB = 0;

    static final int NDB = 1;
    static final int CP = 2;
    static final int SYNCED = 3;
    static final int ON_TIME = 4;
    static final int PROC_ONLINE = 5;
    static final int USED = 6;
    static final int DOSS_ONLINE = 7;
    static final int PAID = 8;
    static final int INTEGRATED = 9;
    static final int PAY_USED = 10;
    static final int COT = 11;
    static final int CSAT = 12;
    static final int DSAT = 13;
    static final int RE = 14;
    static final int DIG = 15;
    static final int CCE = 16;
    static final int REUSE = 17;
    static final int DSTORE = 18;
    static final int POP = 19;
    static final int PROC_POP = 20;

    /** The numerators and denominators of one unit and period. */
    static final class Tally {
        final long[] num = new long[PlantedScheme.INDICATORS.size()];
        final long[] den = new long[PlantedScheme.INDICATORS.size()];
        long dossiers;
        int[] maxOnline;
        int[] maxPaid;

        Tally(int classes) {
            maxOnline = new int[classes];
            maxPaid = new int[classes];
        }

        void add(Tally o) {
            for (int i = 0; i < num.length; i++) {
                num[i] += o.num[i];
                den[i] += o.den[i];
            }
            dossiers += o.dossiers;
        }
    }

    private PlantedTruth() {}

    /** Adds a plan's dossiers as they stand at the evaluation time {@code later} or not (E2 or E1). */
    static void add(Tally t, DossierModel.ProcClass cls, Plan p, boolean later) {
        int[] c = p.c;
        int n = c[Plan.N];
        int sig = cls.signature();
        t.dossiers += n;
        t.num[SYNCED] += c[Plan.SYNC];
        t.den[SYNCED] += n;
        int onTime = p.onTime();
        t.num[ON_TIME] += onTime;
        t.den[ON_TIME] += n;
        if (Procedure.online(sig)) {
            t.num[DOSS_ONLINE] += c[Plan.ONLINE];
            t.den[DOSS_ONLINE] += n;
            t.maxOnline[p.cls] = Math.max(t.maxOnline[p.cls], c[Plan.ONLINE]);
        }
        if (Procedure.fee(sig)) {
            t.num[PAID] += c[Plan.PAID];
            t.den[PAID] += n;
            t.maxPaid[p.cls] = Math.max(t.maxPaid[p.cls], c[Plan.PAID]);
        }
        t.num[COT] += c[Plan.K1];
        t.den[COT] += c[Plan.K1] + c[Plan.K2] + c[Plan.K4];
        t.num[CSAT] += c[Plan.CSAT];
        t.den[CSAT] += c[Plan.K1] + c[Plan.K2];
        t.num[DSAT] += n - (n - onTime) - p.complaints() - c[Plan.DISLIKE];
        t.den[DSAT] += n;
        if (!Procedure.paper(sig)) {
            t.num[RE] += c[Plan.RE_E1] + (later ? c[Plan.RE_C] : 0);
            t.den[RE] += p.endedE1() + (later ? c[Plan.C] : 0);
        }
        t.num[DIG] += c[Plan.DIG];
        t.den[DIG] += n;
        t.num[CCE] += c[Plan.CCE];
        t.den[CCE] += c[Plan.CC];
        t.num[REUSE] += c[Plan.REUSE];
        t.den[REUSE] += n;
        t.num[DSTORE] += c[Plan.DSTORE];
        t.den[DSTORE] += n;
        t.num[POP] += c[Plan.POP];
        t.den[POP] += n;
    }

    /** Adds the unit's procedure-based indicators (static, and used-in-the-period from the tally's maxima). */
    static void close(Tally t, DossierModel model, DossierModel.Handler h) {
        int u = h.procs().length;
        for (int k = 0; k < u; k++) {
            Procedure p = model.procedures().get(h.procs()[k]);
            t.num[PUB] += h.published()[k] ? 1 : 0;
            t.num[NDB] += h.nationalDb()[k] ? 1 : 0;
            t.num[CP] += h.complete()[k] ? 1 : 0;
            t.num[PROC_ONLINE] += p.online() ? 1 : 0;
            t.den[USED] += p.online() ? 1 : 0;
            t.num[INTEGRATED] += p.feeBearing() && p.paymentIntegrated() ? 1 : 0;
            t.den[INTEGRATED] += p.feeBearing() ? 1 : 0;
            t.den[PAY_USED] += p.feeBearing() ? 1 : 0;
            t.num[PROC_POP] += p.populationDb() ? 1 : 0;
        }
        t.den[PUB] += u;
        t.den[NDB] += u;
        t.den[CP] += u;
        t.den[PROC_ONLINE] += u;
        t.den[PROC_POP] += u;
        for (int c = 0; c < h.classes().size(); c++) {
            DossierModel.ProcClass cls = h.classes().get(c);
            if (Procedure.online(cls.signature())) {
                t.num[USED] += Math.min(t.maxOnline[c], cls.active());
            }
            if (Procedure.integrated(cls.signature())) {
                t.num[PAY_USED] += Math.min(t.maxPaid[c], cls.active());
            }
        }
    }

    /** The header of {@code planted_truth.csv}. */
    public static List<String> header() {
        List<String> h =
                new ArrayList<>(List.of("period_type", "period", "unit_key", "level", "province_key", "dossiers"));
        for (PlantedScheme.Indicator i : PlantedScheme.INDICATORS) {
            h.add(i.name() + "_num");
            h.add(i.name() + "_den");
        }
        for (String g : PlantedScheme.GROUPS_2024) {
            h.add("v2024_" + g);
        }
        h.add("v2024_total");
        for (String g : PlantedScheme.GROUPS_2022) {
            h.add("v2022_" + g);
        }
        h.add("v2022_total");
        return h;
    }

    /**
     * Writes {@code planted_truth.csv}: the handling units' rows (weeks, then years), then the provinces'. A province's
     * procedure-based indicators are taken over the procedure rows of all its departments and communes, those without
     * dossiers in the period included (their procedures count as not used).
     *
     * @return rows written
     */
    public static long write(DossierModel model, Writer w) throws IOException {
        w.write(String.join(",", header()));
        w.write('\n');
        Map<String, Map<String, Tally>> provinces = new TreeMap<>();
        Map<String, Tally> procedureRows = new TreeMap<>();
        long rows = 0;
        for (int hi = 0; hi < model.handlers().size(); hi++) {
            DossierModel.Handler h = model.handlers().get(hi);
            ServiceUnit unit = model.units().get(h.unit());
            Map<String, Tally> years = new TreeMap<>();
            Map<String, Tally> prov = provinces.computeIfAbsent(unit.provinceKey(), k -> new TreeMap<>());
            Tally none = new Tally(h.classes().size());
            close(none, model, h);
            procedureRows.computeIfAbsent(unit.provinceKey(), k -> new Tally(0)).add(none);
            for (int wk = 0; wk < DossierWeeks.WEEKS; wk++) {
                Tally week = new Tally(h.classes().size());
                List<DossierWeeks.Segment> segs = DossierWeeks.segments(wk);
                LocalDateTime weekEnd = DossierWeeks.weekEnd(wk);
                for (Plan p : model.plans(hi, wk)) {
                    DossierWeeks.Segment s = segs.get(p.segment);
                    LocalDateTime[] e = DossierWeeks.evaluationTimes(wk, p.segment);
                    DossierModel.ProcClass cls = h.classes().get(p.cls);
                    add(week, cls, p, weekEnd.equals(e[1]) && e[0].isBefore(e[1]));
                    Tally y = years.computeIfAbsent(
                            String.valueOf(s.year()), k -> new Tally(h.classes().size()));
                    add(y, cls, p, s.yearEnd().equals(e[1]) && e[0].isBefore(e[1]));
                }
                if (week.dossiers > 0) {
                    close(week, model, h);
                    rows += row(w, "week", DossierWeeks.key(wk), unit, week);
                    prov.computeIfAbsent("week|" + DossierWeeks.key(wk), k -> new Tally(0))
                            .add(week);
                }
            }
            for (Map.Entry<String, Tally> e : years.entrySet()) {
                if (e.getValue().dossiers > 0) {
                    close(e.getValue(), model, h);
                    rows += row(w, "year", e.getKey(), unit, e.getValue());
                    prov.computeIfAbsent("year|" + e.getKey(), k -> new Tally(0))
                            .add(e.getValue());
                }
            }
        }
        for (ServiceUnit u : model.units()) {
            if (!u.level().equals(ServiceUnit.PROVINCE)) {
                continue;
            }
            Map<String, Tally> periods = provinces.getOrDefault(u.unitKey(), Map.of());
            for (String type : List.of("week", "year")) {
                for (Map.Entry<String, Tally> e : periods.entrySet()) {
                    String[] k = e.getKey().split("\\|");
                    if (k[0].equals(type)) {
                        Tally t = e.getValue();
                        Tally all = procedureRows.get(u.unitKey());
                        for (int i : new int[] {PUB, NDB, CP, PROC_ONLINE, INTEGRATED, PROC_POP}) {
                            t.num[i] = all.num[i];
                            t.den[i] = all.den[i];
                        }
                        t.den[USED] = all.den[USED];
                        t.den[PAY_USED] = all.den[PAY_USED];
                        rows += row(w, type, k[1], u, t);
                    }
                }
            }
        }
        return rows;
    }

    private static int row(Writer w, String type, String period, ServiceUnit u, Tally t) throws IOException {
        StringBuilder b = new StringBuilder(512);
        b.append(type)
                .append(',')
                .append(period)
                .append(',')
                .append(u.unitKey())
                .append(',');
        b.append(u.level()).append(',').append(u.provinceKey()).append(',').append(t.dossiers);
        for (int i = 0; i < t.num.length; i++) {
            b.append(',').append(t.num[i]).append(',').append(t.den[i]);
        }
        for (int v : new int[] {2024, 2022}) {
            double[] g = PlantedScheme.groups(v, t.num, t.den);
            double total = 0;
            for (double x : g) {
                b.append(',').append(format(x));
                total += x;
            }
            b.append(',').append(format(total));
        }
        b.append('\n');
        w.write(b.toString());
        return 1;
    }

    /** A point value in the shortest form that reads back to the same double. */
    static String format(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15
                ? String.format(Locale.ROOT, "%d", (long) x)
                : Double.toString(x);
    }
}
