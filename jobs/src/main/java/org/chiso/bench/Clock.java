package org.chiso.bench;

import static org.chiso.bench.ProcessStats.GIB;
import static org.chiso.bench.ProcessStats.loadAverage;
import static org.chiso.bench.ProcessStats.procStatus;
import static org.chiso.bench.ProcessStats.processCpuNanos;
import static org.chiso.bench.ProcessStats.resetPeakRss;

import java.util.Locale;

/**
 * Wall clock, process CPU time, the 1-minute load average and this process's resident memory (at the start, and
 * its peak: Linux VmHWM, reset at the start through /proc/self/clear_refs) between start and {@link #stop}.
 */
final class Clock {
    private final double rss0 = resetPeakRss();
    private final long wall0 = System.nanoTime();
    private final long cpu0 = processCpuNanos();
    private final double load0 = loadAverage();
    double wall;
    double cpu;
    double load1;
    double rssPeak;

    Clock stop() {
        wall = (System.nanoTime() - wall0) / 1e9;
        cpu = (processCpuNanos() - cpu0) / 1e9;
        load1 = loadAverage();
        rssPeak = procStatus("VmHWM:");
        return this;
    }

    String load() {
        return String.format(
                Locale.ROOT, "load %.1f->%.1f, RSS %.1f->peak %.1f GiB", load0, load1, rss0 / GIB, rssPeak / GIB);
    }
}
