package org.chiso.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chiso.io.TextTable;
import org.chiso.io.TextTableException;

/**
 * Reads and validates a set of source files (plain Java, no Spark): each file goes to the first reader
 * that recognises its layout; a file no reader recognises is listed as skipped with why (the near miss a reader names,
 * or the layouts there are), never guessed at; a file of a reader's kind that cannot be read is refused whole.
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
    private final List<CovariateReader> covariateReaders;
    private final Validator validator;
    private final List<Covariate> covariates = new ArrayList<>();
    private final List<ScoreRecord> accepted = new ArrayList<>();
    private final List<Reject> rejects = new ArrayList<>();
    private final List<FileSummary> files = new ArrayList<>();

    public IngestRun(List<ScoreReader> readers, Validator validator) {
        this(readers, List.of(), validator);
    }

    /** A run that also reads province covariates from the files a covariate reader recognises. */
    public IngestRun(List<ScoreReader> readers, List<CovariateReader> covariateReaders, Validator validator) {
        this.readers = List.copyOf(readers);
        this.covariateReaders = List.copyOf(covariateReaders);
        this.validator = validator;
    }

    /**
     * Reads, validates and records one file: its scores (by the first score reader that recognises it) and its
     * covariates (by a covariate reader; a file can hold both, as the PCI covariates file holds the PCI total). The
     * file's summary counts both: rows in = accepted + rejected.
     */
    public FileSummary add(SourceFile f) {
        FileSummary s = addScores(f);
        if (!s.status().equals("read") && !s.status().equals("skipped")) {
            return s;
        }
        CovariateReader reader = null;
        try {
            for (CovariateReader r : covariateReaders) {
                if (r.recognises(f)) {
                    reader = r;
                    break;
                }
            }
            if (reader == null) {
                return s;
            }
            CovariateReader.Result cr = reader.read(f);
            covariates.addAll(cr.accepted());
            rejects.addAll(cr.rejects());
            boolean scores = s.status().equals("read");
            String note = String.join(
                    "; ",
                    java.util.stream.Stream.of(scores ? s.note() : "", cr.note())
                            .filter(n -> !n.isEmpty())
                            .toList());
            FileSummary both = new FileSummary(
                    s.path(),
                    scores ? s.reader() + " + " + cr.reader() : cr.reader(),
                    s.bytes(),
                    s.sha256(),
                    (scores ? s.rowsIn() : 0) + cr.rowsIn(),
                    (scores ? s.accepted() : 0) + cr.accepted().size(),
                    (scores ? s.rejected() : 0) + cr.rejects().size(),
                    (scores ? s.blankCells() : 0) + cr.blankCells(),
                    cr.ignoredCells(),
                    "read",
                    note);
            files.set(files.size() - 1, both);
            return both;
        } catch (IOException | RuntimeException e) {
            // covariates that cannot be read refuse that reading with its reason; the file's scores stay
            String why = (reader == null ? "covariate layout could not be examined: " : "covariates not read: ")
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : withoutPath(f.path(), e.getMessage()));
            rejects.add(new Reject(f.path(), 0, "", "", RejectReason.UNREADABLE.code(), why));
            FileSummary refused = new FileSummary(
                    s.path(),
                    s.reader(),
                    s.bytes(),
                    s.sha256(),
                    s.rowsIn() + 1,
                    s.accepted(),
                    s.rejected() + 1,
                    s.blankCells(),
                    s.ignoredCells(),
                    s.status().equals("read") ? "read" : "rejected",
                    s.status().equals("read") ? s.note() + "; " + why : why);
            files.set(files.size() - 1, refused);
            return refused;
        }
    }

    private FileSummary addScores(SourceFile f) {
        if (f.extension().matches("csv|tsv|txt") && blank(f)) {
            rejects.add(new Reject(f.path(), 1, "", "", RejectReason.NO_DATA_ROWS.code(), "empty file"));
            FileSummary s =
                    new FileSummary(f.path(), "", f.size(), f.sha256(), 1, 0, 1, 0, 0, "rejected", "empty file");
            files.add(s);
            return s;
        }
        ScoreReader reader = null;
        try {
            for (ScoreReader r : readers) {
                if (r.recognises(f)) {
                    reader = r;
                    break;
                }
            }
        } catch (RuntimeException e) {
            // a file that cannot even be examined is refused on its own; the other files go on
            return refuse(f.path(), f.size(), f.sha256(), "", "could not be examined: " + describe(e));
        }
        FileSummary s;
        if (reader == null) {
            String why = "no reader recognises this layout";
            if (f.headIfText().isEmpty() && f.extension().matches("csv|tsv|txt|")) {
                try {
                    f.head();
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
                    s = new FileSummary(f.path(), "", f.size(), f.sha256(), 1, 0, 1, 0, 0, "rejected", why);
                    files.add(s);
                    return s;
                } catch (IOException e) {
                    why = e.getMessage();
                }
            }
            try {
                why = whySkipped(f);
            } catch (IOException e) {
                // of a reader's kind but unreadable (a truncated workbook, a compression bomb): refused whole
                return refuse(f.path(), f.size(), f.sha256(), "", e.getMessage());
            } catch (RuntimeException e) {
                return refuse(f.path(), f.size(), f.sha256(), "", "could not be examined: " + describe(e));
            }
            s = new FileSummary(f.path(), "", f.size(), f.sha256(), 0, 0, 0, 0, 0, "skipped", why);
            files.add(s);
            return s;
        }
        int a0 = accepted.size();
        int r0 = rejects.size();
        try {
            ReadResult rr = reader.read(f);
            rejects.addAll(rr.rejects());
            validator.validateAll(rr.scores(), accepted, rejects);
            s = new FileSummary(
                    f.path(),
                    rr.reader(),
                    f.size(),
                    f.sha256(),
                    rr.rowsIn(),
                    accepted.size() - a0,
                    rejects.size() - r0,
                    rr.blankCells(),
                    rr.ignoredCells(),
                    "read",
                    String.join("; ", rr.notes()));
        } catch (IOException e) {
            accepted.subList(a0, accepted.size()).clear();
            rejects.subList(r0, rejects.size()).clear();
            rejects.add(new Reject(
                    f.path(),
                    e instanceof TextTableException t ? t.line() : 0,
                    "",
                    "",
                    (e instanceof WideMapping.MappingException ? RejectReason.MAPPING_INVALID : RejectReason.UNREADABLE)
                            .code(),
                    withoutPath(f.path(), e.getMessage())));
            s = new FileSummary(
                    f.path(),
                    reader.name(),
                    f.size(),
                    f.sha256(),
                    1,
                    0,
                    1,
                    0,
                    0,
                    "rejected",
                    withoutPath(f.path(), e.getMessage()));
        } catch (RuntimeException e) {
            // a fault in one file (a malformed scale, a short mapping row, ...) refuses that file whole, with nothing
            // of it kept, and the batch goes on
            accepted.subList(a0, accepted.size()).clear();
            rejects.subList(r0, rejects.size()).clear();
            return refuse(f.path(), f.size(), f.sha256(), reader.name(), describe(e));
        }
        files.add(s);
        return s;
    }

    /** Whether a file holds only whitespace and byte order marks; a file that cannot be read is not blank. */
    private static boolean blank(SourceFile f) {
        try {
            return f.isBlankText();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A file refused whole: one reject row naming why and a file summary counting it as one row in, one rejected.
     * For files that cannot be read or examined at all.
     */
    public FileSummary refuse(String path, long bytes, String sha256, String reader, String reason) {
        String why = withoutPath(path, reason);
        rejects.add(new Reject(path, 0, "", "", RejectReason.UNREADABLE.code(), why));
        FileSummary s = new FileSummary(path, reader, bytes, sha256, 1, 0, 1, 0, 0, "rejected", why);
        files.add(s);
        return s;
    }

    /** A message without the leading "path: " (the reject names the file already). */
    private static String withoutPath(String path, String message) {
        String m = message == null ? "" : message;
        return m.startsWith(path + ": ") ? m.substring(path.length() + 2) : m;
    }

    /**
     * Why no reader takes a file: the first reader's near-miss reason ({@link ScoreReader#mismatch}), else the layouts
     * there are.
     *
     * @throws IOException when a reader finds the file of its kind but unreadable
     */
    private String whySkipped(SourceFile f) throws IOException {
        for (ScoreReader r : readers) {
            Optional<String> why = r.mismatch(f);
            if (why.isPresent()) {
                return why.get();
            }
        }
        Optional<TextTable.Head> t = f.headIfText();
        if (t.isEmpty()) {
            return "not a score table: " + (f.extension().isEmpty() ? "a file without extension" : "." + f.extension())
                    + (f.isZip() ? " (a zip archive)" : "")
                    + " is not read; score files are CSV or TSV text and .xlsx/.xls workbooks";
        }
        List<String> h = t.get().header();
        return "no reader recognises this layout: header '"
                + String.join(",", h.subList(0, Math.min(8, h.size())))
                + (h.size() > 8 ? ",... (" + h.size() + " columns)" : "")
                + "'; the layouts read are a tidy CSV (index, year, province, component, value), PAPI per-year YYYY.csv"
                + " (Province, SC11...), PCI long (year, gso_code, province_en, pci_...), the PCI workbooks (PCI_YYYY.xls),"
                + " a wide CSV with <name>.mapping.csv"
                + " beside it, and the PAPI workbook (.xlsx, YYYY_PAPI sheets)";
    }

    private static String describe(RuntimeException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    public List<ScoreRecord> accepted() {
        return accepted;
    }

    public List<Reject> rejects() {
        return rejects;
    }

    /** The covariate values accepted, on the 63-province basis, in input order. */
    public List<Covariate> covariates() {
        return covariates;
    }

    public List<FileSummary> files() {
        return files;
    }

    /** Sum of rows in over all files. */
    public long rowsIn() {
        return files.stream().mapToLong(FileSummary::rowsIn).sum();
    }
}
