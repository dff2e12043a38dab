package org.chiso.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.chiso.core.IndexDefinitions;
import org.chiso.core.ProvinceRegistry;
import org.chiso.ingest.IngestRun;
import org.chiso.ingest.SourceFile;
import org.chiso.ingest.Validator;
import org.chiso.jobs.IngestJob;

/** Plain-Java ingest of local files for tests: the same readers and validator as the ingest job. */
public final class Inputs {
    private Inputs() {}

    /** A run with the job's readers and a fresh validator. */
    public static IngestRun newRun() {
        ProvinceRegistry registry = ProvinceRegistry.load();
        return new IngestRun(
                IngestJob.readers(),
                IngestJob.covariateReaders(registry),
                new Validator(registry, IndexDefinitions.load()));
    }

    /** A local file as a source file; siblings are looked up beside it. */
    public static SourceFile file(Path p) {
        try {
            return new SourceFile(p.toString(), Files.readAllBytes(p), name -> {
                Path s = p.resolveSibling(name);
                return Files.exists(s) ? Optional.of(file(s)) : Optional.empty();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ingests files in order into one run. */
    public static IngestRun ingest(Path... files) {
        IngestRun run = newRun();
        for (Path p : files) {
            run.add(file(p));
        }
        return run;
    }
}
