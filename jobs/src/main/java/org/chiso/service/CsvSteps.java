package org.chiso.service;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.hadoop.fs.Path;
import org.chiso.ingest.RejectReason;
import org.chiso.io.Fs;
import org.chiso.io.TextTable;

/**
 * The CSV files of a partition fed to a processor one record at a time (the scan's processor, one step per call): each
 * file is opened when the one before is done, its header matched to the columns (a missing required column stops the
 * scan with the file named), and a record with an unclosed quote or the wrong number of fields refused as it comes.
 */
final class CsvSteps implements BooleanSupplier {
    /** Where the records go: checked rows, and the records refused before any check. */
    interface Sink {
        void row(String file, int line, DossierRules.Values v);

        void reject(String file, int line, String column, String value, RejectReason reason, String detail);
    }

    private final Iterator<String> files;
    private final org.apache.hadoop.conf.Configuration conf;
    private final Map<String, String> toSource;
    private final Sink p;
    private final String[] v = new String[DossierRules.COLUMNS.size()];
    private final DossierRules.Values text = DossierRules.Values.of(v);
    private final int[] at = new int[DossierRules.COLUMNS.size()];
    private String file;
    private InputStream in;
    private TextTable.Records records;
    private int width;

    CsvSteps(Iterator<String> files, org.apache.hadoop.conf.Configuration conf, Map<String, String> toSource, Sink p) {
        this.files = files;
        this.conf = conf;
        this.toSource = toSource;
        this.p = p;
    }

    @Override
    public boolean getAsBoolean() {
        try {
            while (true) {
                if (records == null) {
                    if (!files.hasNext()) {
                        return false;
                    }
                    open(files.next());
                }
                TextTable.Record r = records.next();
                if (r == null) {
                    close();
                    continue;
                }
                step(r);
                return true;
            }
        } catch (IOException e) {
            close();
            throw new java.io.UncheckedIOException(Fs.display(file) + ": " + e.getMessage(), e);
        }
    }

    private void open(String f) throws IOException {
        file = f;
        Path path = new Path(f);
        in = path.getFileSystem(conf).open(path);
        records = TextTable.open(f, in);
        List<String> header = records.head().header();
        width = header.size();
        for (int i = 0; i < at.length; i++) {
            String c = DossierRules.COLUMNS.get(i);
            at[i] = header.indexOf(toSource.get(c));
            if (at[i] < 0 && !DossierRules.OPTIONAL.contains(c)) {
                close();
                throw new IllegalArgumentException(Fs.display(f) + ":1: no column " + toSource.get(c)
                        + (toSource.get(c).equals(c) ? "" : " (mapped to " + c + ")") + " in the header");
            }
        }
    }

    private void step(TextTable.Record r) {
        List<String> f = r.fields();
        if (r.unterminatedQuote()) {
            p.reject(
                    file,
                    r.line(),
                    "",
                    String.join(",", f),
                    RejectReason.UNTERMINATED_QUOTE,
                    "a quoted field is not closed before the end of the file");
            return;
        }
        if (f.size() != width) {
            p.reject(
                    file,
                    r.line(),
                    "",
                    String.join(",", f),
                    RejectReason.FIELD_COUNT,
                    "expected " + width + " fields, found " + f.size());
            return;
        }
        for (int i = 0; i < at.length; i++) {
            v[i] = at[i] < 0 ? null : f.get(at[i]);
        }
        p.row(file, r.line(), text);
    }

    private void close() {
        try {
            if (records != null) {
                records.close();
            }
            if (in != null) {
                in.close();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            records = null;
            in = null;
        }
    }
}
