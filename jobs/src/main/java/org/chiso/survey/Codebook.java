package org.chiso.survey;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.ingest.io.Numbers;
import org.chiso.ingest.io.TextTable;

/**
 * A survey codebook: which item belongs to which indicator, component and index, its answer scale,
 * reverse coding and scoring rule, and the scale the component is reported on. See docs/MICRODATA.md.
 */
public final class Codebook {
    /** Scoring rules: scale mean, share in the top two boxes, or a 0/1 indicator. */
    public static final Set<String> RULES = Set.of("mean", "top2", "binary");
    static final List<String> COLUMNS = List.of("survey", "year_from", "year_to", "item", "indicator", "component", "index",
            "answer_min", "answer_max", "reverse", "rule", "out_min", "out_max");

    /** One item of the codebook. */
    public record Item(String survey, int yearFrom, int yearTo, String item, String indicator, String component, String index,
                       double answerMin, double answerMax, boolean reverse, String rule, double outMin, double outMax) {
    }

    public static final StructType SCHEMA = new StructType()
            .add("survey", DataTypes.StringType).add("year_from", DataTypes.IntegerType).add("year_to", DataTypes.IntegerType)
            .add("item", DataTypes.StringType).add("indicator", DataTypes.StringType).add("component", DataTypes.StringType)
            .add("index", DataTypes.StringType).add("answer_min", DataTypes.DoubleType).add("answer_max", DataTypes.DoubleType)
            .add("reverse", DataTypes.BooleanType).add("rule", DataTypes.StringType).add("out_min", DataTypes.DoubleType)
            .add("out_max", DataTypes.DoubleType);

    private Codebook() {
    }

    /** Parses a codebook CSV; an error names file, line and column. */
    public static List<Item> parse(String file, byte[] bytes) throws IOException {
        TextTable t = TextTable.read(file, new ByteArrayInputStream(bytes));
        int[] at = new int[COLUMNS.size()];
        for (int i = 0; i < COLUMNS.size(); i++) {
            at[i] = TextTable.column(t.header(), COLUMNS.get(i));
            if (at[i] < 0) {
                throw new IOException(file + ":1: codebook column '" + COLUMNS.get(i) + "' is missing; needed: " + String.join(",", COLUMNS));
            }
        }
        List<Item> items = new ArrayList<>();
        for (TextTable.Record r : t.records()) {
            if (r.fields().size() != t.header().size()) {
                throw new IOException(file + ":" + r.line() + ": expected " + t.header().size() + " fields, found " + r.fields().size());
            }
            String[] f = new String[COLUMNS.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = r.fields().get(at[i]).trim();
            }
            String rule = f[10].toLowerCase(Locale.ROOT);
            if (!RULES.contains(rule)) {
                throw new IOException(file + ":" + r.line() + ":rule: unknown scoring rule '" + f[10] + "'; rules: mean, top2, binary");
            }
            try {
                items.add(new Item(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3], f[4], f[5].toUpperCase(Locale.ROOT),
                        f[6].toUpperCase(Locale.ROOT), Numbers.parse(f[7]), Numbers.parse(f[8]), f[9].equalsIgnoreCase("Y"), rule,
                        Numbers.parse(f[11]), Numbers.parse(f[12])));
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + r.line() + ": " + e.getMessage(), e);
            }
        }
        return items;
    }

    /** The codebook as a small Dataset for joins. */
    public static Dataset<Row> toDataset(SparkSession spark, List<Item> items) {
        List<Row> rows = new ArrayList<>();
        for (Item i : items) {
            rows.add(RowFactory.create(i.survey(), i.yearFrom(), i.yearTo(), i.item(), i.indicator(), i.component(), i.index(),
                    i.answerMin(), i.answerMax(), i.reverse(), i.rule(), i.outMin(), i.outMax()));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }
}
