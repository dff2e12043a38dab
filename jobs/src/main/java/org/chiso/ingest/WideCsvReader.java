package org.chiso.ingest;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A wide CSV, one column per component, read through a {@link WideMapping}: either a mapping file beside
 * the data ({@code <name>.mapping.csv}) or one of the bundled mappings whose columns match the header
 * exactly. Blank cells are missing values and are counted; cells of ignored columns are counted.
 */
public final class WideCsvReader implements ScoreReader {
    private final List<WideMapping> bundled;

    public WideCsvReader(List<WideMapping> bundled) {
        this.bundled = List.copyOf(bundled);
    }

    @Override
    public String name() {
        return "wide-csv";
    }

    /**
     * A file with its own mapping beside it (the user said how to read it), or whose header a bundled mapping matches.
     * A file whose own mapping is broken or does not fit its header is recognised, and refused whole when read.
     */
    @Override
    public boolean recognises(SourceFile f) {
        if (f.headIfText().isEmpty() || isMapping(f)) {
            return false;
        }
        return ownMapping(f).isPresent() || mapping(f).isPresent();
    }

    private static boolean isMapping(SourceFile f) {
        return f.name().toLowerCase(java.util.Locale.ROOT).endsWith(".mapping.csv");
    }

    private static Optional<SourceFile> ownMapping(SourceFile f) {
        return f.sibling(f.name().replaceFirst("\\.[^.]*$", "") + ".mapping.csv");
    }

    /** The mapping for a file: its own beside it, else a bundled one matching its header. */
    public Optional<WideMapping> mapping(SourceFile f) {
        try {
            return Optional.of(mappingOrWhy(f));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The file's own mapping, parsed and matched to its header, else a bundled one; the exception says why none. */
    private WideMapping mappingOrWhy(SourceFile f) throws IOException {
        List<String> header = f.head().header();
        Optional<SourceFile> own = ownMapping(f);
        if (own.isPresent()) {
            WideMapping m = WideMapping.parse(own.get().path(), own.get().readAllBytes());
            if (!m.matches(header)) {
                throw new IOException(
                        "mapping " + own.get().name() + " does not fit the header: " + difference(m, header));
            }
            return m;
        }
        return bundled.stream()
                .filter(m -> m.matches(header))
                .findFirst()
                .orElseThrow(() -> new IOException(f.path() + ": no mapping matches its header"));
    }

    /** Columns of the header the mapping does not name, and mapped columns the header lacks. */
    private static String difference(WideMapping m, List<String> header) {
        java.util.Set<String> h = new java.util.LinkedHashSet<>();
        header.forEach(x -> h.add(x.trim()));
        List<String> extra = h.stream().filter(c -> !m.columns().contains(c)).toList();
        List<String> lacking = m.columns().stream().filter(c -> !h.contains(c)).toList();
        List<String> parts = new java.util.ArrayList<>();
        if (!extra.isEmpty()) {
            parts.add("not in the mapping: " + String.join(", ", extra));
        }
        if (!lacking.isEmpty()) {
            parts.add("mapped but not in the file: " + String.join(", ", lacking));
        }
        if (parts.isEmpty()) {
            parts.add("a column is named twice in the header");
        }
        return String.join("; ", parts);
    }

    @Override
    public Optional<String> mismatch(SourceFile f) {
        if (f.headIfText().isEmpty()) {
            return Optional.empty();
        }
        if (isMapping(f)) {
            String data = f.name().substring(0, f.name().length() - ".mapping.csv".length()) + ".csv";
            return Optional.of("a wide-CSV mapping: read with " + data
                    + (f.sibling(data).isPresent() ? "" : ", which is not beside it"));
        }
        List<String> header =
                f.headIfText().get().header().stream().map(String::trim).toList();
        WideMapping best = null;
        long overlap = 0;
        for (WideMapping m : bundled) {
            long n = header.stream().filter(m.columns()::contains).count();
            if (n > overlap) {
                best = m;
                overlap = n;
            }
        }
        if (best == null || overlap < Math.max(2, best.columns().size() / 2)) {
            return Optional.empty();
        }
        return Optional.of("wide layout not recognised: closest bundled mapping " + best.name() + " does not fit ("
                + difference(best, header) + "); a mapping beside the file, "
                + f.name().replaceFirst("\\.[^.]*$", "")
                + ".mapping.csv, says how to read it");
    }

    @Override
    public ReadResult read(SourceFile f) throws IOException {
        WideMapping m;
        try {
            m = mappingOrWhy(f);
        } catch (IOException e) {
            throw new WideMapping.MappingException(e.getMessage());
        }
        ReadResult out = new ReadResult(f.path(), name() + " (" + m.name() + ")");
        List<String> h = f.head().header().stream().map(String::trim).toList();
        CsvRecords.forEach(f, out, r -> {
            List<String> x = r.fields();
            for (int c = 0; c < h.size(); c++) {
                String col = h.get(c);
                String v = x.get(c).trim();
                if (m.ignoredColumns().contains(col)) {
                    if (!v.isEmpty()) {
                        out.countIgnored();
                    }
                    continue;
                }
                String component = m.valueColumns().get(col);
                if (component == null) {
                    continue;
                }
                if (v.isEmpty()) {
                    out.countBlank();
                    continue;
                }
                out.scores()
                        .add(new RawScore(
                                f.path(),
                                r.line(),
                                col,
                                role(m, h, x, "index"),
                                role(m, h, x, "year"),
                                role(m, h, x, "province"),
                                role(m, h, x, "basis"),
                                component,
                                v,
                                null,
                                Optional.ofNullable(role(m, h, x, "source")).orElse(m.name()),
                                role(m, h, x, "provenance"),
                                null,
                                null));
            }
        });
        return out;
    }

    private static String role(WideMapping m, List<String> h, List<String> x, String role) {
        String col = m.roleColumns().get(role);
        return col == null ? m.constants().get(role) : x.get(h.indexOf(col)).trim();
    }
}
