package org.chiso.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A small table held in the driver: a Spark schema and its rows. The province-scale stages (analyses,
 * clustering, report summaries) produce these in plain Java; the report run writes them without a Spark job.
 *
 * @param schema column names and types (StringType, IntegerType, LongType, DoubleType or BooleanType)
 * @param rows   rows in schema order; values of the schema's Java types or null (given the schema, so fields can be read by name)
 */
public record Table(StructType schema, List<Row> rows) {
    public Table {
        List<Row> withSchema = new ArrayList<>(rows.size());
        for (Row r : rows) {
            if (r.schema() != null) {
                withSchema.add(r);
            } else {
                Object[] v = new Object[r.length()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.get(i);
                }
                withSchema.add(new GenericRowWithSchema(v, schema));
            }
        }
        rows = List.copyOf(withSchema);
    }

    /** A Spark Dataset of the rows (for tests and notebooks; the report run does not need one). */
    public Dataset<Row> toDataset(SparkSession spark) {
        return spark.createDataFrame(rows, schema);
    }

    /** The table with its rows sorted as Spark's {@code orderBy(col.asc_nulls_first(), ...)} sorts them. */
    public Table sorted(String... columns) {
        List<Row> out = new ArrayList<>(rows);
        out.sort(order(schema, columns));
        return new Table(schema, out);
    }

    /**
     * The order of Spark's {@code orderBy} with ascending, nulls-first columns: strings by code point (as
     * Spark's UTF-8 byte order), numbers numerically with NaN last and -0.0 equal to 0.0, false before true.
     */
    public static Comparator<Row> order(StructType schema, String... columns) {
        Comparator<Row> c = (a, b) -> 0;
        for (String name : columns) {
            int i = schema.fieldIndex(name);
            Comparator<Object> values = values(schema.fields()[i].dataType());
            c = c.thenComparing((a, b) -> {
                boolean na = a.isNullAt(i);
                boolean nb = b.isNullAt(i);
                if (na || nb) {
                    return na == nb ? 0 : na ? -1 : 1;
                }
                return values.compare(a.get(i), b.get(i));
            });
        }
        return c;
    }

    private static Comparator<Object> values(DataType t) {
        if (t.equals(DataTypes.StringType)) {
            return (a, b) -> SparkOrder.STRINGS.compare((String) a, (String) b);
        }
        if (t.equals(DataTypes.DoubleType)) {
            return (a, b) -> SparkOrder.DOUBLES.compare((Double) a, (Double) b);
        }
        if (t.equals(DataTypes.IntegerType) || t.equals(DataTypes.LongType)) {
            return (a, b) -> Long.compare(((Number) a).longValue(), ((Number) b).longValue());
        }
        if (t.equals(DataTypes.BooleanType)) {
            return (a, b) -> Boolean.compare((Boolean) a, (Boolean) b);
        }
        throw new IllegalArgumentException("no order for column type " + t);
    }
}
