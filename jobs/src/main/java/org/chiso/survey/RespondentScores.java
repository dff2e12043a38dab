package org.chiso.survey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chiso.core.ExactSum;

/**
 * One respondent's component scores from its answers, in plain Java: the rules of
 * {@link MicrodataStages#componentScores} and {@link MicrodataStages#withTotals} with the same floating operations in
 * the same order, so the scores have the same bits.
 *
 * <ul>
 *   <li>Item score on 0-1 by {@link Codebook.Item#score}; a component's {@code score01} = the exact mean
 *       ({@link ExactSum.Acc}) of the item scores of its answered items; its scale is the first answered item's
 *       [out_min, out_max]; it is a proportion when every answered item is {@code top2} or {@code binary}.</li>
 *   <li>TOTAL, for an index whose total is the sum of its parts ({@code totalParts}: "index|year" to the part
 *       components) and a respondent with a score on every part: y_k = out_min + (out_max - out_min)·score01 per part,
 *       score01 = (Σy - Σout_min) / (Σout_max - Σout_min) with exact sums, on the scale [Σout_min, Σout_max], not a
 *       proportion.</li>
 * </ul>
 * Answers whose item has no codebook entry for the survey and year are skipped (validation refuses them).
 */
public final class RespondentScores {
    /** The TOTAL component. */
    public static final String TOTAL = "TOTAL";

    /** One component score of a respondent. */
    public record Score(
            String index, String component, double score01, double outMin, double outMax, boolean proportion) {}

    private RespondentScores() {}

    private static final class Part {
        final ExactSum.Acc sum = new ExactSum.Acc();
        final String index;
        final String component;
        final double outMin;
        final double outMax;
        boolean proportion = true;

        Part(Codebook.Item i) {
            index = i.index();
            component = i.component();
            outMin = i.outMin();
            outMax = i.outMax();
        }
    }

    /** The component scores (then the TOTALs) of a respondent of {@code survey} in {@code year}. */
    public static List<Score> of(
            String survey,
            int year,
            List<String> items,
            List<Double> values,
            Codebook.Lookup codebook,
            Map<String, Set<String>> totalParts) {
        Map<String, Map<String, Part>> parts = new LinkedHashMap<>();
        Map<String, List<Codebook.Item>> surveyItems = codebook.items(survey);
        for (int i = 0; i < items.size(); i++) {
            Codebook.Item it = Codebook.Lookup.find(surveyItems, items.get(i), year);
            if (it == null) {
                continue;
            }
            Part p = parts.computeIfAbsent(it.index(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(it.component(), k -> new Part(it));
            p.sum.add(it.score(values.get(i)));
            p.proportion &= it.proportion();
        }
        List<Score> out = new ArrayList<>(16);
        for (Map<String, Part> byComponent : parts.values()) {
            for (Part p : byComponent.values()) {
                out.add(new Score(p.index, p.component, p.sum.mean(p.sum.count()), p.outMin, p.outMax, p.proportion));
            }
        }
        int components = out.size();
        Map<String, ExactSum.Acc[]> totals = new LinkedHashMap<>();
        Map<String, Integer> present = new LinkedHashMap<>();
        for (int k = 0; k < components; k++) {
            Score s = out.get(k);
            Set<String> want = totalParts.get(s.index() + "|" + year);
            if (want == null || !want.contains(s.component())) {
                continue;
            }
            ExactSum.Acc[] t = totals.computeIfAbsent(
                    s.index(), x -> new ExactSum.Acc[] {new ExactSum.Acc(), new ExactSum.Acc(), new ExactSum.Acc()});
            t[0].add(s.outMin() + (s.outMax() - s.outMin()) * s.score01());
            t[1].add(s.outMin());
            t[2].add(s.outMax());
            present.merge(s.index(), 1, Integer::sum);
        }
        for (Map.Entry<String, ExactSum.Acc[]> e : totals.entrySet()) {
            if (present.get(e.getKey())
                    == totalParts.get(e.getKey() + "|" + year).size()) {
                double sy = e.getValue()[0].value();
                double min = e.getValue()[1].value();
                double max = e.getValue()[2].value();
                out.add(new Score(e.getKey(), TOTAL, (sy - min) / (max - min), min, max, false));
            }
        }
        return out;
    }
}
