package org.chiso.ingest;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chiso.io.TextTable;

/**
 * The PAPI per-year research files {@code YYYY.csv}: column {@code Province} holds PAPI's own province ids
 * {@code P01..P63}, the other columns are sub-dimensions {@code SC11..SC83}. The ids are resolved through
 * {@code codebook_provinces.csv} beside the files (id, English name); without it every row is refused.
 * Blank cells are missing values and are counted, not read.
 */
public final class PapiPerYearReader implements ScoreReader {
    static final String SOURCE = "PAPI per-year research copy";

    @Override
    public String name() {
        return "papi-per-year";
    }

    @Override
    public boolean recognises(SourceFile f) {
        if (!f.name().matches("\\d{4}\\.csv")) {
            return false;
        }
        return f.headIfText()
                .map(t -> t.header().size() > 1
                        && t.header().get(0).equalsIgnoreCase("Province")
                        && t.header().subList(1, t.header().size()).stream().allMatch(h -> h.matches("SC\\d\\d")))
                .orElse(false);
    }

    @Override
    public Optional<String> mismatch(SourceFile f) {
        if (f.name().equals("codebook_provinces.csv")) {
            return Optional.of("the PAPI province-id codebook: read with the YYYY.csv files beside it");
        }
        Optional<TextTable.Head> t = f.headIfText();
        if (t.isEmpty() || t.get().header().isEmpty()) {
            return Optional.empty();
        }
        List<String> h = t.get().header();
        boolean province = h.get(0).trim().equalsIgnoreCase("Province");
        List<String> other = h.subList(1, h.size()).stream()
                .filter(c -> !c.matches("SC\\d\\d"))
                .toList();
        if (f.name().matches("\\d{4}\\.csv") && province) {
            return Optional.of(
                    "PAPI per-year layout not recognised: after Province every column must be a sub-dimension"
                            + " SC11..SC83; " + (h.size() == 1 ? "there is none" : "not: " + String.join(", ", other)));
        }
        if (province && h.size() > 1 && other.isEmpty()) {
            return Optional.of("PAPI per-year layout (Province, SC11, ...) but the name is not YYYY.csv, so the year is"
                    + " unknown");
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(SourceFile f) throws IOException {
        ReadResult out = new ReadResult(f.path(), name());
        String year = f.name().substring(0, 4);
        Map<String, String> ids = new HashMap<>();
        Optional<SourceFile> codebook = f.sibling("codebook_provinces.csv");
        if (codebook.isPresent()) {
            codebook.get().records(r -> {
                if (r.fields().size() >= 2) {
                    ids.put(r.fields().get(0).trim(), r.fields().get(1).trim());
                }
            });
        }
        List<String> h = f.head().header();
        CsvRecords.forEach(f, out, r -> {
            String id = r.fields().get(0).trim();
            String province = ids.get(id);
            if (province == null) {
                out.rejects()
                        .add(new Reject(
                                f.path(),
                                r.line(),
                                h.get(0),
                                id,
                                RejectReason.UNKNOWN_PROVINCE.code(),
                                codebook.isEmpty()
                                        ? "codebook_provinces.csv is not beside the file, so PAPI id '" + id
                                                + "' cannot be resolved"
                                        : "PAPI id '" + id + "' is not in codebook_provinces.csv"));
                return;
            }
            for (int c = 1; c < h.size(); c++) {
                String v = r.fields().get(c).trim();
                if (v.isEmpty()) {
                    out.countBlank();
                    continue;
                }
                out.scores()
                        .add(new RawScore(
                                f.path(), r.line(), h.get(c), "PAPI", year, province, "VN63", h.get(c), v, null, SOURCE,
                                null, null, null));
            }
        });
        return out;
    }
}
