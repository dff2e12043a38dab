package org.chiso.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Spark options shared by the commands that run Spark. */
final class SparkMixin {
    @Option(names = "--master", description = "Spark master (default: local[*], or what spark-submit set)")
    String master;

    @Option(names = "--conf", description = "Extra Spark configuration key=value (repeatable)")
    Map<String, String> conf = new LinkedHashMap<>();

    /** The master to set, or null to keep the one spark-submit gave. */
    String masterOrDefault() {
        if (master != null) {
            return master;
        }
        return System.getProperty("spark.master") != null ? null : "local[*]";
    }
}
