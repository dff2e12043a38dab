package org.chiso.survey;

import java.util.Set;

/**
 * The reasons a respondent or an answer is refused, in plain Java (the rules of {@link MicrodataStages#checkRespondents}
 * and {@link MicrodataStages#checkAnswers}, first matching reason wins). A null reason means accepted.
 */
public final class MicrodataChecks {
    public static final String MISSING_RESPONDENT_ID = "missing_respondent_id";
    /**
     * A respondent without a survey or a year (blank, or not a whole number in the file): it belongs to no survey year,
     * so it can be neither estimated nor told apart from another respondent with its id.
     */
    public static final String MISSING_SURVEY_OR_YEAR = "missing_survey_or_year";

    public static final String UNKNOWN_PROVINCE = "unknown_province";
    public static final String WEIGHT_NOT_POSITIVE = "weight_not_positive";
    /** A known province key of another vintage than the survey year's (a 34-province key in 2023, Hà Tây in 2023). */
    public static final String PROVINCE_NOT_OF_YEAR = "province_not_of_year";

    public static final String WEIGHT_NOT_FINITE = "weight_not_finite";
    /** The same respondent id twice in a survey year: every row of it, and its answers, are refused. */
    public static final String DUPLICATE_RESPONDENT = "duplicate_respondent";
    /** The same item answered twice by one respondent: every answer of that item is refused. */
    public static final String DUPLICATE_ANSWER = "duplicate_answer";

    public static final String MISSING_DESIGN_VARIABLE = "missing_design_variable";
    /**
     * A PSU (survey, year, psu) whose respondents name more than one stratum: the design says a PSU lies in one stratum,
     * so which stratum's variance it adds to is unknowable; every respondent of it (and so its answers) is refused.
     */
    public static final String PSU_IN_TWO_STRATA = "psu_in_two_strata";
    /**
     * An SSU (survey, year, ssu) whose respondents name more than one PSU: the design says a secondary unit lies in one
     * PSU, so whose second stage it adds to is unknowable; every respondent of it (and so its answers) is refused.
     */
    public static final String SSU_IN_TWO_PSUS = "ssu_in_two_psus";

    public static final String UNKNOWN_RESPONDENT = "unknown_respondent";
    public static final String ITEM_NOT_IN_CODEBOOK = "item_not_in_codebook";
    public static final String MISSING_VALUE = "missing_value";
    public static final String VALUE_OUT_OF_SCALE = "value_out_of_scale";

    private MicrodataChecks() {}

    /**
     * Why a respondent is refused: no respondent id; a province key not among {@code provinces} (a null key is
     * unknown); weight missing, not positive, NaN or infinite (found here, before any estimate, rather than as an
     * overflow later); stratum or PSU missing. Null when accepted.
     */
    public static String respondent(
            String respondentId, String provinceKey, Set<String> provinces, Double weight, String stratum, String psu) {
        if (respondentId == null) {
            return MISSING_RESPONDENT_ID;
        }
        if (provinceKey == null || !provinces.contains(provinceKey)) {
            return UNKNOWN_PROVINCE;
        }
        if (weight == null || weight <= 0) {
            return WEIGHT_NOT_POSITIVE;
        }
        if (!Double.isFinite(weight)) {
            return WEIGHT_NOT_FINITE;
        }
        if (stratum == null || psu == null) {
            return MISSING_DESIGN_VARIABLE;
        }
        return null;
    }

    /**
     * Why an answer is refused: no accepted respondent with its survey, year and id; its item has no codebook entry
     * for the survey and year ({@code item} null); value missing; value outside [answer_min, answer_max] (NaN is
     * outside, as SQL orders NaN above every number). Null when accepted.
     */
    public static String answer(boolean respondentAccepted, Codebook.Item item, Double value) {
        if (!respondentAccepted) {
            return UNKNOWN_RESPONDENT;
        }
        if (item == null) {
            return ITEM_NOT_IN_CODEBOOK;
        }
        if (value == null) {
            return MISSING_VALUE;
        }
        if (Double.isNaN(value) || value < item.answerMin() || value > item.answerMax()) {
            return VALUE_OUT_OF_SCALE;
        }
        return null;
    }
}
