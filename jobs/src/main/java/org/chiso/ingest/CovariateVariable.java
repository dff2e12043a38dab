package org.chiso.ingest;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The province covariates: name, unit (as found in the source files) and how a merged province's value is formed
 * from its predecessors on the 34-province basis.
 */
public enum CovariateVariable {
    POPULATION("population", "thousand persons (annual average)", Rule.SUM),
    GRDP("grdp", "billion VND, current prices", Rule.SUM),
    GRDP_PER_CAPITA("grdp_per_capita", "million VND per person (grdp / population)", Rule.RATIO),
    URBAN_POPULATION("urban_population", "thousand persons", Rule.SUM),
    INVESTMENT_NONSTATE("investment_nonstate", "billion VND (non-state investment)", Rule.SUM),
    INVESTMENT_STATE("investment_state", "billion VND (state-sector investment)", Rule.SUM),
    FDI(
            "fdi",
            "million USD (registered foreign direct investment, net: negative where capital was withdrawn)",
            Rule.SUM),
    LABOUR_FORCE("labour_force", "thousand persons", Rule.SUM),
    UNEMPLOYMENT_RATE("unemployment_rate", "percent of the labour force", Rule.LABOUR_WEIGHTED),
    NEW_ENTERPRISES("new_enterprises", "count (enterprises newly registered in the year)", Rule.SUM);

    /** How a value on the 34-province basis is formed from the values of the merged 63-basis provinces. */
    public enum Rule {
        SUM("sum over the merged provinces"),
        RATIO("recomputed: sum of grdp / sum of population over the merged provinces"),
        LABOUR_WEIGHTED(
                "labour-force-weighted mean over the merged provinces (= sum of unemployed / sum of labour force)");

        private final String text;

        Rule(String text) {
            this.text = text;
        }

        /** The rule as written in the covariates table's {@code harmonization} column. */
        public String text() {
            return text;
        }
    }

    private final String column;
    private final String unit;
    private final Rule rule;

    CovariateVariable(String column, String unit, Rule rule) {
        this.column = column;
        this.unit = unit;
        this.rule = rule;
    }

    /** The name in the covariates table and in {@code --covariates}. */
    public String id() {
        return column;
    }

    public String unit() {
        return unit;
    }

    public Rule rule() {
        return rule;
    }

    /** A variable by its name, case-insensitive. */
    public static Optional<CovariateVariable> of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.column.equals(n)).findFirst();
    }
}
