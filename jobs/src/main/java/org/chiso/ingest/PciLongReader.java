package org.chiso.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.chiso.io.TextTable;

/**
 * The PCI long CSV: one row per province-year, columns {@code year, gso_code, province_en}, sub-indices
 * {@code pci_<name>}, {@code pci_unweighted}, {@code pci_weighted} and {@code source}. Provinces are read
 * by statistics-office code on the 63-province basis (Hà Tây is code 28 to 2008). Blank cells are counted.
 */
public final class PciLongReader implements ScoreReader {
    @Override
    public String name() {
        return "pci-long";
    }

    @Override
    public boolean recognises(SourceFile f) {
        return f.headIfText()
                .map(t -> t.header().size() > 4
                        && t.header().get(0).equalsIgnoreCase("year")
                        && t.header().get(1).equalsIgnoreCase("gso_code")
                        && t.header().contains("pci_weighted")
                        && t.header().stream().skip(3).allMatch(h -> h.startsWith("pci_") || h.equals("source")))
                .orElse(false);
    }

    @Override
    public Optional<String> mismatch(SourceFile f) {
        Optional<TextTable.Head> t = f.headIfText();
        if (t.isEmpty()
                || t.get().header().size() < 2
                || !t.get().header().get(0).trim().equalsIgnoreCase("year")
                || !t.get().header().get(1).trim().equalsIgnoreCase("gso_code")) {
            return Optional.empty();
        }
        List<String> h = t.get().header();
        List<String> problems = new ArrayList<>();
        if (!h.contains("pci_weighted")) {
            problems.add("no pci_weighted column");
        }
        List<String> other = h.stream()
                .skip(3)
                .filter(c -> !c.startsWith("pci_") && !c.equals("source"))
                .toList();
        if (!other.isEmpty()) {
            problems.add("not pci_<sub-index> or source: " + String.join(", ", other));
        }
        if (h.size() <= 4) {
            problems.add("no sub-index columns");
        }
        return Optional.of("PCI long layout not recognised (year, gso_code, province_en, pci_<sub-index>...,"
                + " pci_weighted, source): " + String.join("; ", problems));
    }

    @Override
    public ReadResult read(SourceFile f) throws IOException {
        ReadResult out = new ReadResult(f.path(), name());
        List<String> h = f.head().header();
        int source = TextTable.column(h, "source");
        CsvRecords.forEach(f, out, r -> {
            List<String> x = r.fields();
            for (int c = 3; c < h.size(); c++) {
                if (c == source) {
                    continue;
                }
                String v = x.get(c).trim();
                if (v.isEmpty()) {
                    out.countBlank();
                    continue;
                }
                String component = switch (h.get(c)) {
                    case "pci_weighted" -> "TOTAL";
                    default -> h.get(c).substring(4).toUpperCase(Locale.ROOT);
                };
                out.scores()
                        .add(new RawScore(
                                f.path(),
                                r.line(),
                                h.get(c),
                                "PCI",
                                x.get(0).trim(),
                                x.get(1).trim(),
                                "VN63",
                                component,
                                v,
                                null,
                                source < 0 ? null : x.get(source).trim(),
                                null,
                                null,
                                null));
            }
        });
        return out;
    }
}
