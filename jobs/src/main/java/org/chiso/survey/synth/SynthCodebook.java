package org.chiso.survey.synth;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The items of the two synthetic surveys and the {@code codebook.csv} they are written with
 * (layout in docs/MICRODATA.md). Item wording is illustrative, modelled on the PAPI and SIPAS
 * questionnaires; the items are SYNTHETIC.
 */
public final class SynthCodebook {
    /** The codebook columns, in file order. */
    public static final List<String> COLUMNS = List.of(
            "survey",
            "year_from",
            "year_to",
            "item",
            "indicator",
            "component",
            "index",
            "answer_min",
            "answer_max",
            "reverse",
            "rule",
            "out_min",
            "out_max",
            "label");

    /** Scoring rules. */
    public enum Rule {
        /** (v - min)/(max - min) after reversing. */
        MEAN,
        /** 1 when the (reversed) answer is in the top two boxes, else 0. */
        TOP2,
        /** The (reversed) 0/1 value. */
        BINARY;

        /** The codebook spelling. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One item. {@code missingRate} is the generator's probability that the answer is absent (missing
     * completely at random); it is not written to the codebook.
     */
    public record Item(
            String survey,
            int yearFrom,
            int yearTo,
            String item,
            String indicator,
            String component,
            String index,
            int answerMin,
            int answerMax,
            boolean reverse,
            Rule rule,
            double outMin,
            double outMax,
            String label,
            double missingRate)
            implements Serializable {

        /** Whether the item is asked in a year. */
        public boolean activeIn(int year) {
            return yearFrom <= year && year <= yearTo;
        }

        /** The item score on 0-1 of an answer, by the codebook rule (reversing first). */
        public double score(double value) {
            double v = reverse ? answerMin + answerMax - value : value;
            return switch (rule) {
                case MEAN -> (v - answerMin) / (double) (answerMax - answerMin);
                case TOP2 -> v >= answerMax - 1 ? 1.0 : 0.0;
                case BINARY -> v;
            };
        }

        /** The codebook line (without newline). */
        public String csvLine() {
            return String.join(
                    ",",
                    survey,
                    Integer.toString(yearFrom),
                    Integer.toString(yearTo),
                    item,
                    indicator,
                    component,
                    index,
                    Integer.toString(answerMin),
                    Integer.toString(answerMax),
                    reverse ? "Y" : "N",
                    rule.code(),
                    number(outMin),
                    number(outMax),
                    quote(label));
        }
    }

    private SynthCodebook() {}

    /** The items of a synthetic survey, in codebook order (component order, then item). */
    public static List<Item> items(SyntheticDesign.Survey survey) {
        return survey == SyntheticDesign.Survey.PAPI ? papi() : sipas();
    }

    /** The whole codebook file for some surveys. */
    public static String csv(List<SyntheticDesign.Survey> surveys) {
        StringBuilder b = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (SyntheticDesign.Survey s : surveys) {
            for (Item i : items(s)) {
                b.append(i.csvLine()).append('\n');
            }
        }
        return b.toString();
    }

    private static List<Item> papi() {
        String s = SyntheticDesign.Survey.PAPI.surveyName();
        List<Item> l = new ArrayList<>();
        int y0 = SyntheticDesign.FIRST_YEAR;
        int y1 = SyntheticDesign.LAST_YEAR;
        // D1 Participation at local levels
        l.add(p(
                s,
                y0,
                y1,
                "P_D1_KNOW",
                "SC11",
                "D1",
                Rule.BINARY,
                false,
                "Knows the grassroots-democracy slogan 'people know, discuss, do and verify' (0 no, 1 yes)",
                0.02));
        l.add(p(
                s,
                y0,
                y1,
                "P_D1_VOTE",
                "SC12",
                "D1",
                Rule.BINARY,
                false,
                "Voted in the most recent village-head election (0 no, 1 yes)",
                0.03));
        l.add(p(
                s,
                y0,
                y1,
                "P_D1_ELECT",
                "SC13",
                "D1",
                Rule.MEAN,
                false,
                "The village-head election offered a real choice (1 strongly disagree - 5 strongly agree)",
                0.04));
        l.add(p(
                s,
                y0,
                y1,
                "P_D1_CONTRIB",
                "SC14",
                "D1",
                Rule.MEAN,
                true,
                "Felt pressured into 'voluntary' contributions (1 never - 5 always; reverse-coded)",
                0.05));
        // D2 Transparency in local decision-making
        l.add(p(
                s,
                y0,
                y1,
                "P_D2_INFO",
                "SC21",
                "D2",
                Rule.MEAN,
                false,
                "Information on local policies is easy to get (1 very hard - 5 very easy)",
                0.03));
        l.add(p(
                s,
                y0,
                y1,
                "P_D2_POOR",
                "SC22",
                "D2",
                Rule.BINARY,
                false,
                "The poor-household list was publicly posted (0 no, 1 yes)",
                0.04));
        l.add(p(
                s,
                y0,
                y1,
                "P_D2_BUDGET",
                "SC23",
                "D2",
                Rule.BINARY,
                false,
                "The commune budget and expenditure were posted (0 no, 1 yes)",
                0.05));
        l.add(p(
                s,
                y0,
                y1,
                "P_D2_LAND",
                "SC24",
                "D2",
                Rule.TOP2,
                false,
                "The local land-use plan is known and fair (1 strongly disagree - 5 strongly agree)",
                0.04));
        // D3 Vertical accountability
        l.add(p(
                s,
                y0,
                y1,
                "P_D3_CONTACT",
                "SC31",
                "D3",
                Rule.MEAN,
                false,
                "Contacting the village head or a commune official resolved the problem (1 not at all - 5 fully)",
                0.03));
        l.add(p(
                s,
                y0,
                y1,
                "P_D3_APPEAL",
                "SC32",
                "D3",
                Rule.MEAN,
                false,
                "Authorities responded well to a suggestion or appeal (1 not at all - 5 fully)",
                0.06));
        l.add(p(
                s,
                y0,
                y1,
                "P_D3_JUSTICE",
                "SC33",
                "D3",
                Rule.BINARY,
                false,
                "Would take a civil dispute to the court (0 no, 1 yes)",
                0.03));
        // D4 Control of corruption in the public sector
        l.add(p(
                s,
                y0,
                y1,
                "P_D4_LANDBRIBE",
                "SC41",
                "D4",
                Rule.MEAN,
                true,
                "Informal payments are needed for a land-use-rights certificate (1 never - 5 always; reverse-coded)",
                0.08));
        l.add(p(
                s,
                y0,
                y1,
                "P_D4_HEALTHBRIBE",
                "SC42",
                "D4",
                Rule.MEAN,
                true,
                "Informal payments are needed at the district hospital (1 never - 5 always; reverse-coded)",
                0.05));
        l.add(p(
                s,
                y0,
                y1,
                "P_D4_JOBS",
                "SC43",
                "D4",
                Rule.TOP2,
                true,
                "Personal connections are needed for a state job (1 not at all - 5 absolutely; reverse-coded)",
                0.04));
        l.add(p(
                s,
                y0,
                y1,
                "P_D4_DENOUNCE",
                "SC44",
                "D4",
                Rule.BINARY,
                false,
                "Would denounce a case of corruption (0 no, 1 yes)",
                0.03));
        // D5 Public administrative procedures
        l.add(p(
                s,
                y0,
                y1,
                "P_D5_CERT",
                "SC51",
                "D5",
                Rule.MEAN,
                false,
                "Quality of certification services at the commune (1 very poor - 5 very good)",
                0.03));
        l.add(p(
                s,
                y0,
                2020,
                "P_D5_PERMIT",
                "SC52",
                "D5",
                Rule.MEAN,
                false,
                "Quality of construction-permit services (1 very poor - 5 very good; asked to 2020)",
                0.05));
        l.add(p(
                s,
                y0,
                y1,
                "P_D5_LAND",
                "SC53",
                "D5",
                Rule.MEAN,
                false,
                "Quality of land-title services (1 very poor - 5 very good)",
                0.05));
        l.add(p(
                s,
                2021,
                y1,
                "P_D5_PERSONAL",
                "SC54",
                "D5",
                Rule.MEAN,
                false,
                "Quality of personal-document services at the commune (1 very poor - 5 very good; asked from 2021)",
                0.03));
        // D6 Public service delivery
        l.add(p(
                s,
                y0,
                y1,
                "P_D6_HEALTH",
                "SC61",
                "D6",
                Rule.MEAN,
                false,
                "Quality of the district public hospital (1 very poor - 5 very good)",
                0.04));
        l.add(p(
                s,
                y0,
                y1,
                "P_D6_SCHOOL",
                "SC62",
                "D6",
                Rule.MEAN,
                false,
                "Quality of the public primary school (1 very poor - 5 very good)",
                0.04));
        l.add(p(
                s,
                y0,
                y1,
                "P_D6_INFRA",
                "SC63",
                "D6",
                Rule.BINARY,
                false,
                "Household has a paved road, grid power and clean water (0 no, 1 yes)",
                0.02));
        l.add(p(
                s,
                y0,
                y1,
                "P_D6_SAFETY",
                "SC64",
                "D6",
                Rule.TOP2,
                false,
                "Feels safe in the neighbourhood (1 very unsafe - 5 very safe)",
                0.02));
        // D7 Environmental governance (from 2018)
        l.add(p(
                s,
                2018,
                y1,
                "P_D7_POLLUTER",
                "SC71",
                "D7",
                Rule.BINARY,
                true,
                "Local firms pollute and are not sanctioned (0 no, 1 yes; reverse-coded)",
                0.04));
        l.add(p(
                s,
                2018,
                y1,
                "P_D7_AIR",
                "SC72",
                "D7",
                Rule.MEAN,
                false,
                "Quality of the air where you live (1 very poor - 5 very good)",
                0.02));
        l.add(p(
                s,
                2018,
                y1,
                "P_D7_WATER",
                "SC73",
                "D7",
                Rule.MEAN,
                false,
                "Quality of the water in nearby rivers (1 very poor - 5 very good)",
                0.03));
        // D8 E-governance (from 2018)
        l.add(p(
                s,
                2018,
                y1,
                "P_D8_PORTAL",
                "SC81",
                "D8",
                Rule.BINARY,
                false,
                "Used the provincial e-government portal in the past year (0 no, 1 yes)",
                0.02));
        l.add(p(
                s,
                2018,
                y1,
                "P_D8_INTERNET",
                "SC82",
                "D8",
                Rule.BINARY,
                false,
                "Has internet access at home (0 no, 1 yes)",
                0.01));
        l.add(p(
                s,
                2019,
                y1,
                "P_D8_ERESP",
                "SC83",
                "D8",
                Rule.MEAN,
                false,
                "Authorities answered an online request well (1 not at all - 5 fully; asked from 2019)",
                0.06));
        return List.copyOf(l);
    }

    private static List<Item> sipas() {
        String s = SyntheticDesign.Survey.SIPAS.surveyName();
        List<Item> l = new ArrayList<>();
        int y0 = SyntheticDesign.FIRST_YEAR;
        int y1 = SyntheticDesign.LAST_YEAR;
        l.add(q(
                s,
                y0,
                y1,
                "S_POL_INFO",
                "POL1",
                "SAT_POLICY",
                Rule.TOP2,
                false,
                "Satisfied with information on policies (1 very dissatisfied - 5 very satisfied)",
                0.03));
        l.add(q(
                s,
                y0,
                y1,
                "S_POL_PARTICIPATE",
                "POL2",
                "SAT_POLICY",
                Rule.TOP2,
                false,
                "Satisfied with chances to take part in policy-making (1-5)",
                0.05));
        l.add(q(
                s,
                y0,
                y1,
                "S_POL_RESULT",
                "POL3",
                "SAT_POLICY",
                Rule.TOP2,
                false,
                "Satisfied with the results of policy implementation (1-5)",
                0.04));
        l.add(q(
                s,
                y0,
                y1,
                "S_SRV_OVERALL",
                "SRV1",
                "SAT_SERVICE",
                Rule.TOP2,
                false,
                "Overall satisfaction with the public service received (1-5)",
                0.01));
        l.add(q(
                s,
                y0,
                y1,
                "S_SRV_AGAIN",
                "SRV2",
                "SAT_SERVICE",
                Rule.BINARY,
                false,
                "Would use the same service office again (0 no, 1 yes)",
                0.02));
        l.add(q(
                s,
                y0,
                y1,
                "S_ACC_LOCATION",
                "ACC1",
                "ACCESS",
                Rule.TOP2,
                false,
                "Convenient location and opening hours (1-5)",
                0.02));
        l.add(q(
                s,
                y0,
                y1,
                "S_ACC_FACILITIES",
                "ACC2",
                "ACCESS",
                Rule.TOP2,
                false,
                "Adequate waiting area and equipment (1-5)",
                0.02));
        l.add(q(
                s,
                y0,
                y1,
                "S_ACC_ONLINE",
                "ACC3",
                "ACCESS",
                Rule.BINARY,
                false,
                "Could submit the dossier online (0 no, 1 yes)",
                0.04));
        l.add(q(
                s,
                y0,
                y1,
                "S_PRO_POSTED",
                "PRO1",
                "PROCEDURES",
                Rule.BINARY,
                false,
                "The procedure was publicly posted (0 no, 1 yes)",
                0.03));
        l.add(q(
                s,
                y0,
                y1,
                "S_PRO_SIMPLE",
                "PRO2",
                "PROCEDURES",
                Rule.TOP2,
                false,
                "The procedure was simple and easy to follow (1-5)",
                0.02));
        l.add(q(
                s,
                y0,
                y1,
                "S_PRO_FEES",
                "PRO3",
                "PROCEDURES",
                Rule.BINARY,
                false,
                "Paid only the official fees (0 no, 1 yes)",
                0.04));
        l.add(q(
                s,
                y0,
                y1,
                "S_CIV_POLITE",
                "CIV1",
                "CIVIL_SERVANTS",
                Rule.TOP2,
                false,
                "Civil servants were polite (1-5)",
                0.02));
        l.add(q(
                s,
                y0,
                y1,
                "S_CIV_GUIDANCE",
                "CIV2",
                "CIVIL_SERVANTS",
                Rule.TOP2,
                false,
                "Civil servants gave clear guidance (1-5)",
                0.02));
        l.add(q(
                s,
                y0,
                y1,
                "S_CIV_HARASS",
                "CIV3",
                "CIVIL_SERVANTS",
                Rule.BINARY,
                true,
                "Was harassed or asked for an extra payment (0 no, 1 yes; reverse-coded)",
                0.05));
        l.add(q(
                s,
                y0,
                y1,
                "S_RES_ONTIME",
                "RES1",
                "RESULTS",
                Rule.BINARY,
                false,
                "The result was returned on time (0 no, 1 yes)",
                0.02));
        l.add(q(
                s,
                y0,
                y1,
                "S_RES_CORRECT",
                "RES2",
                "RESULTS",
                Rule.TOP2,
                false,
                "The result was accurate and lawful (1-5)",
                0.02));
        l.add(q(
                s,
                y0,
                y1,
                "S_COM_EASY",
                "COM1",
                "COMPLAINTS",
                Rule.TOP2,
                false,
                "Easy to give feedback or complain (1-5)",
                0.06));
        l.add(q(
                s,
                y0,
                y1,
                "S_COM_RESOLVED",
                "COM2",
                "COMPLAINTS",
                Rule.TOP2,
                false,
                "Feedback or complaint was handled satisfactorily (1-5)",
                0.15));
        return List.copyOf(l);
    }

    private static Item p(
            String s,
            int from,
            int to,
            String item,
            String indicator,
            String component,
            Rule rule,
            boolean reverse,
            String label,
            double missing) {
        int max = rule == Rule.BINARY ? 1 : 5;
        int min = rule == Rule.BINARY ? 0 : 1;
        return new Item(
                s, from, to, item, indicator, component, "PAPI", min, max, reverse, rule, 1, 10, label, missing);
    }

    private static Item q(
            String s,
            int from,
            int to,
            String item,
            String indicator,
            String component,
            Rule rule,
            boolean reverse,
            String label,
            double missing) {
        int max = rule == Rule.BINARY ? 1 : 5;
        int min = rule == Rule.BINARY ? 0 : 1;
        return new Item(
                s, from, to, item, indicator, component, "SIPAS", min, max, reverse, rule, 0, 100, label, missing);
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
