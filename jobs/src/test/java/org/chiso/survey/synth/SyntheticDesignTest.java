package org.chiso.survey.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.chiso.core.ProvinceRegistry;
import org.chiso.survey.synth.SyntheticDesign.Survey;
import org.junit.jupiter.api.Test;

/** Plain-Java tests of the synthetic design, truths and respondent model (no Spark). */
class SyntheticDesignTest {
    private static final ProvinceRegistry REGISTRY = ProvinceRegistry.load();

    private static SyntheticDesign design(Survey s, long seed) {
        return SyntheticDesign.create(s, seed, REGISTRY, SyntheticDesign.Params.REALISTIC);
    }

    @Test
    void papiLayoutAtScaleOne() {
        SyntheticDesign d = design(Survey.PAPI, 7);
        assertEquals(63, d.strata().size());
        assertEquals(57 * 3 + 6 * 6, d.psus().size());
        assertEquals(2 * d.psus().size(), d.ssus().size());
        assertEquals(2 * d.ssus().size(), d.villages().size());
        long perYear = d.respondentsPerYear(1);
        assertEquals(57 * 12 * 16 + 6 * 24 * 24, perYear);
        assertTrue(perYear >= 14_000 && perYear <= 16_000, "PAPI-like respondents a year: " + perYear);
        assertEquals(10 * perYear, d.respondentsPerYear(10), "scale multiplies the takes, not the PSUs");
        for (SyntheticDesign.Village v : d.villages()) {
            assertEquals(d.strata().get(v.stratum()).large() ? 24 : 16, v.take());
        }
        checkNesting(d);
    }

    @Test
    void sipasLayoutMatchesThe2024Counts() {
        SyntheticDesign d = design(Survey.SIPAS, 7);
        assertEquals(63, d.strata().size());
        assertEquals(195, d.psus().size());
        assertEquals(385, d.ssus().size());
        assertEquals(1_170, d.villages().size());
        assertEquals(36_525, d.respondentsPerYear(1));
        checkNesting(d);
    }

    private static void checkNesting(SyntheticDesign d) {
        Map<Integer, Integer> psusPerStratum = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (SyntheticDesign.Psu p : d.psus()) {
            SyntheticDesign.Stratum st = d.strata().get(p.stratum());
            assertTrue(p.id().startsWith(st.key() + "-D"), p.id());
            assertTrue(p.frameNumber() >= 1 && p.frameNumber() <= st.frameDistricts(), p.toString());
            assertTrue(ids.add(p.id()), "duplicate PSU " + p.id());
            psusPerStratum.merge(p.stratum(), 1, Integer::sum);
        }
        for (SyntheticDesign.Stratum st : d.strata()) {
            int n = psusPerStratum.getOrDefault(st.index(), 0);
            assertTrue(n >= 2, "stratum " + st.key() + " has " + n + " PSUs");
            assertTrue(st.frameDistricts() >= 8 && st.frameDistricts() <= 30, "fpc " + st.frameDistricts());
            assertTrue(st.frameDistricts() > n);
            double shares = 0;
            for (int c = 0; c < RespondentModel.CELLS; c++) {
                shares += st.cellShare(c);
            }
            assertEquals(1.0, shares, 1e-12);
        }
        for (SyntheticDesign.Ssu c : d.ssus()) {
            assertTrue(c.id().startsWith(d.psus().get(c.psu()).id() + "-C"), c.id());
            assertTrue(ids.add(c.id()), "duplicate commune " + c.id());
        }
        for (SyntheticDesign.Village v : d.villages()) {
            assertTrue(v.id().startsWith(d.ssus().get(v.ssu()).id() + "-V"), v.id());
            assertEquals(d.psus().get(v.psu()).stratum(), v.stratum());
            assertTrue(ids.add(v.id()), "duplicate village " + v.id());
        }
    }

    @Test
    void truthsStayOnTheirScalesPersistAndCorrelate() {
        for (Survey s : Survey.values()) {
            SyntheticDesign d = design(s, 11);
            List<SyntheticDesign.Truth> truths = d.truths(SyntheticDesign.DEFAULT_YEARS);
            for (SyntheticDesign.Truth t : truths) {
                assertTrue(t.value() > s.outMin() && t.value() < s.outMax(), t.toString());
                if (s == Survey.PAPI) {
                    assertTrue(t.value() >= 1.4 && t.value() <= 9.6, t.toString());
                } else {
                    assertTrue(t.value() >= 60 && t.value() <= 99, t.toString());
                }
            }
            int k = 0;
            double[] a = new double[63];
            double[] b = new double[63];
            for (int h = 0; h < 63; h++) {
                a[h] = d.truth(2018, h, k);
                b[h] = d.truth(2024, h, k);
            }
            assertTrue(correlation(a, b) > 0.5, s + ": province truths persist across years: " + correlation(a, b));
            double[] c = new double[63];
            double sum = 0;
            int pairs = 0;
            for (int k1 = 0; k1 < d.components().size(); k1++) {
                for (int k2 = k1 + 1; k2 < d.components().size(); k2++) {
                    for (int h = 0; h < 63; h++) {
                        a[h] = d.truth(2021, h, k1);
                        c[h] = d.truth(2021, h, k2);
                    }
                    sum += correlation(a, c);
                    pairs++;
                }
            }
            assertTrue(sum / pairs > 0.15, s + ": components correlate across provinces: " + sum / pairs);
        }
        SyntheticDesign papi = design(Survey.PAPI, 11);
        // D7 and D8 start in 2018, as in the real PAPI
        assertTrue(Double.isNaN(papi.truth(2017, 0, papi.componentIndex("D8"))));
        assertFalse(Double.isNaN(papi.truth(2018, 0, papi.componentIndex("D8"))));
        assertEquals(63 * 6 + 6, papi.truths(List.of(2017)).size());
        assertEquals(63 * 8 + 8, papi.truths(List.of(2024)).size());
        // national PAPI levels near the published 2018-2024 means (4-8 for D1-D6, about 3-4 for D7, D8)
        for (SyntheticDesign.Truth t : papi.truths(List.of(2021))) {
            if (t.provinceKey().equals("VN")) {
                double expected = SyntheticDesign.componentModels(Survey.PAPI)
                        .get(papi.componentIndex(t.component()))
                        .level2020();
                assertEquals(expected, t.value(), 0.6, t.toString());
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameDesignAndAnswers() {
        for (Survey s : Survey.values()) {
            SyntheticDesign d1 = design(s, 2024);
            SyntheticDesign d2 = design(s, 2024);
            SyntheticDesign d3 = design(s, 2025);
            assertEquals(d1.psus(), d2.psus());
            assertEquals(d1.villages(), d2.villages());
            assertEquals(d1.truths(SyntheticDesign.DEFAULT_YEARS), d2.truths(SyntheticDesign.DEFAULT_YEARS));
            assertNotEquals(d1.truths(SyntheticDesign.DEFAULT_YEARS), d3.truths(SyntheticDesign.DEFAULT_YEARS));
            RespondentModel m1 = tinyModel(d1);
            RespondentModel m2 = tinyModel(d2);
            for (long g = 0; g < m1.totalRespondents(); g += 97) {
                assertEquals(m1.respondent(g), m2.respondent(g));
                assertEquals(m1.answers(g), m2.answers(g));
            }
        }
    }

    private static RespondentModel tinyModel(SyntheticDesign d) {
        RespondentModel m = d.model(List.of(2018, 2024), 1);
        return m.withCounts(m.countsInJava());
    }

    @Test
    void respondentsAndAnswersAreWellFormed() {
        for (Survey s : Survey.values()) {
            SyntheticDesign d = SyntheticDesign.create(s, 5, REGISTRY, new SyntheticDesign.Params(4, 0));
            RespondentModel m = tinyModel(d);
            Map<String, SynthCodebook.Item> items = new HashMap<>();
            d.items().forEach(i -> items.put(i.item(), i));
            String previous = "";
            Map<String, Double> weightTotals = new HashMap<>();
            for (long g = 0; g < m.totalRespondents(); g++) {
                Row r = m.respondent(g);
                String key = r.getInt(1) + "|" + r.getString(2);
                assertTrue(key.compareTo(previous) > 0, "index order is (year, respondent_id) order");
                previous = key;
                assertEquals(s.surveyName(), r.getString(0));
                assertTrue(r.getString(5).startsWith(r.getString(4) + "-"), "PSU inside its stratum");
                assertTrue(r.getDouble(8) > 0);
                assertTrue(r.getBoolean(14));
                weightTotals.merge(r.getInt(1) + r.getString(3), r.getDouble(8), Double::sum);
                for (Row a : m.answers(g)) {
                    SynthCodebook.Item it = items.get(a.getString(3));
                    assertTrue(it.activeIn(r.getInt(1)));
                    double v = a.getDouble(4);
                    assertTrue(v >= it.answerMin() && v <= it.answerMax() && v == Math.rint(v), a.toString());
                    assertEquals(r.getString(2), a.getString(2));
                }
            }
            for (SyntheticDesign.Stratum st : d.strata()) {
                assertEquals(
                        d.adultPopulation(st.index(), 2024),
                        weightTotals.get(2024 + st.key()),
                        1e-6,
                        "weights add up to the province's adults");
            }
        }
    }

    @Test
    void codebookHasTwoToFourItemsPerComponentAndYear() {
        for (Survey s : Survey.values()) {
            List<SyntheticDesign.ComponentModel> comps = SyntheticDesign.componentModels(s);
            for (int year = SyntheticDesign.FIRST_YEAR; year <= SyntheticDesign.LAST_YEAR; year++) {
                for (SyntheticDesign.ComponentModel c : comps) {
                    int y = year;
                    long n = SynthCodebook.items(s).stream()
                            .filter(i -> i.component().equals(c.code()) && i.activeIn(y))
                            .count();
                    boolean late = s == Survey.PAPI
                            && year < 2018
                            && (c.code().equals("D7") || c.code().equals("D8"));
                    assertTrue(late ? n == 0 : n >= 2 && n <= 4, s + " " + c.code() + " " + year + ": " + n + " items");
                }
            }
            for (SynthCodebook.Item i : SynthCodebook.items(s)) {
                assertEquals(s.index(), i.index());
                assertEquals(s.outMin(), i.outMin());
                assertEquals(s.outMax(), i.outMax());
                if (s == Survey.SIPAS) {
                    assertNotEquals(SynthCodebook.Rule.MEAN, i.rule(), "SIPAS components are proportions");
                }
            }
        }
        String csv = SynthCodebook.csv(SyntheticSurveys.SURVEYS);
        assertTrue(
                csv.startsWith(
                        "survey,year_from,year_to,item,indicator,component,index,answer_min,answer_max,reverse,rule,out_min,out_max,label\n"));
        assertTrue(csv.contains("PAPI-SYNTH,2017,2025,P_D1_CONTRIB,SC14,D1,PAPI,1,5,Y,mean,1,10,"));
        assertTrue(csv.contains("SIPAS-SYNTH,2017,2025,S_CIV_HARASS,CIV3,CIVIL_SERVANTS,SIPAS,0,1,Y,binary,0,100,"));
        SynthCodebook.Item reversed = SynthCodebook.items(Survey.PAPI).stream()
                .filter(i -> i.item().equals("P_D4_JOBS"))
                .findFirst()
                .orElseThrow();
        assertEquals(1.0, reversed.score(1));
        assertEquals(1.0, reversed.score(2));
        assertEquals(0.0, reversed.score(3));
    }

    /**
     * The weighted province mean of the respondent scores is unbiased for the planted truth: averaged over
     * many seeds its error is near 0, while the unweighted mean is off where the sample's demographics
     * matter (the sample has too few young adults; e-governance D8 depends on age).
     */
    @Test
    void weightedMeansAreUnbiasedForThePlantedTruth() {
        int seeds = 30;
        for (Survey s : Survey.values()) {
            int k8 = s == Survey.PAPI ? 7 : 0;
            List<SyntheticDesign.ComponentModel> comps = SyntheticDesign.componentModels(s);
            int nk = comps.size();
            double[] errW = new double[nk];
            double[] errU = new double[nk];
            double[] sq = new double[nk];
            int n = 0;
            for (int seed = 0; seed < seeds; seed++) {
                SyntheticDesign d = SyntheticDesign.create(s, 1000 + seed, REGISTRY, new SyntheticDesign.Params(10, 0));
                RespondentModel m = d.model(List.of(2024), 1);
                m = m.withCounts(m.countsInJava());
                Map<String, SynthCodebook.Item> items = new HashMap<>();
                d.items().forEach(i -> items.put(i.item(), i));
                for (int h = 0; h < d.strata().size(); h++) {
                    long[] range = m.stratumRange(2024, h);
                    double[] sw = new double[nk];
                    double[] swy = new double[nk];
                    double[] nu = new double[nk];
                    double[] sy = new double[nk];
                    for (long g = range[0]; g < range[1]; g++) {
                        double w = m.respondent(g).getDouble(8);
                        double[] sum = new double[nk];
                        int[] cnt = new int[nk];
                        for (Row a : m.answers(g)) {
                            SynthCodebook.Item it = items.get(a.getString(3));
                            int k = d.componentIndex(it.component());
                            sum[k] += it.score(a.getDouble(4));
                            cnt[k]++;
                        }
                        for (int k = 0; k < nk; k++) {
                            if (cnt[k] > 0) {
                                double y = s.outMin() + (s.outMax() - s.outMin()) * sum[k] / cnt[k];
                                sw[k] += w;
                                swy[k] += w * y;
                                nu[k]++;
                                sy[k] += y;
                            }
                        }
                    }
                    for (int k = 0; k < nk; k++) {
                        double t = d.truth(2024, h, k);
                        double e = swy[k] / sw[k] - t;
                        errW[k] += e;
                        sq[k] += e * e;
                        errU[k] += sy[k] / nu[k] - t;
                    }
                    n++;
                }
            }
            List<String> report = new ArrayList<>();
            for (int k = 0; k < nk; k++) {
                double bias = errW[k] / n;
                double se = Math.sqrt(sq[k]) / n;
                report.add(String.format(
                        "%s bias %.4f se %.4f unweighted %.4f", comps.get(k).code(), bias, se, errU[k] / n));
                assertTrue(Math.abs(bias) < 4 * se, s + " " + report);
            }
            if (s == Survey.PAPI) {
                double se = Math.sqrt(sq[k8]) / n;
                assertTrue(Math.abs(errU[k8] / n) > 3 * se, "unweighted D8 mean is biased: " + report);
            }
        }
    }

    /**
     * The disrupted fieldwork year (SIPAS-SYNTH, Hà Tĩnh, 2021): only the first village of each of the province's
     * districts, 8 respondents each, so fewer than 30; every district is still there (no lonely PSU), the weights
     * still add up to the province's adults, and every other respondent of the year is the one of a regular year.
     */
    @Test
    void theDisruptedProvinceYearKeepsItsDistrictsWithFewerThan30Respondents() {
        SyntheticDesign.Disruption x = SyntheticDesign.DISRUPTED;
        assertEquals("Hà Tĩnh", REGISTRY.byKey(x.provinceKey()).orElseThrow().nameVi());
        SyntheticDesign d = design(x.survey(), 20250701L);
        int h = d.strata().stream()
                .filter(s -> s.key().equals(x.provinceKey()))
                .findFirst()
                .orElseThrow()
                .index();
        long districts = d.psus().stream().filter(p -> p.stratum() == h).count();
        assertEquals(3, districts, "a mid-size province: 3 districts");
        RespondentModel m = d.model(List.of(2020, 2021), 1);
        m = m.withCounts(m.countsInJava());

        long[] r2021 = m.stratumRange(2021, h);
        assertEquals(districts * x.take(), r2021[1] - r2021[0]);
        assertTrue(r2021[1] - r2021[0] < 30, "below the reports' minimum of 30 respondents");
        Set<String> psus = new HashSet<>();
        double weights = 0;
        for (long g = r2021[0]; g < r2021[1]; g++) {
            Row r = m.respondent(g);
            assertEquals(x.provinceKey(), r.getString(3));
            psus.add(r.getString(5));
            weights += r.getDouble(8);
        }
        assertEquals(districts, psus.size(), "every district keeps respondents");
        assertEquals(d.adultPopulation(h, 2021), weights, 1e-6, "weights add up to the province's adults");

        long[] r2020 = m.stratumRange(2020, h);
        long full = r2020[1] - r2020[0];
        assertTrue(full > 500, "a regular year: " + full);
        assertEquals(m.respondents(2020) - full + districts * x.take(), m.respondents(2021));
        // the same respondent numbers as a regular year, minus the ones not interviewed in the disrupted province
        Map<String, String> ids2020 = new HashMap<>();
        for (long g = 0; g < m.respondents(2020); g++) {
            Row r = m.respondent(g);
            ids2020.put(r.getString(2).substring(5), r.getString(7));
        }
        for (long g = m.respondents(2020); g < m.totalRespondents(); g++) {
            Row r = m.respondent(g);
            assertEquals(2021, r.getInt(1));
            assertEquals(ids2020.get(r.getString(2).substring(5)), r.getString(7), "same village " + r);
        }

        // a regular year, the other survey and a fixed-take design are not disrupted
        RespondentModel papi = design(Survey.PAPI, 20250701L).model(List.of(2021), 1);
        assertEquals(design(Survey.PAPI, 20250701L).respondentsPerYear(1), papi.respondents(2021));
        SyntheticDesign fixed =
                SyntheticDesign.create(x.survey(), 20250701L, REGISTRY, new SyntheticDesign.Params(0, 2));
        assertEquals(fixed.respondentsPerYear(1), fixed.model(List.of(2021), 1).respondents(2021));
    }

    @Test
    void yearsOutsideTheCoverageAreRefused() {
        SyntheticDesign d = design(Survey.SIPAS, 1);
        assertThrows(IllegalArgumentException.class, () -> d.model(List.of(2016), 1));
        assertThrows(IllegalArgumentException.class, () -> d.model(List.of(2020), 0));
    }

    private static double correlation(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
