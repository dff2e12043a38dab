package org.chiso.service.synth;

import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chiso.io.TextTable;

/**
 * The post-1 July 2025 communes and wards of {@code admin/commune_conversion_2025.csv} (the official old-to-new
 * conversion table): one {@link Commune} per new commune code.
 *
 * <p>The file's quirks, all handled here: two header rows (the first names the two halves of the table, the second
 * has the column names, {@code Tên Xã mới}, {@code Mã Xã mới}); a heading row per province with only its upper-case
 * name in the first column; one row per old commune, so a new commune appears once per predecessor; names of one new
 * code that differ by trailing spaces, an embedded line break or the placement of a tone mark (NFC vs. old-style
 * {@code Thuỵ}/{@code Thụy}); the first spelling, trimmed and with whitespace collapsed, is kept.
 */
public final class CommuneFile {
    private static final Pattern PROVINCE_CODE = Pattern.compile("\\((\\d{2})\\)\\s*$");
    private static final Pattern COMMUNE_CODE = Pattern.compile("\\d{5}");

    /**
     * A new commune or ward.
     *
     * @param provinceCode the two-digit code of its province (34-province basis)
     * @param code         the five-digit code of the new commune
     * @param name         its name ({@code Xã Lam Vỹ}, {@code Phường Quyết Thắng})
     */
    public record Commune(String provinceCode, String code, String name) {}

    /**
     * What was read: the communes in file order, and how many rows named an already-seen code with another spelling.
     *
     * @param communes      one per new code, in file order
     * @param rows          data rows read (one per old commune)
     * @param respelled     rows whose new name differs (before normalisation) from the first spelling of their code
     */
    public record Read(List<Commune> communes, int rows, int respelled) {}

    private CommuneFile() {}

    /**
     * Parses the file.
     *
     * @throws IllegalArgumentException naming the file, line and column of a row that is neither a heading nor a
     *                                  commune with a province code and a five-digit new code, or of a code given to
     *                                  two provinces
     */
    public static Read read(String fileName, InputStream in) throws IOException {
        TextTable t = TextTable.read(fileName, in);
        int prov = -1;
        int name = -1;
        int code = -1;
        Map<String, Commune> byCode = new LinkedHashMap<>();
        Map<String, String> rawFirst = new LinkedHashMap<>();
        int rows = 0;
        int respelled = 0;
        for (TextTable.Record r : t.records()) {
            List<String> f = r.fields();
            if (name < 0) {
                int n = f.indexOf("Tên Xã mới");
                if (n >= 0) {
                    name = n;
                    code = f.indexOf("Mã Xã mới");
                    prov = 0;
                    if (code < 0) {
                        throw new IllegalArgumentException(
                                fileName + " line " + r.line() + ": header has \"Tên Xã mới\" but no \"Mã Xã mới\"");
                    }
                }
                continue;
            }
            String p = field(f, prov);
            String nm = field(f, name);
            String cd = field(f, code);
            if (nm.isBlank() && cd.isBlank()) {
                continue; // a province heading row, or a blank one
            }
            rows++;
            Matcher m = PROVINCE_CODE.matcher(p.strip());
            if (!m.find()) {
                throw new IllegalArgumentException(fileName + " line " + r.line() + ", column " + (prov + 1)
                        + ": no province code \"(nn)\" in \"" + p + "\"");
            }
            if (!COMMUNE_CODE.matcher(cd.strip()).matches()) {
                throw new IllegalArgumentException(fileName + " line " + r.line() + ", column " + (code + 1)
                        + ": new commune code \"" + cd + "\" is not five digits");
            }
            String c = cd.strip();
            Commune seen = byCode.get(c);
            if (seen == null) {
                byCode.put(c, new Commune(m.group(1), c, clean(nm)));
                rawFirst.put(c, nm);
            } else {
                if (!seen.provinceCode().equals(m.group(1))) {
                    throw new IllegalArgumentException(fileName + " line " + r.line() + ", column " + (code + 1)
                            + ": commune " + c + " is in province " + seen.provinceCode() + " and " + m.group(1));
                }
                if (!rawFirst.get(c).equals(nm)) {
                    respelled++;
                }
            }
        }
        if (name < 0) {
            throw new IllegalArgumentException(fileName + ": no header row with \"Tên Xã mới\"");
        }
        return new Read(List.copyOf(new ArrayList<>(byCode.values())), rows, respelled);
    }

    private static String field(List<String> f, int i) {
        return i >= 0 && i < f.size() ? f.get(i) : "";
    }

    /** NFC, whitespace (line breaks included) collapsed to one space, trimmed. */
    static String clean(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFC)
                .replaceAll("\\s+", " ")
                .strip();
    }
}
