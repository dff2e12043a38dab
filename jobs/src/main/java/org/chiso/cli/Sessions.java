package org.chiso.cli;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Creates the one SparkSession of a command, at the entry point only. */
final class Sessions {
    private Sessions() {
    }

    /**
     * A session for the given master ({@code local[*]} by default; {@code spark://}, {@code yarn},
     * {@code k8s://} on a cluster, or null to keep what spark-submit set). Small defaults suited to
     * province-level tables; any {@code --conf key=value} overrides them.
     */
    static SparkSession create(String master, Map<String, String> conf) {
        SparkSession.Builder b = SparkSession.builder().appName("chiso-workbench");
        if (master != null) {
            b.master(master);
        }
        b.config("spark.sql.shuffle.partitions", "8")
                .config("spark.ui.showConsoleProgress", "true")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.parquet.compression.codec", "snappy");
        conf.forEach(b::config);
        SparkSession s = b.getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }
}
