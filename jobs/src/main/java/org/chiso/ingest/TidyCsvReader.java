package org.chiso.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.chiso.io.TextTable;

/**
 * The workbench's tidy long CSV: one value per line, columns {@code index, year, province, component, value}
 * and optionally {@code scale, source, provenance, measure, basis, note} (any order, case-insensitive).
 * Comma, semicolon or tab separated; decimal point or comma; UTF-8 with or without BOM. A file whose
 * header holds these names joined by some other character is recognised and its lines refused as
 * {@code wrong_separator}. Columns beyond these are counted as ignored cells. A header naming one of these columns
 * twice (two {@code value} columns) has every row refused as {@code duplicate_column}: which one is meant cannot be
 * told.
 */
public final class TidyCsvReader implements ScoreReader {
    static final List<String> REQUIRED = List.of("index", "year", "province", "component", "value");
    static final Set<String> OPTIONAL = Set.of("scale", "source", "provenance", "measure", "basis", "note");

    @Override
    public String name() {
        return "tidy-csv";
    }

    @Override
    public boolean recognises(SourceFile file) {
        return file.headIfText()
                .map(t -> hasColumns(t.header()) || wrongSeparator(t.header()))
                .orElse(false);
    }

    private static boolean hasColumns(List<String> header) {
        return REQUIRED.stream().allMatch(c -> TextTable.column(header, c) >= 0);
    }

    private static boolean wrongSeparator(List<String> header) {
        if (header.size() != 1) {
            return false;
        }
        List<String> tokens = List.of(header.get(0).toLowerCase(Locale.ROOT).split("[^a-z_]+"));
        return tokens.containsAll(REQUIRED);
    }

    @Override
    public Optional<String> mismatch(SourceFile f) {
        Optional<TextTable.Head> t = f.headIfText();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        List<String> h = t.get().header();
        List<String> missing =
                REQUIRED.stream().filter(c -> TextTable.column(h, c) < 0).toList();
        if (missing.size() > 2 || TextTable.column(h, "value") < 0) {
            return Optional.empty();
        }
        return Optional.of("tidy CSV layout not recognised: column" + (missing.size() == 1 ? " " : "s ")
                + String.join(", ", missing) + " missing (a tidy CSV has index, year, province, component, value)");
    }

    @Override
    public ReadResult read(SourceFile f) throws IOException {
        ReadResult out = new ReadResult(f.path(), name());
        List<String> h = f.head().header();
        if (wrongSeparator(h)) {
            long[] records = {0};
            f.records(r -> {
                records[0]++;
                out.rejects()
                        .add(new Reject(
                                f.path(),
                                r.line(),
                                "",
                                String.join(",", r.fields()),
                                RejectReason.WRONG_SEPARATOR.code(),
                                "the header '" + h.get(0) + "' is not separated by comma, semicolon or tab"));
            });
            if (records[0] == 0) {
                out.rejects()
                        .add(new Reject(
                                f.path(),
                                1,
                                "",
                                h.get(0),
                                RejectReason.WRONG_SEPARATOR.code(),
                                "the header '" + h.get(0) + "' is not separated by comma, semicolon or tab"));
            }
            return out;
        }
        Map<String, List<Integer>> known = new TreeMap<>();
        for (int c = 0; c < h.size(); c++) {
            String name = h.get(c).trim().toLowerCase(Locale.ROOT);
            if (REQUIRED.contains(name) || OPTIONAL.contains(name)) {
                known.computeIfAbsent(name, k -> new ArrayList<>()).add(c + 1);
            }
        }
        Map.Entry<String, List<Integer>> twice = known.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .findFirst()
                .orElse(null);
        if (twice != null) {
            // which of two 'value' (or 'province', ...) columns is meant is unknowable: no row of the file is read
            // from it, and none disappears unseen either
            String why = "column '" + twice.getKey() + "' appears "
                    + twice.getValue().size()
                    + " times in the header (fields "
                    + twice.getValue().stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + "): which one holds the row's " + twice.getKey() + " cannot be told";
            CsvRecords.forEach(
                    f,
                    out,
                    r -> out.rejects()
                            .add(new Reject(
                                    f.path(),
                                    r.line(),
                                    twice.getKey(),
                                    String.join(",", r.fields()),
                                    RejectReason.DUPLICATE_COLUMN.code(),
                                    why)));
            return out;
        }
        int index = TextTable.column(h, "index");
        int year = TextTable.column(h, "year");
        int province = TextTable.column(h, "province");
        int component = TextTable.column(h, "component");
        int value = TextTable.column(h, "value");
        int scale = TextTable.column(h, "scale");
        int source = TextTable.column(h, "source");
        int provenance = TextTable.column(h, "provenance");
        int measure = TextTable.column(h, "measure");
        int basis = TextTable.column(h, "basis");
        int note = TextTable.column(h, "note");
        long extra = h.stream()
                .filter(c -> !REQUIRED.contains(c.trim().toLowerCase(Locale.ROOT))
                        && !OPTIONAL.contains(c.trim().toLowerCase(Locale.ROOT)))
                .count();
        String valueColumn = h.get(value);
        CsvRecords.forEach(f, out, r -> {
            List<String> x = r.fields();
            for (long i = 0; i < extra; i++) {
                out.countIgnored();
            }
            out.scores()
                    .add(new RawScore(
                            f.path(),
                            r.line(),
                            valueColumn,
                            CsvRecords.field(x, index),
                            CsvRecords.field(x, year),
                            CsvRecords.field(x, province),
                            CsvRecords.field(x, basis),
                            CsvRecords.field(x, component),
                            CsvRecords.field(x, value),
                            CsvRecords.field(x, scale),
                            CsvRecords.field(x, source),
                            CsvRecords.field(x, provenance),
                            CsvRecords.field(x, measure),
                            CsvRecords.field(x, note)));
        });
        return out;
    }
}
