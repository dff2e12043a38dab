package org.chiso.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small hand-made dossier folder for tests (SYNTHETIC): two provinces, a department in each, a commune in one, three
 * procedures, and dossiers given as column → value overrides of a plain default row.
 */
final class DossierFolder {
    static final String UNITS = "unit_key,level,province_key,code,name,name_en,synthetic\n"
            + "VN34-19,province,VN34-19,19,Thái Nguyên,,false\n"
            + "VN34-19/D/TP,department,VN34-19,TP,Sở Tư pháp,Department of Justice,false\n"
            + "VN34-19/C/05443,commune,VN34-19,05443,Phường Phan Đình Phùng,,false\n"
            + "VN34-01,province,VN34-01,01,Hà Nội,,false\n"
            + "VN34-01/D/TP,department,VN34-01,TP,Sở Tư pháp,Department of Justice,false\n";
    static final String PROCEDURES = "procedure_code,name,field,level,online_level,fee_bearing,payment_integrated,"
            + "paper_result_required,population_db_connected\n"
            + "P1,Procedure one,justice,department,full,true,true,false,true\n"
            + "P2,Procedure two,justice,department,none,false,false,true,false\n"
            + "P3,Procedure three,justice,commune,partial,false,false,false,true\n";
    static final String UNIT_PROCEDURES =
            "unit_key,procedure_code,published_on_time,national_db_on_time,complete_parts\n"
                    + "VN34-19/D/TP,P1,true,true,true\n"
                    + "VN34-19/D/TP,P2,false,true,false\n"
                    + "VN34-19/C/05443,P3,true,false,true\n"
                    + "VN34-01/D/TP,P2,true,true,true\n";

    private final List<Map<String, String>> dossiers = new ArrayList<>();

    /** A dossier: P2 at the Thái Nguyên department, in person, nothing ended, every flag false, plus {@code kv}. */
    DossierFolder add(String id, String... kv) {
        Map<String, String> d = new HashMap<>();
        for (String c : DossierRules.COLUMNS) {
            d.put(c, "");
        }
        d.putAll(Map.of(
                "dossier_id", id,
                "procedure_code", "P2",
                "field", "justice",
                "unit_key", "VN34-19/D/TP",
                "channel", "in_person",
                "synthetic", "true"));
        for (String c : List.of(
                "synced",
                "result_electronic",
                "digitised",
                "certified_copy",
                "reused_data",
                "data_store",
                "population_db",
                "complaint")) {
            d.put(c, "false");
        }
        for (int i = 0; i < kv.length; i += 2) {
            if (!d.containsKey(kv[i])) {
                throw new IllegalArgumentException("no column " + kv[i]);
            }
            d.put(kv[i], kv[i + 1]);
        }
        dossiers.add(d);
        return this;
    }

    /** The CSV line of dossier {@code i} in {@link DossierRules#COLUMNS} order. */
    String line(int i) {
        List<String> v = new ArrayList<>();
        for (String c : DossierRules.COLUMNS) {
            String s = dossiers.get(i).get(c);
            v.add(s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
        }
        return String.join(",", v);
    }

    int size() {
        return dossiers.size();
    }

    /** Writes the folder: the small tables and dossiers/part-0.csv (header, then one line per dossier). */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("dossiers"));
        Files.writeString(dir.resolve("units.csv"), UNITS, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("procedures.csv"), PROCEDURES, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("unit_procedures.csv"), UNIT_PROCEDURES, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(String.join(",", DossierRules.COLUMNS)).append('\n');
        for (int i = 0; i < dossiers.size(); i++) {
            b.append(line(i)).append('\n');
        }
        Files.writeString(dir.resolve("dossiers/part-0.csv"), b.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("README.md"), "SYNTHETIC test folder\n", StandardCharsets.UTF_8);
        return dir;
    }
}
