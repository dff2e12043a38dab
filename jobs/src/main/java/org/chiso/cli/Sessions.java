package org.chiso.cli;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Creates the one SparkSession of a command, at the entry point only. */
final class Sessions {
    private Sessions() {}

    /**
     * A session for the given master ({@code local[*]} by default; {@code spark://}, {@code yarn},
     * {@code k8s://} on a cluster, or null to keep what spark-submit set). Small defaults suited to
     * province-level tables (8 shuffle partitions, no web UI, UTC); spark-submit's {@code --conf} and the
     * CLI's {@code --conf key=value} override them.
     */
    /** Settings every session of the workbench needs: the warehouse's tables are Delta Lake tables. */
    static void withDelta(Map<String, String> defaults) {
        defaults.put("spark.sql.parquet.compression.codec", "snappy");
        defaults.putAll(DELTA);
    }

    /** Delta Lake's SQL extension and catalog (the session must be built with them). */
    static final Map<String, String> DELTA = Map.of(
            "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
            // a table's log is a few files: replaying it in Delta's default 50 tasks costs seconds per read
            "spark.databricks.delta.snapshotPartitions", "2",
            // no per-file column statistics: every read scans whole tables or partitions, so they would be unused
            "spark.databricks.delta.stats.collect", "false",
            // the source of a MERGE is already materialised (Warehouse.sync checkpoints the difference)
            "spark.databricks.delta.merge.materializeSource", "none");

    static SparkSession create(String master, Map<String, String> conf) {
        SparkSession.Builder b = SparkSession.builder().appName("chiso-workbench");
        if (master != null) {
            b.master(master);
        }
        // Defaults only: what spark-submit --conf or spark-defaults.conf set (visible as spark.* system
        // properties) and any --conf key=value of the CLI win.
        org.apache.spark.SparkConf given = new org.apache.spark.SparkConf();
        Map<String, String> defaults = new java.util.LinkedHashMap<>();
        defaults.put("spark.sql.shuffle.partitions", "8");
        defaults.put("spark.ui.showConsoleProgress", "true");
        defaults.put("spark.ui.enabled", "false");
        defaults.put("spark.sql.session.timeZone", "UTC");
        withDelta(defaults);
        defaults.forEach((k, v) -> {
            if (!given.contains(k)) {
                b.config(k, v);
            }
        });
        conf.forEach(b::config);
        SparkSession s = b.getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }
}
