package org.chiso.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chiso.io.Fs;

/**
 * A dossier folder's files (docs/DOSSIERS.md, section 1) as the scans take them: the dossier files with their format
 * and column mapping ({@link #input}), and the small tables read on the driver and broadcast ({@link #catalogue}).
 */
public final class DossierFolders {
    private DossierFolders() {}

    /** The dossier files of a folder and their format. */
    public record Input(String folder, List<String> files, boolean parquet, Map<String, String> mapping)
            implements java.io.Serializable {}

    /**
     * The files below {@code folder/dossiers} ending in {@code .csv} or {@code .parquet} (hidden files, {@code
     * _SUCCESS} and checksums left out), all of one format, and the mapping of {@code mapping.csv} (source column →
     * column), if present.
     */
    public static Input input(Fs fs, String folder) throws IOException {
        String dir = Fs.child(folder, "dossiers");
        if (!fs.exists(dir)) {
            throw new IOException(Fs.display(dir) + ": no dossiers folder (docs/DOSSIERS.md, section 1)");
        }
        List<String> csv = new ArrayList<>();
        List<String> parquet = new ArrayList<>();
        for (String f : fs.listFiles(dir)) {
            String name = f.substring(f.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
            if (name.startsWith(".") || name.startsWith("_")) {
                continue;
            }
            if (name.endsWith(".csv")) {
                csv.add(f);
            } else if (name.endsWith(".parquet")) {
                parquet.add(f);
            }
        }
        if (csv.isEmpty() == parquet.isEmpty()) {
            throw new IOException(Fs.display(dir)
                    + (csv.isEmpty()
                            ? ": no .csv or .parquet files"
                            : ": both .csv and .parquet files; give one format"));
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        String m = Fs.child(folder, "mapping.csv");
        if (fs.exists(m)) {
            for (Map<String, String> r : table(fs, m, "source_column", "column")) {
                if (!DossierRules.COLUMNS.contains(r.get("column"))) {
                    throw new IOException(Fs.display(m) + ":" + r.get(LINE) + ": column " + r.get("column")
                            + " is not a dossier column (docs/DOSSIERS.md)");
                }
                mapping.put(r.get("source_column"), r.get("column"));
            }
        }
        return new Input(folder, csv.isEmpty() ? parquet : csv, csv.isEmpty(), Map.copyOf(mapping));
    }

    /**
     * units.csv, procedures.csv and unit_procedures.csv of a folder. A unit procedure naming an unknown unit or
     * procedure, a unit of a level other than province, department or commune, a duplicate key, a boolean other than
     * true or false: the folder is refused with the file and line.
     */
    public static Catalogue catalogue(Fs fs, String folder) throws IOException {
        Map<String, Catalogue.Unit> units = new LinkedHashMap<>();
        String uf = Fs.child(folder, "units.csv");
        for (Map<String, String> r :
                table(fs, uf, "unit_key", "level", "province_key", "code", "name", "name_en", "synthetic")) {
            String where = Fs.display(uf) + ":" + r.get(LINE);
            if (!List.of(Catalogue.PROVINCE, Catalogue.DEPARTMENT, Catalogue.COMMUNE)
                    .contains(r.get("level"))) {
                throw new IOException(
                        where + ": level must be province, department or commune, found " + r.get("level"));
            }
            Catalogue.Unit u = new Catalogue.Unit(
                    r.get("unit_key"),
                    r.get("level"),
                    r.get("province_key"),
                    r.get("code"),
                    r.get("name"),
                    r.get("name_en"),
                    bool(where, "synthetic", r.get("synthetic"), true));
            if (units.put(u.key(), u) != null) {
                throw new IOException(where + ": unit " + u.key() + " given twice");
            }
        }
        for (Catalogue.Unit u : units.values()) {
            Catalogue.Unit p = units.get(u.provinceKey());
            if (p == null || !p.level().equals(Catalogue.PROVINCE)) {
                throw new IOException(Fs.display(uf) + ": unit " + u.key() + " names province " + u.provinceKey()
                        + ", which is not a province of the file");
            }
        }
        Map<String, Catalogue.Procedure> procedures = new LinkedHashMap<>();
        String pf = Fs.child(folder, "procedures.csv");
        for (Map<String, String> r : table(
                fs,
                pf,
                "procedure_code",
                "name",
                "field",
                "level",
                "online_level",
                "fee_bearing",
                "payment_integrated",
                "paper_result_required",
                "population_db_connected")) {
            String where = Fs.display(pf) + ":" + r.get(LINE);
            if (!List.of(Catalogue.DEPARTMENT, Catalogue.COMMUNE).contains(r.get("level"))) {
                throw new IOException(where + ": level must be department or commune, found " + r.get("level"));
            }
            if (!List.of("full", "partial", "none").contains(r.get("online_level"))) {
                throw new IOException(
                        where + ": online_level must be full, partial or none, found " + r.get("online_level"));
            }
            Catalogue.Procedure p = new Catalogue.Procedure(
                    r.get("procedure_code"),
                    r.get("name"),
                    r.get("field"),
                    r.get("level"),
                    r.get("online_level"),
                    bool(where, "fee_bearing", r.get("fee_bearing"), false),
                    bool(where, "payment_integrated", r.get("payment_integrated"), false),
                    bool(where, "paper_result_required", r.get("paper_result_required"), false),
                    bool(where, "population_db_connected", r.get("population_db_connected"), false));
            if (procedures.put(p.code(), p) != null) {
                throw new IOException(where + ": procedure " + p.code() + " given twice");
            }
        }
        Map<String, Map<String, Catalogue.UnitProcedure>> offered = new HashMap<>();
        String of = Fs.child(folder, "unit_procedures.csv");
        for (Map<String, String> r : table(
                fs, of, "unit_key", "procedure_code", "published_on_time", "national_db_on_time", "complete_parts")) {
            String where = Fs.display(of) + ":" + r.get(LINE);
            Catalogue.Unit u = units.get(r.get("unit_key"));
            Catalogue.Procedure p = procedures.get(r.get("procedure_code"));
            if (u == null || p == null) {
                throw new IOException(where + ": "
                        + (u == null ? "unit " + r.get("unit_key") : "procedure " + r.get("procedure_code"))
                        + " is not in " + (u == null ? "units.csv" : "procedures.csv"));
            }
            if (!p.level().equals(u.level())) {
                throw new IOException(where + ": a " + p.level() + " procedure offered by a " + u.level());
            }
            Catalogue.UnitProcedure up = new Catalogue.UnitProcedure(
                    u.key(),
                    p.code(),
                    bool(where, "published_on_time", r.get("published_on_time"), false),
                    bool(where, "national_db_on_time", r.get("national_db_on_time"), false),
                    bool(where, "complete_parts", r.get("complete_parts"), false));
            if (offered.computeIfAbsent(u.key(), k -> new HashMap<>()).put(p.code(), up) != null) {
                throw new IOException(where + ": unit " + u.key() + " offers procedure " + p.code() + " twice");
            }
        }
        return new Catalogue(units, procedures, offered);
    }

    private static final String LINE = SmallCsv.LINE;

    /** The rows of a small CSV of the folder, with the named columns required. */
    static List<Map<String, String>> table(Fs fs, String file, String... columns) throws IOException {
        if (!fs.exists(file)) {
            throw new IOException(Fs.display(file) + ": missing (docs/DOSSIERS.md, section 1)");
        }
        try {
            return SmallCsv.rows(Fs.display(file), fs.read(file), columns);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static boolean bool(String where, String column, String text, boolean emptyIsFalse) throws IOException {
        if (text.isEmpty() && emptyIsFalse) {
            return false;
        }
        Boolean b = DossierRules.blank(text) ? null : DossierRules.bool(text);
        if (b == null) {
            throw new IOException(where + ":" + column + ": expected true or false, found '" + text + "'");
        }
        return b;
    }
}
