package org.chiso.service.synth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The planted week of Thái Nguyên (VN34-19): 2025-W48, Monday 24 to Sunday 30 November 2025, whose dossiers are
 * planted so that the province's group scores and its listed departments' and communes' totals are the published
 * late-2025 figures (FACTS.md section 2) wherever the scheme can produce them.
 *
 * <p>Design (all counts exact; rates and points follow from docs/DOSSIERS.md section 4): the province's units offer
 * only procedures that are fully online, fee-bearing and integrated for payment, with an electronic result and
 * connected to the population database, all published on time, posted on time and complete (so the procedure-based
 * indicators are full). In the week the province receives 12,000 dossiers: 200 at each listed unit, the rest spread
 * evenly over its other departments and communes. Every dossier is paid online and ends by the week's end, with an
 * electronic result; each unit has an online dossier for every procedure it offers. The province then scores
 * transparency 12 + 6 × 7,220/12,000 = 15.61, progress 20 × 11,778/12,000 = 19.63, online services 2 + 4 + 6 ×
 * (2,400/12,000)/0.5 = 8.4, online payment 10, satisfaction 6 + 6 × 48/50 + 6 = 17.76, and digitisation 20.8 (data
 * store and population-database use below full). Version 2022's online group (online services with payment) is then
 * 8.4 + 10 = 18.4, the published online figure; version 2024's online group cannot reach 18.4 (its maximum is 12), and
 * the six published groups add up to 102.2, so the published figures read in one version are inconsistent: the
 * planted reading is that the published "online services 18.4" is the 2022 group holding the 10 points of payment.
 * Each listed unit loses its 100 − total points on overdue dossiers (0.1 each), documents not taken from the data store
 * (0.02), dossiers not digitised (0.02), dossiers not synchronised (0.03) and dossiers without population data (0.01).
 * The other units share the remaining counts in proportion to their dossiers, the overdue and unsynchronised ones
 * weighing twice on departments, so that the listed departments and communes are the province's top ones that week.
 */
public final class ThaiNguyenWeek {
    /** The province. */
    public static final String PROVINCE = "VN34-19";
    /** The week index (0 = 2024-W49). */
    public static final int WEEK = 51;
    /** Dossiers of the province in the week, and of each listed unit. */
    public static final int DOSSIERS = 12_000;

    public static final int LISTED_DOSSIERS = 200;
    /** Published totals of the listed departments (by department code) and communes (by commune code). */
    public static final Map<String, Double> LISTED = listed();
    /**
     * The planted province group points of version 2024, in the scheme's group order: transparency, progress, online,
     * payment, satisfaction, digitisation.
     */
    public static final List<Double> GROUPS_2024 = List.of(15.61, 19.63, 8.4, 10.0, 17.76, 20.8);

    private static final int SYNCED = 7_220;
    private static final int OVERDUE = 222;
    private static final int ONLINE = 2_400;
    private static final int COMPLAINTS = 50;
    private static final int COMPLAINTS_SATISFIED = 48;
    private static final int DISLIKES = 94;
    /** 2 × (not digitised) + 2 × (not from the data store) + (no population data): 4 × 12,000 × 0.3 / 2. */
    private static final int DIGITAL_LOSS = 7_200;

    private ThaiNguyenWeek() {}

    private static Map<String, Double> listed() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("TTR", 94.67);
        m.put("VHTTDL", 93.29);
        m.put("NV", 93.11);
        m.put("TP", 92.6);
        m.put("BQLKCN", 91.95);
        m.put("KHCN", 91.51);
        m.put("VP", 91.23);
        m.put("05542", 95.97); // Xã Lam Vỹ
        m.put("01894", 95.91); // Xã Phúc Lộc
        m.put("05707", 95.87); // Xã Nam Hòa
        m.put("05455", 95.85); // Phường Quyết Thắng
        m.put("05890", 95.8); // Phường Vạn Xuân
        m.put("05830", 95.76); // Xã Đại Từ
        return m;
    }

    /** The planted plans of the province's handling units in the week, keyed by {@link DossierModel#key}. */
    static Map<Long, List<Plan>> plans(DossierModel m) {
        List<Integer> listedH = new ArrayList<>();
        List<Integer> fillers = new ArrayList<>();
        for (int h = 0; h < m.handlers().size(); h++) {
            DossierModel.Handler u = m.handlers().get(h);
            ServiceUnit unit = m.units().get(u.unit());
            if (!unit.provinceKey().equals(PROVINCE)) {
                continue;
            }
            if (u.classes().size() != 1) {
                throw new IllegalStateException(unit.unitKey() + ": a planted unit must have one procedure class");
            }
            (LISTED.containsKey(unit.code()) ? listedH : fillers).add(h);
        }
        Map<Long, List<Plan>> out = new HashMap<>();
        int sumA = 0;
        int sumSync = 0;
        int sumDigital = 0;
        for (int h : listedH) {
            DossierModel.Handler u = m.handlers().get(h);
            int loss =
                    (int) Math.round((100 - LISTED.get(m.units().get(u.unit()).code())) * 100);
            int a = Math.min(12, loss / 50);
            int rem = loss - 10 * a;
            int c = Math.min(60, rem / 5);
            rem -= 2 * c;
            int e = Math.min(30, rem / 6);
            rem -= 2 * e;
            int b = Math.min(LISTED_DOSSIERS, rem / 3);
            rem -= 3 * b;
            int d = rem;
            int[] k = base(LISTED_DOSSIERS);
            k[Plan.A] = LISTED_DOSSIERS - a;
            k[Plan.B] = a;
            k[Plan.ONLINE] = LISTED_DOSSIERS / 2;
            k[Plan.K1] = 2;
            k[Plan.CSAT] = 2;
            k[Plan.SYNC] = LISTED_DOSSIERS - b;
            k[Plan.DIG] = LISTED_DOSSIERS - e;
            k[Plan.DSTORE] = LISTED_DOSSIERS - c;
            k[Plan.POP] = LISTED_DOSSIERS - d;
            ratings(k);
            sumA += a;
            sumSync += k[Plan.SYNC];
            sumDigital += 2 * e + 2 * c + d;
            out.put(DossierModel.key(h, WEEK), List.of(new Plan(0, 0, k)));
        }
        int fillerDossiers = DOSSIERS - LISTED_DOSSIERS * listedH.size();
        int[] sizes = apportion(fillerDossiers, ones(fillers.size()));
        // losses weigh twice on the other departments, so that the listed departments stay the province's top ones
        int[] lossWeights = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            boolean department = m.units()
                    .get(m.handlers().get(fillers.get(i)).unit())
                    .level()
                    .equals(ServiceUnit.DEPARTMENT);
            lossWeights[i] = sizes[i] * (department ? 2 : 1);
        }
        int[] overdue = apportion(OVERDUE - sumA, lossWeights);
        int[] unsynced = apportion(fillerDossiers - (SYNCED - sumSync), lossWeights);
        int[] online = apportion(ONLINE - listedH.size() * LISTED_DOSSIERS / 2, sizes);
        int[] complaints = apportion(COMPLAINTS - 2 * listedH.size(), sizes);
        int satisfied = COMPLAINTS_SATISFIED - 2 * listedH.size();
        int[] dislikes = apportion(DISLIKES, sizes);
        int digital = DIGITAL_LOSS - sumDigital;
        int[] noStore = apportion(digital * 2 / 10, sizes);
        int[] noDig = apportion(digital / 10, sizes);
        int noStoreTotal = digital * 2 / 10;
        int noDigTotal = digital / 10;
        int[] noPop = apportion(digital - 2 * noStoreTotal - 2 * noDigTotal, sizes);
        for (int i = 0; i < fillers.size(); i++) {
            int h = fillers.get(i);
            int n = sizes[i];
            int[] k = base(n);
            k[Plan.A] = n - overdue[i];
            k[Plan.B] = overdue[i];
            k[Plan.ONLINE] = online[i];
            int sat = Math.min(satisfied, complaints[i]);
            satisfied -= sat;
            k[Plan.K1] = complaints[i];
            k[Plan.CSAT] = sat;
            k[Plan.DISLIKE] = dislikes[i];
            k[Plan.SYNC] = n - unsynced[i];
            k[Plan.DIG] = n - noDig[i];
            k[Plan.DSTORE] = n - noStore[i];
            k[Plan.POP] = n - noPop[i];
            ratings(k);
            DossierModel.Handler u = m.handlers().get(h);
            String key = m.units().get(u.unit()).unitKey();
            for (int x : k) {
                if (x < 0 || x > n) {
                    throw new IllegalStateException("planted week of " + key + ": infeasible counts");
                }
            }
            if (online[i] < u.classes().get(0).active()) {
                throw new IllegalStateException("planted week of " + key + ": fewer online dossiers than procedures");
            }
            out.put(DossierModel.key(h, WEEK), List.of(new Plan(0, 0, k)));
        }
        if (satisfied != 0) {
            throw new IllegalStateException("planted week: satisfied complaints left over");
        }
        return out;
    }

    /** n dossiers, all paid online, with an electronic result, reused data and 10% certified copies, all electronic. */
    private static int[] base(int n) {
        int[] k = new int[Plan.SIZE];
        k[Plan.N] = n;
        k[Plan.PAID] = n;
        k[Plan.REUSE] = n;
        k[Plan.CC] = n / 10;
        k[Plan.CCE] = n / 10;
        k[Plan.RE_E1] = n;
        return k;
    }

    private static void ratings(int[] k) {
        int rest = k[Plan.N] - k[Plan.K1] - k[Plan.DISLIKE];
        k[Plan.RATED_SATISFIED] = rest * 6 / 10;
        k[Plan.RATED_NEUTRAL] = rest / 5;
    }

    private static int[] ones(int n) {
        int[] o = new int[n];
        java.util.Arrays.fill(o, 1);
        return o;
    }

    /** total split in proportion to the weights, largest remainders first (ties: the earlier). */
    static int[] apportion(int total, int[] weights) {
        long sum = 0;
        for (int w : weights) {
            sum += w;
        }
        int[] out = new int[weights.length];
        if (total < 0 || sum == 0 && total > 0) {
            throw new IllegalStateException("planted week: cannot apportion " + total);
        }
        if (sum == 0) {
            return out;
        }
        long given = 0;
        long[] rem = new long[weights.length];
        for (int i = 0; i < weights.length; i++) {
            long x = (long) total * weights[i];
            out[i] = (int) (x / sum);
            rem[i] = x % sum;
            given += out[i];
        }
        while (given < total) {
            int best = 0;
            for (int i = 1; i < rem.length; i++) {
                if (rem[i] > rem[best]) {
                    best = i;
                }
            }
            out[best]++;
            rem[best] = -1;
            given++;
        }
        return out;
    }
}
