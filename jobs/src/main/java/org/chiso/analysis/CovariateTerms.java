package org.chiso.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.chiso.ingest.CovariateVariable;

/**
 * The covariate terms of the panel regressions ({@code --covariates}) and their values by basis, province and year.
 * A term is a covariate variable ({@link CovariateVariable}) as it is ({@code population}, in its unit) or its
 * natural log ({@code log_population}; a value of 0 has no log and counts as missing). A province-year without a
 * value of every term is left out of the fit (listwise, as R {@code lm} and fixest do with NA).
 *
 * @param terms  the term names, in the order given
 * @param values basis|province_key|year|variable to value (the warehouse table {@code covariates})
 */
public record CovariateTerms(List<String> terms, Map<String, Double> values) {
    /** The transform prefix of a log term. */
    public static final String LOG = "log_";

    public CovariateTerms {
        terms = List.copyOf(terms);
        values = Map.copyOf(values);
    }

    /** No covariates: the regressions as without the option. */
    public static CovariateTerms none() {
        return new CovariateTerms(List.of(), Map.of());
    }

    /**
     * The terms of a comma-separated list, checked against the variables.
     *
     * @throws IllegalArgumentException naming an unknown term and every available one
     */
    public static List<String> parse(String list) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String t : list.split(",")) {
            String term = t.trim().toLowerCase(Locale.ROOT);
            if (term.isEmpty()) {
                continue;
            }
            if (CovariateVariable.of(term.startsWith(LOG) ? term.substring(LOG.length()) : term)
                    .isEmpty()) {
                throw new IllegalArgumentException("unknown covariate '" + t.trim() + "'; available: " + available());
            }
            out.add(term);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--covariates names no covariate; available: " + available());
        }
        return new ArrayList<>(out);
    }

    /** Every term there is: each variable and its log. */
    public static String available() {
        return Arrays.stream(CovariateVariable.values())
                .flatMap(v -> List.of(v.id(), LOG + v.id()).stream())
                .collect(Collectors.joining(", "));
    }

    /** The key of a value in {@link #values}. */
    public static String key(String basis, String provinceKey, int year, String variable) {
        return basis + "|" + provinceKey + "|" + year + "|" + variable;
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    /** The term values of a province-year, NaN where a value is missing (or its log undefined). */
    public double[] row(String basis, String provinceKey, int year) {
        double[] out = new double[terms.size()];
        for (int j = 0; j < out.length; j++) {
            String term = terms.get(j);
            boolean log = term.startsWith(LOG);
            Double v = values.get(key(basis, provinceKey, year, log ? term.substring(LOG.length()) : term));
            out[j] = v == null ? Double.NaN : log ? (v > 0 ? Math.log(v) : Double.NaN) : v;
        }
        return out;
    }
}
