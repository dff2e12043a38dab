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
 * and Hartley-Rao (from the PSUs' inclusion probabilities, with the respondents of each PSU as second
 * stage, as the estimate stage runs them), Brewer's first stage alone (R's one-stage {@code pps="brewer"}),
 * and the equal-probability correction (1 − n_h/N_h) from the {@code fpc} column that the estimator used to
 * apply to these PPS designs.
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
        BREWER_ONE_STAGE("brewer, first stage only (R one-stage pps=\"brewer\")"),
        EQUAL_PROBABILITY_FPC("equal-probability fpc (1 - n/N), the former default");

        final String label;

        Option(String label) {
            this.label = label;
        }
    }

    /** Cells and cells covered, per option, against the model truth and the finite-population truth. */
    public static final class Result {
        public int cells;
        public final int[] coverModel = new int[Option.values().length];
        public final int[] coverFinite = new int[Option.values().length];

        public double model(Option o) {
            return coverModel[o.ordinal()] / (double) cells;
        }

        public double finite(Option o) {
            return coverFinite[o.ordinal()] / (double) cells;
        }

        void add(Result r) {
            cells += r.cells;
            for (int i = 0; i < coverModel.length; i++) {
                coverModel[i] += r.coverModel[i];
                coverFinite[i] += r.coverFinite[i];
            }
        }

        public String table() {
            StringBuilder b = new StringBuilder(String.format(
                    Locale.ROOT, "%-52s %12s %12s%n", "variance (" + cells + " cells)", "model truth", "finite truth"));
            for (Option o : Option.values()) {
                b.append(String.format(
                        Locale.ROOT, "%-52s %11.1f%% %11.1f%%%n", o.label, 100 * model(o), 100 * finite(o)));
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
            for (SyntheticDesign.Stratum st : d.strata()) {
                long[] rg = m.stratumRange(year, st.index());
                for (long g = rg[0]; g < rg[1]; g++) {
                    Row resp = m.respondent(g);
                    double w = resp.getDouble(8);
                    int j = psuIndex.get(resp.getString(5));
                    respondents[j]++;
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
                        }
                    }
                }
            }
            for (SyntheticDesign.Stratum st : d.strata()) {
                List<SyntheticDesign.Psu> psus = byStratum.get(st.index());
                Map<String, Double> probs = new LinkedHashMap<>();
                Map<String, Long> sizes = new LinkedHashMap<>();
                psus.forEach(p -> probs.put(p.id(), p.prob()));
                psus.forEach(p -> sizes.put(p.id(), respondents[p.index()]));
                List<Stratum> pps = List.of(new Stratum(st.key(), psus.size(), null, probs, sizes));
                List<Stratum> oneStage = List.of(new Stratum(st.key(), psus.size(), null, probs));
                List<Stratum> equal = List.of(new Stratum(st.key(), psus.size(), (double) st.frameDistricts()));
                for (int k = 0; k < nk; k++) {
                    double model = d.truth(year, st.index(), k);
                    if (Double.isNaN(model)) {
                        continue;
                    }
                    double finite = d.finitePopulationTruth(year, st.index(), k);
                    List<PsuTotals> totals = new ArrayList<>();
                    for (SyntheticDesign.Psu p : psus) {
                        int j = p.index();
                        if (cnt[j][k] > 0) {
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
                    for (Option o : Option.values()) {
                        DomainEstimate e = switch (o) {
                            case EQUAL_PROBABILITY_FPC -> TaylorEstimator.mean(totals, equal, base);
                            case BREWER_ONE_STAGE ->
                                TaylorEstimator.mean(totals, oneStage, base.withPps(PpsVariance.BREWER));
                            default -> TaylorEstimator.mean(totals, pps, base.withPps(PpsVariance.valueOf(o.name())));
                        };
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
