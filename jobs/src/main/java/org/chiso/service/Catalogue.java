package org.chiso.service;

import java.io.Serializable;
import java.util.Map;

/**
 * The small tables of a dossier folder (docs/DOSSIERS.md, section 1), read on the driver and broadcast: the units, the
 * procedure catalogue and the procedures each unit offers.
 */
public record Catalogue(
        Map<String, Unit> units, Map<String, Procedure> procedures, Map<String, Map<String, UnitProcedure>> offered)
        implements Serializable {
    public static final String PROVINCE = "province";
    public static final String DEPARTMENT = "department";
    public static final String COMMUNE = "commune";

    /** A handling unit of units.csv. */
    public record Unit(
            String key, String level, String provinceKey, String code, String name, String nameEn, boolean synthetic)
            implements Serializable {}

    /** A procedure of procedures.csv. */
    public record Procedure(
            String code,
            String name,
            String field,
            String level,
            String onlineLevel,
            boolean feeBearing,
            boolean paymentIntegrated,
            boolean paperResultRequired,
            boolean populationDbConnected)
            implements Serializable {
        /** Offered fully or partly online. */
        public boolean online() {
            return onlineLevel.equals("full") || onlineLevel.equals("partial");
        }
    }

    /** A row of unit_procedures.csv. */
    public record UnitProcedure(
            String unitKey,
            String procedureCode,
            boolean publishedOnTime,
            boolean nationalDbOnTime,
            boolean completeParts)
            implements Serializable {}

    /** The procedure offered by a unit, or null. */
    public UnitProcedure offered(String unitKey, String procedureCode) {
        Map<String, UnitProcedure> m = offered.get(unitKey);
        return m == null ? null : m.get(procedureCode);
    }

    /**
     * The unit-procedure counters of a department or commune ({@link Counts#UP} .. {@link Counts#UP_POPULATION_DB}),
     * added into {@code into}.
     */
    public void addProcedureCounts(String unitKey, long[] into) {
        Map<String, UnitProcedure> m = offered.get(unitKey);
        if (m == null) {
            return;
        }
        for (UnitProcedure up : m.values()) {
            Procedure p = procedures.get(up.procedureCode());
            into[Counts.UP]++;
            into[Counts.UP_PUBLISHED_ON_TIME] += up.publishedOnTime() ? 1 : 0;
            into[Counts.UP_NATIONAL_DB_ON_TIME] += up.nationalDbOnTime() ? 1 : 0;
            into[Counts.UP_COMPLETE_PARTS] += up.completeParts() ? 1 : 0;
            into[Counts.UP_ONLINE] += p.online() ? 1 : 0;
            into[Counts.UP_FEE] += p.feeBearing() ? 1 : 0;
            into[Counts.UP_FEE_INTEGRATED] += p.feeBearing() && p.paymentIntegrated() ? 1 : 0;
            into[Counts.UP_POPULATION_DB] += p.populationDbConnected() ? 1 : 0;
        }
    }
}
