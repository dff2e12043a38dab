package org.chiso.survey;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chiso.core.ExactSum;

/**
 * The design-weighted Cronbach's alpha of the survey microdata, as R's {@code survey::svycralpha(~x1 + ... + xk,
 * design, na.rm = TRUE)}: α = k/(k−1)·(1 − Σ v_i / v_T), where v_i is the design-weighted variance of item i and v_T
 * that of the respondent's sum of the k items, over the respondents with every item present (complete cases). The
 * variances are Σw x² − (Σw x)²/Σw; svyvar's factors 1/Σw and n/(n−1) are the same in every v and cancel. The sample
 * design enters only through the weights: the stratification and clustering change the variance of α, not α.
 *
 * <p>Two levels per survey, year and index: the items of each component (their 0-1 item scores, {@link
 * Codebook.Item#score}), asked in that year, and the components of the index's TOTAL (their scores on their reporting
 * scales, for a respondent with a TOTAL). One mergeable state, filled in the estimate stage's one scan of the nested
 * microdata; the sums are exact ({@link ExactSum.Sums}), so α does not depend on how the respondents were
 * partitioned.
 */
public final class DesignAlpha implements Serializable {
    private static final long serialVersionUID = 1L;
    /** How the alphas are computed, for the manifest. */
    public static final String CONVENTION = "survey::svycralpha(~x1 + ... + xk, design, na.rm = TRUE): k/(k-1) (1 - "
            + "sum of the items' design-weighted variances / that of their sum), over the complete cases of the year's "
            + "accepted respondents (national); items = a component's items asked that year (0-1 item scores), "
            + "components = a TOTAL's parts (scores on their reporting scales) for respondents with a TOTAL";
    /** Items level of an alpha: the items of a component. */
    public static final String ITEMS = "items";
    /** Items level of an alpha: the components of a TOTAL. */
    public static final String COMPONENTS = "components";

    /** An alpha's cell: survey, year, index, aggregate (a component or TOTAL) and what its items are. */
    public record Key(String survey, int year, String index, String aggregate, String itemsLevel)
            implements Serializable, Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = survey.compareTo(o.survey);
            c = c != 0 ? c : Integer.compare(year, o.year);
            c = c != 0 ? c : index.compareTo(o.index);
            c = c != 0 ? c : itemsLevel.compareTo(o.itemsLevel);
            return c != 0 ? c : aggregate.compareTo(o.aggregate);
        }
    }

    /** One alpha: its items (in order), complete cases, their weight and α (NaN when k &lt; 2 or v_T is 0). */
    public record Result(Key key, List<String> items, long n, double sumW, double alpha) {}

    /** The sums of one cell over its complete cases: slot 0 Σw, then Σw·x_i, Σw·x_i² per item, then Σw·T, Σw·T². */
    private static final class Cell implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<String> items;
        final ExactSum.Sums sums;
        long n;

        Cell(List<String> items) {
            this.items = items;
            this.sums = new ExactSum.Sums(3 + 2 * items.size());
        }

        void add(double w, double[] x) {
            int k = x.length;
            double t = 0;
            for (double v : x) {
                t += v;
            }
            sums.add(0, w);
            for (int i = 0; i < k; i++) {
                sums.add(1 + 2 * i, w * x[i]);
                sums.add(2 + 2 * i, w * x[i] * x[i]);
            }
            sums.add(1 + 2 * k, w * t);
            sums.add(2 + 2 * k, w * t * t);
            n++;
        }

        void merge(Cell o) {
            sums.merge(o.sums);
            n += o.n;
        }

        Result result(Key key) {
            int k = items.size();
            double sw = sums.value(0);
            double sv = 0;
            for (int i = 0; i < k; i++) {
                sv += variance(sw, sums.value(1 + 2 * i), sums.value(2 + 2 * i));
            }
            double vt = variance(sw, sums.value(1 + 2 * k), sums.value(2 + 2 * k));
            double alpha = k < 2 || !(vt > 0) ? Double.NaN : k / (k - 1.0) * (1 - sv / vt);
            return new Result(key, items, n, sw, alpha);
        }
    }

    private final Map<Key, Cell> cells = new HashMap<>();
    // survey|year -> index|component -> the items asked that year (sorted); built lazily inside each task
    private transient Map<String, Map<String, List<String>>> asked;

    /** The weighted sum of squares about the weighted mean, Σw x² − (Σw x)²/Σw, from the three sums. */
    static double variance(double sw, double swx, double swxx) {
        return swxx - swx * swx / sw;
    }

    /**
     * Adds one complete case of {@code key}: its weight and item values (in the order of {@code items}, the same on
     * every call for a key). A respondent with a missing item is not a complete case and is not added.
     */
    public void add(Key key, List<String> items, double weight, double[] x) {
        cells.computeIfAbsent(key, k -> new Cell(List.copyOf(items))).add(weight, x);
    }

    /**
     * Adds one accepted respondent: its answers ({@code items}, {@code values}, as nested) to the alpha of every
     * component whose asked items it all answered, and its component scores ({@code scores}, with the TOTALs that
     * {@link RespondentScores#of} gives) to the alpha of every TOTAL it has.
     */
    public void addRespondent(
            String survey,
            int year,
            double weight,
            List<String> items,
            List<Double> values,
            Codebook.Lookup codebook,
            Map<String, Set<String>> totalParts,
            List<RespondentScores.Score> scores) {
        Map<String, List<Codebook.Item>> surveyItems = codebook.items(survey);
        Map<String, Map<String, Double>> answered = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Codebook.Item it = Codebook.Lookup.find(surveyItems, items.get(i), year);
            if (it != null) {
                answered.computeIfAbsent(it.index() + "|" + it.component(), k -> new HashMap<>())
                        .put(it.item(), it.score(values.get(i)));
            }
        }
        Map<String, List<String>> byComponent = asked(survey, year, surveyItems);
        answered.forEach((ic, scoresByItem) -> {
            List<String> want = byComponent.get(ic);
            if (want == null || want.size() < 2 || scoresByItem.size() != want.size()) {
                return;
            }
            double[] x = new double[want.size()];
            for (int i = 0; i < x.length; i++) {
                Double v = scoresByItem.get(want.get(i));
                if (v == null) {
                    return;
                }
                x[i] = v;
            }
            int bar = ic.indexOf('|');
            add(new Key(survey, year, ic.substring(0, bar), ic.substring(bar + 1), ITEMS), want, weight, x);
        });
        for (RespondentScores.Score total : scores) {
            if (!RespondentScores.TOTAL.equals(total.component())) {
                continue;
            }
            Set<String> parts = totalParts.get(total.index() + "|" + year);
            TreeMap<String, Double> y = new TreeMap<>();
            for (RespondentScores.Score s : scores) {
                if (s.index().equals(total.index()) && parts.contains(s.component())) {
                    y.put(s.component(), s.outMin() + (s.outMax() - s.outMin()) * s.score01());
                }
            }
            double[] x = y.values().stream().mapToDouble(Double::doubleValue).toArray();
            add(
                    new Key(survey, year, total.index(), RespondentScores.TOTAL, COMPONENTS),
                    new ArrayList<>(y.keySet()),
                    weight,
                    x);
        }
    }

    private Map<String, List<String>> asked(String survey, int year, Map<String, List<Codebook.Item>> surveyItems) {
        if (asked == null) {
            asked = new HashMap<>();
        }
        return asked.computeIfAbsent(survey + "|" + year, k -> {
            Map<String, TreeSet<String>> sets = new HashMap<>();
            surveyItems.forEach((code, entries) -> {
                Codebook.Item it = Codebook.Lookup.find(surveyItems, code, year);
                if (it != null) {
                    sets.computeIfAbsent(it.index() + "|" + it.component(), x -> new TreeSet<>())
                            .add(code);
                }
            });
            Map<String, List<String>> out = new HashMap<>();
            sets.forEach((ic, s) -> out.put(ic, List.copyOf(s)));
            return out;
        });
    }

    /** Adds the sums of another state (disjoint respondents) to this one and returns this. */
    public DesignAlpha merge(DesignAlpha o) {
        o.cells.forEach((k, c) -> cells.merge(k, c, (a, b) -> {
            a.merge(b);
            return a;
        }));
        return this;
    }

    /** Every cell's alpha, in key order. */
    public List<Result> results() {
        List<Result> out = new ArrayList<>();
        new TreeMap<>(cells).forEach((k, c) -> out.add(c.result(k)));
        return out;
    }
}
