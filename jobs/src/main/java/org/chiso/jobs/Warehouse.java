package org.chiso.jobs;

import org.chiso.io.Fs;
import org.chiso.io.OutputLayout;

/** Locations of the warehouse tables under an output folder. */
public record Warehouse(String root) {
    public static final String SCORES = "scores";
    public static final String FACTS = "published_facts";
    public static final String REJECTS = "rejects";
    public static final String FILES = "ingest_files";
    public static final String CHECKS = "derivation_checks";

    /** The warehouse of an output folder ({@link OutputLayout}: {@code <out>/warehouse}, or {@code data/warehouse}). */
    public static Warehouse under(String out) {
        return new Warehouse(OutputLayout.of(out).warehouse());
    }

    /** A table's folder. */
    public String table(String name) {
        return Fs.child(root, name);
    }
}
