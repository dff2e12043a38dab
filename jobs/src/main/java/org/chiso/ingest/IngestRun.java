package org.chiso.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.chiso.io.TextTableException;

/**
 * Reads and validates a set of source files (plain Java, no Spark): each file goes to the first reader
 * that recognises its layout; a file no reader recognises is listed as skipped, never guessed at.
 * Every value read ends up accepted or rejected: rows in = accepted + rejected, per file and in total.
 */
public final class IngestRun {
    /** What happened to one file. */
    public record FileSummary(
            String path,
            String reader,
            long bytes,
            String sha256,
            long rowsIn,
            long accepted,
            long rejected,
            long blankCells,
            long ignoredCells,
            String status,
            String note) {}

    private final List<ScoreReader> readers;
    private final Validator validator;
    private final List<ScoreRecord> accepted = new ArrayList<>();
    private final List<Reject> rejects = new ArrayList<>();
    private final List<FileSummary> files = new ArrayList<>();

    public IngestRun(List<ScoreReader> readers, Validator validator) {
        this.readers = List.copyOf(readers);
        this.validator = validator;
    }

    /** Reads, validates and records one file. */
    public FileSummary add(SourceFile f) {
        if (new String(f.bytes(), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("\uFEFF", "")
                        .isBlank()
                && f.extension().matches("csv|tsv|txt")) {
            rejects.add(new Reject(f.path(), 1, "", "", RejectReason.NO_DATA_ROWS.code(), "empty file"));
            FileSummary s = new FileSummary(
                    f.path(), "", f.bytes().length, f.sha256(), 1, 0, 1, 0, 0, "rejected", "empty file");
            files.add(s);
            return s;
        }
        ScoreReader reader = null;
        for (ScoreReader r : readers) {
            if (r.recognises(f)) {
                reader = r;
                break;
            }
        }
        FileSummary s;
        if (reader == null) {
            String why = "no reader recognises this layout";
            if (f.tableIfText().isEmpty() && f.extension().matches("csv|tsv|txt|")) {
                try {
                    f.table();
                } catch (TextTableException e) {
                    why = e.getMessage();
                    Reject rej = new Reject(
                            f.path(),
                            e.line(),
                            "",
                            "",
                            (e.getMessage().contains("UTF-8") ? RejectReason.INVALID_ENCODING : RejectReason.UNREADABLE)
                                    .code(),
                            e.getMessage());
                    rejects.add(rej);
                    s = new FileSummary(f.path(), "", f.bytes().length, f.sha256(), 1, 0, 1, 0, 0, "rejected", why);
                    files.add(s);
                    return s;
                } catch (IOException e) {
                    why = e.getMessage();
                }
            }
            s = new FileSummary(f.path(), "", f.bytes().length, f.sha256(), 0, 0, 0, 0, 0, "skipped", why);
            files.add(s);
            return s;
        }
        try {
            ReadResult rr = reader.read(f);
            int a0 = accepted.size();
            int r0 = rejects.size();
            rejects.addAll(rr.rejects());
            validator.validateAll(rr.scores(), accepted, rejects);
            s = new FileSummary(
                    f.path(),
                    rr.reader(),
                    f.bytes().length,
                    f.sha256(),
                    rr.rowsIn(),
                    accepted.size() - a0,
                    rejects.size() - r0,
                    rr.blankCells(),
                    rr.ignoredCells(),
                    "read",
                    "");
        } catch (IOException e) {
            rejects.add(new Reject(
                    f.path(),
                    e instanceof TextTableException t ? t.line() : 0,
                    "",
                    "",
                    RejectReason.UNREADABLE.code(),
                    e.getMessage()));
            s = new FileSummary(
                    f.path(), reader.name(), f.bytes().length, f.sha256(), 1, 0, 1, 0, 0, "rejected", e.getMessage());
        }
        files.add(s);
        return s;
    }

    public List<ScoreRecord> accepted() {
        return accepted;
    }

    public List<Reject> rejects() {
        return rejects;
    }

    public List<FileSummary> files() {
        return files;
    }

    /** Sum of rows in over all files. */
    public long rowsIn() {
        return files.stream().mapToLong(FileSummary::rowsIn).sum();
    }
}
