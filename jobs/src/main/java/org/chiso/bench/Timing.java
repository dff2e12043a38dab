package org.chiso.bench;

/**
 * One line of the table: wall-clock and CPU seconds (CPU: this JVM's process CPU time, which includes Spark's
 * local executors and DuckDB's native threads; for R the user + system time R reports). {@code measured*} differ
 * from the shown values when extrapolated.
 */
record Timing(
        String engine,
        int scale,
        long answers,
        double seconds,
        double cpuSeconds,
        boolean extrapolated,
        long measuredAnswers,
        double measuredSeconds,
        double measuredCpuSeconds) {
    static Timing of(String engine, int scale, long answers, Clock c) {
        return new Timing(engine, scale, answers, c.wall, c.cpu, false, answers, c.wall, c.cpu);
    }
}
