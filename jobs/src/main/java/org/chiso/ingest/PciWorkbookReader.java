package org.chiso.ingest;

import java.io.IOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chiso.ingest.io.Numbers;
import org.chiso.ingest.io.Workbook;

/**
 * The official PCI workbooks as VCCI publishes them for download ({@code PCI_2005.xls} ... {@code PCI_2016.xlsx}):
 * the summary sheet of sub-indices and the PCI, one sheet among the indicator sheets. Layouts change between years
 * (see {@code docs/PCI_WORKBOOKS.md}), so the summary sheet is found by its labels, not its name or position:
 *
 * <ul>
 *   <li>the summary sheet is the first whose header (the first three rows) names at least eight PCI sub-indices and
 *       the weighted PCI, in Vietnamese or English ({@link #component}); the label row is the row naming most, and
 *       rows after it without a number in a labelled column are header rows too (2006's Vietnamese labels under the
 *       English ones, 2009's names under "Chỉ số thành phần 1");
 *   <li>one row per province (2005-2007, 2009): the province is the column labelled "Tỉnh..."; the other columns
 *       without a PCI label (rank, region, 2005's traditional conditions) are counted as ignored cells;
 *   <li>a ranking per column (2008, 2010-2016): every sub-index is sorted on its own, with the province name in the
 *       column left of its value; a value whose left neighbour holds no name (2008's Hà Nội row repeated below the
 *       table) makes its row a summary row.
 * </ul>
 *
 * Rows of per-column statistics (MIN, MAX, Trung vị, Điểm cao nhất mẫu, Xếp hạng, ...) are refused as {@code
 * summary_row}. The year is taken from the file name ({@code PCI_YYYY}) or else a label "PCI YYYY". Provinces are
 * read by name on the 63-province basis (Hà Tây to 2008). Values keep the workbook's stored text.
 */
public final class PciWorkbookReader implements ScoreReader {
    /** The source name in the scores table and in {@code source_priority.csv}. */
    static final String SOURCE = "PCI official workbook (VCCI)";

    private static final int HEADER_ROWS = 3;
    private static final Pattern YEAR_IN_NAME = Pattern.compile("(?<!\\d)(20\\d\\d)(?!\\d)");
    private static final Pattern PCI_YEAR = Pattern.compile("pci (20\\d\\d)");
    private static final List<String> SUMMARY_WORDS =
            List.of("min", "max", "trung vi", "diem thap nhat", "diem cao nhat", "xep hang", "median");

    @Override
    public String name() {
        return "pci-official-workbook";
    }

    /**
     * The PCI component a header label names, or empty: the labels of 2005-2016 in Vietnamese (with or without
     * diacritics, line breaks) and English. The unweighted total is tested before the weighted one ("chưa có trọng
     * số" contains "có trọng số").
     */
    static Optional<String> component(String label) {
        String l = " " + words(label) + " ";
        String raw = label.toLowerCase(Locale.ROOT);
        if (l.contains(" chua co trong so ") || raw.contains("unweighted")) {
            return Optional.of("UNWEIGHTED");
        }
        if (l.contains(" co trong so ")
                || l.contains(" pci cuoi cung ")
                || l.matches(" pci 20\\d\\d ")
                || raw.contains("weighted pci")) {
            return Optional.of("TOTAL");
        }
        String[][] keys = {
            {"ENTRY", " gia nhap thi truong ", " entry "},
            {"LAND", " tiep can dat dai ", " land "},
            {"TRANSPARENCY", " minh bach ", " transparency "},
            {"TIME", " chi phi thoi gian ", " chi phi ve thoi gian ", " regulatory compliance "},
            {"INFORMAL", " khong chinh thuc ", " informal "},
            {"IMPLEMENT", " thuc hien chinh sach ", " implementation "},
            {"BIAS", " uu dai ", " canh tranh binh dang ", " soe bias ", " dnnn "},
            {"PROACTIVE", " nang dong ", " proactivity "},
            {"SUPPORT", " phat trien khu vuc ", " ho tro doanh nghiep ", " dich vu ho tro ", " private sector "},
            {"LABOR", " dao tao lao dong ", " labor "},
            {"LEGAL", " thiet che phap ly ", " legal "},
        };
        for (String[] k : keys) {
            for (int i = 1; i < k.length; i++) {
                if (l.contains(k[i])) {
                    return Optional.of(k[0]);
                }
            }
        }
        return Optional.empty();
    }

    /** A label's words: without diacritics, lower case, separated by single spaces ("Chi phí\n thời gian" is "chi phi thoi gian"). */
    static String words(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "")
                .replace('đ', 'd')
                .replace('Đ', 'd')
                .toLowerCase(Locale.ROOT);
        return String.join(" ", s.split("[^a-z0-9]+")).trim();
    }

    /** Where a summary sheet's labels are. */
    private record Layout(
            Workbook.Sheet sheet, int labelRow, int lastHeaderRow, SortedMap<Integer, String> components) {}

    /**
     * The summary sheet's layout, or empty if no sheet has one: the labels of the header rows (the first three, up to
     * the first row with three numbers) taken together, the first label of a column counting.
     */
    private static Optional<Layout> layout(Workbook wb) {
        for (Workbook.Sheet s : wb.sheets()) {
            int labelRow = -1;
            SortedMap<Integer, String> found = new TreeMap<>();
            for (Workbook.Row r : s.rows()) {
                if (r.number() > HEADER_ROWS
                        || r.cells().values().stream()
                                        .filter(PciWorkbookReader::number)
                                        .count()
                                >= 3) {
                    break;
                }
                for (Map.Entry<Integer, String> c : r.cells().entrySet()) {
                    Optional<String> comp = component(c.getValue());
                    if (comp.isPresent() && !found.containsKey(c.getKey())) {
                        found.put(c.getKey(), comp.get());
                        labelRow = r.number();
                    }
                }
            }
            long subIndices = found.values().stream()
                    .filter(c -> !c.equals("TOTAL") && !c.equals("UNWEIGHTED"))
                    .distinct()
                    .count();
            if (subIndices >= 8 && found.containsValue("TOTAL")) {
                int last = labelRow;
                for (Workbook.Row r : s.rows()) {
                    if (r.number() == last + 1
                            && found.keySet().stream()
                                    .noneMatch(c -> number(r.cells().get(c)))) {
                        last = r.number();
                    }
                }
                return Optional.of(new Layout(s, labelRow, last, found));
            }
        }
        return Optional.empty();
    }

    private static boolean number(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        try {
            Numbers.parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean recognises(SourceFile f) {
        if (!f.isWorkbook()) {
            return false;
        }
        try {
            return layout(f.workbook()).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Why a workbook named like VCCI's ({@code PCI_YYYY.xls}) is not taken: no sheet's header names eight sub-indices
     * and the weighted PCI; each sheet is listed with the PCI labels found in its first three rows. Other files are
     * not this reader's kind.
     */
    @Override
    public Optional<String> mismatch(SourceFile f) throws IOException {
        if (!f.isWorkbook() || !words(f.name()).startsWith("pci")) {
            return Optional.empty();
        }
        List<String> seen = new ArrayList<>();
        for (Workbook.Sheet s : f.workbook().sheets()) {
            TreeSet<String> found = new TreeSet<>();
            s.rows().stream()
                    .filter(r -> r.number() <= HEADER_ROWS)
                    .forEach(r -> r.cells().values().forEach(t -> component(t).ifPresent(found::add)));
            seen.add("'" + s.name() + "' (" + (found.isEmpty() ? "no PCI labels" : String.join(", ", found)) + ")");
        }
        return Optional.of("PCI workbook layout not recognised: expected a sheet whose first rows name at least eight"
                + " sub-indices and the weighted PCI; "
                + (seen.isEmpty() ? "the workbook has no sheets" : "sheets: " + String.join(", ", seen)));
    }

    /** The year of a workbook: from the file name, else from a "PCI YYYY" label of the summary sheet's header. */
    private static Optional<String> year(SourceFile f, Layout layout) {
        Matcher m = YEAR_IN_NAME.matcher(f.name());
        if (m.find()) {
            return Optional.of(m.group(1));
        }
        for (Workbook.Row r : layout.sheet().rows()) {
            if (r.number() > layout.lastHeaderRow()) {
                break;
            }
            for (String text : r.cells().values()) {
                Matcher y = PCI_YEAR.matcher(words(text));
                if (y.find()) {
                    return Optional.of(y.group(1));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public ReadResult read(SourceFile f) throws IOException {
        ReadResult out = new ReadResult(f.path(), name());
        Workbook wb = f.workbook();
        Layout layout = layout(wb).orElseThrow(() -> new IOException(f.path() + ": no PCI summary sheet"));
        String year = year(f, layout)
                .orElseThrow(() -> new IOException(f.path() + ": PCI workbook without a year: neither its name"
                        + " (PCI_YYYY.xls) nor its summary sheet's labels (PCI YYYY) say which year it is"));
        Workbook.Sheet sheet = layout.sheet();
        String where = f.path() + "#" + sheet.name();
        List<String> others =
                wb.sheetNames().stream().filter(n -> !n.equals(sheet.name())).toList();
        if (!others.isEmpty()) {
            out.note("summary sheet '" + sheet.name() + "' read (label row " + layout.labelRow() + "); indicator"
                    + " sheets passed over: "
                    + String.join(", ", others.stream().map(n -> "'" + n + "'").toList()));
        }
        boolean ranked = ranked(sheet, layout);
        int provinceColumn = ranked ? -1 : provinceColumn(sheet, layout);
        if (!ranked && provinceColumn < 0) {
            throw new IOException(f.path() + ": sheet " + sheet.name() + ": one row per province, but no column"
                    + " labelled 'Tỉnh' in rows 1-" + layout.lastHeaderRow());
        }
        List<Integer> empty = new ArrayList<>();
        for (Workbook.Row row : sheet.rows()) {
            if (row.number() <= layout.lastHeaderRow()) {
                continue;
            }
            Map<Integer, String> values = new LinkedHashMap<>();
            layout.components().keySet().forEach(c -> {
                String v = row.cells().get(c);
                if (v != null && !v.isBlank()) {
                    values.put(c, v);
                }
            });
            Optional<String> summary = summary(row, layout, ranked);
            if (summary.isPresent()) {
                out.rejects()
                        .add(new Reject(
                                where,
                                row.number(),
                                summary.get().substring(0, summary.get().indexOf(' ')),
                                "",
                                RejectReason.SUMMARY_ROW.code(),
                                summary.get().substring(summary.get().indexOf(' ') + 1)));
                continue;
            }
            String rowProvince =
                    ranked ? null : row.cells().getOrDefault(provinceColumn, "").trim();
            if (values.isEmpty() && (ranked || rowProvince.isEmpty())) {
                empty.add(row.number());
                continue;
            }
            for (Map.Entry<Integer, String> e : layout.components().entrySet()) {
                int c = e.getKey();
                String v = values.get(c);
                if (v == null) {
                    out.countBlank();
                    continue;
                }
                String province = ranked ? row.cells().get(c - 1).trim() : rowProvince;
                out.scores()
                        .add(new RawScore(
                                where,
                                row.number(),
                                Workbook.columnLetters(c),
                                "PCI",
                                year,
                                province,
                                "VN63",
                                e.getValue(),
                                v,
                                null,
                                SOURCE,
                                null,
                                null,
                                null));
            }
            for (int c : row.cells().keySet()) {
                if (!layout.components().containsKey(c)
                        && !(ranked && layout.components().containsKey(c + 1))
                        && c != provinceColumn) {
                    out.countIgnored();
                }
            }
        }
        if (!empty.isEmpty()) {
            out.note(empty.size() + " row(s) without a province or a value passed over: " + empty);
        }
        return out;
    }

    /**
     * Whether each sub-index is ranked on its own: in the first data row every labelled column has a name (not a
     * number) on its left.
     */
    private static boolean ranked(Workbook.Sheet sheet, Layout layout) {
        for (Workbook.Row r : sheet.rows()) {
            if (r.number() > layout.lastHeaderRow()) {
                return layout.components().keySet().stream().allMatch(c -> {
                    String left = r.cells().get(c - 1);
                    return left != null && !left.isBlank() && !number(left);
                });
            }
        }
        return false;
    }

    /** The column labelled "Tỉnh..." (province) in the header rows, or -1. */
    private static int provinceColumn(Workbook.Sheet sheet, Layout layout) {
        for (Workbook.Row r : sheet.rows()) {
            if (r.number() > layout.lastHeaderRow()) {
                break;
            }
            for (Map.Entry<Integer, String> c : r.cells().entrySet()) {
                if (words(c.getValue()).startsWith("tinh")
                        || c.getValue().trim().startsWith("Tỉnh")) {
                    return c.getKey();
                }
            }
        }
        return -1;
    }

    /**
     * Why a data row is a summary row ("column message"), or empty: a cell outside the value columns names a
     * statistic (MIN, Trung vị, Xếp hạng, ...), or, ranked per column, a value has no province name on its left.
     */
    private static Optional<String> summary(Workbook.Row row, Layout layout, boolean ranked) {
        for (Map.Entry<Integer, String> c : row.cells().entrySet()) {
            if (layout.components().containsKey(c.getKey())) {
                continue;
            }
            String n = words(c.getValue());
            for (String w : SUMMARY_WORDS) {
                if (n.equals(w) || n.startsWith(w + " ")) {
                    return Optional.of(Workbook.columnLetters(c.getKey()) + " row '"
                            + c.getValue().trim() + "' holds per-column statistics, not a province");
                }
            }
        }
        if (ranked) {
            for (int c : layout.components().keySet()) {
                String left = row.cells().get(c - 1);
                if (row.cells().containsKey(c) && (left == null || left.isBlank())) {
                    String first = row.cells().values().iterator().next().trim();
                    return Optional.of(
                            Workbook.columnLetters(c) + " value '" + row.cells().get(c)
                                    + "' has no province name on its left: a row repeated below the ranking (first cell '"
                                    + first + "'), not a ranked province");
                }
            }
        }
        return Optional.empty();
    }
}
