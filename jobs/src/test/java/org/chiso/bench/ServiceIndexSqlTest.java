package org.chiso.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's SQL is the one {@code org.chiso.service.ServiceIndexDuckDbTest} checks against the engine to 1e-9 (the
 * test resource {@code service/service_index.sql}): the statements agree line for line below the header comment, and
 * the placeholders are filled.
 */
class ServiceIndexSqlTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = ServiceIndexSqlTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String body(String sql) {
        return sql.substring(sql.indexOf("CREATE TABLE"));
    }

    @Test
    void theBenchRunsTheSqlTheEngineIsCheckedAgainst() throws IOException {
        assertEquals(body(resource("/service/service_index.sql")), body(resource(ServiceIndexDuckDb.SQL)));
    }

    @Test
    void placeholdersAreFilledAndTheSchemeCopied(@TempDir Path dir) throws IOException {
        Path scheme = ServiceIndexDuckDb.scheme(dir.resolve("scheme"));
        assertTrue(Files.readString(scheme.resolve("indicators.csv")).contains("dossiers_online"));
        List<String> s = ServiceIndexDuckDb.statements(Path.of("/data/o'brien"), scheme, LocalDate.of(2026, 6, 30));
        String all = String.join(";\n", s);
        assertTrue(!all.contains("${"), "every placeholder filled");
        assertTrue(all.contains("'/data/o''brien/units.csv'"), "quotes doubled");
        assertTrue(all.contains("DATE '2026-06-30'"));
        assertTrue(s.get(s.size() - 1).startsWith("CREATE TABLE group_points"), s.get(s.size() - 1));
    }
}
