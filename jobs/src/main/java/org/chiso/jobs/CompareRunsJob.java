package org.chiso.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.io.Fs;

/**
 * Compares two report runs table by table: CSV files byte for byte, Parquet contents as multisets of rows
 * (exceptAll both ways, so duplicates count) with the same schema. For reproducibility reviews and for
 * the cluster test (an embedded run against a cluster run).
 */
public final class CompareRunsJob {
    /** The difference of one table, or null fields when equal. */
    public record Difference(String table, String what) {}

    private CompareRunsJob() {}

    /** Every difference between the runs; empty when they agree. */
    public static List<Difference> compare(SparkSession spark, String runA, String runB) throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        TreeSet<String> names = new TreeSet<>();
        TreeSet<String> namesB = new TreeSet<>();
        for (String f : fs.listFiles(Fs.child(runA, "tables"))) {
            names.add(table(f));
        }
        for (String f : fs.listFiles(Fs.child(runB, "tables"))) {
            namesB.add(table(f));
        }
        List<Difference> out = new ArrayList<>();
        for (String n : names) {
            if (!namesB.contains(n)) {
                out.add(new Difference(n, "only in " + runA));
            }
        }
        for (String n : namesB) {
            if (!names.contains(n)) {
                out.add(new Difference(n, "only in " + runB));
            }
        }
        names.retainAll(namesB);
        for (String n : names) {
            byte[] a = fs.read(Fs.child(runA, "tables/" + n + ".csv"));
            byte[] b = fs.read(Fs.child(runB, "tables/" + n + ".csv"));
            if (!Arrays.equals(a, b)) {
                out.add(new Difference(n, "CSV files differ (" + a.length + " and " + b.length + " bytes)"));
            }
            Dataset<Row> pa = spark.read().parquet(Fs.child(runA, "tables/" + n + ".parquet"));
            Dataset<Row> pb = spark.read().parquet(Fs.child(runB, "tables/" + n + ".parquet"));
            if (!pa.schema().equals(pb.schema())) {
                out.add(new Difference(n, "Parquet schemas differ"));
            } else {
                long onlyA = pa.exceptAll(pb).count();
                long onlyB = pb.exceptAll(pa).count();
                if (onlyA + onlyB > 0) {
                    out.add(new Difference(
                            n,
                            "Parquet contents differ: " + onlyA + " rows only in the first, " + onlyB
                                    + " only in the second"));
                }
            }
        }
        return out;
    }

    private static String table(String path) {
        String name = path.substring(path.indexOf("/tables/") + "/tables/".length());
        name = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
        return name.replaceFirst("\\.(csv|parquet)$", "");
    }
}
