package org.chiso.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chiso.service.ServiceScheme;

/**
 * The service index of docs/DOSSIERS.md section 4 as SQL for DuckDB ({@value #SQL}, written independently of the
 * engine; a copy of the SQL {@code ServiceIndexDuckDbTest} checks against the engine to 1e-9): reads a dossier folder's
 * {@code units.csv}, {@code procedures.csv}, {@code unit_procedures.csv} and {@code dossiers/*.parquet}, and leaves the
 * tables {@code indicator_points} (version, group, unit, period, indicator, rate, points) and {@code group_points}
 * (the groups and {@code TOTAL}) in the connection.
 */
public final class ServiceIndexDuckDb {
    /** The SQL on the classpath. */
    public static final String SQL = "/org/chiso/bench/service_index.sql";

    private ServiceIndexDuckDb() {}

    /**
     * The statements for a dossier folder.
     *
     * @param scheme a folder holding the scheme's {@code indicators.csv}
     * @param asOf the as-of date of the {@code as_of} period
     */
    public static List<String> statements(Path folder, Path scheme, LocalDate asOf) throws IOException {
        String sql;
        try (InputStream in = ServiceIndexDuckDb.class.getResourceAsStream(SQL)) {
            if (in == null) {
                throw new IllegalStateException(SQL + " is missing from the classpath");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        sql = sql.replace("${folder}", folder.toString().replace("'", "''"))
                .replace("${scheme}", scheme.toString().replace("'", "''"))
                .replace("${as_of}", asOf.toString());
        List<String> out = new ArrayList<>();
        for (String s : sql.split(";\\s*\\n")) {
            if (!s.isBlank()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Copies the bundled scheme's {@code indicators.csv} into {@code dir} (DuckDB reads files, not the classpath). */
    public static Path scheme(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (InputStream in = ServiceScheme.class.getResourceAsStream(ServiceScheme.RESOURCE + "indicators.csv")) {
            if (in == null) {
                throw new IllegalStateException(
                        ServiceScheme.RESOURCE + "indicators.csv is missing from the classpath");
            }
            Files.write(dir.resolve("indicators.csv"), in.readAllBytes());
        }
        return dir;
    }

    /** Runs the statements on the connection. */
    public static void run(Connection c, Path folder, Path scheme, LocalDate asOf) throws IOException, SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : statements(folder, scheme, asOf)) {
                s.execute(statement);
            }
        }
    }

    /** The totals after {@link #run}, keyed {@code version|unit_key|period_type|period}. */
    public static Map<String, Double> totals(Connection c) throws SQLException {
        Map<String, Double> out = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet q = s.executeQuery("SELECT version, unit_key, period_type, period, points FROM group_points"
                        + " WHERE grp = 'TOTAL'")) {
            while (q.next()) {
                out.put(
                        q.getString(1) + "|" + q.getString(2) + "|" + q.getString(3) + "|" + q.getString(4),
                        q.getDouble(5));
            }
        }
        return out;
    }
}
