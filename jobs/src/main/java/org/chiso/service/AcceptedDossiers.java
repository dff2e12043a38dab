package org.chiso.service;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The accepted dossiers as the warehouse keeps them: their schema and the row of a checked record. */
public final class AcceptedDossiers {
    private AcceptedDossiers() {}

    /**
     * The accepted dossiers as the warehouse keeps them (table {@code dossiers}): the columns of docs/DOSSIERS.md typed
     * (timestamps without time zone, local wall-clock time; booleans; text trimmed; empty as null), the unit's
     * province, and the source file and line (CSV line, or 1-based Parquet row number) each row came from.
     */
    public static final StructType SCHEMA = dossiersSchema();

    private static StructType dossiersSchema() {
        StructType s = new StructType();
        for (int i = 0; i < DossierRules.COLUMNS.size(); i++) {
            String c = DossierRules.COLUMNS.get(i);
            s = s.add(
                    c,
                    DossierRules.TIMESTAMPS.contains(i)
                            ? DataTypes.TimestampNTZType
                            : DossierRules.BOOLEANS.contains(i) ? DataTypes.BooleanType : DataTypes.StringType,
                    i != DossierRules.ID);
            if (i == DossierRules.UNIT) {
                s = s.add("province_key", DataTypes.StringType, false);
            }
        }
        return s.add(org.chiso.core.Columns.FILE, DataTypes.StringType, false)
                .add(org.chiso.core.Columns.LINE, DataTypes.IntegerType, false);
    }

    /** Per column of {@link DossierRules#COLUMNS}: 't' timestamp, 'b' boolean, 's' text. */
    private static final char[] KINDS = kinds();

    private static char[] kinds() {
        char[] k = new char[DossierRules.COLUMNS.size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = DossierRules.TIMESTAMPS.contains(i) ? 't' : DossierRules.BOOLEANS.contains(i) ? 'b' : 's';
        }
        return k;
    }

    /** An accepted row's values as a {@link #SCHEMA} row ({@code file} as displayed). */
    static Row row(DossierRules.Values v, String province, String file, int line) {
        int n = DossierRules.COLUMNS.size();
        Object[] out = new Object[n + 3];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (v.blank(i)) {
                out[k] = null;
            } else if (KINDS[i] == 't') {
                long ms = v.time(i);
                out[k] = java.time.LocalDateTime.ofEpochSecond(
                        Math.floorDiv(ms, 1000L), (int) Math.floorMod(ms, 1000L) * 1_000_000, java.time.ZoneOffset.UTC);
            } else if (KINDS[i] == 'b') {
                out[k] = v.bool(i);
            } else {
                out[k] = v.text(i).trim();
            }
            k++;
            if (i == DossierRules.UNIT) {
                out[k++] = province;
            }
        }
        out[k++] = file;
        out[k] = line;
        return RowFactory.create(out);
    }
}
