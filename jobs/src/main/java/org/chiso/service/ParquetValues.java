package org.chiso.service;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The {@link DossierRules.Values} of Parquet rows as Spark's scan gives them ({@link InternalRow}): string columns as
 * text, boolean columns and timestamps without time zone as they are stored, so that a scan does not format every
 * timestamp as text to parse it again. Columns of any other type arrive cast to string. A typed value becomes text
 * only for a refused row's {@code raw_value} and detail, as Spark's cast to string writes it.
 */
final class ParquetValues implements DossierRules.Values {
    /** How a column is read. */
    enum Kind {
        TEXT,
        BOOLEAN,
        TIMESTAMP_NTZ
    }

    /** The kinds of the dossier columns, in {@link DossierRules#COLUMNS} order, from the scan's column types. */
    record Layout(Kind[] kinds) implements Serializable {
        /** The kind a column of this Spark type is read as (TEXT after a cast to string for the others). */
        static Kind kind(DataType type) {
            if (type.equals(DataTypes.BooleanType)) {
                return Kind.BOOLEAN;
            }
            if (type.equals(DataTypes.TimestampNTZType)) {
                return Kind.TIMESTAMP_NTZ;
            }
            return Kind.TEXT;
        }
    }

    private final Kind[] kinds;
    private final String[] text;
    private InternalRow row;

    ParquetValues(Layout layout) {
        this.kinds = layout.kinds();
        this.text = new String[kinds.length];
    }

    /** Points at the next row; its string columns are copied out (the row object is reused by the scan). */
    void of(InternalRow r) {
        row = r;
        for (int i = 0; i < kinds.length; i++) {
            text[i] =
                    kinds[i] == Kind.TEXT && !r.isNullAt(i) ? r.getUTF8String(i).toString() : null;
        }
    }

    @Override
    public String text(int column) {
        return switch (kinds[column]) {
            case TEXT -> text[column];
            case BOOLEAN -> row.isNullAt(column) ? null : Boolean.toString(row.getBoolean(column));
            case TIMESTAMP_NTZ -> row.isNullAt(column) ? null : format(row.getLong(column));
        };
    }

    @Override
    public boolean blank(int column) {
        return switch (kinds[column]) {
            case TEXT -> DossierRules.blank(text[column]);
            default -> row.isNullAt(column);
        };
    }

    @Override
    public Boolean bool(int column) {
        return kinds[column] == Kind.BOOLEAN
                ? Boolean.valueOf(row.getBoolean(column))
                : DossierRules.bool(text(column));
    }

    @Override
    public Long time(int column) {
        return kinds[column] == Kind.TIMESTAMP_NTZ
                ? Long.valueOf(Math.floorDiv(row.getLong(column), 1000L))
                : DossierRules.timestamp(text(column));
    }

    /** Microseconds of a timestamp without time zone as Spark's cast to string writes them. */
    static String format(long micros) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
        String s = String.format(
                java.util.Locale.ROOT,
                "%04d-%02d-%02d %02d:%02d:%02d",
                t.getYear(),
                t.getMonthValue(),
                t.getDayOfMonth(),
                t.getHour(),
                t.getMinute(),
                t.getSecond());
        int us = (int) Math.floorMod(micros, 1_000_000L);
        if (us == 0) {
            return s;
        }
        String f = String.format(java.util.Locale.ROOT, "%06d", us).replaceAll("0+$", "");
        return s + "." + f;
    }
}
