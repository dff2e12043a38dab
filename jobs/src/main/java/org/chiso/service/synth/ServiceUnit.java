package org.chiso.service.synth;

import java.io.Serializable;

/**
 * A handling unit of the service index on the 34-province basis: a province, one of its departments, or a commune or
 * ward (the columns of {@code units.csv}, docs/DOSSIERS.md section 1).
 *
 * @param unitKey     {@code VN34-19}, {@code VN34-19/D/TP} or {@code VN34-19/C/05542}
 * @param level       {@code province}, {@code department} or {@code commune}
 * @param provinceKey the province the unit belongs to (itself for a province)
 * @param code        department code, commune code, or the province code
 * @param name        the Vietnamese name
 * @param nameEn      the English name of a department, else empty
 * @param synthetic   true when the unit itself is invented (a commune named because the commune file was absent)
 */
public record ServiceUnit(
        String unitKey, String level, String provinceKey, String code, String name, String nameEn, boolean synthetic)
        implements Serializable {
    /** Level names. */
    public static final String PROVINCE = "province";

    public static final String DEPARTMENT = "department";
    public static final String COMMUNE = "commune";

    /** The key of a department of a province. */
    public static String departmentKey(String provinceKey, String code) {
        return provinceKey + "/D/" + code;
    }

    /** The key of a commune or ward of a province. */
    public static String communeKey(String provinceKey, String code) {
        return provinceKey + "/C/" + code;
    }
}
