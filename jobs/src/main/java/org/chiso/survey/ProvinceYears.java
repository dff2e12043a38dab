package org.chiso.survey;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.chiso.core.Province;

/**
 * The province keys microdata may carry and the calendar years each existed in: a key of the wrong vintage for the
 * survey year (a 34-province key in 2023, Hà Tây after 2008) is refused, not estimated under a province that did not
 * exist then.
 */
public final class ProvinceYears implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, int[]> years;

    private ProvinceYears(Map<String, int[]> years) {
        this.years = years;
    }

    /** Every key with the years of its validity (a province dissolved on 30 June is valid in that whole year). */
    public static ProvinceYears of(Iterable<Province> provinces) {
        Map<String, int[]> m = new HashMap<>();
        for (Province p : provinces) {
            int from = p.validFrom() == null ? Integer.MIN_VALUE : p.validFrom().getYear();
            int to = p.validTo() == null ? Integer.MAX_VALUE : p.validTo().getYear();
            m.put(p.key(), new int[] {from, to});
        }
        return new ProvinceYears(m);
    }

    /** Keys valid in every year (for tests of other rules). */
    public static ProvinceYears anyYear(Set<String> keys) {
        Map<String, int[]> m = new HashMap<>();
        keys.forEach(k -> m.put(k, new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE}));
        return new ProvinceYears(m);
    }

    /** The known keys. */
    public Set<String> keys() {
        return years.keySet();
    }

    /** Whether a known key's province existed in the year. */
    public boolean validIn(String key, int year) {
        int[] r = years.get(key);
        return r != null && r[0] <= year && year <= r[1];
    }
}
