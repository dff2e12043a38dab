package org.chiso.service.synth;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.chiso.core.Basis;
import org.chiso.core.Province;
import org.chiso.core.ProvinceRegistry;

/**
 * Everything the SYNTHETIC dossier generator decides before any dossier exists: the units (34 provinces, their
 * departments, their communes and wards), the procedure catalogue, the procedures each unit offers with their
 * transparency flags, each handling unit's planted rates and expected weekly intake, and, through {@link #plans}, the
 * exact counts of every unit-week. It is small (a few thousand units) and travels to the Spark tasks whole; a task
 * recomputes the plans of its unit-weeks from it, seeded by unit and week, so the records do not depend on the
 * partitioning.
 */
public final class DossierModel implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Dossiers at scale 1 over the 104 weeks (an expectation; the written README gives the actual count). */
    public static final long DOSSIERS_AT_SCALE_1 = 10_000_000L;
    /** Department procedures per department code, and commune procedures. */
    static final int DEPARTMENT_PROCEDURES = 12;

    static final int COMMUNE_PROCEDURES = 30;
    /** The leading procedures of each department code (and of the commune list) that Thái Nguyên's units offer. */
    static final int PLANTED_DEPARTMENT_PROCEDURES = 4;

    static final int PLANTED_COMMUNE_PROCEDURES = 6;
    /** Fields of commune-level procedures. */
    static final List<String> COMMUNE_FIELDS = List.of(
            "civil_status",
            "certification",
            "land",
            "social_protection",
            "business_household",
            "construction",
            "agriculture",
            "labour_and_employment");

    /** Rate indices of {@link Handler#rates}. */
    static final int R_SYNC = 0;

    static final int R_ON_TIME = 1;
    static final int R_ONLINE = 2;
    static final int R_PAID = 3;
    static final int R_COMPLAINT = 4;
    static final int R_COMPLAINT_ON_TIME = 5;
    static final int R_COMPLAINT_SATISFIED = 6;
    static final int R_DISLIKE = 7;
    static final int R_CC = 8;
    static final int R_CCE = 9;
    static final int R_DIG = 10;
    static final int R_REUSE = 11;
    static final int R_DSTORE = 12;
    static final int R_POP = 13;
    static final int R_RE = 14;
    static final int RATES = 15;

    /** Department intake weights (relative; 1 when not listed): land and construction dominate. */
    private static final Map<String, Double> DEPARTMENT_WEIGHT = Map.ofEntries(
            Map.entry("NNMT", 4.0),
            Map.entry("XD", 3.0),
            Map.entry("TC", 3.0),
            Map.entry("TP", 2.0),
            Map.entry("CT", 1.5),
            Map.entry("YT", 1.5),
            Map.entry("GDDT", 1.5),
            Map.entry("KHCN", 0.6),
            Map.entry("DTTG", 0.3),
            Map.entry("NG", 0.3),
            Map.entry("BQLKCN", 0.8),
            Map.entry("VP", 0.5),
            Map.entry("TTR", 0.4));

    /**
     * A department or commune that receives dossiers.
     *
     * @param unit      index in {@link #units()}
     * @param province  index of its province unit in {@link #units()}
     * @param procs     the procedures it offers (catalogue indices), the rows of {@code unit_procedures.csv}
     * @param published published on time, per offered procedure
     * @param nationalDb posted to the national database on time
     * @param complete  with all required parts
     * @param classes   its procedure classes: signature, procedures in order, the active prefix receiving dossiers
     * @param rates     planted rates ({@code R_*})
     * @param perWeek   expected dossiers in a week of seasonality 1
     */
    record Handler(
            int unit,
            int province,
            int[] procs,
            boolean[] published,
            boolean[] nationalDb,
            boolean[] complete,
            List<ProcClass> classes,
            double[] rates,
            double perWeek)
            implements Serializable {}

    /**
     * The procedures of one signature a unit offers. Dossiers of the class are spread over the first {@code active}
     * of them in order (dossier i of a plan takes procedure {@code procs[i % active]}), and the online or paid ones are
     * the first of a plan, so the procedures with an online (paid) dossier in a plan are the first {@code min(k,
     * active)} of the list: a prefix, whose union over plans is the longest.
     *
     * @param signature {@link Procedure#signature()}
     * @param procs     catalogue indices
     * @param active    how many of them receive dossiers
     * @param weight    relative intake
     */
    record ProcClass(int signature, int[] procs, int active, double weight) implements Serializable {}

    private final long seed;
    private final double scale;
    private final List<ServiceUnit> units;
    private final List<Procedure> procedures;
    private final List<Handler> handlers;
    private final Map<Long, List<Plan>> planted = new HashMap<>();

    private DossierModel(
            long seed, double scale, List<ServiceUnit> units, List<Procedure> procedures, List<Handler> handlers) {
        this.seed = seed;
        this.scale = scale;
        this.units = units;
        this.procedures = procedures;
        this.handlers = handlers;
    }

    /**
     * Builds the model.
     *
     * @param communes the communes of the commune file, or null when it is absent (then 20 invented communes per
     *                 province, labelled synthetic)
     */
    public static DossierModel build(
            long seed, double scale, ProvinceRegistry registry, List<CommuneFile.Commune> communes) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("--scale must be a positive number, got " + scale);
        }
        List<Department> departments = Department.load();
        List<Procedure> procs = catalogue(seed, departments);
        Map<String, Integer> procIndex = new HashMap<>();
        for (int i = 0; i < procs.size(); i++) {
            procIndex.put(procs.get(i).code(), i);
        }
        Map<String, List<CommuneFile.Commune>> byProvince = new LinkedHashMap<>();
        List<Province> provinces = registry.provinces(Basis.VN34);
        for (Province p : provinces) {
            byProvince.put(p.code(), new ArrayList<>());
        }
        if (communes != null) {
            for (CommuneFile.Commune c : communes) {
                List<CommuneFile.Commune> l = byProvince.get(c.provinceCode());
                if (l == null) {
                    throw new IllegalArgumentException("commune " + c.code() + " " + c.name() + ": province code "
                            + c.provinceCode() + " is not on the 34-province basis");
                }
                l.add(c);
            }
        }
        List<ServiceUnit> units = new ArrayList<>();
        List<Handler> handlers = new ArrayList<>();
        double totalCommunes = 0;
        for (List<CommuneFile.Commune> l : byProvince.values()) {
            totalCommunes += communes == null ? 20 : l.size();
        }
        for (Province p : provinces) {
            SplittableRandom pr = Seeds.rng(seed, 11, Long.parseLong(p.code()));
            double provinceEffect = pr.nextDouble() * 2 - 1;
            boolean plantedProvince = p.key().equals(ThaiNguyenWeek.PROVINCE);
            int pu = units.size();
            units.add(new ServiceUnit(p.key(), ServiceUnit.PROVINCE, p.key(), p.code(), p.nameVi(), "", false));
            List<CommuneFile.Commune> cs = new ArrayList<>(byProvince.get(p.code()));
            boolean invented = communes == null;
            if (invented) {
                for (int i = 1; i <= 20; i++) {
                    String code = String.format("9%02d%02d", Integer.parseInt(p.code()), i);
                    cs.add(new CommuneFile.Commune(p.code(), code, String.format("Xã tổng hợp %03d", i)));
                }
            }
            double provinceShare = (invented ? 20 : cs.size()) / totalCommunes;
            double deptWeights = 0;
            for (Department d : departments) {
                deptWeights += DEPARTMENT_WEIGHT.getOrDefault(d.code(), 1.0);
            }
            for (Department d : departments) {
                int ui = units.size();
                units.add(new ServiceUnit(
                        ServiceUnit.departmentKey(p.key(), d.code()),
                        ServiceUnit.DEPARTMENT,
                        p.key(),
                        d.code(),
                        d.nameVi(),
                        d.nameEn(),
                        false));
                double share = provinceShare * 0.35 * DEPARTMENT_WEIGHT.getOrDefault(d.code(), 1.0) / deptWeights;
                List<Integer> offer = new ArrayList<>();
                for (int k = 1; k <= DEPARTMENT_PROCEDURES; k++) {
                    offer.add(procIndex.get(d.code() + String.format("-%02d", k)));
                }
                handlers.add(handler(seed, procs, ui, pu, offer, share, provinceEffect, plantedProvince, true));
            }
            double[] cw = new double[cs.size()];
            double cwSum = 0;
            for (int i = 0; i < cs.size(); i++) {
                SplittableRandom r =
                        Seeds.rng(seed, 12, Long.parseLong(cs.get(i).code()));
                cw[i] = Math.exp(0.5 * r.nextGaussian());
                cwSum += cw[i];
            }
            List<Integer> communeOffer = new ArrayList<>();
            for (int k = 1; k <= COMMUNE_PROCEDURES; k++) {
                communeOffer.add(procIndex.get(String.format("XA-%02d", k)));
            }
            for (int i = 0; i < cs.size(); i++) {
                CommuneFile.Commune c = cs.get(i);
                int ui = units.size();
                units.add(new ServiceUnit(
                        ServiceUnit.communeKey(p.key(), c.code()),
                        ServiceUnit.COMMUNE,
                        p.key(),
                        c.code(),
                        c.name(),
                        "",
                        invented));
                handlers.add(handler(
                        seed,
                        procs,
                        ui,
                        pu,
                        communeOffer,
                        provinceShare * 0.65 * cw[i] / cwSum,
                        provinceEffect,
                        plantedProvince,
                        false));
            }
        }
        double perShare = scale * DOSSIERS_AT_SCALE_1 / DossierWeeks.seasonSum();
        List<Handler> scaled = new ArrayList<>();
        for (Handler h : handlers) {
            scaled.add(new Handler(
                    h.unit(),
                    h.province(),
                    h.procs(),
                    h.published(),
                    h.nationalDb(),
                    h.complete(),
                    h.classes(),
                    h.rates(),
                    h.perWeek() * perShare));
        }
        DossierModel m = new DossierModel(seed, scale, List.copyOf(units), List.copyOf(procs), List.copyOf(scaled));
        m.planted.putAll(ThaiNguyenWeek.plans(m));
        return m;
    }

    /** The synthetic catalogue: 12 procedures per department code and 30 commune procedures. */
    private static List<Procedure> catalogue(long seed, List<Department> departments) {
        List<Procedure> out = new ArrayList<>();
        for (Department d : departments) {
            for (int k = 1; k <= DEPARTMENT_PROCEDURES; k++) {
                String code = d.code() + String.format("-%02d", k);
                String field = d.fields().get((k - 1) % d.fields().size());
                out.add(procedure(seed, code, field, ServiceUnit.DEPARTMENT, k <= PLANTED_DEPARTMENT_PROCEDURES));
            }
        }
        for (int k = 1; k <= COMMUNE_PROCEDURES; k++) {
            String field = COMMUNE_FIELDS.get((k - 1) % COMMUNE_FIELDS.size());
            out.add(procedure(
                    seed, String.format("XA-%02d", k), field, ServiceUnit.COMMUNE, k <= PLANTED_COMMUNE_PROCEDURES));
        }
        return out;
    }

    /**
     * A procedure with random attributes; a leading one (those Thái Nguyên's units offer) is fully online,
     * fee-bearing and integrated for payment, with an electronic result and connected to the population database.
     */
    private static Procedure procedure(long seed, String code, String field, String level, boolean leading) {
        String name = "Thủ tục tổng hợp " + code + " (" + field.replace('_', ' ') + ")";
        if (leading) {
            return new Procedure(code, name, field, level, "full", true, true, false, true);
        }
        SplittableRandom r = Seeds.rng(seed, 13, code.hashCode());
        double u = r.nextDouble();
        String online = u < 0.45 ? "full" : u < 0.8 ? "partial" : "none";
        boolean fee = r.nextDouble() < 0.4;
        boolean integrated = fee && r.nextDouble() < 0.7;
        boolean paper = r.nextDouble() < 0.15;
        boolean pop = r.nextDouble() < 0.6;
        return new Procedure(code, name, field, level, online, fee, integrated, paper, pop);
    }

    private static Handler handler(
            long seed,
            List<Procedure> procs,
            int unit,
            int province,
            List<Integer> candidates,
            double share,
            double provinceEffect,
            boolean planted,
            boolean department) {
        SplittableRandom r = Seeds.rng(seed, 14, unit);
        double q = Math.max(0, Math.min(1, 0.5 + 0.25 * provinceEffect + 0.2 * r.nextGaussian()));
        if (planted) {
            q = 0.85 + 0.15 * r.nextDouble();
        }
        int leading = department ? PLANTED_DEPARTMENT_PROCEDURES : PLANTED_COMMUNE_PROCEDURES;
        List<Integer> offer = new ArrayList<>();
        for (int k = 0; k < candidates.size(); k++) {
            boolean take = planted ? k < leading : k == 0 || r.nextDouble() < 0.8;
            if (take) {
                offer.add(candidates.get(k));
            }
        }
        int[] p = offer.stream().mapToInt(Integer::intValue).toArray();
        boolean[] pub = new boolean[p.length];
        boolean[] ndb = new boolean[p.length];
        boolean[] cp = new boolean[p.length];
        for (int k = 0; k < p.length; k++) {
            pub[k] = planted || r.nextDouble() < 0.8 + 0.2 * q;
            ndb[k] = planted || r.nextDouble() < 0.75 + 0.25 * q;
            cp[k] = planted || r.nextDouble() < 0.9 + 0.1 * q;
        }
        double[] rates = new double[RATES];
        rates[R_SYNC] = 0.7 + 0.28 * q;
        rates[R_ON_TIME] = 0.9 + 0.095 * q;
        rates[R_ONLINE] = 0.15 + 0.6 * q;
        rates[R_PAID] = 0.2 + 0.7 * q;
        rates[R_COMPLAINT] = 0.005 + 0.02 * (1 - q);
        rates[R_COMPLAINT_ON_TIME] = 0.7 + 0.28 * q;
        rates[R_COMPLAINT_SATISFIED] = 0.6 + 0.35 * q;
        rates[R_DISLIKE] = 0.005 + 0.04 * (1 - q);
        rates[R_CC] = 0.1 + 0.1 * r.nextDouble();
        rates[R_CCE] = 0.3 + 0.6 * q;
        rates[R_DIG] = 0.6 + 0.38 * q;
        rates[R_REUSE] = 0.4 + 0.5 * q;
        rates[R_DSTORE] = 0.2 + 0.6 * q;
        rates[R_POP] = 0.3 + 0.6 * q;
        rates[R_RE] = 0.6 + 0.38 * q;
        double activeShare = planted ? 1 : 0.6 + 0.4 * q;
        Map<Integer, List<Integer>> bySig = new LinkedHashMap<>();
        for (int pi : p) {
            bySig.computeIfAbsent(procs.get(pi).signature(), k -> new ArrayList<>())
                    .add(pi);
        }
        List<ProcClass> classes = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> e : bySig.entrySet()) {
            int[] order = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            int[] perm = Seeds.permutation(order.length, r);
            int[] ordered = new int[order.length];
            for (int k = 0; k < order.length; k++) {
                ordered[k] = order[perm[k]];
            }
            int active = Math.max(1, (int) Math.round(activeShare * ordered.length));
            double w = active * (Procedure.online(e.getKey()) ? 1.2 : 1.0);
            classes.add(new ProcClass(e.getKey(), ordered, active, w));
        }
        return new Handler(unit, province, p, pub, ndb, cp, List.copyOf(classes), rates, share);
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** The scale (1 = about 10 million dossiers). */
    public double scale() {
        return scale;
    }

    /** Every unit: each province followed by its departments and its communes. */
    public List<ServiceUnit> units() {
        return units;
    }

    /** The procedure catalogue. */
    public List<Procedure> procedures() {
        return procedures;
    }

    /** The departments and communes, the units that receive dossiers. */
    List<Handler> handlers() {
        return handlers;
    }

    static long key(int handler, int week) {
        return (long) handler * DossierWeeks.WEEKS + week;
    }

    /** The plans of a handling unit's week: one per segment and class with dossiers. */
    List<Plan> plans(int handler, int week) {
        List<Plan> p = planted.get(key(handler, week));
        if (p != null) {
            return p;
        }
        Handler u = handlers.get(handler);
        SplittableRandom r = Seeds.rng(seed, 1, handler, week);
        int n = Seeds.round(u.perWeek() * DossierWeeks.season(week), r);
        List<DossierWeeks.Segment> segs = DossierWeeks.segments(week);
        double[] sw = new double[segs.size()];
        for (int s = 0; s < segs.size(); s++) {
            for (double d : DossierWeeks.dayWeights(week, s)) {
                sw[s] += d;
            }
        }
        int[] ns = Seeds.split(n, sw, r);
        double[] cw = new double[u.classes().size()];
        for (int c = 0; c < cw.length; c++) {
            cw[c] = u.classes().get(c).weight();
        }
        List<Plan> out = new ArrayList<>();
        for (int s = 0; s < segs.size(); s++) {
            LocalDateTime[] e = DossierWeeks.evaluationTimes(week, s);
            boolean between = e[0].isBefore(e[1]);
            int[] nc = Seeds.split(ns[s], cw, r);
            for (int c = 0; c < nc.length; c++) {
                if (nc[c] > 0) {
                    out.add(new Plan(s, c, counts(u.rates(), u.classes().get(c).signature(), nc[c], between, r)));
                }
            }
        }
        return out;
    }

    private static int of(int n, double rate, SplittableRandom r) {
        return Math.min(n, Seeds.round(n * rate, r));
    }

    /** Exact counts for n dossiers of one class drawn from the unit's rates. */
    static int[] counts(double[] rate, int signature, int n, boolean between, SplittableRandom r) {
        int[] c = new int[Plan.SIZE];
        c[Plan.N] = n;
        double o = 1 - rate[R_ON_TIME];
        double ref = 0.02;
        double s1 = 0.03;
        double cc = between ? 0.08 : 0;
        double d = 0.004;
        double dsup = 0.006;
        double a = Math.max(0, 1 - ref - s1 - cc - d - dsup - o);
        int[] cat = Seeds.split(n, new double[] {a, ref, s1, 0.5 * o, 0.1 * o, cc, d, dsup, 0.4 * o}, r);
        System.arraycopy(cat, 0, c, Plan.A, cat.length);
        int comp = of(n, rate[R_COMPLAINT], r);
        double cot = rate[R_COMPLAINT_ON_TIME];
        int[] k = Seeds.split(comp, new double[] {0.9 * cot, 0.45 * (1 - cot), 0.45 * (1 - cot), 0.1}, r);
        System.arraycopy(k, 0, c, Plan.K1, k.length);
        c[Plan.CSAT] = of(c[Plan.K1] + c[Plan.K2], rate[R_COMPLAINT_SATISFIED], r);
        c[Plan.DISLIKE] = of(n - comp, rate[R_DISLIKE], r);
        int rest = n - comp - c[Plan.DISLIKE];
        c[Plan.RATED_SATISFIED] = of(rest, 0.55, r);
        c[Plan.RATED_NEUTRAL] = of(rest - c[Plan.RATED_SATISFIED], 0.25, r);
        c[Plan.CC] = of(n, rate[R_CC], r);
        c[Plan.CCE] = of(c[Plan.CC], rate[R_CCE], r);
        c[Plan.SYNC] = of(n, rate[R_SYNC], r);
        c[Plan.DIG] = of(n, rate[R_DIG], r);
        c[Plan.REUSE] = of(n, rate[R_REUSE], r);
        c[Plan.DSTORE] = of(n, rate[R_DSTORE], r);
        c[Plan.POP] = of(n, rate[R_POP], r);
        c[Plan.ONLINE] = Procedure.online(signature) ? of(n, rate[R_ONLINE], r) : 0;
        c[Plan.PAID] = Procedure.integrated(signature) ? of(n, rate[R_PAID], r) : 0;
        boolean paper = Procedure.paper(signature);
        int ended = c[Plan.A] + c[Plan.REF] + c[Plan.S1] + c[Plan.B] + c[Plan.B2];
        c[Plan.RE_E1] = paper ? 0 : of(ended, rate[R_RE], r);
        c[Plan.RE_C] = paper ? 0 : of(c[Plan.C], rate[R_RE], r);
        return c;
    }
}
