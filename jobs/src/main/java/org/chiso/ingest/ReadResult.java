package org.chiso.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * What a reader got from one file: candidate values, rows it refused itself (unparseable lines), and
 * cells it left out on purpose, counted so that nothing disappears unseen: blank cells (missing values in
 * a wide layout) and cells of columns a mapping declares as not index scores.
 */
public final class ReadResult {
    private final String file;
    private final String reader;
    private final List<RawScore> scores = new ArrayList<>();
    private final List<Reject> rejects = new ArrayList<>();
    private long blankCells;
    private long ignoredCells;
    private final List<String> notes = new ArrayList<>();

    public ReadResult(String file, String reader) {
        this.file = file;
        this.reader = reader;
    }

    public String file() {
        return file;
    }

    public String reader() {
        return reader;
    }

    public List<RawScore> scores() {
        return scores;
    }

    public List<Reject> rejects() {
        return rejects;
    }

    public long blankCells() {
        return blankCells;
    }

    public long ignoredCells() {
        return ignoredCells;
    }

    /** Something the reader passed over in the file, with why (shown in the file's summary line and ingest_files). */
    public void note(String note) {
        notes.add(note);
    }

    public List<String> notes() {
        return notes;
    }

    public void countBlank() {
        blankCells++;
    }

    public void countIgnored() {
        ignoredCells++;
    }

    /** Input rows: candidate values plus rows refused while reading. */
    public long rowsIn() {
        return scores.size() + rejects.size();
    }
}
