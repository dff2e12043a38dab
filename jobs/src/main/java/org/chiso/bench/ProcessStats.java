package org.chiso.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;

/** What the operating system says about this process and machine: CPU time, load average, memory (Linux /proc). */
final class ProcessStats {
    /** Bytes in a GiB. */
    static final double GIB = 1024.0 * 1024 * 1024;

    private ProcessStats() {}

    /** The machine as a benchmark note: cores, the Spark master, the JVM's max heap and the physical memory. */
    static String machine(String master) {
        return String.format(
                java.util.Locale.ROOT,
                "machine: %d cores, Spark master %s, JVM max heap %.1f GiB, physical memory %.1f GiB",
                Runtime.getRuntime().availableProcessors(),
                master,
                Runtime.getRuntime().maxMemory() / GIB,
                physicalMemory() / GIB);
    }

    /** CPU time of this process, all threads (JVM, Spark executors, DuckDB's native threads), in ns. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** The 1-minute load average (Linux /proc/loadavg), NaN elsewhere. */
    static double loadAverage() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? Double.NaN : l;
    }

    /** Physical memory of the machine in bytes (twice the JVM max heap where unknown). */
    static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory() * 2;
    }

    /** A memory line of /proc/self/status (VmHWM: peak resident set size, VmRSS: current) in bytes, NaN elsewhere. */
    static double procStatus(String field) {
        try {
            for (String l : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (l.startsWith(field)) {
                    return Double.parseDouble(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** Resets the peak resident set size to the current one (Linux: "5" into /proc/self/clear_refs); returns VmRSS. */
    static double resetPeakRss() {
        try {
            Files.writeString(Paths.get("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux, or not allowed: the peak is then the process's peak so far
        }
        return procStatus("VmRSS:");
    }
}
