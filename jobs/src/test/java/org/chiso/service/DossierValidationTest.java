package org.chiso.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.chiso.io.Progress;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every validation reason of DOSSIERS.md, section 2, triggered once (twice for a duplicate) among good rows: each
 * refused row is named by file, line (CSV) or row number (Parquet), column and reason; rows in = accepted + refused;
 * the scores count the accepted rows only.
 */
@ExtendWith(SparkExtension.class)
class DossierValidationTest {
    private static final String[] OK = {
        "submitted", "2025-11-18T08:00", "received", "2025-11-18T09:00", "promised", "2025-11-20T17:00"
    };

    private static String[] ok(String... kv) {
        String[] out = new String[OK.length + kv.length];
        System.arraycopy(OK, 0, out, 0, OK.length);
        System.arraycopy(kv, 0, out, OK.length, kv.length);
        return out;
    }

    /** The folder and the expected rejects: data line (1 = first data row) -> column and reason. */
    static DossierFolder folder(Map<Integer, String> expected) {
        DossierFolder f = new DossierFolder();
        f.add("g1", ok());
        f.add("", ok());
        expected.put(2, "dossier_id missing_value");
        f.add("b2", ok("channel", "fax"));
        expected.put(3, "channel value_not_allowed");
        f.add("b3", ok("synced", "yes"));
        expected.put(4, "synced value_not_allowed");
        f.add("b4", ok("rating", "angry"));
        expected.put(5, "rating value_not_allowed");
        f.add("b5", ok("received", "20/11/2025"));
        expected.put(6, "received timestamp_not_parsed");
        f.add("b6", ok("supplements", "2025-11-18T10:00"));
        expected.put(7, "supplements timestamp_not_parsed");
        f.add("b7", ok("unit_key", "VN34-99/D/XX"));
        expected.put(8, "unit_key unknown_unit");
        f.add("b8", ok("procedure_code", "P9"));
        expected.put(9, "procedure_code unknown_procedure");
        f.add("b9", ok("field", "land"));
        expected.put(10, "field field_mismatch");
        f.add("b10", ok("procedure_code", "P3"));
        expected.put(11, "unit_key unit_level_mismatch");
        f.add("b11", ok("submitted", "2025-11-18T10:00"));
        expected.put(12, "received received_before_submitted");
        f.add("b12", ok("promised", "2025-11-18T08:59"));
        expected.put(13, "promised promised_before_received");
        f.add("b13", ok("returned", "2025-11-18T08:30"));
        expected.put(14, "returned ended_before_received");
        f.add("b14", ok("supplements", "2025-11-18T10:00/2025-11-18T09:30"));
        expected.put(15, "supplements supplement_out_of_order");
        f.add("b15", ok("supplements", "2025-11-18T08:30/2025-11-18T09:30"));
        expected.put(16, "supplements supplement_out_of_order");
        f.add("dup", ok());
        expected.put(17, "dossier_id duplicate_dossier");
        f.add("g2", ok("unit_key", "VN34-01/D/TP"));
        f.add("dup", ok("synced", "true"));
        expected.put(19, "dossier_id duplicate_dossier");
        f.add("b16", ok("procedure_code", "P1"));
        expected.put(20, "fee_paid_online missing_value");
        f.add("b17", ok("certified_copy", "true"));
        expected.put(21, "certified_copy_electronic missing_value");
        f.add("b18", ok("complaint", "TRUE"));
        expected.put(22, "complaint_due missing_value");
        f.add("g3", ok("procedure_code", "P1", "fee_paid_online", "False", "synced", "TRUE"));
        return f;
    }

    private static ServiceIndexJob.Result run(SparkSession spark, Path folder) throws Exception {
        return ServiceIndexJob.run(
                spark,
                new ServiceIndexJob.Options(folder.toString(), List.of("2024"), null),
                ServiceScheme.bundled(),
                new Progress(new PrintStream(OutputStream.nullOutputStream())));
    }

    private static Map<Integer, String> rejects(ServiceIndexJob.Result r, int offset) {
        Map<Integer, String> got = new TreeMap<>();
        for (Row x : r.rejects().collectAsList()) {
            got.put(x.getInt(1) - offset, x.getString(2) + " " + x.getString(4));
        }
        return got;
    }

    @Test
    void csvRejectsNameLineAndColumn(SparkSession spark, @TempDir Path dir) throws Exception {
        Map<Integer, String> expected = new TreeMap<>();
        DossierFolder f = folder(expected);
        Path folder = f.write(dir.resolve("csv"));
        // a truncated line at the end: field count
        Files.writeString(
                folder.resolve("dossiers/part-0.csv"),
                "g9,P2,justice\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        expected.put(f.size() + 1, " field_count");
        ServiceIndexJob.Result r = run(spark, folder);
        // CSV line = data line + 1 (the header)
        assertEquals(expected, rejects(r, 1));
        assertEquals(f.size() + 1, r.rowsIn());
        assertEquals(3, r.accepted());
        assertEquals(r.rowsIn(), r.accepted() + r.rejected());
        assertEquals(2L, r.rejectedByReason().get("duplicate_dossier"));
        assertEquals(4L, r.rejectedByReason().get("missing_value"));
        // the accepted rows only: g1 and g3 at Thái Nguyên's department, g2 at Hà Nội's; g3 synced
        Row synced = r.tables().indicators().rows().stream()
                .filter(x -> x.getString(1).equals("week")
                        && x.getString(4).equals("VN34-19/D/TP")
                        && x.getString(7).equals("synced"))
                .findFirst()
                .orElseThrow();
        assertEquals(1L, synced.getLong(8));
        assertEquals(2L, synced.getLong(9));
        String file = r.rejects().first().getString(0);
        assertEquals(true, file.endsWith("dossiers/part-0.csv"), file);
        // CSV lines of g1, g2, g3
        assertAccepted(r, List.of(2, 19, 24));
    }

    /**
     * The accepted dossiers (the warehouse's table): g1, g2 and g3 at their lines, typed, with their province; the two
     * rows of the duplicate id and every refused row left out, so rows in = accepted rows + refused rows.
     */
    private static void assertAccepted(ServiceIndexJob.Result r, List<Integer> lines) {
        List<Row> kept = r.dossiers().orderBy("line").collectAsList();
        assertEquals(
                List.of("g1", "g2", "g3"),
                kept.stream().map(x -> x.<String>getAs("dossier_id")).toList());
        assertEquals(lines, kept.stream().map(x -> x.<Integer>getAs("line")).toList());
        assertEquals(r.rowsIn(), kept.size() + r.rejects().count());
        assertEquals("VN34-19", kept.get(0).getAs("province_key"));
        assertEquals("VN34-01", kept.get(1).getAs("province_key"));
        Row g3 = kept.get(2);
        assertEquals("P1", g3.getAs("procedure_code"));
        assertEquals("VN34-19/D/TP", g3.getAs("unit_key"));
        assertEquals(Boolean.TRUE, g3.getAs("synced"));
        assertEquals(Boolean.FALSE, g3.getAs("fee_paid_online"));
        assertEquals(java.time.LocalDateTime.of(2025, 11, 18, 9, 0), g3.getAs("received"));
        assertEquals(java.time.LocalDateTime.of(2025, 11, 20, 17, 0), g3.getAs("promised"));
        assertEquals(null, (Object) g3.getAs("returned"));
        assertEquals(AcceptedDossiers.SCHEMA, r.dossiers().schema());
    }

    @Test
    void parquetWithAMappingNamesTheRowNumber(SparkSession spark, @TempDir Path dir) throws Exception {
        Map<Integer, String> expected = new TreeMap<>();
        DossierFolder f = folder(expected);
        Path folder = f.write(dir.resolve("parquet"));
        Files.delete(folder.resolve("dossiers/part-0.csv"));
        Files.writeString(folder.resolve("mapping.csv"), "source_column,column\nma_ho_so,dossier_id\n");
        StructType schema = new StructType();
        for (String c : DossierRules.COLUMNS) {
            schema = schema.add(c.equals("dossier_id") ? "ma_ho_so" : c, DataTypes.StringType);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < f.size(); i++) {
            List<String> v = new ArrayList<>();
            for (String s : parseCsvLine(f.line(i))) {
                v.add(s.isEmpty() ? null : s);
            }
            rows.add(RowFactory.create(v.toArray()));
        }
        spark.createDataFrame(rows, schema)
                .coalesce(1)
                .write()
                .parquet(folder.resolve("dossiers/d").toString());
        ServiceIndexJob.Result r = run(spark, folder);
        // Parquet: the 1-based row number within the file
        assertEquals(expected, rejects(r, 0));
        assertEquals(f.size(), r.rowsIn());
        assertEquals(3, r.accepted());
        // row numbers of g1, g2, g3
        assertAccepted(r, List.of(1, 18, 23));
    }

    /**
     * Parquet with typed columns (timestamps without time zone, booleans), as the generator and most exports write
     * them: read without a detour through text, the same reasons for the same rows, and a refused timestamp's value
     * written as Spark's cast to string writes it. The two rows whose text cannot be typed (synced "yes", received
     * "20/11/2025") are left out.
     */
    @Test
    void typedParquetGivesTheSameReasons(SparkSession spark, @TempDir Path dir) throws Exception {
        Map<Integer, String> expected = new TreeMap<>();
        DossierFolder f = folder(expected);
        Path folder = f.write(dir.resolve("typed"));
        Files.delete(folder.resolve("dossiers/part-0.csv"));
        StructType schema = new StructType();
        for (String c : DossierRules.COLUMNS) {
            schema = schema.add(c, DataTypes.StringType);
        }
        List<Row> rows = new ArrayList<>();
        Map<Integer, String> typedExpected = new TreeMap<>();
        for (int i = 0; i < f.size(); i++) {
            List<String> v = new ArrayList<>();
            for (String s : parseCsvLine(f.line(i))) {
                v.add(s.isEmpty() ? null : s);
            }
            if ("b3".equals(v.get(0)) || "b5".equals(v.get(0))) {
                continue;
            }
            rows.add(RowFactory.create(v.toArray()));
            if (expected.containsKey(i + 1)) {
                typedExpected.put(rows.size(), expected.get(i + 1));
            }
        }
        List<org.apache.spark.sql.Column> typed = new ArrayList<>();
        for (int i = 0; i < DossierRules.COLUMNS.size(); i++) {
            String c = DossierRules.COLUMNS.get(i);
            org.apache.spark.sql.Column x = org.apache.spark.sql.functions.col(c);
            if (DossierRules.TIMESTAMPS.contains(i)) {
                x = x.cast(DataTypes.TimestampNTZType);
            } else if (DossierRules.BOOLEANS.contains(i)) {
                x = x.cast(DataTypes.BooleanType);
            }
            typed.add(x.as(c));
        }
        spark.createDataFrame(rows, schema)
                .select(typed.toArray(org.apache.spark.sql.Column[]::new))
                .coalesce(1)
                .write()
                .parquet(folder.resolve("dossiers/d").toString());
        ServiceIndexJob.Result r = run(spark, folder);
        assertEquals(typedExpected, rejects(r, 0));
        assertEquals(rows.size(), r.rowsIn());
        assertEquals(3, r.accepted());
        Row before = r.rejects().collectAsList().stream()
                .filter(x -> x.getString(4).equals("received_before_submitted"))
                .findFirst()
                .orElseThrow();
        assertEquals("2025-11-18 09:00:00", before.getString(3));
        assertEquals("received before submitted (2025-11-18 10:00:00)", before.getString(5));
        // row numbers of g1, g2, g3 without b3 and b5
        assertAccepted(r, List.of(1, 16, 21));
    }

    /** The fields of a line written by {@link DossierFolder#line} (quotes only around commas). */
    private static List<String> parseCsvLine(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(ch);
            }
        }
        out.add(b.toString());
        return out;
    }
}
