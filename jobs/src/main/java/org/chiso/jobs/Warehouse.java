package org.chiso.jobs;

import org.chiso.io.Fs;

/** Locations of the warehouse tables under an output folder. */
public record Warehouse(String root) {
    public static final String SCORES = "scores";
    public static final String FACTS = "published_facts";
    public static final String REJECTS = "rejects";
    public static final String FILES = "ingest_files";
    public static final String CHECKS = "derivation_checks";

    /** The warehouse of an output folder: {@code <out>/warehouse}. */
    public static Warehouse under(String out) {
        return new Warehouse(Fs.child(out, "warehouse"));
    }

    /** A table's folder. */
    public String table(String name) {
        return Fs.child(root, name);
    }
}
