package org.chiso.analysis;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.core.Table;

/** Rows of a small report table built in the driver, with NaN and infinities stored as null. */
final class TableBuilder {
    private StructType schema = new StructType();
    private final List<Row> rows = new ArrayList<>();

    TableBuilder string(String name) {
        return add(name, DataTypes.StringType);
    }

    TableBuilder integer(String name) {
        return add(name, DataTypes.IntegerType);
    }

    TableBuilder dbl(String name) {
        return add(name, DataTypes.DoubleType);
    }

    TableBuilder bool(String name) {
        return add(name, DataTypes.BooleanType);
    }

    private TableBuilder add(String name, DataType t) {
        schema = schema.add(name, t, true);
        return this;
    }

    void row(Object... values) {
        if (values.length != schema.size()) {
            throw new IllegalArgumentException("expected " + schema.size() + " values, got " + values.length);
        }
        Object[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            if (v[i] instanceof Double d && (d.isNaN() || d.isInfinite())) {
                v[i] = null;
            }
        }
        rows.add(RowFactory.create(v));
    }

    Table build() {
        return new Table(schema, rows);
    }

    int size() {
        return rows.size();
    }
}
