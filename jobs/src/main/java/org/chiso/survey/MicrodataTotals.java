package org.chiso.survey;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chiso.core.ExactSum;

/**
 * The sufficient statistics of the estimate stage as one mergeable state, in plain Java: per survey, year, index,
 * component, domain, stratum and PSU the respondent count, Σw, Σwy and Σwy² (y the 0-1 score; exact sums,
 * and Σw², Σw²y, Σw²y² for the second stage of a PPS variance;
 * {@link ExactSum.Acc}), kept per secondary sampling unit (SSU) where respondents name one; per survey, year and
 * stratum the PSUs of the design, their SSUs, the fpc and the PSUs' inclusion probabilities; per survey whether it is
 * synthetic. {@link #cells} rolls the SSUs up to their PSU: the exact sums are merged, and the second stage becomes
 * Σ B_c², Σ A_c·B_c, Σ A_c² over the PSU's second-stage units c (A_c = Σwy, B_c = Σw of the unit's domain members):
 * its SSUs, and each respondent that names none as a unit of its own (whose terms are w², w²y, w²y²; without any
 * {@code ssu} the respondents are the second-stage units, as before SSUs were read). The SSU cells keep only the
 * first-order sums, so a state is no larger per respondent than without SSUs. Adding respondents in any order and merging states in any grouping gives the same bits: the statistic
 * on A∪B equals the merge of the statistics on A and on B. The values are those of {@link MicrodataStages#psuTotals}
 * and {@link MicrodataStages#strata}, operation for operation.
 */
public final class MicrodataTotals implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A PSU within a domain, for one component. */
    public record Cell(
            String survey, int year, String index, String component, String domain, String stratum, String psu)
            implements Serializable {}

    /** Statistics of one {@link Cell}: n, the three exact sums, the component's scale and whether it is a proportion. */
    public static final class CellStats implements Serializable {
        private static final long serialVersionUID = 1L;
        private long n;
        private final ExactSum.Acc w = new ExactSum.Acc();
        private final ExactSum.Acc wy = new ExactSum.Acc();
        private final ExactSum.Acc wyy = new ExactSum.Acc();
        // second order (the second stage of a PPS variance, respondents as its units): Σw², Σw²y, Σw²y²; null in the
        // cells of an SSU, whose second stage is its totals'
        private final ExactSum.Acc ww;
        private final ExactSum.Acc wwy;
        private final ExactSum.Acc wwyy;
        private double outMin = Double.NaN;
        private double outMax = Double.NaN;
        private boolean scaleSet;
        private boolean proportion;
        // set by the roll-up of SSUs ({@link MicrodataTotals#cells}): Σ B², Σ A B, Σ A² over the PSU's units
        private double[] units;

        /** Statistics with the respondent-level second-order sums. */
        public CellStats() {
            this(true);
        }

        private CellStats(boolean secondOrder) {
            ww = secondOrder ? new ExactSum.Acc() : null;
            wwy = secondOrder ? new ExactSum.Acc() : null;
            wwyy = secondOrder ? new ExactSum.Acc() : null;
        }

        void add(double weight, RespondentScores.Score s) {
            n++;
            w.add(weight);
            double wyValue = weight * s.score01();
            wy.add(wyValue);
            wyy.add(wyValue * s.score01());
            if (ww != null) {
                double wwValue = weight * weight;
                ww.add(wwValue);
                wwy.add(wwValue * s.score01());
                wwyy.add(wwValue * s.score01() * s.score01());
            }
            if (!scaleSet) {
                outMin = s.outMin();
                outMax = s.outMax();
                scaleSet = true;
            }
            proportion |= s.proportion();
        }

        void merge(CellStats o) {
            n += o.n;
            w.merge(o.w);
            wy.merge(o.wy);
            wyy.merge(o.wyy);
            if (ww != null && o.ww != null) {
                ww.merge(o.ww);
                wwy.merge(o.wwy);
                wwyy.merge(o.wwyy);
            }
            if (!scaleSet && o.scaleSet) {
                outMin = o.outMin;
                outMax = o.outMax;
                scaleSet = true;
            }
            proportion |= o.proportion;
        }

        public long n() {
            return n;
        }

        public double sumW() {
            return w.value();
        }

        public double sumWY() {
            return wy.value();
        }

        public double sumWYY() {
            return wyy.value();
        }

        /** Σ B_c² over the PSU's second-stage units (Σw² when they are its respondents); NaN in an SSU's cell. */
        public double sumWW() {
            return units != null ? units[0] : ww != null ? ww.value() : Double.NaN;
        }

        /** Σ A_c·B_c over the PSU's second-stage units (Σw²y for respondents). */
        public double sumWWY() {
            return units != null ? units[1] : wwy != null ? wwy.value() : Double.NaN;
        }

        /** Σ A_c² over the PSU's second-stage units (Σw²y² for respondents). */
        public double sumWWYY() {
            return units != null ? units[2] : wwyy != null ? wwyy.value() : Double.NaN;
        }

        public double outMin() {
            return outMin;
        }

        public double outMax() {
            return outMax;
        }

        public boolean proportion() {
            return proportion;
        }

        /** The limbs of Σw, Σwy, Σwy² (for tests against the Spark columns). */
        public long[][] limbs() {
            return new long[][] {w.limbs(), wy.limbs(), wyy.limbs()};
        }
    }

    /** A stratum of a survey year's design. */
    public record StratumKey(String survey, int year, String stratum) implements Serializable {}

    /**
     * The PSUs of a stratum in the whole design, its fpc (the smallest non-null value seen; null when none), each
     * PSU's inclusion probability ({@code psu_prob}, the smallest non-null value seen; null when none), its number
     * of respondents, its SSUs ({@code ssu}) and its respondents that name none.
     */
    public static final class StratumStats implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Map<String, Double> psus = new HashMap<>();
        private final Map<String, Long> respondents = new HashMap<>();
        private final Map<String, java.util.Set<String>> ssus = new HashMap<>();
        private final Map<String, Long> withoutSsu = new HashMap<>();
        private Double fpc;

        void add(String psu, String ssu, Double f, Double prob) {
            psus.merge(psu, prob == null ? NO_PROB : prob, StratumStats::minProb);
            respondents.merge(psu, 1L, Long::sum);
            if (ssu == null) {
                withoutSsu.merge(psu, 1L, Long::sum);
            } else {
                ssus.computeIfAbsent(psu, k -> new java.util.HashSet<>()).add(ssu);
            }
            fpc = min(fpc, f);
        }

        void merge(StratumStats o) {
            o.psus.forEach((k, v) -> psus.merge(k, v, StratumStats::minProb));
            o.respondents.forEach((k, v) -> respondents.merge(k, v, Long::sum));
            o.ssus.forEach((k, v) ->
                    ssus.computeIfAbsent(k, x -> new java.util.HashSet<>()).addAll(v));
            o.withoutSsu.forEach((k, v) -> withoutSsu.merge(k, v, Long::sum));
            fpc = min(fpc, o.fpc);
        }

        /** Whether some respondent of the stratum names an SSU. */
        public boolean hasSsus() {
            return !ssus.isEmpty();
        }

        /**
         * The second-stage units m_j of every PSU (by PSU label), the second stage of a PPS variance: its SSUs, and
         * each of its respondents that names none (so its respondents where no SSU is named).
         */
        public Map<String, Long> psuUnits() {
            Map<String, Long> out = new java.util.TreeMap<>(withoutSsu);
            ssus.forEach((k, v) -> out.merge(k, (long) v.size(), Long::sum));
            return out;
        }

        // NaN stands for "no psu_prob on this row" in the map (HashMap.merge takes no null values)
        private static final Double NO_PROB = Double.NaN;

        private static Double minProb(Double a, Double b) {
            return a.isNaN() ? b : b.isNaN() ? a : Double.valueOf(Math.min(a, b));
        }

        /**
         * The inclusion probability of every PSU (by PSU label) when every PSU of the stratum carries one, else null
         * (the stratum is then an equal-probability design, with the fpc if any).
         */
        public Map<String, Double> psuProb() {
            for (Double v : psus.values()) {
                if (v.isNaN()) {
                    return null;
                }
            }
            return new java.util.TreeMap<>(psus);
        }

        private static Double min(Double a, Double b) {
            return a == null ? b : b == null ? a : Double.valueOf(Math.min(a, b));
        }

        public long psuCount() {
            return psus.size();
        }

        public Double fpc() {
            return fpc;
        }
    }

    /**
     * A PSU of a stratum within a domain, and the SSU within it (null when the respondent names none): the cells of
     * one respondent's components share it.
     */
    private record Unit(String survey, int year, String domain, String stratum, String psu, String ssu)
            implements Serializable {}

    // unit -> index -> component -> statistics: one hashed lookup per respondent and domain, then two small maps
    private final Map<Unit, Map<String, Map<String, CellStats>>> units = new HashMap<>();
    private final Map<StratumKey, StratumStats> strata = new HashMap<>();
    private final Map<String, Boolean> synthetic = new HashMap<>();
    private final DesignAlpha alpha = new DesignAlpha();

    /**
     * Adds one accepted respondent: its stratum and PSU to the design, and each of its component scores to the cell of
     * every domain it belongs to ({@code domains}, distinct non-null keys: its VN63 province, its VN34 province and
     * the national domain). A respondent without survey or year counts in no stratum. {@code ssu} is the respondent's
     * secondary sampling unit (null when the design names none); {@code psuProb} is the inclusion probability of the
     * respondent's PSU (null when the design gives none).
     */
    public void addRespondent(
            String survey,
            Integer year,
            List<String> domains,
            String stratum,
            String psu,
            String ssu,
            double weight,
            Double fpc,
            Double psuProb,
            Boolean isSynthetic,
            List<RespondentScores.Score> scores) {
        if (survey != null) {
            synthetic.merge(survey, Boolean.TRUE.equals(isSynthetic), Boolean::logicalOr);
        }
        if (survey == null || year == null) {
            return;
        }
        strata.computeIfAbsent(new StratumKey(survey, year, stratum), k -> new StratumStats())
                .add(psu, ssu, fpc, psuProb);
        for (String d : domains) {
            Map<String, Map<String, CellStats>> byIndex =
                    units.computeIfAbsent(new Unit(survey, year, d, stratum, psu, ssu), k -> new HashMap<>());
            for (RespondentScores.Score s : scores) {
                byIndex.computeIfAbsent(s.index(), k -> new HashMap<>())
                        .computeIfAbsent(s.component(), k -> new CellStats(ssu == null))
                        .add(weight, s);
            }
        }
    }

    /** The design-weighted Cronbach's alphas, filled by the same scan ({@link DesignAlpha#addRespondent}). */
    public DesignAlpha alpha() {
        return alpha;
    }

    /** Adds the statistics of another state (disjoint respondents) to this one and returns this. */
    public MicrodataTotals merge(MicrodataTotals o) {
        o.units.forEach((u, byIndex) -> {
            Map<String, Map<String, CellStats>> mine = units.computeIfAbsent(u, k -> new HashMap<>());
            byIndex.forEach((index, byComponent) -> {
                Map<String, CellStats> m = mine.computeIfAbsent(index, k -> new HashMap<>());
                byComponent.forEach((c, stats) -> m.merge(c, stats, (a, b) -> {
                    a.merge(b);
                    return a;
                }));
            });
        });
        o.strata.forEach((k, v) -> strata.merge(k, v, (a, b) -> {
            a.merge(b);
            return a;
        }));
        o.synthetic.forEach((k, v) -> synthetic.merge(k, v, Boolean::logicalOr));
        alpha.merge(o.alpha);
        return this;
    }

    /**
     * The statistics by cell, the SSUs of a PSU rolled up to it (a new map; the state is not changed): the exact sums
     * merged, and the second-stage sums Σ B_c², Σ A_c·B_c, Σ A_c² over the PSU's units with domain members: its SSUs,
     * added in SSU label order (so the bits do not depend on how the respondents were partitioned), then its
     * respondents without an SSU (Σw², Σw²y, Σw²y²).
     */
    public Map<Cell, CellStats> cells() {
        Map<Cell, java.util.TreeMap<String, CellStats>> parts = new HashMap<>();
        units.forEach((u, byIndex) ->
                byIndex.forEach((index, byComponent) -> byComponent.forEach((c, stats) -> parts.computeIfAbsent(
                                new Cell(u.survey(), u.year(), index, c, u.domain(), u.stratum(), u.psu()),
                                k -> new java.util.TreeMap<>(
                                        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())))
                        .put(u.ssu(), stats))));
        Map<Cell, CellStats> out = new HashMap<>();
        parts.forEach((cell, bySsu) -> {
            if (bySsu.size() == 1 && bySsu.firstKey() == null) {
                out.put(cell, bySsu.firstEntry().getValue()); // no SSUs: the PSU's own statistics
                return;
            }
            CellStats psu = new CellStats(false);
            bySsu.values().forEach(psu::merge);
            double bb = 0;
            double ab = 0;
            double aa = 0;
            for (Map.Entry<String, CellStats> e : bySsu.entrySet()) {
                if (e.getKey() != null) {
                    double a = e.getValue().sumWY();
                    double b = e.getValue().sumW();
                    bb += b * b;
                    ab += a * b;
                    aa += a * a;
                }
            }
            CellStats alone = bySsu.get(null);
            if (alone != null) {
                bb += alone.sumWW();
                ab += alone.sumWWY();
                aa += alone.sumWWYY();
            }
            psu.units = new double[] {bb, ab, aa};
            out.put(cell, psu);
        });
        return out;
    }

    public Map<StratumKey, StratumStats> strata() {
        return strata;
    }

    public Map<String, Boolean> synthetic() {
        return synthetic;
    }

    /** The distinct non-null domains of a respondent, in the given order, plus {@value MicrodataStages#NATIONAL}. */
    public static List<String> domains(String province63, String province34) {
        List<String> out = new ArrayList<>(3);
        for (String d : new String[] {province63, province34, MicrodataStages.NATIONAL}) {
            if (d != null && !out.contains(d)) {
                out.add(d);
            }
        }
        return out;
    }
}
