package org.chiso.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.hadoop.conf.Configuration;
import org.chiso.io.Fs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report on a small generated report run (no earlier {@code ./workbench all} needed): required sections,
 * the synthetic banner exactly when synthetic rows exist, no network references, and a load in headless Chromium
 * with no console error, no failed or fetched resource, and a screenshot saved to {@code jobs/target/report-screenshot.png}.
 */
class HtmlReportTest {
    /** A resource reference that would reach the network: src/href/… to http(s) or a protocol-relative URL, CSS url() or @import. */
    private static final Pattern REMOTE = Pattern.compile(
            "(?i)(?:\\s(?:src|href|xlink:href|srcset|poster|data|action|formaction|background|manifest)"
                    + "\\s*=\\s*[\"']?\\s*(?:https?:)?//)|url\\(\\s*[\"']?\\s*(?:https?:)?//|@import|<(?:iframe|object|embed|img|video|audio|link(?![^>]*href=\"data:))\\b");

    @TempDir
    Path tmp;

    private static Fs fs() {
        return new Fs(new Configuration());
    }

    private static Path root() {
        String r = System.getProperty("workbench.root");
        return r == null
                ? Path.of("..").toAbsolutePath().normalize()
                : Path.of(r).toAbsolutePath().normalize();
    }

    /** The real province boundaries beside the repository, if present. */
    private static String geoFolder() {
        Path geo = root().resolve("../shared/data/geo").normalize();
        return Files.isRegularFile(geo.resolve("provinces_63.topojson")) ? geo.toString() : null;
    }

    private String report(String name, boolean synthetic, String geo) throws IOException {
        Path run = tmp.resolve(name);
        Fixture.write(run, synthetic);
        HtmlReport.write(fs(), run.toString(), geo);
        Path html = run.resolve(HtmlReport.FILE);
        assertTrue(Files.isRegularFile(html), "index.html written");
        return Files.readString(html, StandardCharsets.UTF_8);
    }

    private static void assertSections(String html) {
        for (String id : HtmlReport.SECTION_IDS) {
            assertTrue(
                    Pattern.compile("<section id=\"" + id + "\"").matcher(html).find(), "section #" + id + " missing");
        }
        assertFalse(
                html.contains("class=\"section-error\""), () -> "a section failed: " + excerpt(html, "section-error"));
    }

    private static void assertNoRemoteReferences(String html) {
        assertNoRemoteResources(html);
        assertFalse(
                html.contains("http://") || html.contains("https://"),
                () -> "an http(s) URL in the page: "
                        + excerpt(html, html.contains("http://") ? "http://" : "https://"));
    }

    private static void assertNoRemoteResources(String html) {
        Matcher m = REMOTE.matcher(html);
        assertFalse(m.find(), () -> "network reference in the page: " + excerpt(html, m.group()));
    }

    private static String excerpt(String html, String what) {
        int i = html.indexOf(what);
        return i < 0 ? what : html.substring(Math.max(0, i - 120), Math.min(html.length(), i + 160));
    }

    @Test
    void reviewSectionListsTheFlaggedComponentsAlphasAndPcaShares() throws IOException {
        String html = report("review", false, null);
        String review = html.substring(
                html.indexOf("<section id=\"review\""),
                html.indexOf("</section>", html.indexOf("<section id=\"review\"")));
        assertTrue(review.contains("Flagged components"), "flagged table");
        // the planted outlier: D1 of the first province, 5 points above the others; its correlations stay positive
        Matcher d1 = Pattern.compile("<tr><td>PAPI \\(2018\\)</td><td>2024</td><td>D1 .*?</tr>")
                .matcher(review);
        assertTrue(d1.find(), "D1 flagged: " + review);
        assertTrue(d1.group().contains("outlier") && d1.group().contains("cleared"), d1.group());
        assertFalse(review.contains("<td>D2 "), "D2 has no planted outlier and is not listed");
        assertTrue(
                review.contains("<td>TOTAL</td><td>children</td><td class=\"n\">3</td><td class=\"n\">63</td>"),
                "alpha of the total over its three dimensions present in the fixture");
        assertTrue(Pattern.compile("alpha raw \\[95% CI\\]").matcher(review).find());
        assertTrue(review.contains("%</td></tr>"), "PC1 share shown");
    }

    @Test
    void bannerOnlyWhenSyntheticRowsExistAndNoNetworkReferences() throws IOException {
        String withSynthetic = report("synthetic", true, null);
        assertSections(withSynthetic);
        assertNoRemoteReferences(withSynthetic);
        assertTrue(withSynthetic.contains("id=\"synthetic-banner\""), "banner expected with synthetic rows");
        int banner = withSynthetic.indexOf("id=\"synthetic-banner\"");
        assertTrue(banner < withSynthetic.indexOf("<section "), "the banner comes before the first section");
        for (String id :
                List.of("coverage", "correlations", "clusters", "trends", "harmonization", "estimates", "review")) {
            assertTrue(
                    withSynthetic.contains("<section id=\"" + id + "\" data-synthetic=\"true\">"),
                    "synthetic marker on #" + id);
        }
        assertTrue(
                withSynthetic.contains("<figure data-synthetic=\"true\">")
                        || withSynthetic.contains("data-synthetic=\"true\"><svg"),
                "synthetic marker on charts");

        String real = report("published", false, null);
        assertSections(real);
        assertNoRemoteReferences(real);
        assertFalse(real.contains("id=\"synthetic-banner\""), "no banner without synthetic rows");
        assertFalse(real.contains("class=\"syn-mark\""), "no synthetic marker without synthetic rows");
        assertFalse(real.contains("data-synthetic=\"true\""), "no section or chart marked synthetic");
    }

    @Test
    void conflictsBetweenPublishedFiguresAndTheirPartsAreListedInTheCoverageSection() throws IOException {
        String html = report("precision", false, null);
        String coverage = html.substring(html.indexOf("<section id=\"coverage\""));
        coverage = coverage.substring(0, coverage.indexOf("</section>"));
        assertTrue(coverage.contains("Published figures against their published parts"), "precision subsection");
        assertTrue(coverage.contains("<strong>1 conflicts</strong>"), excerpt(coverage, "conflicts"));
        assertTrue(coverage.contains("Thái Nguyên"), "the conflicting province is named");
        assertTrue(coverage.contains("45.81"), "the published value as printed");
        assertTrue(coverage.contains("conflict: the published value is kept"), "the rule is stated");
    }

    @Test
    void charactersAndNumbersReadWell() throws IOException {
        String html = report("text", true, null);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<meta charset=\"utf-8\">"));
        assertTrue(html.contains("Hà Nội"), "Vietnamese names kept");
        assertFalse(html.contains("NaN"), "no NaN printed");
        assertFalse(html.contains("Infinity"), "no Infinity printed");
        assertTrue(html.contains("Showing 20 of"), "long tables are capped with a note");
        assertTrue(html.contains("fewer than 30 respondents"), "suppressed cells are listed");
        assertTrue(html.contains("<svg class=\"chart\""), "charts are inline SVG");
        assertTrue(
                html.contains(HtmlReport.sha256(HtmlReport.PROBE)), "the CSP allows exactly the inline probe script");
    }

    @Test
    void tileGridWithoutBoundariesDrawsEveryProvince() throws IOException {
        String html = report("tiles", true, null);
        int map = html.indexOf("class=\"map tiles\"");
        assertTrue(map > 0, "tile grid drawn when no boundary folder is given");
        String svg = html.substring(map, html.indexOf("</svg>", map));
        Set<String> keys = new HashSet<>();
        Matcher m = Pattern.compile("data-key=\"(VN63-\\d\\d)\"").matcher(svg);
        while (m.find()) {
            keys.add(m.group(1));
        }
        assertEquals(63, keys.size(), "one tile per 63-era province");

        HtmlData.Reference ref = HtmlData.Reference.load();
        MapView.Result r34 = MapView.tiles("VN34", Map.of(), Map.of(), ref, "t34");
        assertEquals(34, r34.provincesDrawn(), "34-era provinces cover their predecessors' tiles");
    }

    @Test
    void realBoundariesMatchTheRegistry() throws IOException {
        String geo = geoFolder();
        assertTrue(geo != null, "no ../shared/data/geo beside the repository (the tests need ../shared/data)");
        HtmlData.Reference ref = HtmlData.Reference.load();
        for (String basis : List.of("VN63", "VN34")) {
            List<MapView.Shape> shapes = MapView.loadShapes(fs(), geo, basis);
            assertNotNull(shapes, basis + " boundaries found");
            Set<String> keys = new HashSet<>();
            shapes.forEach(s -> keys.add(s.key()));
            assertEquals(new HashSet<>(ref.keys(basis)), keys, basis + " boundary keys match the reference table");
        }
        MapView.Result map = MapView.render(fs(), geo, "VN63", Map.of("VN63-01", "#0072B2"), Map.of(), ref, "m");
        assertEquals(63, map.provincesDrawn());
        assertTrue(
                map.svg().length() < 400_000,
                "simplified map stays small: " + map.svg().length());
    }

    @Test
    void opensInHeadlessChromiumWithoutErrorsOrRequests() throws Exception {
        String chromium = chromium();
        String geo = geoFolder();
        String html = report("browser", true, geo);
        assertSections(html);
        Path page = tmp.resolve("browser").resolve(HtmlReport.FILE);

        // 1. The DOM after load: the page's probe records errors, CSP violations and fetched resources on <html>.
        Chromium dom = runChromium(
                chromium,
                List.of(
                        "--enable-logging=stderr",
                        "--v=0",
                        "--dump-dom",
                        page.toUri().toString()));
        String root = dom.stdout.substring(0, Math.min(dom.stdout.length(), 2000));
        Matcher htmlTag = Pattern.compile("<html[^>]*>").matcher(root);
        assertTrue(htmlTag.find(), "dumped DOM has an <html> element:\n" + root);
        String tag = htmlTag.group();
        assertTrue(tag.contains("data-loaded=\"true\""), "page finished loading (probe ran): " + tag);
        assertFalse(tag.contains("data-errors="), "errors while loading the page: " + tag);
        assertTrue(tag.contains("data-resources=\"0\""), "the page fetched resources: " + tag);
        List<String> console = dom.stderr
                .lines()
                .filter(l -> l.contains(":CONSOLE") || l.contains("Uncaught"))
                .toList();
        assertTrue(console.isEmpty(), "console messages while loading the page:\n" + String.join("\n", console));
        for (String id : HtmlReport.SECTION_IDS) {
            assertTrue(dom.stdout.contains("<section id=\"" + id + "\""), "rendered DOM lacks section #" + id);
        }
        assertTrue(dom.stdout.contains("id=\"synthetic-banner\""), "rendered DOM lacks the synthetic banner");
        assertNoRemoteResources(dom.stdout);

        // 2. A screenshot for people to look at.
        Path shot = root().resolve("jobs/target/report-screenshot.png");
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        runChromium(
                chromium,
                List.of(
                        "--hide-scrollbars",
                        "--screenshot=" + shot,
                        "--window-size=1280,4000",
                        page.toUri().toString()));
        assertTrue(Files.isRegularFile(shot), "screenshot written to " + shot);
        byte[] png = Files.readAllBytes(shot);
        assertTrue(
                png.length > 8 && (png[0] & 0xFF) == 0x89 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G',
                "screenshot is a PNG");
        assertTrue(png.length > 50_000, "screenshot is non-trivial (" + png.length + " bytes)");
        BufferedImage img = ImageIO.read(shot.toFile());
        assertNotNull(img, "screenshot decodes");
        assertEquals(1280, img.getWidth());
        assertEquals(4000, img.getHeight());
        Set<Integer> colours = new HashSet<>();
        long inked = 0;
        long samples = 0;
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                samples++;
                int r = rgb >> 16 & 0xFF;
                int g = rgb >> 8 & 0xFF;
                int b = rgb & 0xFF;
                if (r + g + b < 600) {
                    inked++;
                }
            }
        }
        assertTrue(colours.size() > 100, "screenshot has " + colours.size() + " colours: blank page?");
        assertTrue(inked > samples / 20, "screenshot is mostly empty (" + inked + " of " + samples + " samples inked)");
        // The synthetic banner near the top: its red border shows in the first 400 pixel rows.
        boolean red = false;
        for (int y = 0; y < 400 && !red; y++) {
            for (int x = 0; x < img.getWidth() && !red; x += 2) {
                int rgb = img.getRGB(x, y);
                red = (rgb >> 16 & 0xFF) > 160 && (rgb >> 8 & 0xFF) < 70 && (rgb & 0xFF) < 70;
            }
        }
        assertTrue(red, "the red synthetic banner is visible at the top of the screenshot");
    }

    /** The Chromium binary, or a failure saying how to install it. */
    private static String chromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium")) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                for (String n : List.of("chromium", "chromium-browser")) {
                    if (Files.isExecutable(Path.of(dir, n))) {
                        return Path.of(dir, n).toString();
                    }
                }
            }
        }
        fail(
                "Headless Chromium is needed to check the HTML report but was not found (looked for /usr/bin/chromium and chromium on PATH). "
                        + "Install Debian's chromium: apt-get install -y --no-install-recommends chromium fonts-dejavu-core (CI installs it).");
        return null;
    }

    private record Chromium(String stdout, String stderr) {}

    private Chromium runChromium(String binary, List<String> args) throws Exception {
        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        Path out = Files.createTempFile(tmp, "chromium", ".out");
        Path err = Files.createTempFile(tmp, "chromium", ".err");
        List<String> cmd = new ArrayList<>(List.of(
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("chromium did not finish within 120 s: " + String.join(" ", cmd));
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + String.join(" ", cmd) + "\n" + stderr);
        return new Chromium(stdout, stderr);
    }

    /** A small report run: every table of a real run, with generated values for the 63 and 34 provinces. */
    static final class Fixture {
        private final Path run;
        private final boolean synthetic;
        private final HtmlData.Reference ref = HtmlData.Reference.load();
        private final Random rnd = new Random(20250701);
        private final Map<String, Long> rowCounts = new LinkedHashMap<>();
        private final String provenance;
        private final String source;
        /** province -> year -> PAR total (63-era). */
        private final Map<String, TreeMap<Integer, Double>> par = new LinkedHashMap<>();
        /** province -> component -> PAPI dimension (63-era, 2024). */
        private final Map<String, Map<String, Double>> papi = new LinkedHashMap<>();

        private Fixture(Path run, boolean synthetic) {
            this.run = run;
            this.synthetic = synthetic;
            this.provenance = synthetic ? "synthetic" : "published";
            this.source = synthetic ? "synthetic demo data (seed 20250701)" : "fixture publication";
        }

        static void write(Path run, boolean synthetic) throws IOException {
            Files.createDirectories(run.resolve("tables"));
            new Fixture(run, synthetic).all();
        }

        private void all() throws IOException {
            List<String> k63 = ref.keys("VN63");
            List<String> k34 = ref.keys("VN34");
            assertEquals(63, k63.size());
            assertEquals(34, k34.size());
            String syn = String.valueOf(synthetic);

            // Panels.
            List<String> panelHeader = List.of(
                    "index",
                    "structure_version",
                    "year",
                    "basis",
                    "province_key",
                    "component",
                    "level",
                    "value",
                    "se",
                    "n",
                    "provenance",
                    "derived",
                    "source",
                    "method",
                    "partial",
                    "coverage",
                    "predecessors");
            List<List<Object>> p63 = new ArrayList<>();
            for (String k : k63) {
                double base = 78 + 6 * rnd.nextGaussian();
                double slope = 0.2 + 0.5 * rnd.nextDouble();
                TreeMap<Integer, Double> s = new TreeMap<>();
                for (int y = 2016; y <= 2024; y++) {
                    double v = round2(base + slope * (y - 2016) + 0.8 * rnd.nextGaussian());
                    s.put(y, v);
                    boolean published = y == 2023 && k.equals("VN63-01");
                    p63.add(List.of(
                            "PAR",
                            "2012",
                            y,
                            "VN63",
                            k,
                            "TOTAL",
                            "TOTAL",
                            v,
                            "",
                            "",
                            published ? "published" : provenance,
                            false,
                            published ? "news" : source,
                            "as in the source",
                            false,
                            1.0,
                            ""));
                }
                par.put(k, s);
                Map<String, Double> dims = new LinkedHashMap<>();
                double level = rnd.nextGaussian();
                for (String c : List.of("D1", "D2", "D3")) {
                    double v = 5 + 0.4 * level + 0.3 * rnd.nextGaussian();
                    dims.put(c, v);
                    for (int y = 2023; y <= 2024; y++) {
                        if (y == 2023 && k.equals("VN63-02")) {
                            continue; // a gap, for the coverage heatmap and the cluster exclusion
                        }
                        double vy = y == 2024 ? v : v - 0.1 + 0.1 * rnd.nextGaussian();
                        p63.add(List.of(
                                "PAPI",
                                "2018",
                                y,
                                "VN63",
                                k,
                                c,
                                "DIMENSION",
                                vy,
                                0.05,
                                200,
                                provenance,
                                false,
                                synthetic
                                        ? "estimated from PAPI-SYNTH microdata (synthetic)"
                                        : "estimated from PAPI microdata",
                                "as in the source",
                                false,
                                1.0,
                                ""));
                    }
                }
                papi.put(k, dims);
            }
            for (int y = 2016; y <= 2024; y++) {
                p63.add(List.of(
                        "PAR",
                        "2012",
                        y,
                        "NATIONAL",
                        "VN",
                        "TOTAL",
                        "TOTAL",
                        82.0,
                        "",
                        "",
                        provenance,
                        false,
                        source,
                        "as in the source",
                        false,
                        1.0,
                        ""));
            }
            table("panel_63", panelHeader, p63);
            review(k63);

            List<List<Object>> p34 = new ArrayList<>();
            Map<String, TreeMap<Integer, Double>> par34 = new LinkedHashMap<>();
            String partialProvince = k34.stream()
                    .filter(k -> ref.predecessors(k).size() > 1)
                    .findFirst()
                    .orElseThrow();
            for (String k : k34) {
                List<String> preds = ref.predecessors(k);
                TreeMap<Integer, Double> s = new TreeMap<>();
                for (int y = 2016; y <= 2025; y++) {
                    if (y == 2025) {
                        double v = round2(s.get(2024) + 0.5 + 0.3 * rnd.nextGaussian());
                        s.put(y, v);
                        p34.add(List.of(
                                "PAR",
                                "2024",
                                y,
                                "VN34",
                                k,
                                "TOTAL",
                                "TOTAL",
                                v,
                                "",
                                "",
                                provenance,
                                false,
                                source,
                                "as in the source",
                                false,
                                1.0,
                                ""));
                        continue;
                    }
                    List<String> present = new ArrayList<>(preds);
                    boolean partial = k.equals(partialProvince) && y == 2019;
                    if (partial) {
                        present.remove(present.size() - 1);
                    }
                    double num = 0;
                    double den = 0;
                    double all = 0;
                    for (String p : preds) {
                        all += ref.population.get(p);
                    }
                    for (String p : present) {
                        num += ref.population.get(p) * par.get(p).get(y);
                        den += ref.population.get(p);
                    }
                    double v = num / den;
                    s.put(y, v);
                    String method = preds.size() == 1
                            ? "copied (unchanged province)"
                            : "population-weighted mean of predecessors (2024 average population)";
                    p34.add(List.of(
                            "PAR",
                            "2012",
                            y,
                            "VN34",
                            k,
                            "TOTAL",
                            "TOTAL",
                            v,
                            "",
                            "",
                            preds.size() == 1 ? provenance : synthetic ? "synthetic" : "harmonized",
                            false,
                            source,
                            method,
                            partial,
                            den / all,
                            String.join(",", present)));
                }
                par34.put(k, s);
            }
            table("panel_34", panelHeader, p34);

            // Coverage.
            Map<String, long[]> cov = new TreeMap<>();
            for (List<Object> r : p63) {
                if (!"VN".equals(r.get(4))) {
                    cov.computeIfAbsent(
                                    r.get(0) + "|" + r.get(2) + "|VN63|" + r.get(12) + "|" + r.get(10),
                                    x -> new long[1])[0]++;
                }
            }
            for (List<Object> r : p34) {
                if (r.get(2).equals(2025)) {
                    cov.computeIfAbsent(
                                    r.get(0) + "|" + r.get(2) + "|VN34|" + r.get(12) + "|" + r.get(10),
                                    x -> new long[1])[0]++;
                }
            }
            List<List<Object>> coverage = new ArrayList<>();
            cov.forEach((key, n) -> {
                String[] f = key.split("\\|");
                long provinces = f[0].equals("PAPI") ? n[0] / 3 : n[0];
                coverage.add(
                        List.of(f[0], f[1], f[2], f[3], f[4], provinces, f[0].equals("PAPI") ? 3 : 1, n[0], false));
            });
            table(
                    "coverage",
                    List.of(
                            "index",
                            "year",
                            "basis",
                            "source",
                            "provenance",
                            "provinces",
                            "components",
                            "cells",
                            "any_derived"),
                    coverage);

            table(
                    "rejects",
                    List.of("table", "file", "line", "column", "raw_value", "reason", "detail", "rows"),
                    List.of(
                            List.of(
                                    "scores",
                                    "par_2016.csv",
                                    12,
                                    "value",
                                    "n/a",
                                    "UNPARSEABLE_NUMBER",
                                    "not a number",
                                    ""),
                            List.of(
                                    "scores",
                                    "par_2016.csv",
                                    40,
                                    "province",
                                    "Ha Tay",
                                    "UNKNOWN_PROVINCE",
                                    "no such province in 2016",
                                    ""),
                            List.of("microdata", "papi_2024.csv", "", "", "", "MISSING_WEIGHT", "weight blank", 17)));
            table(
                    "derivation_checks",
                    List.of(
                            "index",
                            "structure_version",
                            "year",
                            "province_key",
                            "component",
                            "source",
                            "published_value",
                            "derived_value",
                            "difference",
                            "within_tolerance"),
                    List.of(
                            List.of("PAR", "2024", 2024, "VN63-01", "TOTAL", source, 91.7, 91.7, 0.0, true),
                            List.of("PAR", "2024", 2024, "VN63-02", "TOTAL", source, 90.1, 90.4, -0.3, false)));
            List<String> precisionHeader = List.of(
                    "index",
                    "structure_version",
                    "year",
                    "basis",
                    "province_key",
                    "component",
                    "published_value",
                    "published_source",
                    "printed_decimals",
                    "half_unit",
                    "derived_value",
                    "derived_source",
                    "derived_bound",
                    "difference",
                    "outcome",
                    "used",
                    "rule");
            List<Object> confirmed = List.of(
                    "PAPI",
                    "2018",
                    2023,
                    "VN63",
                    "VN63-46",
                    "TOTAL",
                    46.04,
                    "PAPI data check",
                    2,
                    0.005,
                    46.04153973,
                    "PAPI per-year research copy",
                    1.4e-8,
                    -0.00153973,
                    "confirmed",
                    "derived",
                    "confirmed: the derived value is used");
            List<Object> conflict = List.of(
                    "PAPI",
                    "2018",
                    2023,
                    "VN63",
                    "VN63-19",
                    "TOTAL",
                    45.81,
                    "PAPI data check",
                    2,
                    0.005,
                    45.787524043,
                    "PAPI per-year research copy",
                    1.4e-8,
                    0.022475957,
                    "conflict",
                    "published",
                    "conflict: the published value is kept");
            table("precision_checks", precisionHeader, List.of(confirmed, conflict));
            table("conflicts", precisionHeader, List.of(conflict));

            // Correlations among PAR TOTAL and PAPI D1-D3, 2024, 63 provinces.
            Map<String, double[]> vars = new LinkedHashMap<>();
            vars.put(
                    "PAR|2012|TOTAL",
                    k63.stream().mapToDouble(k -> par.get(k).get(2024)).toArray());
            for (String c : List.of("D1", "D2", "D3")) {
                vars.put(
                        "PAPI|2018|" + c,
                        k63.stream().mapToDouble(k -> papi.get(k).get(c)).toArray());
            }
            List<String> names = new ArrayList<>(vars.keySet());
            List<List<Object>> corr = new ArrayList<>();
            TDistribution t61 = new TDistribution(61);
            for (int i = 0; i < names.size(); i++) {
                for (int j = i + 1; j < names.size(); j++) {
                    String[] a = names.get(i).split("\\|");
                    String[] b = names.get(j).split("\\|");
                    double r = pearson(vars.get(names.get(i)), vars.get(names.get(j)));
                    double tstat = r * Math.sqrt(61) / Math.sqrt(1 - r * r);
                    double p = 2 * (1 - t61.cumulativeProbability(Math.abs(tstat)));
                    double z = 0.5 * Math.log((1 + r) / (1 - r));
                    double lo = Math.tanh(z - 1.959964 / Math.sqrt(60));
                    double hi = Math.tanh(z + 1.959964 / Math.sqrt(60));
                    String scope = a[0].equals(b[0]) ? "within_index" : "cross_index";
                    corr.add(List.of(
                            "VN63",
                            scope,
                            2024,
                            "",
                            a[0],
                            a[1],
                            a[2],
                            b[0],
                            b[1],
                            b[2],
                            "pearson",
                            63,
                            r,
                            "t",
                            tstat,
                            61.0,
                            p,
                            Math.min(1, p * 3),
                            lo,
                            hi,
                            "t on n-2 df",
                            "R cor.test(method='pearson')",
                            syn));
                    corr.add(List.of(
                            "VN63",
                            scope,
                            2024,
                            "",
                            a[0],
                            a[1],
                            a[2],
                            b[0],
                            b[1],
                            b[2],
                            "spearman",
                            63,
                            r * 0.95,
                            "S",
                            1.0,
                            "",
                            p,
                            p,
                            "",
                            "",
                            "AS 89",
                            "R cor.test(method='spearman')",
                            syn));
                }
            }
            table(
                    "correlations",
                    List.of(
                            "basis",
                            "scope",
                            "year",
                            "year_b",
                            "index_a",
                            "version_a",
                            "component_a",
                            "index_b",
                            "version_b",
                            "component_b",
                            "method",
                            "n",
                            "estimate",
                            "statistic_name",
                            "statistic",
                            "df",
                            "p",
                            "p_bh",
                            "ci_low",
                            "ci_high",
                            "p_method",
                            "convention",
                            "synthetic"),
                    corr);

            // Trends: PAR TOTAL per province on both bases.
            List<List<Object>> trends = new ArrayList<>();
            trendRows(trends, "VN63", par, 2016, 2024, syn);
            trendRows(trends, "VN34", par34, 2016, 2025, syn);
            table(
                    "trends",
                    List.of(
                            "basis",
                            "index",
                            "component",
                            "segment",
                            "province_key",
                            "year_from",
                            "year_to",
                            "n",
                            "slope",
                            "slope_se",
                            "slope_t",
                            "df",
                            "slope_p",
                            "slope_ci_low",
                            "slope_ci_high",
                            "intercept",
                            "r_squared",
                            "theil_sen_slope",
                            "theil_sen_intercept",
                            "mk_s",
                            "mk_var_s",
                            "mk_z",
                            "mk_p",
                            "kendall_tau",
                            "convention",
                            "synthetic"),
                    trends);

            clusterTables(k63);
            estimates(k63, syn);

            table(
                    "ingest_files",
                    List.of(
                            "path",
                            "reader",
                            "bytes",
                            "sha256",
                            "rows_in",
                            "accepted",
                            "rejected",
                            "blank_cells",
                            "ignored_cells",
                            "status",
                            "note"),
                    List.of(List.of(inputPath(), "tidy-csv", 86242, sha(1), 1061, 1059, 2, 0, 0, "read", "")));
            table(
                    "published_facts",
                    List.of(
                            "index",
                            "year",
                            "province_key",
                            "component",
                            "measure",
                            "value",
                            "source",
                            "note",
                            "file",
                            "line"),
                    List.of(List.of(
                            "PAR",
                            2023,
                            "VN63-01",
                            "TOTAL",
                            "rank",
                            1.0,
                            "news",
                            "ranked first",
                            "bundled:published/figures.csv",
                            3)));
            table(
                    "panel_regression",
                    List.of(
                            "basis",
                            "model",
                            "dependent",
                            "regressor",
                            "effects",
                            "n",
                            "coefficient",
                            "se",
                            "p",
                            "synthetic"),
                    List.of(List.of(
                            "VN63", "cross_index", "PAR:TOTAL", "PAPI:D1", "province", 126, 0.2, 0.1, 0.04, syn)));
            table(
                    "convergence",
                    List.of(
                            "basis",
                            "index",
                            "component",
                            "kind",
                            "year",
                            "n",
                            "mean",
                            "sd_sample",
                            "beta",
                            "synthetic"),
                    List.of(List.of("VN63", "PAR", "TOTAL", "sigma", 2024, 63, 84.0, 5.0, "", syn)));
            table(
                    "rank_mobility",
                    List.of(
                            "basis",
                            "index",
                            "component",
                            "year_from",
                            "year_to",
                            "n",
                            "spearman_rho",
                            "kendall_tau",
                            "synthetic"),
                    List.of(List.of("VN63", "PAR", "TOTAL", 2023, 2024, 63, 0.9, 0.75, syn)));
            manifest();
        }

        private String inputPath() {
            return synthetic ? "/data/demo/par_synthetic_demo.csv" : "/data/sources/par_2016_2024.csv";
        }

        private static String sha(int seed) {
            StringBuilder s = new StringBuilder();
            Random r = new Random(seed);
            for (int i = 0; i < 64; i++) {
                s.append("0123456789abcdef".charAt(r.nextInt(16)));
            }
            return s.toString();
        }

        private void trendRows(
                List<List<Object>> out,
                String basis,
                Map<String, TreeMap<Integer, Double>> series,
                int from,
                int to,
                String syn) {
            for (Map.Entry<String, TreeMap<Integer, Double>> e : series.entrySet()) {
                double[] x = e.getValue().keySet().stream()
                        .mapToDouble(Integer::doubleValue)
                        .toArray();
                double[] y = e.getValue().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray();
                int n = x.length;
                double mx = Arrays.stream(x).average().orElse(0);
                double my = Arrays.stream(y).average().orElse(0);
                double sxx = 0;
                double sxy = 0;
                double syy = 0;
                for (int i = 0; i < n; i++) {
                    sxx += (x[i] - mx) * (x[i] - mx);
                    sxy += (x[i] - mx) * (y[i] - my);
                    syy += (y[i] - my) * (y[i] - my);
                }
                double b = sxy / sxx;
                double a = my - b * mx;
                double rss = syy - b * sxy;
                double se = Math.sqrt(rss / (n - 2) / sxx);
                TDistribution t = new TDistribution(n - 2);
                double tq = t.inverseCumulativeProbability(0.975);
                double p = 2 * (1 - t.cumulativeProbability(Math.abs(b / se)));
                out.add(List.of(
                        basis,
                        "PAR",
                        "TOTAL",
                        "all versions",
                        e.getKey(),
                        from,
                        to,
                        n,
                        b,
                        se,
                        b / se,
                        (double) (n - 2),
                        p,
                        b - tq * se,
                        b + tq * se,
                        a,
                        1 - rss / syy,
                        b * 0.98,
                        a,
                        20.0,
                        100.0,
                        1.9,
                        Math.min(1, p * 2),
                        0.5,
                        "R lm(y ~ year)",
                        syn));
            }
        }

        private void clusterTables(List<String> k63) throws IOException {
            String fs = "PAPI dimensions (fixture)";
            List<List<Object>> clusters = new ArrayList<>();
            List<List<Object>> profiles = new ArrayList<>();
            List<List<Object>> quality = new ArrayList<>();
            List<List<Object>> transitions = new ArrayList<>();
            List<List<Object>> excluded = new ArrayList<>();
            Map<String, Integer> previous = new LinkedHashMap<>();
            for (int year = 2023; year <= 2024; year++) {
                List<String> members = new ArrayList<>();
                for (String k : k63) {
                    if (year == 2023 && k.equals("VN63-02")) {
                        excluded.add(List.of(fs, year, k, 1, "PAPI:D1"));
                    } else {
                        members.add(k);
                    }
                }
                double[] mean = new double[3];
                double[] sd = new double[3];
                List<String> comps = List.of("D1", "D2", "D3");
                for (int c = 0; c < 3; c++) {
                    final int cc = c;
                    double[] v = members.stream()
                            .mapToDouble(k -> papi.get(k).get(comps.get(cc)))
                            .toArray();
                    mean[c] = Arrays.stream(v).average().orElse(0);
                    sd[c] = Math.sqrt(Arrays.stream(v)
                                    .map(d -> (d - mean[cc]) * (d - mean[cc]))
                                    .sum()
                            / (v.length - 1));
                }
                Map<String, Integer> label = new LinkedHashMap<>();
                for (String k : members) {
                    double m = 0;
                    for (int c = 0; c < 3; c++) {
                        m += (papi.get(k).get(comps.get(c)) - mean[c]) / sd[c] / 3;
                    }
                    label.put(k, m > 0.35 ? 1 : m > -0.35 ? 2 : 3);
                }
                for (String k : members) {
                    clusters.add(List.of(fs, year, k, "kmeans", 3, label.get(k), 0.1 + 0.5 * rnd.nextDouble()));
                }
                for (int cl = 1; cl <= 3; cl++) {
                    final int c0 = cl;
                    List<String> in =
                            members.stream().filter(k -> label.get(k) == c0).toList();
                    for (int c = 0; c < 3; c++) {
                        final int cc = c;
                        double orig = in.stream()
                                .mapToDouble(k -> papi.get(k).get(comps.get(cc)))
                                .average()
                                .orElse(Double.NaN);
                        profiles.add(List.of(
                                fs,
                                year,
                                "kmeans",
                                cl,
                                "PAPI:" + comps.get(c),
                                (orig - mean[c]) / sd[c],
                                orig,
                                in.size()));
                    }
                    quality.add(List.of(
                            fs,
                            year,
                            "kmeans",
                            3,
                            cl,
                            in.size(),
                            0.3 + 0.05 * cl,
                            20.0,
                            "",
                            "",
                            true,
                            "",
                            0.9 - 0.12 * cl,
                            100,
                            0.9 - 0.12 * cl >= 0.75 ? "stable" : "pattern",
                            "",
                            1,
                            ""));
                }
                for (int k = 1; k <= 4; k++) {
                    quality.add(List.of(
                            fs,
                            year,
                            "kmeans",
                            k,
                            "",
                            members.size(),
                            k == 1 ? "" : k == 3 ? 0.35 : 0.2 + 0.03 * k,
                            150.0 / k,
                            0.5 + 0.1 * k,
                            0.04,
                            k == 3,
                            k == 2,
                            "",
                            "",
                            "",
                            year == 2023 ? 1 : 0,
                            7,
                            k == 1 ? "k = 1 row: gap statistic only" : ""));
                }
                for (Map.Entry<String, Integer> e : label.entrySet()) {
                    Integer before = previous.get(e.getKey());
                    if (before != null) {
                        transitions.add(List.of(
                                fs,
                                "kmeans",
                                year - 1,
                                year,
                                e.getKey(),
                                before,
                                e.getValue(),
                                !before.equals(e.getValue())));
                    }
                }
                previous = label;
            }
            table(
                    "clusters",
                    List.of("feature_set", "year", "province_key", "method", "k", "cluster", "silhouette_i"),
                    clusters);
            table(
                    "cluster_profiles",
                    List.of(
                            "feature_set",
                            "year",
                            "method",
                            "cluster",
                            "feature",
                            "centroid_std",
                            "centroid_original",
                            "n"),
                    profiles);
            table(
                    "cluster_quality",
                    List.of(
                            "feature_set",
                            "year",
                            "method",
                            "k",
                            "cluster",
                            "n",
                            "avg_silhouette_euclidean",
                            "within_ss",
                            "gap",
                            "gap_se",
                            "chosen",
                            "chosen_by_gap",
                            "jaccard_mean",
                            "jaccard_replicates",
                            "reading",
                            "n_excluded",
                            "seed",
                            "note"),
                    quality);
            table(
                    "cluster_transitions",
                    List.of(
                            "feature_set",
                            "method",
                            "from_year",
                            "to_year",
                            "province_key",
                            "from_cluster",
                            "to_cluster",
                            "moved"),
                    transitions);
            table(
                    "cluster_excluded",
                    List.of("feature_set", "year", "province_key", "n_missing", "missing_features"),
                    excluded);
        }

        private void estimates(List<String> k63, String syn) throws IOException {
            String survey = synthetic ? "PAPI-SYNTH" : "PAPI-2024";
            List<List<Object>> rows = new ArrayList<>();
            for (String c : List.of("D1", "D2")) {
                rows.add(List.of(
                        survey, "PAPI", 2024, "VN", c, 14000, 6.8e7, 5.0, 0.02, "", 144, 4.96, 5.04, 2.1, false,
                        "normal", "fail", "replace", syn, false, ""));
                int i = 0;
                for (String k : k63) {
                    i++;
                    boolean suppressed = c.equals("D2") && i % 2 == 0;
                    int n = suppressed ? 12 : 150 + rnd.nextInt(200);
                    double v = papi.get(k).get(c);
                    double se = 0.04 + 0.06 * rnd.nextDouble();
                    rows.add(
                            suppressed
                                    ? List.of(
                                            survey,
                                            "PAPI",
                                            2024,
                                            k,
                                            c,
                                            n,
                                            5000.0,
                                            "",
                                            "",
                                            "",
                                            144,
                                            "",
                                            "",
                                            "",
                                            false,
                                            "normal",
                                            "fail",
                                            "replace",
                                            syn,
                                            true,
                                            "fewer than 30 respondents (n = " + n + ")")
                                    : List.of(
                                            survey,
                                            "PAPI",
                                            2024,
                                            k,
                                            c,
                                            n,
                                            1.1e6,
                                            v,
                                            se,
                                            "",
                                            144,
                                            v - 1.96 * se,
                                            v + 1.96 * se,
                                            1.5 + rnd.nextDouble(),
                                            false,
                                            "normal",
                                            "fail",
                                            "replace",
                                            syn,
                                            false,
                                            ""));
                }
            }
            table(
                    "estimates",
                    List.of(
                            "survey",
                            "index",
                            "year",
                            "province_key",
                            "component",
                            "n",
                            "sum_w",
                            "value",
                            "se",
                            "df",
                            "design_df",
                            "ci_low",
                            "ci_high",
                            "deff",
                            "proportion",
                            "ci_method",
                            "lonely_psu",
                            "deff_variant",
                            "synthetic",
                            "suppressed",
                            "suppression_reason"),
                    rows);
        }

        private void manifest() throws IOException {
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = m.createObjectNode();
            root.put("run_id", "20260101T000000Z");
            root.put("started", "2026-01-01T00:00:00Z");
            root.put("ended", "2026-01-01T00:01:42Z");
            ObjectNode v = root.putObject("versions");
            v.put("workbench", "0.1.0");
            v.put("spark", "4.1.0");
            v.put("java", "17");
            ObjectNode p = root.putObject("parameters");
            p.put("seed", 20250701);
            p.put("level", 0.95);
            p.put("ci", "NORMAL");
            p.put("min_respondents", 30);
            p.putArray("data");
            ArrayNode in = root.putArray("inputs");
            ObjectNode f = in.addObject();
            f.put("path", inputPath());
            f.put("bytes", 86242);
            f.put("sha256", sha(1));
            f.put("reader", "tidy-csv");
            f.put("status", "read");
            ObjectNode t = root.putObject("tables");
            rowCounts.forEach((name, rows) -> {
                ObjectNode e = t.putObject(name);
                e.put("rows", rows);
                e.put("csv", "tables/" + name + ".csv");
                e.put("about", "fixture table " + name);
            });
            root.set("conventions", m.valueToTree(new TreeMap<>(Manifest.CONVENTIONS)));
            root.putArray("warnings");
            Files.writeString(run.resolve("manifest.json"), m.writeValueAsString(root), StandardCharsets.UTF_8);
        }

        /**
         * The review tables of the fixture's PAPI 2024 dimensions, by {@link org.chiso.analysis.Review#audit}, with one
         * planted outlier (D1 of the first province far above the others) and the total as the sum of D1-D3.
         */
        private void review(List<String> keys) throws IOException {
            org.chiso.core.IndexDefinitions defs = org.chiso.core.IndexDefinitions.load();
            Map<String, double[]> values = new TreeMap<>();
            for (String c : List.of("D1", "D2", "D3", "TOTAL")) {
                values.put(c, new double[keys.size()]);
            }
            for (int i = 0; i < keys.size(); i++) {
                for (String c : List.of("D1", "D2", "D3")) {
                    double v = papi.get(keys.get(i)).get(c) + (i == 0 && c.equals("D1") ? 5 : 0);
                    values.get(c)[i] = v;
                    values.get("TOTAL")[i] += v;
                }
            }
            org.chiso.analysis.Review.Group g = new org.chiso.analysis.Review.Group(
                    "VN63", "PAPI", "2018", 2024, keys, defs.components("PAPI", 2024), values, synthetic);
            org.chiso.analysis.Review.Result r = org.chiso.analysis.Review.audit(
                    List.of(g), defs, new org.chiso.analysis.Review.Options(null, null, 50, 1, 0.95));
            table("review_audit", r.audit());
            table("review_winsorisation", r.winsorisation());
            table("review_alpha", r.alpha());
            table("review_pca", r.pca());
            table("review_pca_loadings", r.loadings());
        }

        private void table(String name, org.chiso.core.Table t) throws IOException {
            List<List<Object>> rows = new ArrayList<>();
            for (org.apache.spark.sql.Row r : t.rows()) {
                List<Object> cells = new ArrayList<>();
                for (int i = 0; i < r.length(); i++) {
                    cells.add(r.isNullAt(i) ? "" : r.get(i));
                }
                rows.add(cells);
            }
            table(name, List.of(t.schema().fieldNames()), rows);
        }

        private void table(String name, List<String> header, List<List<Object>> rows) throws IOException {
            StringBuilder b = new StringBuilder(String.join(",", header)).append('\n');
            for (List<Object> r : rows) {
                assertEquals(header.size(), r.size(), () -> name + ": row width " + r);
                List<String> cells = new ArrayList<>();
                for (Object o : r) {
                    String s = o instanceof Double d ? Double.toString(d) : String.valueOf(o);
                    cells.add(s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
                }
                b.append(String.join(",", cells)).append('\n');
            }
            Files.writeString(run.resolve("tables").resolve(name + ".csv"), b, StandardCharsets.UTF_8);
            rowCounts.put(name, (long) rows.size());
        }

        private static double round2(double v) {
            return Math.round(v * 100) / 100.0;
        }

        private static double pearson(double[] a, double[] b) {
            double ma = Arrays.stream(a).average().orElse(0);
            double mb = Arrays.stream(b).average().orElse(0);
            double sab = 0;
            double saa = 0;
            double sbb = 0;
            for (int i = 0; i < a.length; i++) {
                sab += (a[i] - ma) * (b[i] - mb);
                saa += (a[i] - ma) * (a[i] - ma);
                sbb += (b[i] - mb) * (b[i] - mb);
            }
            return sab / Math.sqrt(saa * sbb);
        }
    }
}
