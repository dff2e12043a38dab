package org.chiso.survey;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.ingest.io.Numbers;
import org.chiso.io.TextTable;

/**
 * A survey codebook: which item belongs to which indicator, component and index, its answer scale,
 * reverse coding and scoring rule, and the scale the component is reported on. See docs/MICRODATA.md.
 */
public final class Codebook {
    /** Scoring rules: scale mean, share in the top two boxes, or a 0/1 indicator. */
    public static final Set<String> RULES = Set.of("mean", "top2", "binary");

    static final List<String> COLUMNS = List.of(
            "survey",
            "year_from",
            "year_to",
            "item",
            "indicator",
            "component",
            "index",
            "answer_min",
            "answer_max",
            "reverse",
            "rule",
            "out_min",
            "out_max");

    /** One item of the codebook. */
    public record Item(
            String survey,
            int yearFrom,
            int yearTo,
            String item,
            String indicator,
            String component,
            String index,
            double answerMin,
            double answerMax,
            boolean reverse,
            String rule,
            double outMin,
            double outMax)
            implements Serializable {
        /**
         * The item score on 0-1 of answer {@code value} (valid: inside the answer scale): reversed first where the
         * codebook says so, v' = (answer_min + answer_max) - v; then {@code mean}: (v' - answer_min) / (answer_max -
         * answer_min), {@code top2}: 1 when v' >= answer_max - 1 else 0, {@code binary}: v'. The floating operations
         * are those of {@link MicrodataStages#componentScores}, in the same order, so the scores have the same bits.
         */
        public double score(double value) {
            double v = reverse ? answerMin + answerMax - value : value;
            return switch (rule) {
                case "mean" -> (v - answerMin) / (answerMax - answerMin);
                case "top2" -> v >= answerMax - 1 ? 1.0 : 0.0;
                default -> v;
            };
        }

        /** True for the rules that give a 0/1 score ({@code top2}, {@code binary}). */
        public boolean proportion() {
            return !rule.equals("mean");
        }
    }

    /**
     * The items by survey and item code, for lookups inside map functions (small; serializable, to broadcast).
     * A survey's item has at most one entry for a year: entries with overlapping year ranges are refused.
     */
    public static final class Lookup implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Map<String, Map<String, List<Item>>> bySurvey = new HashMap<>();

        /** The lookup of these items; throws when two entries of a survey's item cover the same year. */
        public Lookup(List<Item> items) {
            for (Item i : items) {
                List<Item> same = bySurvey.computeIfAbsent(i.survey(), k -> new HashMap<>())
                        .computeIfAbsent(i.item(), k -> new ArrayList<>());
                for (Item o : same) {
                    if (i.yearFrom() <= o.yearTo() && o.yearFrom() <= i.yearTo()) {
                        throw new IllegalArgumentException("codebook: survey " + i.survey() + " item " + i.item()
                                + " has two entries for the years " + Math.max(i.yearFrom(), o.yearFrom()) + "-"
                                + Math.min(i.yearTo(), o.yearTo()));
                    }
                }
                same.add(i);
            }
        }

        /** The entry of {@code item} in {@code survey} asked in {@code year}, or null (also for null arguments). */
        public Item find(String survey, String item, Integer year) {
            return survey == null || year == null ? null : find(items(survey), item, year);
        }

        /** The entries of a survey's items by item code (empty for an unknown survey), for {@link #find(Map, String, int)}. */
        public Map<String, List<Item>> items(String survey) {
            return bySurvey.getOrDefault(survey, Map.of());
        }

        /** The entry of {@code item} asked in {@code year} among a survey's {@link #items}, or null. */
        public static Item find(Map<String, List<Item>> items, String item, int year) {
            List<Item> entries = item == null ? null : items.get(item);
            if (entries != null) {
                for (Item i : entries) {
                    if (i.yearFrom() <= year && year <= i.yearTo()) {
                        return i;
                    }
                }
            }
            return null;
        }
    }

    public static final StructType SCHEMA = new StructType()
            .add("survey", DataTypes.StringType)
            .add("year_from", DataTypes.IntegerType)
            .add("year_to", DataTypes.IntegerType)
            .add("item", DataTypes.StringType)
            .add("indicator", DataTypes.StringType)
            .add("component", DataTypes.StringType)
            .add("index", DataTypes.StringType)
            .add("answer_min", DataTypes.DoubleType)
            .add("answer_max", DataTypes.DoubleType)
            .add("reverse", DataTypes.BooleanType)
            .add("rule", DataTypes.StringType)
            .add("out_min", DataTypes.DoubleType)
            .add("out_max", DataTypes.DoubleType);

    private Codebook() {}

    /** Parses a codebook CSV; an error names file, line and column. */
    public static List<Item> parse(String file, byte[] bytes) throws IOException {
        TextTable t = TextTable.read(file, new ByteArrayInputStream(bytes));
        int[] at = new int[COLUMNS.size()];
        for (int i = 0; i < COLUMNS.size(); i++) {
            at[i] = TextTable.column(t.header(), COLUMNS.get(i));
            if (at[i] < 0) {
                throw new IOException(file + ":1: codebook column '" + COLUMNS.get(i) + "' is missing; needed: "
                        + String.join(",", COLUMNS));
            }
        }
        List<Item> items = new ArrayList<>();
        for (TextTable.Record r : t.records()) {
            if (r.fields().size() != t.header().size()) {
                throw new IOException(file + ":" + r.line() + ": expected "
                        + t.header().size() + " fields, found " + r.fields().size());
            }
            String[] f = new String[COLUMNS.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = r.fields().get(at[i]).trim();
            }
            String rule = f[10].toLowerCase(Locale.ROOT);
            if (!RULES.contains(rule)) {
                throw new IOException(file + ":" + r.line() + ":rule: unknown scoring rule '" + f[10]
                        + "'; rules: mean, top2, binary");
            }
            try {
                double lo = Numbers.parse(f[7]);
                double hi = Numbers.parse(f[8]);
                if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
                    // the codebook contradicts itself: refused here, not blamed on every answer to the item
                    throw new IOException(file + ":" + r.line() + ":answer_min: the answer scale of item " + f[3]
                            + " must run from a smaller to a larger finite value, found answer_min " + f[7]
                            + ", answer_max " + f[8]);
                }
                items.add(new Item(
                        f[0],
                        Integer.parseInt(f[1]),
                        Integer.parseInt(f[2]),
                        f[3],
                        f[4],
                        f[5].toUpperCase(Locale.ROOT),
                        f[6].toUpperCase(Locale.ROOT),
                        Numbers.parse(f[7]),
                        Numbers.parse(f[8]),
                        f[9].equalsIgnoreCase("Y"),
                        rule,
                        Numbers.parse(f[11]),
                        Numbers.parse(f[12])));
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
            rows.add(RowFactory.create(
                    i.survey(),
                    i.yearFrom(),
                    i.yearTo(),
                    i.item(),
                    i.indicator(),
                    i.component(),
                    i.index(),
                    i.answerMin(),
                    i.answerMax(),
                    i.reverse(),
                    i.rule(),
                    i.outMin(),
                    i.outMax()));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }
}
