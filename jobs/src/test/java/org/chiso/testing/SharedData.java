package org.chiso.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locations of the repository and of the real public data beside it ({@code ../shared/data}). */
public final class SharedData {
    private SharedData() {}

    /** The repository root, from the build's {@code workbench.root} property. */
    public static Path root() {
        String r = System.getProperty("workbench.root");
        assertTrue(r != null, "system property workbench.root is not set (run through Maven)");
        return Path.of(r).toAbsolutePath().normalize();
    }

    /** A file or folder under ../shared/data; fails the test when it is missing. */
    public static Path data(String relative) {
        Path p = root().resolve("../shared/data").resolve(relative).normalize();
        assertTrue(
                Files.exists(p), "real data missing: " + p + " (the tests need ../shared/data beside the repository)");
        return p;
    }
}
