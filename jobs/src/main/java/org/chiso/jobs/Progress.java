package org.chiso.jobs;

import java.io.PrintStream;
import java.util.Locale;

/** One line per stage on the console: "[stage] message (seconds)". */
public final class Progress {
    private final PrintStream out;
    private long start = System.nanoTime();

    public Progress(PrintStream out) {
        this.out = out;
    }

    /** Starts timing a stage and prints its opening line. */
    public void stage(String stage, String message) {
        start = System.nanoTime();
        out.printf(Locale.ROOT, "[%s] %s%n", stage, message);
        out.flush();
    }

    /** Prints a line for the current stage with the seconds since it started. */
    public void done(String stage, String message) {
        out.printf(Locale.ROOT, "[%s] %s (%.1f s)%n", stage, message, (System.nanoTime() - start) / 1e9);
        out.flush();
    }

    /** Prints a plain line. */
    public void line(String text) {
        out.println(text);
        out.flush();
    }
}
