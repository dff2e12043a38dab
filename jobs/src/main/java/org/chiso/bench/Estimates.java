package org.chiso.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The estimates the engines of {@code ./workbench bench estimate} produce, keyed by {@link #key}, and their comparison:
 * the same cells, and means and SEs within a relative tolerance.
 */
final class Estimates {
    private Estimates() {}

    /** One estimate on the component's reporting scale; {@code n} respondents. */
    record Estimate(long n, double value, double se) {}

    /** Largest relative differences of a comparison over {@code compared} estimates. */
    record Agreement(int compared, double maxRelValue, double maxRelSe, String worstKey) {
        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%,d estimates, max relative difference: mean %.2e, SE %.2e",
                    compared,
                    maxRelValue,
                    maxRelSe);
        }
    }

    /** survey|index|year|domain|component. */
    static String key(String survey, String index, int year, String domain, String component) {
        return survey + "|" + index + "|" + year + "|" + domain + "|" + component;
    }

    /** Adds {@code e} under {@code k}; a second estimate for the same key is an error. */
    static void put(Map<String, Estimate> m, String k, Estimate e) {
        if (m.put(k, e) != null) {
            throw new IllegalStateException("two estimates for " + k);
        }
    }

    /**
     * Compares two sets of estimates: the same keys, and mean and SE within {@code tolerance} relative
     * (|a − b| ≤ tolerance · max(|a|, |b|)). Throws {@link IllegalStateException} naming the worst cells otherwise.
     */
    static Agreement compare(
            Map<String, Estimate> expected, Map<String, Estimate> actual, double tolerance, String what) {
        if (!expected.keySet().equals(actual.keySet())) {
            TreeSet<String> missing = new TreeSet<>(expected.keySet());
            missing.removeAll(actual.keySet());
            TreeSet<String> extra = new TreeSet<>(actual.keySet());
            extra.removeAll(expected.keySet());
            throw new IllegalStateException(what + ": different cells: " + missing.size() + " missing (e.g. "
                    + missing.stream().limit(3).toList() + "), " + extra.size() + " extra (e.g. "
                    + extra.stream().limit(3).toList() + ")");
        }
        double maxV = 0;
        double maxS = 0;
        String worst = null;
        double worstRel = -1;
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Estimate> e : expected.entrySet()) {
            Estimate x = e.getValue();
            Estimate y = actual.get(e.getKey());
            double rv = rel(x.value(), y.value());
            double rs = rel(x.se(), y.se());
            maxV = Math.max(maxV, rv);
            maxS = Math.max(maxS, rs);
            if (Math.max(rv, rs) > worstRel) {
                worstRel = Math.max(rv, rs);
                worst = e.getKey();
            }
            if (!(rv <= tolerance && rs <= tolerance) || x.n() != y.n()) {
                bad.add(String.format(
                        Locale.ROOT,
                        "%s: n %d vs %d, mean %.17g vs %.17g, SE %.17g vs %.17g",
                        e.getKey(),
                        x.n(),
                        y.n(),
                        x.value(),
                        y.value(),
                        x.se(),
                        y.se()));
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "%s: %d of %d estimates differ (n, or mean or SE by more than %.0e relative), e.g.%n  %s",
                    what,
                    bad.size(),
                    expected.size(),
                    tolerance,
                    String.join("\n  ", bad.subList(0, Math.min(5, bad.size())))));
        }
        return new Agreement(expected.size(), maxV, maxS, worst);
    }

    /** |a − b| / max(|a|, |b|): 0 when equal (infinities and zeros too), infinite when either is NaN. */
    static double rel(double a, double b) {
        if (a == b) {
            return 0;
        }
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    }
}
