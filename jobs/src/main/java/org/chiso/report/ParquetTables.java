package org.chiso.report;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a small driver-side table as a Parquet folder of one file, laid out as Spark writes one
 * ({@code <name>.parquet/part-00000.snappy.parquet} and {@code _SUCCESS}), without a Spark job: the rows
 * are not shipped into a query plan. Column types map as Spark's own writer maps them (string: BINARY
 * annotated STRING; int: INT32; bigint: INT64; double: DOUBLE; boolean: BOOLEAN; every column optional),
 * so {@code spark.read().parquet} gives back the same schema and rows.
 */
public final class ParquetTables {
    private ParquetTables() {}

    /** Writes {@code rows} (in this order) to the folder {@code folder}, replacing what was there. */
    public static void write(Configuration conf, String folder, StructType schema, List<Row> rows) throws IOException {
        Path dir = new Path(folder);
        FileSystem fs = dir.getFileSystem(conf);
        if (fs.exists(dir)) {
            fs.delete(dir, true);
        }
        MessageType type = messageType(schema);
        try (ParquetWriter<Row> w = new Builder(new Path(dir, "part-00000.snappy.parquet"), type, schema)
                .withConf(conf)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (Row r : rows) {
                w.write(r);
            }
        }
        fs.create(new Path(dir, "_SUCCESS"), true).close();
    }

    /** Whether every column has a type this writer maps (string, int, bigint, double, boolean). */
    public static boolean supports(StructType schema) {
        for (StructField f : schema.fields()) {
            DataType t = f.dataType();
            if (!(t.equals(DataTypes.StringType)
                    || t.equals(DataTypes.IntegerType)
                    || t.equals(DataTypes.LongType)
                    || t.equals(DataTypes.DoubleType)
                    || t.equals(DataTypes.BooleanType))) {
                return false;
            }
        }
        return true;
    }

    static MessageType messageType(StructType schema) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (StructField f : schema.fields()) {
            DataType t = f.dataType();
            Type field;
            if (t.equals(DataTypes.StringType)) {
                field = Types.optional(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType())
                        .named(f.name());
            } else if (t.equals(DataTypes.IntegerType)) {
                field = Types.optional(PrimitiveTypeName.INT32).named(f.name());
            } else if (t.equals(DataTypes.LongType)) {
                field = Types.optional(PrimitiveTypeName.INT64).named(f.name());
            } else if (t.equals(DataTypes.DoubleType)) {
                field = Types.optional(PrimitiveTypeName.DOUBLE).named(f.name());
            } else if (t.equals(DataTypes.BooleanType)) {
                field = Types.optional(PrimitiveTypeName.BOOLEAN).named(f.name());
            } else {
                throw new IllegalArgumentException(
                        "column " + f.name() + ": type " + t + " is not written by ParquetTables");
            }
            b.addField(field);
        }
        return b.named("spark_schema");
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        private final MessageType type;
        private final StructType schema;

        Builder(Path file, MessageType type, StructType schema) {
            super(file);
            this.type = type;
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(type, schema);
        }
    }

    private static final class RowWriteSupport extends WriteSupport<Row> {
        private final MessageType type;
        private final StructType schema;
        private RecordConsumer out;

        RowWriteSupport(MessageType type, StructType schema) {
            this.type = type;
            this.schema = schema;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            HashMap<String, String> meta = new HashMap<>();
            meta.put("org.apache.spark.sql.parquet.row.metadata", schema.json());
            return new WriteContext(type, meta);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(Row r) {
            out.startMessage();
            StructField[] fields = schema.fields();
            for (int i = 0; i < fields.length; i++) {
                if (r.isNullAt(i)) {
                    continue;
                }
                out.startField(fields[i].name(), i);
                DataType t = fields[i].dataType();
                Object v = r.get(i);
                if (t.equals(DataTypes.StringType)) {
                    out.addBinary(Binary.fromString((String) v));
                } else if (t.equals(DataTypes.IntegerType)) {
                    out.addInteger(((Number) v).intValue());
                } else if (t.equals(DataTypes.LongType)) {
                    out.addLong(((Number) v).longValue());
                } else if (t.equals(DataTypes.DoubleType)) {
                    out.addDouble(((Number) v).doubleValue());
                } else {
                    out.addBoolean((Boolean) v);
                }
                out.endField(fields[i].name(), i);
            }
            out.endMessage();
        }
    }
}
