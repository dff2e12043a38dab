package org.chiso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages follow the data flow (docs/ARCHITECTURE.md): each may use only the layers before it and its own, and
 * no two packages depend on each other, directly or around a cycle. A plain scan of the sources: every
 * {@code org.chiso.<package>.<Class>} reference (imports, static imports, qualified names in code) counts.
 */
class PackageFlowTest {
    /** The layers in data-flow order; a package belongs to the layer named by its first segment below org.chiso. */
    static final List<String> LAYERS = List.of(
            "io",
            "core",
            "demo",
            "ingest",
            "survey",
            "service",
            "harmonize",
            "analysis",
            "report",
            "jobs",
            "bench",
            "cli");

    private static final Pattern PACKAGE =
            Pattern.compile("^package (org\\.chiso(?:\\.[a-z0-9]+)*);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.chiso((?:\\.[a-z0-9]+)+)\\.[A-Z]");

    @Test
    void importsFollowTheDataFlowWithoutCycles() throws IOException {
        Map<String, String> sources = new TreeMap<>();
        Path root = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.put(root.relativize(f).toString(), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        assertTrue(sources.size() > 100, "the scan found the sources: " + sources.size());
        Map<String, Set<String>> graph = graph(sources);
        assertTrue(
                graph.keySet()
                        .containsAll(List.of("org.chiso.io", "org.chiso.core", "org.chiso.jobs", "org.chiso.cli")),
                graph.keySet().toString());
        List<String> problems = problems(graph);
        assertEquals(List.of(), problems, "imports against the data flow " + LAYERS + " or package cycles");
    }

    @Test
    void theCheckFindsAnImportAgainstTheFlowAndACycle() {
        Map<String, String> planted = Map.of(
                "a.java", "package org.chiso.core;\nimport org.chiso.report.ReportRun;\nclass A {}\n",
                "b.java", "package org.chiso.analysis;\nclass B { org.chiso.analysis.stats.Trend t; }\n",
                "c.java",
                        "package org.chiso.analysis.stats;\nimport static org.chiso.analysis.Panel.collect;\nclass C {}\n",
                "d.java", "package org.chiso.unknown;\nclass D {}\n");
        List<String> problems = problems(graph(planted));
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(
                problems.stream().anyMatch(p -> p.startsWith("org.chiso.core imports org.chiso.report")),
                problems.toString());
        assertTrue(
                problems.stream()
                        .anyMatch(p -> p.startsWith(
                                "cycle: org.chiso.analysis -> org.chiso.analysis.stats -> org.chiso.analysis")),
                problems.toString());
        assertTrue(
                problems.stream().anyMatch(p -> p.contains("org.chiso.unknown is in no layer")), problems.toString());
    }

    /** Package -> the other org.chiso packages its sources refer to. */
    static Map<String, Set<String>> graph(Map<String, String> sources) {
        Map<String, Set<String>> g = new TreeMap<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Matcher p = PACKAGE.matcher(e.getValue());
            if (!p.find()) {
                throw new AssertionError(e.getKey() + ": no package line");
            }
            String pkg = p.group(1);
            Set<String> uses = g.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher m = REFERENCE.matcher(e.getValue());
            while (m.find()) {
                String used = "org.chiso" + m.group(1);
                if (!used.equals(pkg)) {
                    uses.add(used);
                }
            }
        }
        return g;
    }

    /** Imports against the layer order, packages in no layer, and cycles; sorted. */
    static List<String> problems(Map<String, Set<String>> graph) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : graph.entrySet()) {
            int from = layer(e.getKey());
            if (from < 0) {
                out.add(e.getKey() + " is in no layer of " + LAYERS);
                continue;
            }
            for (String used : e.getValue()) {
                int to = layer(used);
                if (to > from) {
                    out.add(e.getKey() + " imports " + used + ", a later layer (" + LAYERS.get(from) + " comes before "
                            + LAYERS.get(to) + ")");
                }
            }
        }
        Set<String> reported = new TreeSet<>();
        for (String start : graph.keySet()) {
            List<String> cycle = cycleFrom(start, start, graph, new ArrayList<>(List.of(start)), new TreeSet<>());
            if (cycle != null && reported.add(new TreeSet<>(cycle).toString())) {
                out.add("cycle: " + String.join(" -> ", cycle));
            }
        }
        out.sort(null);
        return out;
    }

    private static List<String> cycleFrom(
            String start, String at, Map<String, Set<String>> graph, List<String> path, Set<String> seen) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> c = new ArrayList<>(path);
                c.add(start);
                return c;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> c = cycleFrom(start, next, graph, path, seen);
                if (c != null) {
                    return c;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }

    static int layer(String pkg) {
        if (!pkg.startsWith("org.chiso.")) {
            return -1;
        }
        String first = pkg.substring("org.chiso.".length()).split("\\.")[0];
        return LAYERS.indexOf(first);
    }
}
