package org.chiso.io;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One line per stage on the console: "[stage] message (seconds)". It also keeps the seconds of every stage,
 * by name and in first-seen order ({@link #seconds()}): a stage's time runs from its {@link #stage} line to its
 * {@link #done} line, or to the next {@link #stage} line; a name seen twice adds up.
 */
public final class Progress {
    private final PrintStream out;
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private long start = System.nanoTime();
    private String open;

    public Progress(PrintStream out) {
        this.out = out;
    }

    /** Starts timing a stage and prints its opening line. */
    public void stage(String stage, String message) {
        close();
        start = System.nanoTime();
        open = stage;
        seconds.putIfAbsent(stage, 0.0);
        out.printf(Locale.ROOT, "[%s] %s%n", stage, message);
        out.flush();
    }

    /** Prints a line for the current stage with the seconds since it started. */
    public void done(String stage, String message) {
        double s = (System.nanoTime() - start) / 1e9;
        if (stage.equals(open)) {
            close();
        }
        out.printf(Locale.ROOT, "[%s] %s (%.1f s)%n", stage, message, s);
        out.flush();
    }

    /** Prints a plain line. */
    public void line(String text) {
        out.println(text);
        out.flush();
    }

    /** Seconds per stage name so far, in the order the stages first started (the open stage up to now). */
    public Map<String, Double> seconds() {
        Map<String, Double> m = new LinkedHashMap<>(seconds);
        if (open != null) {
            m.merge(open, (System.nanoTime() - start) / 1e9, Double::sum);
        }
        return m;
    }

    private void close() {
        if (open != null) {
            seconds.merge(open, (System.nanoTime() - start) / 1e9, Double::sum);
            open = null;
        }
    }
}
