package org.chiso.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chiso.ingest.io.Workbook;

/**
 * The official PAPI workbook as published for download (2011-2016; .xlsx, or the same saved as .xls): one sheet a year named
 * {@code YYYY_PAPI}; row 1 English labels, row 2 Vietnamese labels; column A the statistics-office code
 * ({@code tinhid}), B/C the names; then per dimension a dimension column followed by its sub-dimension
 * columns, and the unweighted total last. Dimension columns are found by their English labels; the
 * sub-dimensions after a dimension are numbered in order ({@code SC11}, {@code SC12}, ...). The row with
 * code 999 holds per-column maxima ("Highest"), not a province: it is refused as {@code summary_row}.
 */
public final class PapiWorkbookReader implements ScoreReader {
    private static final Pattern SHEET = Pattern.compile("(\\d{4})_PAPI");
    private static final List<String> DIMENSIONS = List.of(
            "Participation at Local Levels",
            "Transparency",
            "Vertical Accountability",
            "Control of Corruption",
            "Public Administrative Procedures",
            "Public Service Delivery",
            "Environmental Governance",
            "E-Governance");
    static final String SOURCE = "PAPI official workbook 2011-2016";

    @Override
    public String name() {
        return "papi-official-workbook";
    }

    @Override
    public boolean recognises(SourceFile f) {
        if (!f.isWorkbook()) {
            return false;
        }
        try {
            Workbook wb = f.workbook();
            // the workbook is recognised by its YYYY_PAPI sheets; other sheets (notes, a readme) are passed over
            return wb.sheets().stream().anyMatch(PapiWorkbookReader::known);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Optional<String> mismatch(SourceFile f) throws IOException {
        if (!f.isWorkbook()) {
            if (f.extension().matches("xlsx|xlsm|xls")) {
                throw new IOException(
                        f.path() + ": workbook cannot be read: not a zip archive (an .xlsx file starts with"
                                + " 'PK') nor an Excel 97-2003 (OLE2) file");
            }
            return Optional.empty();
        }
        Workbook wb = f.workbook();
        List<String> seen = new ArrayList<>();
        for (Workbook.Sheet s : wb.sheets()) {
            String a1 = s.rows().isEmpty()
                    ? "empty"
                    : "A1 '" + s.rows().get(0).cells().getOrDefault(0, "") + "'";
            seen.add("'" + s.name() + "' (" + a1 + ")");
        }
        return Optional.of("sheet layout not recognised: expected a sheet named YYYY_PAPI whose cell A1 is 'tinhid'; "
                + (seen.isEmpty() ? "the workbook has no sheets" : "sheets: " + String.join(", ", seen)));
    }

    /** A sheet of the official layout: named YYYY_PAPI, cell A1 'tinhid'. */
    private static boolean known(Workbook.Sheet s) {
        return SHEET.matcher(s.name()).matches()
                && !s.rows().isEmpty()
                && "tinhid"
                        .equalsIgnoreCase(
                                s.rows().get(0).cells().getOrDefault(0, "").trim());
    }

    @Override
    public ReadResult read(SourceFile f) throws IOException {
        ReadResult out = new ReadResult(f.path(), name());
        for (Workbook.Sheet sheet : f.workbook().sheets()) {
            Matcher m = SHEET.matcher(sheet.name());
            if (!known(sheet)) {
                out.note("sheet '" + sheet.name() + "' skipped: sheet layout not recognised (expected a sheet named"
                        + " YYYY_PAPI whose cell A1 is 'tinhid')");
                continue;
            }
            m.matches();
            String year = m.group(1);
            Map<Integer, String> labels = sheet.rows().get(0).cells();
            List<String> components = new ArrayList<>();
            int dim = 0;
            int sub = 0;
            int last =
                    labels.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            for (int c = 3; c <= last; c++) {
                String label = labels.getOrDefault(c, "").trim();
                if (c == last && label.toLowerCase().contains("papi")) {
                    components.add("TOTAL");
                } else if (dimension(label) > 0) {
                    dim = dimension(label);
                    sub = 0;
                    components.add("D" + dim);
                } else if (dim > 0 && !label.isEmpty()) {
                    sub++;
                    components.add("SC" + dim + sub);
                } else {
                    throw new IOException(f.path() + ": sheet " + sheet.name() + " column " + Workbook.columnLetters(c)
                            + " has label '" + label + "' before any dimension column");
                }
            }
            for (Workbook.Row row : sheet.rows()) {
                String code = row.cells().getOrDefault(0, "").trim();
                if (row.number() <= 2 || row.cells().values().stream().allMatch(String::isBlank)) {
                    continue;
                }
                if (code.equals("999")) {
                    out.rejects()
                            .add(new Reject(
                                    f.path() + "#" + sheet.name(),
                                    row.number(),
                                    "A",
                                    code,
                                    RejectReason.SUMMARY_ROW.code(),
                                    "row 999 '" + row.cells().getOrDefault(1, "")
                                            + "' holds per-column maxima, not a province"));
                    continue;
                }
                String province = code.matches("\\d+(\\.0+)?")
                        ? String.format("%02d", (int) Double.parseDouble(code))
                        : row.cells().getOrDefault(1, code);
                for (int c = 3; c <= last; c++) {
                    String v = row.cells().get(c);
                    if (v == null || v.isBlank()) {
                        out.countBlank();
                        continue;
                    }
                    out.scores()
                            .add(new RawScore(
                                    f.path() + "#" + sheet.name(),
                                    row.number(),
                                    Workbook.columnLetters(c),
                                    "PAPI",
                                    year,
                                    province,
                                    "VN63",
                                    components.get(c - 3),
                                    v,
                                    null,
                                    SOURCE,
                                    null,
                                    null,
                                    null));
                }
            }
        }
        return out;
    }

    private static int dimension(String label) {
        for (int i = 0; i < DIMENSIONS.size(); i++) {
            if (label.equalsIgnoreCase(DIMENSIONS.get(i))
                    || label.toLowerCase().startsWith(DIMENSIONS.get(i).toLowerCase() + " ")) {
                return i + 1;
            }
        }
        return 0;
    }
}
