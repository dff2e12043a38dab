package org.chiso.core;

import java.time.LocalDate;

/**
 * One province of one basis. The key ({@code VN63-24}, {@code VN34-24}) carries the vintage; the bare
 * code does not identify a province.
 */
public record Province(
        String key,
        Basis basis,
        String code,
        String nameVi,
        String nameAscii,
        String region,
        LocalDate validFrom,
        LocalDate validTo,
        String successorKey) {

    /** Whether the province existed in some part of the given calendar year. */
    public boolean validInYear(int year) {
        return validFrom.getYear() <= year && (validTo == null || validTo.getYear() >= year);
    }

    /** The key for a code in a basis, e.g. {@code key(VN63, "24")} is {@code VN63-24}. */
    public static String key(Basis basis, String code) {
        return basis.name() + "-" + code;
    }
}
