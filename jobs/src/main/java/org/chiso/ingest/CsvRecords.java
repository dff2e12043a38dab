package org.chiso.ingest;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.chiso.io.TextTable;

/**
 * Shared handling of delimited files, streamed a record at a time: whole lines that cannot be read become rejects; the
 * rest go to the reader.
 */
final class CsvRecords {
    private CsvRecords() {}

    /**
     * Feeds each well-formed record to {@code each}; refuses records with an unterminated quote or a field
     * count other than the header's, and a file without data rows (one reject, line 1).
     */
    static void forEach(SourceFile f, ReadResult out, Consumer<TextTable.Record> each) throws IOException {
        TextTable.Head t = f.head();
        int width = t.header().size();
        long[] records = {0};
        f.records(r -> {
            records[0]++;
            if (r.unterminatedQuote()) {
                out.rejects()
                        .add(new Reject(
                                f.path(),
                                r.line(),
                                "",
                                String.join(String.valueOf(t.dialect().separator()), r.fields()),
                                RejectReason.UNTERMINATED_QUOTE.code(),
                                "a quoted field is not closed before the end of the file"));
            } else if (r.fields().size() != width) {
                out.rejects()
                        .add(new Reject(
                                f.path(),
                                r.line(),
                                column(r.fields().size(), width),
                                String.join(String.valueOf(t.dialect().separator()), r.fields()),
                                RejectReason.FIELD_COUNT.code(),
                                "expected " + width + " fields separated by '"
                                        + printable(t.dialect().separator()) + "', found "
                                        + r.fields().size()
                                        + (r.fields().size() > width
                                                ? " (a decimal comma in a comma-separated file?)"
                                                : " (truncated line?)")));
            } else {
                each.accept(r);
            }
        });
        if (records[0] == 0) {
            out.rejects()
                    .add(new Reject(
                            f.path(),
                            1,
                            "",
                            "",
                            RejectReason.NO_DATA_ROWS.code(),
                            t.header().isEmpty() ? "empty file" : "header only, no data rows"));
        }
    }

    private static String column(int found, int width) {
        return "field " + (Math.min(found, width) + 1);
    }

    static String printable(char c) {
        return c == '\t' ? "\\t" : String.valueOf(c);
    }

    /** The trimmed field at an index, or null when the index is -1. */
    static String field(List<String> fields, int i) {
        return i < 0 ? null : fields.get(i).trim();
    }
}
