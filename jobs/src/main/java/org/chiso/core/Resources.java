package org.chiso.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.chiso.io.TextTable;

/** Reads the reference and definition tables bundled on the classpath (from {@code data/} at build time). */
public final class Resources {
    private Resources() {}

    /** The rows of a bundled CSV as header-name to text maps. */
    public static List<Map<String, String>> csv(String resource) {
        try (InputStream in = Resources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled table " + resource + " is missing from the classpath");
            }
            TextTable t = TextTable.read(resource, in);
            List<String> h = t.header();
            return t.records().stream()
                    .map(r -> {
                        Map<String, String> m = new java.util.LinkedHashMap<>();
                        for (int i = 0; i < h.size(); i++) {
                            m.put(
                                    h.get(i),
                                    i < r.fields().size() ? r.fields().get(i).trim() : "");
                        }
                        return m;
                    })
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Index rows by a key function, failing on a duplicate key. */
    public static <K> Map<K, Map<String, String>> byKey(
            List<Map<String, String>> rows, Function<Map<String, String>, K> key) {
        Map<K, Map<String, String>> m = new java.util.LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            if (m.put(key.apply(r), r) != null) {
                throw new IllegalStateException("duplicate key " + key.apply(r));
            }
        }
        return m;
    }
}
