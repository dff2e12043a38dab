package org.chiso.bench;

import static org.chiso.bench.Estimates.key;
import static org.chiso.bench.Estimates.put;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.chiso.bench.Estimates.Agreement;
import org.chiso.bench.Estimates.Estimate;
import org.chiso.core.ProvinceRegistry;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.survey.Codebook;

/**
 * DuckDB in {@code ./workbench bench estimate}: the whole estimation as SQL ({@link #sql}), run through JDBC in an
 * in-memory DuckDB on the same Parquet files as the workbench, its results read back and compared with the workbench's,
 * and the timed run with its row and notes.
 */
final class DuckDbEngine {
    /** DuckDB estimates and SEs must equal the workbench's to this relative difference. */
    static final double TOLERANCE = 1e-9;
    /** DuckDB's {@code SET threads}. */
    static final String THREADS = "2";

    private DuckDbEngine() {}

    /** Runs and times DuckDB on {@code folders}, compares with {@code workbench}, adds its row and notes; a failure goes to the notes. */
    static void bench(
            List<String> folders,
            Path work,
            int scale,
            long answers,
            Map<String, Estimate> workbench,
            Progress progress,
            List<Timing> table,
            List<String> notes)
            throws IOException {
        progress.stage("bench", "scale " + scale + ": DuckDB (JDBC, in memory, threads=" + THREADS + ")");
        Map<String, String> info = new LinkedHashMap<>();
        Clock c = new Clock();
        try {
            Map<String, Estimate> duck = estimates(folders, work.resolve("duckdb-tmp"), info);
            c.stop();
            Agreement duckAgree = Estimates.compare(workbench, duck, TOLERANCE, "DuckDB vs workbench");
            progress.done(
                    "bench",
                    String.format(
                            Locale.ROOT,
                            "scale %d: DuckDB %s %.1f s (CPU %.1f s, %s; %s); agrees with the workbench: %s",
                            scale,
                            info.get("version"),
                            c.wall,
                            c.cpu,
                            c.load(),
                            info.get("statements"),
                            duckAgree.describe()));
            table.add(
                    Timing.of("DuckDB " + info.get("version") + " (JDBC, threads=" + THREADS + ")", scale, answers, c));
            notes.add(String.format(
                    Locale.ROOT,
                    "scale %d DuckDB %.1f s (CPU %.1f s, %s; %s) = workbench to %.0e: %s; DuckDB memory_limit %s",
                    scale,
                    c.wall,
                    c.cpu,
                    c.load(),
                    info.get("statements"),
                    TOLERANCE,
                    duckAgree.describe(),
                    info.get("memory_limit")));
        } catch (IOException e) {
            // an engine that cannot finish (out of disk for its spill, say) costs its row, not the hour already spent
            // on the workbench pass: the failure goes into the notes and the progress output, and R still runs
            c.stop();
            String why = e.getMessage().lines().findFirst().orElse(e.toString());
            progress.line(String.format(
                    Locale.ROOT,
                    "[bench] scale %d: DuckDB FAILED after %.1f s (memory_limit %s, %s): %s",
                    scale,
                    c.wall,
                    info.get("memory_limit"),
                    info.getOrDefault("statements", "?"),
                    why));
            notes.add(String.format(
                    Locale.ROOT,
                    "scale %d DuckDB FAILED after %.1f s (CPU %.1f s; memory_limit %s, %s), no row: %s",
                    scale,
                    c.wall,
                    c.cpu,
                    info.get("memory_limit"),
                    info.getOrDefault("statements", "?"),
                    why));
        }
        BenchFiles.deleteTree(work.resolve("duckdb-tmp"));
    }

    /**
     * The whole estimation in DuckDB SQL (one statement). Tables {@code cb} (codebook), {@code cw} (63 → 34 crosswalk)
     * and {@code parts} (index, year, component of the TOTALs that are sums) must exist. Columns of the result:
     * survey, idx, year, domain, component, n, sum_w, value, se, lonely (strata of the domain with one PSU and no
     * census fpc: the workbench's default lonely-PSU rule fails there), too_many (domain PSUs above n_h).
     *
     * <p>Variance, with-replacement ultimate cluster as {@link org.chiso.survey.TaylorEstimator}: ȳ = Σwy/Σw over the
     * domain; per PSU z_hj = (Σ_j wy − ȳ Σ_j w)/Σw; per stratum where the domain has members,
     * V_h = (1 − f_h) n_h/(n_h − 1) [Σ_{j with members} (z_hj − z̄_h)² + (n_h − m_h) z̄_h²], z̄_h = Σ_j z_hj / n_h, n_h the
     * PSUs of the full design (PSUs without domain members are the zeros), 1 − f_h = (N_h − n_h)/N_h from the fpc column
     * (population sizes when any fpc &gt; 1, else sampling fractions; 1 without fpc; 0 below 1e-7, as R; not used on
     * rows with a {@code psu_prob}, PPS designs, as the workbench's default {@code --pps with-replacement});
     * V = Σ_h V_h; the estimate and its SE are mapped to [out_min, out_max].
     *
     * <p>{@code year} restricts the statement to one survey year (null: all years). Every design (survey × year) and
     * every domain lies inside one year, so the union of the per-year results is the all-years result, row for row.
     */
    static String sql(List<String> respondentGlobs, List<String> answerGlobs, Integer year) {
        return sql(respondentGlobs, answerGlobs, year, false);
    }

    /**
     * {@link #sql(List, List, Integer)}; {@code pps}: the respondents have a {@code psu_prob} column, and rows that
     * carry one are PPS designs, whose default variance in the workbench is with replacement: their fpc is not used.
     */
    static String sql(List<String> respondentGlobs, List<String> answerGlobs, Integer year, boolean pps) {
        String where = year == null ? "" : " WHERE year = " + year.intValue();
        return """
                WITH
                ans AS (SELECT survey, year, respondent_id, item, value
                        FROM read_parquet(%2$s, hive_partitioning = true, union_by_name = true)%3$s),
                vals AS (SELECT a.survey, a.year, a.respondent_id, c.idx, c.component, c.rule, c.amin, c.amax, c.out_min, c.out_max,
                                CASE WHEN c.rev THEN c.amin + c.amax - a.value ELSE a.value END AS v
                         FROM ans a JOIN cb c ON a.survey = c.survey AND a.item = c.item AND a.year BETWEEN c.year_from AND c.year_to),
                items AS (SELECT survey, year, respondent_id, idx, component, out_min, out_max, rule <> 'mean' AS prop,
                                 CASE rule WHEN 'mean' THEN (v - amin) / (amax - amin)
                                           WHEN 'top2' THEN CASE WHEN v >= amax - 1 THEN 1.0 ELSE 0.0 END
                                           ELSE v END AS s
                          FROM vals),
                comp AS (SELECT survey, year, respondent_id, idx, component, avg(s) AS score01, min(out_min) AS out_min,
                                min(out_max) AS out_max, bool_and(prop) AS proportion
                         FROM items GROUP BY survey, year, respondent_id, idx, component),
                nparts AS (SELECT idx, year, count(*) AS k FROM parts GROUP BY idx, year),
                tot AS (SELECT c.survey, c.year, c.respondent_id, c.idx, 'TOTAL' AS component,
                               (sum(c.out_min + (c.out_max - c.out_min) * c.score01) - sum(c.out_min))
                                   / (sum(c.out_max) - sum(c.out_min)) AS score01,
                               sum(c.out_min) AS out_min, sum(c.out_max) AS out_max, false AS proportion
                        FROM comp c JOIN parts p ON c.idx = p.idx AND c.year = p.year AND c.component = p.component
                                    JOIN nparts k ON c.idx = k.idx AND c.year = k.year
                        GROUP BY c.survey, c.year, c.respondent_id, c.idx, k.k
                        HAVING count(*) = k.k),
                scores AS (SELECT * FROM comp UNION ALL SELECT * FROM tot),
                resp AS (SELECT r.survey, r.year, r.respondent_id, r.stratum, r.psu, r.weight, %4$s AS fpc,
                                list_distinct([r.province_key,
                                               CASE WHEN starts_with(r.province_key, 'VN34-') THEN r.province_key ELSE w.new_key END,
                                               'VN']) AS domains
                         FROM (SELECT * FROM read_parquet(%1$s, hive_partitioning = true, union_by_name = true)%3$s) r
                              LEFT JOIN cw w ON r.province_key = w.old_key),
                rd AS (SELECT survey, year, respondent_id, stratum, psu, weight, unnest(domains) AS domain FROM resp),
                psu AS (SELECT s.survey, s.year, s.idx, s.component, d.domain, d.stratum, d.psu,
                               sum(d.weight) AS sum_w, sum(d.weight * s.score01) AS sum_wy,
                               sum(d.weight * s.score01 * s.score01) AS sum_wyy, count(*) AS n,
                               min(s.out_min) AS out_min, min(s.out_max) AS out_max, bool_or(s.proportion) AS proportion
                        FROM scores s JOIN rd d ON s.survey = d.survey AND s.year = d.year AND s.respondent_id = d.respondent_id
                        GROUP BY s.survey, s.year, s.idx, s.component, d.domain, d.stratum, d.psu),
                design AS (SELECT survey, year, stratum, count(DISTINCT psu) AS nh, min(fpc) AS fpc
                           FROM resp GROUP BY survey, year, stratum),
                big AS (SELECT *, coalesce(bool_or(fpc > 1) OVER (PARTITION BY survey, year), false) AS any_big FROM design),
                fac AS (SELECT survey, year, stratum, nh,
                               CASE WHEN fpc IS NULL THEN 1.0
                                    ELSE ((CASE WHEN any_big THEN fpc ELSE nh / fpc END) - nh)
                                         / (CASE WHEN any_big THEN fpc ELSE nh / fpc END) END AS f
                        FROM big),
                dom AS (SELECT survey, year, idx, component, domain, sum(sum_w) AS w, sum(sum_wy) AS wy, sum(n) AS n,
                               min(out_min) AS out_min, min(out_max) AS out_max
                        FROM psu GROUP BY survey, year, idx, component, domain),
                z AS (SELECT p.survey, p.year, p.idx, p.component, p.domain, p.stratum, (p.sum_wy - (d.wy / d.w) * p.sum_w) / d.w AS z
                      FROM psu p JOIN dom d ON p.survey = d.survey AND p.year = d.year AND p.idx = d.idx
                                           AND p.component = d.component AND p.domain = d.domain),
                zbar AS (SELECT z.survey, z.year, z.idx, z.component, z.domain, z.stratum, any_value(f.nh) AS nh, any_value(f.f) AS f,
                                count(*) AS m, sum(z.z) / any_value(f.nh) AS zbar
                         FROM z JOIN fac f ON z.survey = f.survey AND z.year = f.year AND z.stratum = f.stratum
                         GROUP BY z.survey, z.year, z.idx, z.component, z.domain, z.stratum),
                strat AS (SELECT b.survey, b.year, b.idx, b.component, b.domain, b.stratum, b.nh, b.f, b.m, b.zbar,
                                 sum((z.z - b.zbar) * (z.z - b.zbar)) AS dev
                          FROM zbar b JOIN z ON b.survey = z.survey AND b.year = z.year AND b.idx = z.idx
                                            AND b.component = z.component AND b.domain = z.domain AND b.stratum = z.stratum
                          GROUP BY b.survey, b.year, b.idx, b.component, b.domain, b.stratum, b.nh, b.f, b.m, b.zbar),
                var AS (SELECT survey, year, idx, component, domain,
                               sum(CASE WHEN f < 1e-7 OR nh < 2 THEN 0.0
                                        ELSE f * nh / (nh - 1.0) * ((nh - m) * zbar * zbar + dev) END) AS v,
                               count(*) FILTER (WHERE nh < 2 AND f >= 1e-7) AS lonely,
                               count(*) FILTER (WHERE m > nh) AS too_many
                        FROM strat GROUP BY survey, year, idx, component, domain)
                SELECT d.survey, d.idx, d.year, d.domain, d.component, d.n, d.w AS sum_w,
                       d.out_min + (d.out_max - d.out_min) * (d.wy / d.w) AS value,
                       (d.out_max - d.out_min) * sqrt(v.v) AS se, v.lonely, v.too_many
                FROM dom d JOIN var v ON d.survey = v.survey AND d.year = v.year AND d.idx = v.idx
                                     AND d.component = v.component AND d.domain = v.domain
                """.formatted(
                        sqlList(respondentGlobs),
                        sqlList(answerGlobs),
                        where,
                        pps ? "CASE WHEN r.psu_prob IS NULL THEN r.fpc END" : "r.fpc");
    }

    /**
     * Runs {@link #sql} on the survey folders' Parquet in an in-memory DuckDB with {@value #THREADS} threads.
     * {@code info} gets the DuckDB version and memory limit. Fails on a lonely PSU (the workbench's default rule).
     */
    static Map<String, Estimate> estimates(List<String> folders, Path tmp, Map<String, String> info)
            throws IOException {
        String split = System.getProperty("chiso.bench.duckdb.split", "year");
        if (!split.equals("year") && !split.equals("none")) {
            throw new IllegalArgumentException("chiso.bench.duckdb.split must be year or none, not " + split);
        }
        return estimates(folders, tmp, info, split.equals("year"));
    }

    /** {@link #estimates(List, Path, Map)} with one statement per survey year ({@code perYear}) or one in all. */
    static Map<String, Estimate> estimates(List<String> folders, Path tmp, Map<String, String> info, boolean perYear)
            throws IOException {
        List<String> respondentGlobs = new ArrayList<>();
        List<String> answerGlobs = new ArrayList<>();
        List<Codebook.Item> items = new ArrayList<>();
        for (String f : folders) {
            String local = Fs.display(f);
            respondentGlobs.add(local + "/respondents/**/*.parquet");
            answerGlobs.add(local + "/answers/**/*.parquet");
            Path cb = Paths.get(local, "codebook.csv");
            items.addAll(Codebook.parse(cb.toString(), Files.readAllBytes(cb)));
        }
        String memory = System.getProperty(
                "chiso.bench.duckdb.memory",
                Math.max(
                                1024,
                                ((ProcessStats.physicalMemory()
                                                                - Runtime.getRuntime()
                                                                        .maxMemory())
                                                        / (1024 * 1024)
                                                - 2048)
                                        * 3
                                        / 4)
                        + "MB");
        Map<String, Estimate> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement st = c.createStatement()) {
                st.execute("SET threads=" + THREADS);
                st.execute("SET memory_limit='" + memory + "'");
                if (tmp != null) {
                    Files.createDirectories(tmp);
                    st.execute("SET temp_directory='" + tmp.toString().replace("'", "''") + "'");
                }
                st.execute("SET preserve_insertion_order=false");
                try (ResultSet rs = st.executeQuery("SELECT version(), current_setting('memory_limit')")) {
                    rs.next();
                    info.put("version", rs.getString(1));
                    info.put("memory_limit", rs.getString(2));
                }
                st.execute(
                        "CREATE TABLE cb (survey VARCHAR, year_from INTEGER, year_to INTEGER, item VARCHAR, component VARCHAR,"
                                + " idx VARCHAR, amin DOUBLE, amax DOUBLE, rev BOOLEAN, rule VARCHAR, out_min DOUBLE, out_max DOUBLE)");
                st.execute("CREATE TABLE cw (old_key VARCHAR, new_key VARCHAR)");
                st.execute("CREATE TABLE parts (idx VARCHAR, year INTEGER, component VARCHAR)");
            }
            try (PreparedStatement p =
                    c.prepareStatement("INSERT INTO cb VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Codebook.Item i : items) {
                    p.setString(1, i.survey());
                    p.setInt(2, i.yearFrom());
                    p.setInt(3, i.yearTo());
                    p.setString(4, i.item());
                    p.setString(5, i.component());
                    p.setString(6, i.index());
                    p.setDouble(7, i.answerMin());
                    p.setDouble(8, i.answerMax());
                    p.setBoolean(9, i.reverse());
                    p.setString(10, i.rule());
                    p.setDouble(11, i.outMin());
                    p.setDouble(12, i.outMax());
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO cw VALUES (?, ?)")) {
                for (Map.Entry<String, String> e :
                        ProvinceRegistry.load().crosswalk().entrySet()) {
                    p.setString(1, e.getKey());
                    p.setString(2, e.getValue());
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO parts VALUES (?, ?, ?)")) {
                for (String[] part : totalParts()) {
                    p.setString(1, part[0]);
                    p.setInt(2, Integer.parseInt(part[1]));
                    p.setString(3, part[2]);
                    p.addBatch();
                }
                p.executeBatch();
            }
            // one statement per survey year (default): the single statement over all years of the scale-100 data
            // (807M item answers) spilled more than 75 GB to disk here and failed; per year, each statement's hash
            // tables are an eighth of that
            List<Integer> years = new ArrayList<>();
            if (perYear) {
                try (Statement st = c.createStatement();
                        ResultSet rs =
                                st.executeQuery("SELECT DISTINCT year FROM read_parquet(" + sqlList(respondentGlobs)
                                        + ", hive_partitioning = true, union_by_name = true) ORDER BY year")) {
                    while (rs.next()) {
                        years.add(rs.getInt(1));
                    }
                }
            } else {
                years.add(null);
            }
            info.put("statements", perYear ? years.size() + " statements, one per year" : "one statement");
            boolean pps;
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM (DESCRIBE SELECT * FROM read_parquet("
                            + sqlList(respondentGlobs)
                            + ", hive_partitioning = true, union_by_name = true)) WHERE column_name = 'psu_prob'")) {
                rs.next();
                pps = rs.getLong(1) > 0;
            }
            for (Integer year : years) {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery(sql(respondentGlobs, answerGlobs, year, pps))) {
                    read(rs, out);
                }
            }
        } catch (SQLException e) {
            throw new IOException("DuckDB: " + e.getMessage(), e);
        }
        return out;
    }

    private static void read(ResultSet rs, Map<String, Estimate> out) throws SQLException {
        while (rs.next()) {
            String k = key(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5));
            if (rs.getLong(10) > 0) {
                throw new IllegalStateException("DuckDB: " + k + " lies in a stratum with a single PSU (lonely PSU)");
            }
            if (rs.getLong(11) > 0) {
                throw new IllegalStateException("DuckDB: " + k + " has more PSUs in a stratum than the design");
            }
            put(out, k, new Estimate(rs.getLong(6), rs.getDouble(8), rs.getDouble(9)));
        }
    }

    /** index, year, component of the TOTALs that are sums of parts (as {@link org.chiso.jobs.EstimateJob#totalParts}, without Spark). */
    private static List<String[]> totalParts() {
        org.chiso.core.IndexDefinitions defs = org.chiso.core.IndexDefinitions.load();
        List<String[]> rows = new ArrayList<>();
        for (org.chiso.core.ComponentDef c : defs.components()) {
            if (c.component().equals("TOTAL") && c.aggregation().equals("sum")) {
                for (int y = c.yearFrom(); y <= c.yearTo(); y++) {
                    for (org.chiso.core.ComponentDef part : defs.parts(c.index(), y, "TOTAL")) {
                        rows.add(new String[] {c.index(), Integer.toString(y), part.component()});
                    }
                }
            }
        }
        return rows;
    }

    private static String sqlList(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (String v : values) {
            b.append(b.length() > 1 ? ", " : "")
                    .append('\'')
                    .append(v.replace("'", "''"))
                    .append('\'');
        }
        return b.append(']').toString();
    }
}
