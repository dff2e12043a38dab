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
        defaults.put("spark.sql.parquet.compression.codec", "snappy");
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
