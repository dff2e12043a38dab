package org.chiso.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.chiso.core.Basis;
import org.chiso.core.Columns;
import org.chiso.core.ComponentDef;
import org.chiso.core.IndexDefinitions;
import org.chiso.core.Province;
import org.chiso.core.ProvinceRegistry;
import org.chiso.core.UnknownProvinceException;
import org.chiso.ingest.io.Numbers;

/**
 * Validates raw values one at a time, in input order: index known, year an integer within the index's
 * years, province known in that year's basis and existing in that year, component part of that year's
 * structure version, value numeric and within the component's scale, no duplicate key (index, year,
 * province, component, measure, source). The first occurrence of a key wins; later ones are refused
 * naming the first. Not thread-safe: one validator per ingest run.
 */
public final class Validator {
    /** The measure of a published unit figure below the province (a department's or commune's points). */
    static final String UNIT_POINTS = "unit_points";

    /** The measure of an index score. */
    public static final String SCORE = "score";

    private static final Pattern SCALE = Pattern.compile("\\s*(-?[0-9.]+)\\s*[-–:]\\s*(-?[0-9.]+)\\s*");
    private static final double EPS = 1e-9;

    private final ProvinceRegistry registry;
    private final IndexDefinitions definitions;
    private final Map<String, String> firstSeen = new HashMap<>();

    public Validator(ProvinceRegistry registry, IndexDefinitions definitions) {
        this.registry = registry;
        this.definitions = definitions;
    }

    /** Either a validated record or a reject, never both. */
    public record Outcome(ScoreRecord record, Reject reject) {}

    /** Validates one raw value. */
    public Outcome validate(RawScore r) {
        String measure = blank(r.measure()) ? SCORE : r.measure().trim().toLowerCase(Locale.ROOT);
        Optional<IndexDefinitions.IndexInfo> info = definitions.index(r.index());
        if (info.isEmpty()) {
            return reject(
                    r,
                    Columns.INDEX,
                    r.index(),
                    RejectReason.UNKNOWN_INDEX,
                    "unknown index '" + r.index() + "'; known: "
                            + String.join(", ", definitions.indices().keySet()));
        }
        String index = info.get().index();
        int year;
        try {
            year = Integer.parseInt(r.year().trim());
        } catch (NumberFormatException | NullPointerException e) {
            return reject(
                    r,
                    Columns.YEAR,
                    r.year(),
                    RejectReason.YEAR_NOT_INTEGER,
                    "year '" + r.year() + "' is not an integer");
        }
        if (year < info.get().firstYear() || year > info.get().lastYear()) {
            return reject(
                    r,
                    Columns.YEAR,
                    r.year(),
                    RejectReason.YEAR_OUT_OF_RANGE,
                    "year " + year + " is outside " + index + "'s years "
                            + info.get().firstYear() + "-" + info.get().lastYear());
        }
        Basis basis;
        try {
            basis = blank(r.basis())
                    ? Basis.forYear(year)
                    : Basis.valueOf(r.basis().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return reject(
                    r,
                    Columns.BASIS,
                    r.basis(),
                    RejectReason.UNKNOWN_PROVINCE,
                    "unknown basis '" + r.basis() + "' (VN63 or VN34)");
        }
        Province p;
        try {
            p = registry.resolve(r.province(), basis);
        } catch (UnknownProvinceException e) {
            return reject(r, "province", r.province(), RejectReason.UNKNOWN_PROVINCE, e.getMessage());
        }
        if (!blank(r.basis()) && p.basis() != basis) {
            // a key names its own vintage (VN63-24 is Bắc Giang); a basis column saying otherwise is a contradiction,
            // not something to ignore
            return reject(
                    r,
                    Columns.BASIS,
                    r.basis(),
                    RejectReason.BASIS_MISMATCH,
                    "basis '" + r.basis().trim() + "' contradicts province '"
                            + r.province().trim() + "', which is " + p.nameVi() + " " + p.key() + " of basis "
                            + p.basis());
        }
        if (!p.validInYear(year)) {
            return reject(
                    r,
                    "province",
                    r.province(),
                    RejectReason.PROVINCE_NOT_IN_YEAR,
                    p.nameVi() + " (" + p.key() + ") did not exist in " + year + " (valid " + p.validFrom() + " to "
                            + (p.validTo() == null ? "now" : p.validTo()) + ")");
        }
        String provenance = blank(r.provenance())
                ? Columns.PUBLISHED
                : r.provenance().trim().toLowerCase(Locale.ROOT);
        if (!provenance.equals(Columns.PUBLISHED) && !provenance.equals(Columns.SYNTHETIC)) {
            return reject(
                    r,
                    Columns.PROVENANCE,
                    r.provenance(),
                    RejectReason.UNKNOWN_PROVENANCE,
                    "provenance '" + r.provenance() + "' is neither published nor synthetic");
        }
        String componentText =
                blank(r.component()) ? "TOTAL" : r.component().trim().toUpperCase(Locale.ROOT);
        Optional<ComponentDef> def = definitions.component(index, year, componentText);
        // a unit's points (a department or commune of the service index, data/published/service_units.csv) name a
        // unit below the province, not a component of its tree
        if (def.isEmpty()
                && !measure.equals(UNIT_POINTS)
                && (measure.equals(SCORE)
                        || !definitions.components(index, year).isEmpty())) {
            return reject(
                    r,
                    Columns.COMPONENT,
                    r.component(),
                    RejectReason.UNKNOWN_COMPONENT,
                    "component '" + r.component()
                            + "' is not part of " + index + " in " + year + " ("
                            + definitions
                                    .version(index, year)
                                    .map(v -> "structure version " + v + ": ")
                                    .orElse("")
                            + definitions.components(index, year).stream()
                                    .map(ComponentDef::component)
                                    .distinct()
                                    .collect(Collectors.joining(" "))
                            + ")");
        }
        if (blank(r.value())) {
            return reject(r, r.column(), r.value(), RejectReason.MISSING_VALUE, "no value");
        }
        double value;
        try {
            value = Numbers.parse(r.value());
        } catch (NumberFormatException e) {
            return reject(r, r.column(), r.value(), RejectReason.VALUE_NOT_NUMERIC, e.getMessage());
        }
        Double smin = null;
        Double smax = null;
        if (def.isPresent() && measure.equals(SCORE)) {
            double[] s = definitions.scale(def.get(), year);
            smin = s[0];
            smax = s[1];
            if (!blank(r.scale())) {
                Matcher m = SCALE.matcher(r.scale());
                if (!m.matches()
                        || Math.abs(Double.parseDouble(m.group(1)) - s[0]) > EPS
                        || Math.abs(Double.parseDouble(m.group(2)) - s[1]) > EPS) {
                    return reject(
                            r,
                            "scale",
                            r.scale(),
                            RejectReason.SCALE_MISMATCH,
                            "stated scale '" + r.scale() + "' differs from " + index + " "
                                    + def.get().component() + "'s scale " + fmt(s[0]) + "-" + fmt(s[1]));
                }
            }
            if (value < s[0] - EPS || value > s[1] + EPS) {
                return reject(
                        r,
                        r.column(),
                        r.value(),
                        RejectReason.VALUE_OUT_OF_SCALE,
                        "value " + r.value().trim() + " is outside " + index + " "
                                + def.get().component() + "'s scale " + fmt(s[0]) + "-" + fmt(s[1]) + " in " + year);
            }
        }
        String source = blank(r.source()) ? r.file() : r.source().trim();
        String component = def.map(ComponentDef::component).orElse(componentText);
        String key = String.join("|", index, Integer.toString(year), p.key(), component, measure, source);
        String here = r.file() + ":" + r.line() + (blank(r.column()) ? "" : ":" + r.column());
        String first = firstSeen.putIfAbsent(key, here);
        if (first != null) {
            return reject(
                    r,
                    r.column(),
                    r.value(),
                    RejectReason.DUPLICATE_KEY,
                    "duplicate of " + first + " (" + index + " " + year + " " + p.key() + " " + component
                            + (measure.equals(SCORE) ? "" : " " + measure) + ")");
        }
        return new Outcome(
                new ScoreRecord(
                        index,
                        def.map(ComponentDef::version)
                                .or(() -> definitions.version(index, year))
                                .orElse(""),
                        year,
                        p.key(),
                        p.basis().name(),
                        component,
                        def.map(ComponentDef::parent).orElse(""),
                        def.map(ComponentDef::level).orElse(""),
                        value,
                        smin,
                        smax,
                        provenance,
                        measure,
                        source,
                        r.file(),
                        r.line(),
                        r.column(),
                        blank(r.note()) ? null : r.note().trim()),
                null);
    }

    /** Validates a list, keeping accepted records and rejects in input order. */
    public void validateAll(List<RawScore> raws, List<ScoreRecord> accepted, List<Reject> rejected) {
        for (RawScore r : raws) {
            Outcome o = validate(r);
            if (o.record() != null) {
                accepted.add(o.record());
            } else {
                rejected.add(o.reject());
            }
        }
    }

    private static Outcome reject(RawScore r, String column, String value, RejectReason reason, String detail) {
        return new Outcome(null, Reject.of(r, column, value, reason, detail));
    }

    private static boolean blank(String s) {
        return s == null || s.trim().isEmpty();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.4g", d);
    }
}
