package org.chiso.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.chiso.core.Basis;
import org.chiso.core.Province;
import org.chiso.core.ProvinceRegistry;
import org.chiso.core.UnknownProvinceException;
import org.chiso.ingest.io.Numbers;
import org.chiso.io.TextTable;

/**
 * Reads province covariates (one row per province-year, provinces by statistics-office code on the 63-province
 * basis) from two layouts: the population file ({@code year, gso_code, province_en, avg_population_thousand,
 * source}) and the PCI covariates file ({@code gso_code, province_en, name, id, year, pci, grdp, population, urban,
 * private, publicstate, fdi, unem, labor, ent, ...}). Each non-blank cell of a covariate column is one value in:
 * accepted, or rejected with file, line, column and reason (year not an integer or outside {@value #FIRST_YEAR}-{@value
 * #LAST_YEAR}, province unknown or not existing that year, value not numeric, negative (except FDI, a net figure that
 * withdrawals make negative), population or labour force 0, a rate above 100, a province-year-variable seen before). Values are kept as printed (the PCI file stores single precision:
 * 7590.7998046875 for 7590.8). One reader per ingest run: it remembers the keys it accepted.
 */
public final class CovariateReader {
    public static final int FIRST_YEAR = 2000;
    public static final int LAST_YEAR = 2030;
    static final String PCI_SOURCE = "PCI with GRDP and population research copy";

    /** What the reader got from one file; rows in = accepted + rejected. */
    public record Result(
            String reader,
            List<Covariate> accepted,
            List<Reject> rejects,
            long blankCells,
            long ignoredCells,
            String note) {
        public long rowsIn() {
            return accepted.size() + rejects.size();
        }
    }

    /** A layout: its name, the covariate columns and the columns it passes over (counted), with why. */
    private record Layout(
            String name, Map<String, CovariateVariable> values, Map<String, String> ignored, List<String> labels) {}

    private static final Layout POPULATION = new Layout(
            "covariates-population",
            Map.of("avg_population_thousand", CovariateVariable.POPULATION),
            Map.of(),
            List.of("year", "gso_code", "province_en", "source"));

    private static final Layout PCI = new Layout(
            "covariates-pci",
            orderedMap(
                    "grdp", CovariateVariable.GRDP,
                    "urban", CovariateVariable.URBAN_POPULATION,
                    "private", CovariateVariable.INVESTMENT_NONSTATE,
                    "publicstate", CovariateVariable.INVESTMENT_STATE,
                    "fdi", CovariateVariable.FDI,
                    "unem", CovariateVariable.UNEMPLOYMENT_RATE,
                    "labor", CovariateVariable.LABOUR_FORCE,
                    "ent", CovariateVariable.NEW_ENTERPRISES),
            Map.of(
                    "population",
                    "population (the population file's series is used; this copy agrees with it within 0.02%)",
                    "fdiattractivenessefficiencyscore",
                    "an FDI efficiency score of undocumented meaning"),
            List.of("gso_code", "province_en", "name", "id", "year", "pci"));

    private final ProvinceRegistry registry;
    private final Map<String, String> firstSeen = new HashMap<>();

    public CovariateReader(ProvinceRegistry registry) {
        this.registry = registry;
    }

    private static Map<String, CovariateVariable> orderedMap(Object... kv) {
        Map<String, CovariateVariable> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (CovariateVariable) kv[i + 1]);
        }
        return m;
    }

    private static Optional<Layout> layout(SourceFile f) {
        Optional<TextTable.Head> t = f.headIfText();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        List<String> h = t.get().header().stream()
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .toList();
        if (!h.contains("year") || !h.contains("gso_code")) {
            return Optional.empty();
        }
        for (Layout l : List.of(POPULATION, PCI)) {
            if (h.containsAll(l.values().keySet())
                    && h.stream()
                            .allMatch(c -> l.values().containsKey(c)
                                    || l.ignored().containsKey(c)
                                    || l.labels().contains(c))) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /** Whether the file has one of the covariate layouts. */
    public boolean recognises(SourceFile f) {
        return layout(f).isPresent();
    }

    /** Reads and validates the covariate values of a file this reader recognises. */
    public Result read(SourceFile f) throws IOException {
        Layout l = layout(f).orElseThrow(() -> new IllegalArgumentException(f.path() + ": not a covariate layout"));
        ReadResult lines = new ReadResult(f.path(), l.name());
        List<String> h = f.head().header().stream()
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .toList();
        int year = h.indexOf("year");
        int code = h.indexOf("gso_code");
        int source = h.indexOf("source");
        List<Covariate> accepted = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        long[] blank = {0};
        long[] ignored = {0};
        CsvRecords.forEach(f, lines, r -> {
            List<String> x = r.fields();
            for (int c = 0; c < h.size(); c++) {
                if (l.ignored().containsKey(h.get(c))) {
                    ignored[0]++;
                }
                CovariateVariable v = l.values().get(h.get(c));
                if (v == null) {
                    continue;
                }
                String text = x.get(c).trim();
                if (text.isEmpty()) {
                    blank[0]++;
                    continue;
                }
                String src = source < 0 ? PCI_SOURCE : x.get(source).trim();
                Object outcome = validate(f.path(), r.line(), h.get(c), v, x.get(year), x.get(code), text, src);
                if (outcome instanceof Covariate cv) {
                    accepted.add(cv);
                } else {
                    rejects.add((Reject) outcome);
                }
            }
        });
        rejects.addAll(0, lines.rejects());
        List<String> notes = new ArrayList<>();
        l.ignored().forEach((col, why) -> {
            if (h.contains(col)) {
                notes.add("column " + col + " not read as a covariate: " + why);
            }
        });
        return new Result(l.name(), accepted, rejects, blank[0], ignored[0], String.join("; ", notes));
    }

    private Object validate(
            String file,
            int line,
            String column,
            CovariateVariable v,
            String yearText,
            String codeText,
            String text,
            String source) {
        int year;
        try {
            year = Integer.parseInt(yearText.trim());
        } catch (NumberFormatException e) {
            return new Reject(
                    file,
                    line,
                    "year",
                    yearText,
                    RejectReason.YEAR_NOT_INTEGER.code(),
                    "year '" + yearText + "' is not an integer");
        }
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            return new Reject(
                    file,
                    line,
                    "year",
                    yearText,
                    RejectReason.YEAR_OUT_OF_RANGE.code(),
                    "year " + year + " is outside the covariates' years " + FIRST_YEAR + "-" + LAST_YEAR);
        }
        Province p;
        try {
            p = registry.resolve(codeText, Basis.VN63);
        } catch (UnknownProvinceException e) {
            return new Reject(file, line, "gso_code", codeText, RejectReason.UNKNOWN_PROVINCE.code(), e.getMessage());
        }
        if (!p.validInYear(year)) {
            return new Reject(
                    file,
                    line,
                    "gso_code",
                    codeText,
                    RejectReason.PROVINCE_NOT_IN_YEAR.code(),
                    p.nameVi() + " (" + p.key() + ") did not exist in " + year);
        }
        double value;
        try {
            value = Numbers.parse(text);
        } catch (NumberFormatException e) {
            return new Reject(
                    file,
                    line,
                    column,
                    text,
                    RejectReason.VALUE_NOT_NUMERIC.code(),
                    v.id() + " '" + text + "' is not a number");
        }
        boolean positive = v == CovariateVariable.POPULATION || v == CovariateVariable.LABOUR_FORCE;
        boolean signed = v == CovariateVariable.FDI; // net registered capital: withdrawals make it negative
        if ((value < 0 && !signed)
                || (positive && value == 0)
                || (v == CovariateVariable.UNEMPLOYMENT_RATE && value > 100)) {
            return new Reject(
                    file,
                    line,
                    column,
                    text,
                    RejectReason.VALUE_OUT_OF_SCALE.code(),
                    v.id() + " " + text + " is outside its range ("
                            + (v == CovariateVariable.UNEMPLOYMENT_RATE ? "0-100" : positive ? "> 0" : ">= 0") + ", "
                            + v.unit() + ")");
        }
        String key = v.id() + "|" + year + "|" + p.key();
        String first = firstSeen.putIfAbsent(key, file + ":" + line);
        if (first != null) {
            return new Reject(
                    file,
                    line,
                    column,
                    text,
                    RejectReason.DUPLICATE_KEY.code(),
                    v.id() + " of " + p.key() + " in " + year + " already read at " + first);
        }
        return new Covariate(
                Basis.VN63.name(),
                year,
                p.key(),
                v,
                value,
                false,
                source,
                file,
                line,
                column,
                "",
                note(v, year, p, source));
    }

    /** The caveats of a value: the population series' level break before 2011, Hà Nội before the 2008 merger. */
    static String note(CovariateVariable v, int year, Province p, String source) {
        List<String> notes = new ArrayList<>();
        if (source.contains("pre-2019-census")) {
            notes.add("pre-2019-census basis, not revised to the 2019 census: a level break against 2011 on");
        }
        if (p.key().equals("VN63-01") && year < 2008) {
            notes.add("Hà Nội within its boundaries before the 2008 merger with Hà Tây (VN63-28)");
        }
        return String.join("; ", notes);
    }
}
