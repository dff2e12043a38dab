package org.chiso.ingest;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.chiso.io.TextTable;

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

    @Override
    public boolean recognises(SourceFile f) {
        return mapping(f).isPresent();
    }

    /** The mapping for a file: its own beside it, else a bundled one matching its header. */
    public Optional<WideMapping> mapping(SourceFile f) {
        Optional<TextTable> t = f.tableIfText();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        Optional<SourceFile> own = f.sibling(f.name().replaceFirst("\\.[^.]*$", "") + ".mapping.csv");
        if (own.isPresent()) {
            try {
                WideMapping m = WideMapping.parse(own.get().path(), own.get().bytes());
                return m.matches(t.get().header()) ? Optional.of(m) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return bundled.stream().filter(m -> m.matches(t.get().header())).findFirst();
    }

    @Override
    public ReadResult read(SourceFile f) throws IOException {
        WideMapping m = mapping(f).orElseThrow(() -> new IOException(f.path() + ": no mapping matches its header"));
        ReadResult out = new ReadResult(f.path(), name() + " (" + m.name() + ")");
        List<String> h = f.table().header().stream().map(String::trim).toList();
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
