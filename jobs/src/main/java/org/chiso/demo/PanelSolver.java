package org.chiso.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Values of one index component in one year for every province, in hundredths, built to satisfy the
 * constraints taken from published figures.
 *
 * <p>Steps: free latent values are shifted so the sum target can be met; provinces are ordered (exact
 * ranks on their slots, rank ranges respected, the rest by latent value); free provinces are swapped to
 * meet region ranks; values are fitted slot by slot between pinned values, strictly decreasing; then free
 * provinces (no pinned value, no rank or region constraint) are moved, never past a rank-constrained
 * province, to force a value below a threshold, to meet the year-on-year change counts and extremes, to hit
 * the sum exactly and to make all values distinct. A step that cannot be met throws {@link Infeasible}.
 */
final class PanelSolver {
    /** The constraints cannot be met with this draw. */
    static final class Infeasible extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Infeasible(String message) {
            super(message);
        }
    }

    /** Year-on-year change figures of a panel, in hundredths; magnitudes for falls; null when not published. */
    record ChangeSpec(
            Integer rose, Integer fell, Integer unchanged, Long maxRise, Long minRise, Long maxFall, Long minFall) {}

    /** Width, in hundredths, of the band next to a bound into which out-of-bound latent values are compressed. */
    private static final long KNEE = 150;
    /** Most a single value moves, in hundredths, in the proportional step of the sum fix. */
    private static final long ROOM = 300;

    private final String label;
    private final List<String> keys;
    private final Map<String, String> regions;
    private final Map<String, Double> latent;
    private final Random rng;
    private final Map<String, Long> pinned = new TreeMap<>();
    private final Map<String, Integer> exact = new TreeMap<>();
    private final Map<String, int[]> ranges = new TreeMap<>();
    private final Map<String, Integer> regionRanks = new TreeMap<>();
    private final Map<String, long[]> caps = new TreeMap<>();
    private long min = 0;
    private long max = 10000;
    private Long sumTarget;
    private Long belowThreshold;
    private ChangeSpec changeSpec;
    private Map<String, Long> previous;

    private String[] slots;
    private long[] v;
    private final Set<String> locked = new TreeSet<>();
    /** Value bounds of the free provinces whose change the change design may still move. */
    private final Map<Integer, long[]> roleBand = new TreeMap<>();

    /**
     * @param label   the panel, for messages
     * @param keys    the provinces of the year
     * @param regions region code by key
     * @param latent  the unconstrained value of each province, in hundredths
     */
    PanelSolver(String label, List<String> keys, Map<String, String> regions, Map<String, Double> latent, Random rng) {
        this.label = label;
        this.keys = List.copyOf(keys);
        this.regions = regions;
        this.latent = new TreeMap<>(latent);
        this.rng = rng;
    }

    int size() {
        return keys.size();
    }

    /** Inclusive bounds of every value. */
    void bounds(long minInclusive, long maxInclusive) {
        min = Math.max(min, minInclusive);
        max = Math.min(max, maxInclusive);
    }

    void pin(String key, long cents) {
        Long old = pinned.put(key, cents);
        if (old != null && old != cents) {
            throw new IllegalStateException(
                    label + ": " + key + " pinned to both " + old + " and " + cents + " hundredths");
        }
    }

    void exact(String key, int rank) {
        Integer old = exact.put(key, rank);
        if (old != null && old != rank) {
            throw new IllegalStateException(label + ": " + key + " given ranks " + old + " and " + rank);
        }
    }

    void range(String key, int lo, int hi) {
        int[] r = ranges.computeIfAbsent(key, k -> new int[] {1, Integer.MAX_VALUE});
        r[0] = Math.max(r[0], lo);
        r[1] = Math.min(r[1], hi);
        if (r[0] > r[1]) {
            throw new IllegalStateException(label + ": " + key + " has an empty rank range");
        }
    }

    void regionRank(String key, int rank) {
        regionRanks.put(key, rank);
    }

    /**
     * Inclusive bounds of one province's value (e.g. so that a change published for the next year lands
     * below that year's ranked provinces); the latent value is moved inside before ordering.
     */
    void cap(String key, long lo, long hi) {
        long[] c = caps.computeIfAbsent(key, k -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
        c[0] = Math.max(c[0], lo);
        c[1] = Math.min(c[1], hi);
    }

    void sumTarget(long cents) {
        sumTarget = cents;
    }

    /** At least one value must be strictly below the threshold. */
    void someBelow(long threshold) {
        belowThreshold = threshold;
    }

    /** Year-on-year change figures against the previous year's values of the same keys. */
    void changes(ChangeSpec spec, Map<String, Long> prev) {
        if (prev == null) {
            throw new IllegalStateException(label + ": change figures in the first year of the index");
        }
        for (String k : keys) {
            if (!prev.containsKey(k)) {
                throw new IllegalStateException(label + ": change figures need a previous value for " + k);
            }
        }
        changeSpec = spec;
        previous = prev;
    }

    /** Solves the panel: value in hundredths by key. */
    Map<String, Long> solve() {
        validate();
        calibrate();
        order();
        repairRegions();
        fitValues();
        forceBelow();
        if (changeSpec != null) {
            designChanges();
        } else if (sumTarget != null) {
            List<Integer> adj = adjustable();
            fixSum(adj, boundsOf(adj));
        }
        List<Integer> adj = adjustable();
        distinct(adj, changeSpec != null ? changeBounds(adj) : boundsOf(adj), sumTarget != null);
        Map<String, Long> out = new TreeMap<>();
        for (int i = 0; i < slots.length; i++) {
            out.put(slots[i], v[i]);
            long[] c = caps.get(slots[i]);
            if (c != null && (v[i] < c[0] || v[i] > c[1])) {
                throw new Infeasible(label + ": " + slots[i] + " ends outside its bounds");
            }
        }
        return out;
    }

    private void validate() {
        int n = keys.size();
        for (Map.Entry<String, Long> e : pinned.entrySet()) {
            requireKey(e.getKey());
            if (e.getValue() < min || e.getValue() > max) {
                throw new IllegalStateException(label + ": pinned value of " + e.getKey() + " is off the scale");
            }
        }
        for (Map.Entry<String, Integer> e : exact.entrySet()) {
            requireKey(e.getKey());
            int[] r = ranges.get(e.getKey());
            if (e.getValue() < 1 || e.getValue() > n || r != null && (e.getValue() < r[0] || e.getValue() > r[1])) {
                throw new IllegalStateException(
                        label + ": rank " + e.getValue() + " of " + e.getKey() + " is impossible");
            }
        }
        ranges.keySet().forEach(this::requireKey);
        caps.keySet().forEach(this::requireKey);
        regionRanks.keySet().forEach(this::requireKey);
    }

    private void requireKey(String key) {
        if (!keys.contains(key)) {
            throw new IllegalStateException(label + ": figure names " + key + ", not a province of the year");
        }
    }

    private boolean free(String key) {
        return !pinned.containsKey(key) && !rankBound(key);
    }

    private boolean rankBound(String key) {
        return exact.containsKey(key) || ranges.containsKey(key) || regionRanks.containsKey(key);
    }

    private void calibrate() {
        for (Map.Entry<String, long[]> e : caps.entrySet()) {
            long[] c = e.getValue();
            if (c[0] > c[1] || pinned.containsKey(e.getKey())) {
                throw new Infeasible(label + ": bounds of " + e.getKey() + " cannot be met");
            }
            double x = latent.get(e.getKey());
            if (x > c[1] || x < c[0]) {
                long width = Math.max(0, Math.min(KNEE, c[1] - c[0]));
                latent.put(e.getKey(), x > c[1] ? c[1] - rng.nextDouble() * width : c[0] + rng.nextDouble() * width);
            }
        }
        if (sumTarget == null) {
            return;
        }
        double rest = sumTarget;
        int nFree = 0;
        for (String k : keys) {
            if (pinned.containsKey(k)) {
                rest -= pinned.get(k);
            } else {
                rest -= latent.get(k);
                nFree++;
            }
        }
        if (nFree > 0) {
            double shift = rest / nFree;
            for (String k : keys) {
                if (!pinned.containsKey(k)) {
                    latent.put(k, latent.get(k) + shift);
                }
            }
        }
    }

    private double sortKey(String k) {
        return pinned.containsKey(k) ? pinned.get(k) : latent.get(k);
    }

    private int rankMin(String k) {
        int[] r = ranges.get(k);
        return r == null ? 1 : r[0];
    }

    private int rankMax(String k) {
        int[] r = ranges.get(k);
        return r == null ? Integer.MAX_VALUE : r[1];
    }

    private void order() {
        int n = keys.size();
        slots = new String[n];
        for (Map.Entry<String, Integer> e : exact.entrySet()) {
            if (slots[e.getValue() - 1] != null) {
                throw new IllegalStateException(label + ": rank " + e.getValue() + " given to "
                        + slots[e.getValue() - 1] + " and " + e.getKey());
            }
            slots[e.getValue() - 1] = e.getKey();
        }
        List<String> items = new ArrayList<>();
        for (String k : keys) {
            if (!exact.containsKey(k)) {
                items.add(k);
            }
        }
        items.sort(Comparator.comparingDouble((String k) -> -sortKey(k)).thenComparing(k -> k));
        for (int s = 0; s < n; s++) {
            if (slots[s] != null) {
                continue;
            }
            int rank = s + 1;
            String pick = null;
            for (String it : items) {
                if (rankMax(it) < rank) {
                    throw new Infeasible(label + ": " + it + " cannot be ranked within " + rankMax(it));
                }
                if (rankMax(it) == rank) {
                    pick = it;
                    break;
                }
            }
            if (pick == null) {
                double below = Double.NEGATIVE_INFINITY;
                for (int j = s + 1; j < n; j++) {
                    if (slots[j] != null && pinned.containsKey(slots[j])) {
                        below = pinned.get(slots[j]);
                        break;
                    }
                }
                for (String it : items) {
                    if (rankMin(it) <= rank && (!pinned.containsKey(it) || pinned.get(it) > below)) {
                        pick = it;
                        break;
                    }
                }
            }
            if (pick == null) {
                throw new Infeasible(label + ": no province fits rank " + rank);
            }
            slots[s] = pick;
            items.remove(pick);
        }
    }

    private int slotOf(String key) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i].equals(key)) {
                return i;
            }
        }
        throw new IllegalStateException(label + ": " + key + " has no slot");
    }

    private void repairRegions() {
        for (int pass = 0; pass < 500; pass++) {
            boolean ok = true;
            for (Map.Entry<String, Integer> e : regionRanks.entrySet()) {
                int pos = slotOf(e.getKey());
                String region = regions.get(e.getKey());
                int above = 0;
                for (int j = 0; j < pos; j++) {
                    if (region.equals(regions.get(slots[j]))) {
                        above++;
                    }
                }
                int want = e.getValue() - 1;
                if (above == want) {
                    continue;
                }
                ok = false;
                boolean raise = above < want;
                int up = -1;
                for (int j = pos - 1; j >= 0; j--) {
                    if (free(slots[j]) && region.equals(regions.get(slots[j])) != raise) {
                        up = j;
                        break;
                    }
                }
                int down = -1;
                for (int j = pos + 1; j < slots.length; j++) {
                    if (free(slots[j]) && region.equals(regions.get(slots[j])) == raise) {
                        down = j;
                        break;
                    }
                }
                if (up < 0 || down < 0) {
                    throw new Infeasible(
                            label + ": cannot place " + e.getKey() + " " + e.getValue() + " in its region");
                }
                String t = slots[up];
                slots[up] = slots[down];
                slots[down] = t;
            }
            if (ok) {
                return;
            }
        }
        throw new Infeasible(label + ": region ranks do not settle");
    }

    private void fitValues() {
        int n = slots.length;
        v = new long[n];
        int start = -1;
        for (int i = 0; i <= n; i++) {
            boolean end = i == n;
            if (!end && !pinned.containsKey(slots[i])) {
                continue;
            }
            long hi = start >= 0 ? v[start] : max + 1;
            long lo = end ? min - 1 : pinned.get(slots[i]);
            if (lo >= hi) {
                throw new Infeasible(label + ": pinned value " + lo + " of " + slots[i] + " (rank " + (i + 1)
                        + ") is not below " + hi + " of " + (start >= 0 ? slots[start] : "the scale maximum"));
            }
            fit(start + 1, i - 1, hi, start >= 0, lo, !end);
            if (!end) {
                v[i] = lo;
            }
            start = i;
        }
    }

    /** Fits slots from..to strictly decreasing inside (lo, hi), keeping latent values where they fit. */
    private void fit(int from, int to, long hi, boolean hiAnchor, long lo, boolean loAnchor) {
        int k = to - from + 1;
        if (k <= 0) {
            return;
        }
        if (hi - lo - 1 < k) {
            throw new Infeasible(label + ": no room for " + k + " values between " + lo + " and " + hi);
        }
        long[] x = new long[k];
        for (int i = 0; i < k; i++) {
            x[i] = Math.round(latent.get(slots[from + i]));
        }
        Arrays.sort(x);
        for (int i = 0; i < k / 2; i++) {
            long t = x[i];
            x[i] = x[k - 1 - i];
            x[k - 1 - i] = t;
        }
        long span = loAnchor && hiAnchor ? Math.max(1, (hi - lo) / 2) : KNEE;
        if (hiAnchor && x[0] >= hi) {
            long knee = hi - span;
            double top = x[0];
            for (int i = 0; i < k; i++) {
                if (x[i] > knee) {
                    x[i] = knee + Math.round((x[i] - knee) * (hi - 1 - knee) / (top - knee));
                }
            }
        }
        if (loAnchor && x[k - 1] <= lo) {
            long knee = lo + span;
            double bottom = x[k - 1];
            for (int i = 0; i < k; i++) {
                if (x[i] < knee) {
                    x[i] = knee - Math.round((knee - x[i]) * (knee - lo - 1) / (knee - bottom));
                }
            }
        }
        if (!strict(x, lo, hi)) {
            double step = (hi - lo) / (double) (k + 1);
            for (int i = 0; i < k; i++) {
                x[i] = Math.round(hi - step * (i + 1) + (rng.nextDouble() - 0.5) * step * 0.6);
            }
            if (!strict(x, lo, hi)) {
                throw new Infeasible(label + ": cannot fit " + k + " values between " + lo + " and " + hi);
            }
        }
        System.arraycopy(x, 0, v, from, k);
    }

    /** Clamps into (lo, hi) and makes strictly decreasing in place; false if impossible. */
    private static boolean strict(long[] x, long lo, long hi) {
        int k = x.length;
        for (int i = 0; i < k; i++) {
            long cap = i == 0 ? hi - 1 : x[i - 1] - 1;
            x[i] = Math.max(Math.min(x[i], cap), lo + 1);
        }
        for (int i = k - 1; i >= 0; i--) {
            long floor = i == k - 1 ? lo + 1 : x[i + 1] + 1;
            x[i] = Math.max(x[i], floor);
        }
        for (int i = 0; i < k; i++) {
            if (x[i] >= (i == 0 ? hi : x[i - 1]) || x[i] <= lo) {
                return false;
            }
        }
        return true;
    }

    /** Inclusive value bounds of a free slot: strictly between the nearest rank-constrained slots. */
    private long[] freeBounds(int i) {
        long hi = max;
        for (int j = i - 1; j >= 0; j--) {
            if (rankBound(slots[j])) {
                hi = Math.min(hi, v[j] - 1);
                break;
            }
        }
        long lo = min;
        for (int j = i + 1; j < slots.length; j++) {
            if (rankBound(slots[j])) {
                lo = Math.max(lo, v[j] + 1);
                break;
            }
        }
        long[] c = caps.get(slots[i]);
        if (c != null) {
            lo = Math.max(lo, c[0]);
            hi = Math.min(hi, c[1]);
        }
        return new long[] {lo, hi};
    }

    private void forceBelow() {
        if (belowThreshold == null) {
            return;
        }
        int lowest = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] < v[lowest]) {
                lowest = i;
            }
        }
        if (v[lowest] < belowThreshold) {
            locked.add(slots[lowest]);
            return;
        }
        int best = -1;
        for (int i = 0; i < slots.length; i++) {
            if (free(slots[i]) && freeBounds(i)[0] < belowThreshold && (best < 0 || v[i] < v[best])) {
                best = i;
            }
        }
        if (best < 0) {
            throw new Infeasible(label + ": no free province can go below " + belowThreshold);
        }
        long lo = freeBounds(best)[0];
        v[best] = Math.max(lo, belowThreshold - 1 - rng.nextInt((int) Math.max(1, Math.min(60, belowThreshold - lo))));
        locked.add(slots[best]);
    }

    private List<Integer> adjustable() {
        List<Integer> adj = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            if (free(slots[i]) && !locked.contains(slots[i])) {
                adj.add(i);
            }
        }
        return adj;
    }

    private Map<Integer, long[]> boundsOf(List<Integer> adj) {
        Map<Integer, long[]> b = new TreeMap<>();
        for (int i : adj) {
            b.put(i, freeBounds(i));
        }
        return b;
    }

    /** Moves adjustable values, within bounds, until the sum equals the target. */
    private void fixSum(List<Integer> adj, Map<Integer, long[]> bounds) {
        long d = sumTarget;
        for (long x : v) {
            d -= x;
        }
        if (d == 0) {
            return;
        }
        if (adj.isEmpty()) {
            throw new Infeasible(label + ": sum off by " + d + " and nothing to adjust");
        }
        List<Integer> order = shuffled(adj);
        double room = 0;
        for (int i : order) {
            room += room(i, bounds.get(i), d);
        }
        if (room > 0) {
            double share = Math.min(1.0, Math.abs(d) / room);
            long moved = 0;
            for (int i : order) {
                long step = (long) Math.floor(room(i, bounds.get(i), d) * share);
                long delta = d > 0 ? step : -step;
                if (Math.abs(moved + delta) > Math.abs(d)) {
                    break;
                }
                v[i] += delta;
                moved += delta;
            }
            d -= moved;
        }
        while (d != 0) {
            boolean moved = false;
            for (int i : order) {
                long[] b = bounds.get(i);
                if (d > 0 && v[i] < b[1]) {
                    v[i]++;
                    d--;
                    moved = true;
                } else if (d < 0 && v[i] > b[0]) {
                    v[i]--;
                    d++;
                    moved = true;
                }
                if (d == 0) {
                    break;
                }
            }
            if (!moved) {
                throw new Infeasible(label + ": cannot reach the sum target (" + d + " hundredths short)");
            }
        }
    }

    /** How far a value may move towards its bound in the direction of d, capped. */
    private long room(int i, long[] b, long d) {
        return Math.max(0, Math.min(ROOM, d > 0 ? b[1] - v[i] : v[i] - b[0]));
    }

    private List<Integer> shuffled(List<Integer> in) {
        List<Integer> out = new ArrayList<>(in);
        Collections.shuffle(out, rng);
        return out;
    }

    /** Makes every value of the panel distinct by moving adjustable values within bounds, keeping the sum. */
    private void distinct(List<Integer> adj, Map<Integer, long[]> bounds, boolean keepSum) {
        List<Integer> order = shuffled(adj);
        for (int guard = 0; guard < 100_000; guard++) {
            Map<Long, Integer> count = new HashMap<>();
            for (long x : v) {
                count.merge(x, 1, Integer::sum);
            }
            long clash = Long.MIN_VALUE;
            for (long x : v) {
                if (count.get(x) > 1) {
                    clash = x;
                    break;
                }
            }
            if (clash == Long.MIN_VALUE) {
                return;
            }
            boolean moved = false;
            for (int i : order) {
                if (v[i] == clash && moveApart(i, order, bounds, count, keepSum)) {
                    moved = true;
                    break;
                }
            }
            if (!moved) {
                throw new Infeasible(label + ": cannot make the values " + clash + " distinct");
            }
        }
        throw new Infeasible(label + ": values do not become distinct");
    }

    private boolean moveApart(
            int i, List<Integer> order, Map<Integer, long[]> bounds, Map<Long, Integer> count, boolean keepSum) {
        for (int d = 1; d <= 60; d++) {
            for (int sign : new int[] {1, -1}) {
                long nv = v[i] + (long) sign * d;
                long[] b = bounds.get(i);
                if (nv < b[0] || nv > b[1] || count.containsKey(nv)) {
                    continue;
                }
                if (!keepSum) {
                    v[i] = nv;
                    return true;
                }
                for (int j : order) {
                    long mv = v[j] - (long) sign * d;
                    long[] bj = bounds.get(j);
                    if (j != i && mv >= bj[0] && mv <= bj[1] && !count.containsKey(mv) && mv != nv) {
                        v[i] = nv;
                        v[j] = mv;
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private long prev(int i) {
        return previous.get(slots[i]);
    }

    private long riseLo() {
        return changeSpec.minRise() == null ? 1 : changeSpec.minRise() + 1;
    }

    private long riseHi() {
        return changeSpec.maxRise() == null ? Long.MAX_VALUE / 4 : changeSpec.maxRise() - 1;
    }

    private long fallLo() {
        return changeSpec.minFall() == null ? 1 : changeSpec.minFall() + 1;
    }

    private long fallHi() {
        return changeSpec.maxFall() == null ? Long.MAX_VALUE / 4 : changeSpec.maxFall() - 1;
    }

    /** Whether a change of a province that is not free keeps the extremes and needs no unchanged slot. */
    private boolean allowedMovable(long c) {
        return c > 0 ? c >= riseLo() && c <= riseHi() : c < 0 && -c >= fallLo() && -c <= fallHi();
    }

    /**
     * Sets the free provinces' changes so the published counts of rises and falls, the extremes and the sum
     * target hold; provinces with a rank but no pinned value are first nudged inside their neighbours so that
     * their own change respects the extremes.
     */
    private void designChanges() {
        ChangeSpec cs = changeSpec;
        int n = slots.length;
        for (int i = 0; i < n; i++) {
            if (!rankBound(slots[i]) || pinned.containsKey(slots[i]) || allowedMovable(v[i] - prev(i))) {
                continue;
            }
            long hi = i == 0 ? max : v[i - 1] - 1;
            long lo = i == n - 1 ? min : v[i + 1] + 1;
            long best = Long.MIN_VALUE;
            for (long d = 1; d <= 10_000 && best == Long.MIN_VALUE; d++) {
                for (long cand : new long[] {v[i] + d, v[i] - d}) {
                    if (cand >= lo && cand <= hi && allowedMovable(cand - prev(i)) && !taken(cand)) {
                        best = cand;
                        break;
                    }
                }
            }
            if (best == Long.MIN_VALUE) {
                throw new Infeasible(label + ": no allowed change for " + slots[i]);
            }
            v[i] = best;
        }
        int rose = 0;
        int fell = 0;
        int same = 0;
        boolean[] hit = new boolean[4];
        List<Integer> adj = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (free(slots[i]) && !locked.contains(slots[i])) {
                adj.add(i);
                continue;
            }
            long c = v[i] - prev(i);
            if (c > 0) {
                rose++;
                if (cs.maxRise() != null && c > cs.maxRise() || cs.minRise() != null && c < cs.minRise()) {
                    throw new IllegalStateException(
                            label + ": change " + c + " of " + slots[i] + " is outside the published extremes");
                }
            } else if (c < 0) {
                fell++;
                if (cs.maxFall() != null && -c > cs.maxFall() || cs.minFall() != null && -c < cs.minFall()) {
                    throw new IllegalStateException(
                            label + ": change " + c + " of " + slots[i] + " is outside the published extremes");
                }
            } else {
                same++;
            }
            hit[0] |= cs.maxRise() != null && c == cs.maxRise();
            hit[1] |= cs.minRise() != null && c == cs.minRise();
            hit[2] |= cs.maxFall() != null && c == -cs.maxFall();
            hit[3] |= cs.minFall() != null && c == -cs.minFall();
        }
        boolean counted = cs.rose() != null;
        int needFell = counted ? cs.fell() - fell : 0;
        int needSame = counted ? cs.unchanged() - same : 0;
        if (counted && (cs.rose() - rose < 0 || needFell < 0 || needSame < 0)) {
            throw new IllegalStateException(label + ": pinned changes already exceed the published counts");
        }
        Map<Integer, long[]> vb = boundsOf(adj);
        Map<Integer, Long> change = new TreeMap<>();
        List<Integer> open = new ArrayList<>(adj);
        List<Long> extremes = new ArrayList<>();
        if (cs.maxRise() != null && !hit[0]) {
            extremes.add(cs.maxRise());
        }
        if (cs.minRise() != null && !hit[1]) {
            extremes.add(cs.minRise());
        }
        if (cs.maxFall() != null && !hit[2]) {
            extremes.add(-cs.maxFall());
        }
        if (cs.minFall() != null && !hit[3]) {
            extremes.add(-cs.minFall());
        }
        for (long target : extremes) {
            Integer best = null;
            for (int i : open) {
                long[] b = vb.get(i);
                long nv = prev(i) + target;
                if (nv >= b[0]
                        && nv <= b[1]
                        && (best == null
                                || Math.abs(v[i] - prev(i) - target) < Math.abs(v[best] - prev(best) - target))) {
                    best = i;
                }
            }
            if (best == null) {
                throw new Infeasible(label + ": no free province can take the change " + target);
            }
            change.put(best, target);
            open.remove(best);
            if (target < 0) {
                needFell--;
            }
        }
        if (counted && needFell < 0) {
            throw new IllegalStateException(label + ": the published extremes need more falls than published");
        }
        for (int u = 0; u < needSame; u++) {
            Integer best = null;
            for (int i : open) {
                long[] b = vb.get(i);
                if (prev(i) >= b[0]
                        && prev(i) <= b[1]
                        && (best == null || Math.abs(v[i] - prev(i)) < Math.abs(v[best] - prev(best)))) {
                    best = i;
                }
            }
            if (best == null) {
                throw new Infeasible(label + ": no free province can stay unchanged");
            }
            change.put(best, 0L);
            open.remove(best);
        }
        List<Integer> byChange = new ArrayList<>(open);
        byChange.sort(Comparator.comparingLong((Integer i) -> v[i] - prev(i)).thenComparingInt(i -> i));
        List<Integer> fallers = new ArrayList<>();
        for (int i : byChange) {
            long[] up = band(i, vb.get(i), true);
            long[] down = band(i, vb.get(i), false);
            if (up[0] > up[1] && down[0] <= down[1]) {
                fallers.add(i);
            }
        }
        for (int i : byChange) {
            boolean wanted = counted ? fallers.size() < needFell : v[i] < prev(i);
            long[] down = band(i, vb.get(i), false);
            if (wanted && !fallers.contains(i) && down[0] <= down[1]) {
                fallers.add(i);
            }
        }
        if (counted && fallers.size() > needFell) {
            throw new Infeasible(label + ": more free provinces must fall than published");
        }
        if (counted && fallers.size() < needFell) {
            throw new Infeasible(label + ": not enough free provinces can fall");
        }
        for (int i : open) {
            boolean falls = fallers.contains(i);
            long[] band = band(i, vb.get(i), !falls);
            if (band[0] > band[1]) {
                throw new Infeasible(
                        label + ": " + slots[i] + " cannot " + (falls ? "fall" : "rise") + " within its bounds");
            }
            long c = v[i] - prev(i);
            long lo = band[0] - prev(i);
            long hi = band[1] - prev(i);
            long spread = Math.min(80, hi - lo);
            if (falls && (c < lo || c > hi)) {
                c = lo + (long) (rng.nextDouble() * (hi - lo + 1));
            } else if (c < lo) {
                c = lo + (long) (rng.nextDouble() * (spread + 1));
            } else if (c > hi) {
                c = hi - (long) (rng.nextDouble() * (spread + 1));
            }
            change.put(i, Math.max(lo, Math.min(hi, c)));
            roleBand.put(i, band);
        }
        for (Map.Entry<Integer, Long> e : change.entrySet()) {
            v[e.getKey()] = prev(e.getKey()) + e.getValue();
        }
        if (sumTarget != null) {
            List<Integer> movers = new ArrayList<>(roleBand.keySet());
            fixSum(movers, roleBand);
        }
    }

    private boolean taken(long x) {
        for (long y : v) {
            if (y == x) {
                return true;
            }
        }
        return false;
    }

    /** Value bounds of a free slot for a rise or a fall inside the published extremes. */
    private long[] band(int i, long[] b, boolean rise) {
        long p = prev(i);
        long lo = rise ? p + riseLo() : p - fallHi();
        long hi = rise ? p + riseHi() : p - fallLo();
        return new long[] {Math.max(lo, b[0]), Math.min(hi, b[1])};
    }

    private Map<Integer, long[]> changeBounds(List<Integer> adj) {
        Map<Integer, long[]> b = new TreeMap<>();
        for (int i : adj) {
            b.put(i, roleBand.getOrDefault(i, new long[] {v[i], v[i]}));
        }
        return b;
    }
}
