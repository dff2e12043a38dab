package org.chiso.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chiso.io.TextTable;

/** The small CSV tables of the scheme and of a dossier folder, read whole on the driver. */
final class SmallCsv {
    /** The key under which each row keeps its 1-based line. */
    static final String LINE = "\u0000line";

    private SmallCsv() {}

    /**
     * The rows as column → trimmed text, plus {@link #LINE}. A missing column or a record with a field count other than
     * the header's is refused naming the file (and line), as IllegalArgumentException.
     */
    static List<Map<String, String>> rows(String file, byte[] content, String... columns) {
        TextTable t;
        try {
            t = TextTable.read(file, new ByteArrayInputStream(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[] at = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            at[i] = t.header().indexOf(columns[i]);
            if (at[i] < 0) {
                throw new IllegalArgumentException(
                        file + ":1: no column " + columns[i] + " (header " + t.header() + ")");
            }
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (TextTable.Record r : t.records()) {
            if (r.fields().size() != t.header().size()) {
                throw new IllegalArgumentException(file + ":" + r.line() + ": expected "
                        + t.header().size() + " fields, found " + r.fields().size());
            }
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < columns.length; i++) {
                m.put(columns[i], r.fields().get(at[i]).trim());
            }
            m.put(LINE, String.valueOf(r.line()));
            out.add(m);
        }
        return out;
    }
}
