package org.chiso.ingest;

import java.io.IOException;
import java.util.Optional;

/** A reader of one source layout. Files are matched to readers by layout; a file no reader recognises is skipped. */
public interface ScoreReader {
    /** Short name shown in summaries. */
    String name();

    /** Whether the file has this reader's layout (header, sheet structure). Never throws. */
    boolean recognises(SourceFile file);

    /**
     * Why this reader does not take a file it does not {@link #recognises recognise} but that looks meant for it (a
     * near miss: a YYYY.csv whose columns are not sub-dimensions, a workbook without a YYYY_PAPI sheet), said so that
     * the file's skip names it; empty when the file is not of this reader's kind at all.
     *
     * @throws IOException when the file is of this reader's kind but cannot be read at all (a truncated workbook, a
     *     compression bomb): the file is then refused whole with this message
     */
    default Optional<String> mismatch(SourceFile file) throws IOException {
        return Optional.empty();
    }

    /** Reads candidate values; rows that cannot be split into values become rejects. */
    ReadResult read(SourceFile file) throws IOException;
}
