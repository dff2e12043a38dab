package org.chiso.core;

/**
 * The province basis a key belongs to. {@code VN63}: the 63 provinces before 1 July 2025 (with Hà Tây
 * to 2008); {@code VN34}: the 34 provinces from 1 July 2025; {@code NATIONAL}: the whole country.
 */
public enum Basis {
    VN63,
    VN34,
    NATIONAL;

    /** First year published on the 34-province basis. */
    public static final int FIRST_VN34_YEAR = 2025;

    /** The default basis for an index year: VN63 up to 2024, VN34 from 2025. */
    public static Basis forYear(int year) {
        return year >= FIRST_VN34_YEAR ? VN34 : VN63;
    }
}
