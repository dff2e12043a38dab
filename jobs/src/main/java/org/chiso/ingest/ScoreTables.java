package org.chiso.ingest;

import static org.chiso.core.Columns.*;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.chiso.core.ComponentDef;
import org.chiso.core.IndexDefinitions;

/** Schemas of the warehouse tables and the conversion of validated records into Datasets. */
public final class ScoreTables {
    /** The {@code scores} table: one tidy long table for all indices. */
    public static final StructType SCORES = new StructType(new StructField[] {
        f(INDEX, DataTypes.StringType, false),
        f(VERSION, DataTypes.StringType, false),
        f(YEAR, DataTypes.IntegerType, false),
        f(PROVINCE_KEY, DataTypes.StringType, false),
        f(BASIS, DataTypes.StringType, false),
        f(COMPONENT, DataTypes.StringType, false),
        f(PARENT, DataTypes.StringType, true),
        f(LEVEL, DataTypes.StringType, true),
        f(VALUE, DataTypes.DoubleType, true),
        f(SCALE_MIN, DataTypes.DoubleType, true),
        f(SCALE_MAX, DataTypes.DoubleType, true),
        f(N, DataTypes.LongType, true),
        f(SE, DataTypes.DoubleType, true),
        f(CI_LOW, DataTypes.DoubleType, true),
        f(CI_HIGH, DataTypes.DoubleType, true),
        f(DEFF, DataTypes.DoubleType, true),
        f(PROVENANCE, DataTypes.StringType, false),
        f(DERIVED_FLAG, DataTypes.BooleanType, false),
        f(SOURCE, DataTypes.StringType, false),
        f(FILE, DataTypes.StringType, true),
        f(LINE, DataTypes.IntegerType, true),
        f(COLUMN, DataTypes.StringType, true)
    });
    /** Published measures other than scores (ranks, changes, counts), from the published figures. */
    public static final StructType FACTS = new StructType(new StructField[] {
        f(INDEX, DataTypes.StringType, false), f(YEAR, DataTypes.IntegerType, false),
                f(PROVINCE_KEY, DataTypes.StringType, false),
        f(COMPONENT, DataTypes.StringType, false), f(MEASURE, DataTypes.StringType, false),
                f(VALUE, DataTypes.DoubleType, false),
        f(SOURCE, DataTypes.StringType, false), f(NOTE, DataTypes.StringType, true),
                f(FILE, DataTypes.StringType, true),
        f(LINE, DataTypes.IntegerType, true)
    });
    /** The {@code rejects} table. */
    public static final StructType REJECTS = new StructType(new StructField[] {
        f(FILE, DataTypes.StringType, false), f(LINE, DataTypes.IntegerType, false),
                f(COLUMN, DataTypes.StringType, true),
        f(RAW_VALUE, DataTypes.StringType, true), f(REASON, DataTypes.StringType, false),
                f(DETAIL, DataTypes.StringType, false)
    });
    /** Per index, year and component with an aggregation: how its parts combine. */
    public static final StructType STRUCTURE = new StructType(new StructField[] {
        f(INDEX, DataTypes.StringType, false),
        f(VERSION, DataTypes.StringType, false),
        f(YEAR, DataTypes.IntegerType, false),
        f(COMPONENT, DataTypes.StringType, false),
        f(PARENT, DataTypes.StringType, true),
        f(LEVEL, DataTypes.StringType, false),
        f(SCALE_MIN, DataTypes.DoubleType, true),
        f(SCALE_MAX, DataTypes.DoubleType, true),
        f(AGGREGATION, DataTypes.StringType, false),
        f(N_PARTS, DataTypes.IntegerType, false)
    });

    /** Published parents compared with the value derived from their parts ({@link Derivation#checks}). */
    public static final StructType CHECKS = new StructType(new StructField[] {
        f(INDEX, DataTypes.StringType, false),
        f(VERSION, DataTypes.StringType, false),
        f(YEAR, DataTypes.IntegerType, false),
        f(PROVINCE_KEY, DataTypes.StringType, false),
        f(COMPONENT, DataTypes.StringType, false),
        f(SOURCE, DataTypes.StringType, false),
        f(PUBLISHED_VALUE, DataTypes.DoubleType, true),
        f(DERIVED_VALUE, DataTypes.DoubleType, true),
        f(DIFFERENCE, DataTypes.DoubleType, true),
        f(Derivation.WITHIN_TOLERANCE, DataTypes.BooleanType, true)
    });

    private ScoreTables() {}

    private static StructField f(String name, org.apache.spark.sql.types.DataType t, boolean nullable) {
        return DataTypes.createStructField(name, t, nullable);
    }

    /** Validated index scores as a {@link #SCORES} Dataset (not derived). */
    public static Dataset<Row> scores(SparkSession spark, List<ScoreRecord> records) {
        return spark.createDataFrame(parallel(spark, scoreRows(records)), SCORES);
    }

    /** Validated index scores as {@link #SCORES} rows (not derived), in the order of the records; other measures left out. */
    public static List<Row> scoreRows(List<ScoreRecord> records) {
        List<Row> rows = new ArrayList<>();
        for (ScoreRecord r : records) {
            if (r.isScore()) {
                rows.add(RowFactory.create(
                        r.index(),
                        r.version(),
                        r.year(),
                        r.provinceKey(),
                        r.basis(),
                        r.component(),
                        r.parent().isEmpty() ? null : r.parent(),
                        r.level(),
                        r.value(),
                        r.scaleMin(),
                        r.scaleMax(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        r.provenance(),
                        false,
                        r.source(),
                        r.file(),
                        r.line(),
                        r.column()));
            }
        }
        return rows;
    }

    /**
     * Rows as an RDD in slices of at most about 5,000 rows (a task stays under Spark's recommended 1 MB), at least one
     * slice per core, so no task carries the whole list.
     */
    public static org.apache.spark.api.java.JavaRDD<Row> parallel(SparkSession spark, List<Row> rows) {
        int slices = Math.max(spark.sparkContext().defaultParallelism(), (rows.size() + 4999) / 5000);
        return org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(rows, slices);
    }

    /** Validated non-score measures as a {@link #FACTS} Dataset. */
    public static Dataset<Row> facts(SparkSession spark, List<ScoreRecord> records) {
        List<Row> rows = new ArrayList<>();
        for (ScoreRecord r : records) {
            if (!r.isScore()) {
                rows.add(RowFactory.create(
                        r.index(),
                        r.year(),
                        r.provinceKey(),
                        r.component(),
                        r.measure(),
                        r.value(),
                        r.source(),
                        r.note(),
                        r.file(),
                        r.line()));
            }
        }
        return spark.createDataFrame(rows, FACTS);
    }

    /** Rejects as a {@link #REJECTS} Dataset. */
    public static Dataset<Row> rejects(SparkSession spark, List<Reject> rejects) {
        List<Row> rows = new ArrayList<>();
        for (Reject r : rejects) {
            rows.add(RowFactory.create(r.file(), r.line(), r.column(), r.value(), r.reason(), r.detail()));
        }
        return spark.createDataFrame(rows, REJECTS);
    }

    /** The component tree per index and year, for derivation: one row per component and year. */
    public static Dataset<Row> structure(SparkSession spark, IndexDefinitions defs) {
        return spark.createDataFrame(structureRows(defs), STRUCTURE);
    }

    /** The component tree per index and year as {@link #STRUCTURE} rows: one row per component and year. */
    public static List<Row> structureRows(IndexDefinitions defs) {
        List<Row> rows = new ArrayList<>();
        for (ComponentDef c : defs.components()) {
            for (int y = c.yearFrom(); y <= c.yearTo(); y++) {
                double[] s = defs.scale(c, y);
                rows.add(RowFactory.create(
                        c.index(),
                        c.version(),
                        y,
                        c.component(),
                        c.parent().isEmpty() ? null : c.parent(),
                        c.level(),
                        s[0],
                        s[1],
                        c.aggregation(),
                        defs.parts(c.index(), y, c.component()).size()));
            }
        }
        return rows;
    }
}
