package org.chiso.io;

import java.nio.file.Path;

/**
 * Where everything a command writes goes: the one place that knows the folders below the output.
 *
 * <p>Two layouts. Without {@code --out}, the repository's own: report runs in {@code reports/<run-id>/} with
 * {@code reports/latest} at the repository root, and the generated data under {@code data/}: the warehouse in
 * {@code data/warehouse/}, the synthetic demo data in {@code data/demo/} and benchmark data in {@code data/bench/}
 * (all git-ignored; {@code data/} also holds the committed reference data, which no command writes). With
 * {@code --out DIR}, everything of a run under that one folder: {@code DIR/reports}, {@code DIR/warehouse},
 * {@code DIR/demo-data}, {@code DIR/bench}.
 *
 * @param root the repository root or the {@code --out} folder (Hadoop paths)
 */
public record OutputLayout(String root, String reports, String warehouse, String demoData, String bench) {
    /** The system property naming the repository root (set by the {@code workbench} launcher). */
    public static final String HOME_PROPERTY = "workbench.home";

    /** The layout of an {@code --out} value: null or blank for the repository's own layout. */
    public static OutputLayout of(String out) {
        return out == null || out.isBlank() ? repository(home()) : under(out);
    }

    /** Everything under one folder. */
    public static OutputLayout under(String out) {
        return new OutputLayout(
                out,
                Fs.child(out, "reports"),
                Fs.child(out, "warehouse"),
                Fs.child(out, "demo-data"),
                Fs.child(out, "bench"));
    }

    /** The repository's layout: {@code reports/} at the root, generated data under {@code data/}. */
    public static OutputLayout repository(String home) {
        String data = Fs.child(home, "data");
        return new OutputLayout(
                home,
                Fs.child(home, "reports"),
                Fs.child(data, "warehouse"),
                Fs.child(data, "demo"),
                Fs.child(data, "bench"));
    }

    /** The repository root: the system property {@value #HOME_PROPERTY}, else the working directory. */
    public static String home() {
        String home = System.getProperty(HOME_PROPERTY);
        return home == null || home.isBlank() ? Path.of("").toAbsolutePath().toString() : home;
    }

    /** A warehouse table's folder. */
    public String table(String name) {
        return Fs.child(warehouse, name);
    }

    /** The synthetic survey microdata of the demo data. */
    public String demoMicrodata() {
        return Fs.child(demoData, "microdata");
    }

    /** The file naming the latest completed report run. */
    public String latestMarker() {
        return Fs.child(reports, "LATEST");
    }
}
