package org.chiso.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.chiso.core.IndexDefinitions;
import org.chiso.core.ProvinceRegistry;
import org.chiso.jobs.IngestJob;

/** Plain-Java ingest of local files for tests: the same readers and validator as the job. */
final class IngestFixtures {
    private IngestFixtures() {
    }

    static IngestRun newRun() {
        return new IngestRun(IngestJob.readers(), new Validator(ProvinceRegistry.load(), IndexDefinitions.load()));
    }

    static SourceFile file(Path p) {
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
    static IngestRun ingest(Path... files) {
        IngestRun run = newRun();
        for (Path p : files) {
            run.add(file(p));
        }
        return run;
    }
}
