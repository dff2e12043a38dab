package org.chiso.ingest;

import java.io.IOException;

/** A reader of one source layout. Files are matched to readers by layout; a file no reader recognises is skipped. */
public interface ScoreReader {
    /** Short name shown in summaries. */
    String name();

    /** Whether the file has this reader's layout (header, sheet structure). Never throws. */
    boolean recognises(SourceFile file);

    /** Reads candidate values; rows that cannot be split into values become rejects. */
    ReadResult read(SourceFile file) throws IOException;
}
