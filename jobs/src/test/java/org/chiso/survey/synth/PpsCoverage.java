package org.chiso.survey.synth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.chiso.core.ProvinceRegistry;
import org.chiso.survey.CiMethod;
import org.chiso.survey.DesignOptions;
import org.chiso.survey.DomainEstimate;
import org.chiso.survey.PpsVariance;
import org.chiso.survey.PsuTotals;
import org.chiso.survey.Stratum;
import org.chiso.survey.TaylorEstimator;

/**
 * Coverage of the province x year x component intervals of the SYNTHETIC surveys against the two planted
 * truths, per variance option, in plain Java (no Spark): the respondents and answers of {@link
 * RespondentModel}, each respondent's component score as the estimate stage computes it (mean item score
 * on the reporting scale), PSU totals per province, year and component, and {@link TaylorEstimator} with
 * the estimate stage's default interval (t with the domain's df) at 95%.
 *
 * <p>Options: the with-replacement variance ({@code --pps with-replacement}, the default), Brewer, Overton
 * and Hartley-Rao (from the PSUs' inclusion probabilities, with the communes (SSUs) of each PSU as second-stage
 * units and Satterthwaite's df, as the estimate stage runs them on microdata with an {@code ssu} column), Brewer
 * with the respondents as second-stage units (microdata without {@code ssu}), Brewer's first stage alone (R's
 * one-stage {@code pps="brewer"}), and the equal-probability correction (1 − n_h/N_h) from the {@code fpc} column
 * that the estimator used to apply to these PPS designs. Beside the coverage, the table gives Σ V̂ / Σ (ȳ − θ)²
 * against each truth on the 0-1 scale (about 1 for a variance that is right on average) and the mean df of the
 * intervals.
 *
 * <p>Run (from {@code jobs/}, after {@code mvn -o -q test-compile dependency:build-classpath
 * -Dmdep.outputFile=cp.txt}): {@code java -cp target/test-classes:target/classes:$(cat cp.txt)
 * org.chiso.survey.synth.PpsCoverage SEEDS [YEARS]} (comma-separated; years default 2017-2024).
 */
public final class PpsCoverage {

    /** The options compared, in report order. */
    public enum Option {
        WITH_REPLACEMENT("with-replacement (default)"),
        BREWER("brewer"),
        OVERTON("overton"),
        HARTLEY_RAO("hartley-rao"),
        BREWER_RESPONDENTS("brewer, respondents as the second stage"),
        BREWER_ONE_STAGE("brewer, first stage only (R one-stage pps=\"brewer\")"),
        EQUAL_PROBABILITY_FPC("equal-probability fpc (1 - n/N), the former default");

        final String label;

        Option(String label) {
            this.label = label;
        }
    }

    /**
     * Cells and cells covered, per option, against the model truth and the finite-population truth; and, on the 0-1
     * scale, the sum of the estimated variances and of the squared errors against either truth (their ratio says
     * whether a variance is too small or too large on average, apart from its interval's df).
     */
    public static final class Result {
        public int cells;
        public final int[] coverModel = new int[Option.values().length];
        public final int[] coverFinite = new int[Option.values().length];
        public final double[] sumVariance = new double[Option.values().length];
        public final double[] sumDf = new double[Option.values().length];
        public double sqErrorModel;
        public double sqErrorFinite;

        public double model(Option o) {
            return coverModel[o.ordinal()] / (double) cells;
        }

        public double finite(Option o) {
            return coverFinite[o.ordinal()] / (double) cells;
        }

        /** Σ estimated variance / Σ squared error against the model truth. */
        public double varianceRatioModel(Option o) {
            return sumVariance[o.ordinal()] / sqErrorModel;
        }

        /** Σ estimated variance / Σ squared error against the finite-population truth. */
        public double varianceRatioFinite(Option o) {
            return sumVariance[o.ordinal()] / sqErrorFinite;
        }

        void add(Result r) {
            cells += r.cells;
            for (int i = 0; i < coverModel.length; i++) {
                coverModel[i] += r.coverModel[i];
                coverFinite[i] += r.coverFinite[i];
                sumVariance[i] += r.sumVariance[i];
                sumDf[i] += r.sumDf[i];
            }
            sqErrorModel += r.sqErrorModel;
            sqErrorFinite += r.sqErrorFinite;
        }

        public String table() {
            StringBuilder b = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%-52s %12s %12s %10s %10s %8s%n",
                    "variance (" + cells + " cells)",
                    "model truth",
                    "finite truth",
                    "V/MSE mod",
                    "V/MSE fin",
                    "mean df"));
            for (Option o : Option.values()) {
                b.append(String.format(
                        Locale.ROOT,
                        "%-52s %11.1f%% %11.1f%% %10.2f %10.2f %8.2f%n",
                        o.label,
                        100 * model(o),
                        100 * finite(o),
                        varianceRatioModel(o),
                        varianceRatioFinite(o),
                        sumDf[o.ordinal()] / cells));
            }
            return b.toString();
        }
    }

    private PpsCoverage() {}

    /** Coverage over both surveys, the given seeds and years (realistic designs, scale 1). */
    public static Result measure(List<Long> seeds, List<Integer> years, ProvinceRegistry registry) {
        Result all = new Result();
        for (long seed : seeds) {
            for (SyntheticDesign.Survey s : SyntheticDesign.Survey.values()) {
                all.add(measure(SyntheticDesign.create(s, seed, registry, SyntheticDesign.Params.REALISTIC), years));
            }
        }
        return all;
    }

    /** Coverage of one design over some years. */
    public static Result measure(SyntheticDesign d, List<Integer> years) {
        SyntheticDesign.Survey s = d.survey();
        RespondentModel m = d.model(years, 1);
        m = m.withCounts(m.countsInJava());
        Map<String, SynthCodebook.Item> items = new HashMap<>();
        d.items().forEach(i -> items.put(i.item(), i));
        Map<String, Integer> psuIndex = new HashMap<>();
        for (SyntheticDesign.Psu p : d.psus()) {
            psuIndex.put(p.id(), psuIndex.size());
        }
        int nk = d.components().size();
        int np = d.psus().size();
        double range = s.outMax() - s.outMin();

        // the design of a province in each option
        Map<Integer, List<SyntheticDesign.Psu>> byStratum = new LinkedHashMap<>();
        for (SyntheticDesign.Psu p : d.psus()) {
            byStratum.computeIfAbsent(p.stratum(), k -> new ArrayList<>()).add(p);
        }
        DesignOptions base =
                DesignOptions.defaults().withCiMethod(CiMethod.valueOf(System.getProperty("coverage.ci", "T_DOMAIN")));
        Result r = new Result();
        for (int year : years) {
            double[][] sw = new double[np][nk];
            double[][] swy = new double[np][nk];
            double[][] swyy = new double[np][nk];
            double[][] sww = new double[np][nk];
            double[][] swwy = new double[np][nk];
            double[][] swwyy = new double[np][nk];
            long[][] cnt = new long[np][nk];
            long[] respondents = new long[np];
            // per commune (SSU): A = Σ w y and B = Σ w of its respondents with a score, by component
            Map<String, double[][]> ssuSums = new LinkedHashMap<>();
            Map<String, Integer> ssuPsu = new HashMap<>();
            for (SyntheticDesign.Stratum st : d.strata()) {
                long[] rg = m.stratumRange(year, st.index());
                for (long g = rg[0]; g < rg[1]; g++) {
                    Row resp = m.respondent(g);
                    double w = resp.getDouble(8);
                    int j = psuIndex.get(resp.getString(5));
                    respondents[j]++;
                    double[][] ab = ssuSums.computeIfAbsent(resp.getString(6), x -> new double[2][nk]);
                    ssuPsu.put(resp.getString(6), j);
                    double[] sum = new double[nk];
                    int[] c = new int[nk];
                    for (Row a : m.answers(g)) {
                        SynthCodebook.Item it = items.get(a.getString(3));
                        int k = d.componentIndex(it.component());
                        sum[k] += it.score(a.getDouble(4));
                        c[k]++;
                    }
                    for (int k = 0; k < nk; k++) {
                        if (c[k] > 0) {
                            double y = s.outMin() + range * sum[k] / c[k];
                            sw[j][k] += w;
                            swy[j][k] += w * y;
                            swyy[j][k] += w * y * y;
                            sww[j][k] += w * w;
                            swwy[j][k] += w * w * y;
                            swwyy[j][k] += w * w * y * y;
                            cnt[j][k]++;
                            ab[0][k] += w * y;
                            ab[1][k] += w;
                        }
                    }
                }
            }
            // the second stage on the communes: per PSU Σ B², Σ A B, Σ A² over its communes, and their number
            double[][] cbb = new double[np][nk];
            double[][] cab = new double[np][nk];
            double[][] caa = new double[np][nk];
            long[] communes = new long[np];
            ssuSums.forEach((ssu, ab) -> {
                int j = ssuPsu.get(ssu);
                communes[j]++;
                for (int k = 0; k < nk; k++) {
                    cbb[j][k] += ab[1][k] * ab[1][k];
                    cab[j][k] += ab[0][k] * ab[1][k];
                    caa[j][k] += ab[0][k] * ab[0][k];
                }
            });
            for (SyntheticDesign.Stratum st : d.strata()) {
                List<SyntheticDesign.Psu> psus = byStratum.get(st.index());
                Map<String, Double> probs = new LinkedHashMap<>();
                Map<String, Long> sizes = new LinkedHashMap<>();
                Map<String, Long> ssus = new LinkedHashMap<>();
                psus.forEach(p -> probs.put(p.id(), p.prob()));
                psus.forEach(p -> sizes.put(p.id(), respondents[p.index()]));
                psus.forEach(p -> ssus.put(p.id(), communes[p.index()]));
                List<Stratum> pps = List.of(new Stratum(st.key(), psus.size(), null, probs, ssus));
                List<Stratum> ppsRespondents = List.of(new Stratum(st.key(), psus.size(), null, probs, sizes));
                List<Stratum> oneStage = List.of(new Stratum(st.key(), psus.size(), null, probs));
                List<Stratum> equal = List.of(new Stratum(st.key(), psus.size(), (double) st.frameDistricts()));
                for (int k = 0; k < nk; k++) {
                    double model = d.truth(year, st.index(), k);
                    if (Double.isNaN(model)) {
                        continue;
                    }
                    double finite = d.finitePopulationTruth(year, st.index(), k);
                    List<PsuTotals> totals = new ArrayList<>();
                    List<PsuTotals> bySsu = new ArrayList<>();
                    for (SyntheticDesign.Psu p : psus) {
                        int j = p.index();
                        if (cnt[j][k] > 0) {
                            bySsu.add(new PsuTotals(
                                    st.key(),
                                    p.id(),
                                    sw[j][k],
                                    swy[j][k],
                                    swyy[j][k],
                                    cnt[j][k],
                                    cbb[j][k],
                                    cab[j][k],
                                    caa[j][k]));
                            totals.add(new PsuTotals(
                                    st.key(),
                                    p.id(),
                                    sw[j][k],
                                    swy[j][k],
                                    swyy[j][k],
                                    cnt[j][k],
                                    sww[j][k],
                                    swwy[j][k],
                                    swwyy[j][k]));
                        }
                    }
                    r.cells++;
                    boolean first = true;
                    for (Option o : Option.values()) {
                        DomainEstimate e = switch (o) {
                            case EQUAL_PROBABILITY_FPC -> TaylorEstimator.mean(totals, equal, base);
                            case BREWER_ONE_STAGE ->
                                TaylorEstimator.mean(totals, oneStage, base.withPps(PpsVariance.BREWER));
                            case BREWER_RESPONDENTS ->
                                TaylorEstimator.mean(totals, ppsRespondents, base.withPps(PpsVariance.BREWER));
                            default -> TaylorEstimator.mean(bySsu, pps, base.withPps(PpsVariance.valueOf(o.name())));
                        };
                        if (first) {
                            r.sqErrorModel += (e.mean() - model) * (e.mean() - model) / (range * range);
                            r.sqErrorFinite += (e.mean() - finite) * (e.mean() - finite) / (range * range);
                            first = false;
                        }
                        r.sumVariance[o.ordinal()] += e.variance() / (range * range);
                        r.sumDf[o.ordinal()] += e.df();
                        r.coverModel[o.ordinal()] += e.ciLow() <= model && model <= e.ciHigh() ? 1 : 0;
                        r.coverFinite[o.ordinal()] += e.ciLow() <= finite && finite <= e.ciHigh() ? 1 : 0;
                    }
                }
            }
        }
        return r;
    }

    public static void main(String[] args) {
        List<Long> seeds = new ArrayList<>();
        for (String x : args[0].split(",")) {
            seeds.add(Long.parseLong(x.trim()));
        }
        List<Integer> years = args.length > 1
                ? java.util.Arrays.stream(args[1].split(","))
                        .map(x -> Integer.parseInt(x.trim()))
                        .toList()
                : SyntheticDesign.DEFAULT_YEARS;
        Result r = measure(seeds, years, ProvinceRegistry.load());
        System.out.print("seeds " + seeds + ", years " + years + "\n" + r.table());
    }
}
