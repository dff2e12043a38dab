package org.chiso.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The R script of the estimate benchmark ships in the jar, next to {@link REngine}, and is copied into the run folder
 * for Rscript: no search of the working directory's parents, so it runs the same from any folder and on a cluster.
 */
class REngineTest {
    @Test
    void theScriptIsCopiedFromTheClasspathIntoTheRunFolder(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("runs").resolve("scale-1");
        Path script = REngine.script(run);
        assertNotNull(script, "resource org/chiso/bench/" + REngine.SCRIPT + " on the classpath");
        assertEquals(run.resolve("bench_svyby.R"), script);
        String text = Files.readString(script, StandardCharsets.UTF_8);
        assertTrue(text.contains("svyby(") && text.contains("bench_r_estimate_seconds"), "the benchmark's R script");
        // a second scale or a re-run overwrites the copy
        assertEquals(script, REngine.script(run));
    }
}
