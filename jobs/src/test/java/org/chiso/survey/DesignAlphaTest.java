package org.chiso.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The design-weighted alpha against R's {@code survey::svycralpha} (jobs/src/test/r/alpha_reference.R, committed
 * expectations in jobs/src/test/resources/alpha): on the R script's stratified two-stage sample, three groups of items
 * (0-1 scores with missing values, binary items, two continuous items on different scales) and a domain, to 1e-12;
 * and the same bits however the respondents are split into merged states.
 */
class DesignAlphaTest {
    private static final Path DIR = Path.of("src/test/resources/alpha");
    private static final Map<String, List<String>> GROUPS = Map.of(
            "A", List.of("a1", "a2", "a3", "a4"),
            "B", List.of("b1", "b2", "b3"),
            "C", List.of("c1", "c2"),
            "A_domain", List.of("a1", "a2", "a3", "a4"));

    private static List<Map<String, String>> sample() throws IOException {
        List<String> lines = Files.readAllLines(DIR.resolve("sample.csv"), StandardCharsets.UTF_8);
        String[] head = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            Map<String, String> r = new HashMap<>();
            for (int i = 0; i < head.length; i++) {
                r.put(head[i], f[i]);
            }
            rows.add(r);
        }
        return rows;
    }

    private static Map<String, Double> expected() throws IOException {
        Map<String, Double> out = new HashMap<>();
        for (String line : Files.readAllLines(DIR.resolve("expected.csv"), StandardCharsets.UTF_8).stream()
                .skip(1)
                .toList()) {
            String[] f = line.split(",");
            out.put(f[0] + "|" + f[1], Double.parseDouble(f[2]));
        }
        return out;
    }

    /** Adds the complete cases of {@code group} among {@code rows} (the domain leaves out stratum S1). */
    private static void addGroup(DesignAlpha a, String group, List<Map<String, String>> rows) {
        List<String> items = GROUPS.get(group);
        DesignAlpha.Key key = new DesignAlpha.Key("TEST", 2024, "T", group, DesignAlpha.ITEMS);
        rows:
        for (Map<String, String> r : rows) {
            if (group.endsWith("_domain") && r.get("stratum").equals("S1")) {
                continue;
            }
            double[] x = new double[items.size()];
            for (int i = 0; i < x.length; i++) {
                String v = r.get(items.get(i));
                if (v.isEmpty()) {
                    continue rows;
                }
                x[i] = Double.parseDouble(v);
            }
            a.add(key, items, Double.parseDouble(r.get("w")), x);
        }
    }

    @Test
    void equalsSvycralphaOnEveryGroupAndTheDomain() throws IOException {
        List<Map<String, String>> rows = sample();
        Map<String, Double> want = expected();
        DesignAlpha a = new DesignAlpha();
        for (String g : GROUPS.keySet()) {
            addGroup(a, g, rows);
        }
        List<DesignAlpha.Result> results = a.results();
        assertEquals(4, results.size());
        for (DesignAlpha.Result r : results) {
            String g = r.key().aggregate();
            assertEquals(want.get(g + "|n_complete"), (double) r.n(), g + ": complete cases");
            double alpha = want.get(g + "|alpha");
            assertEquals(alpha, r.alpha(), 1e-12, g + ": alpha " + r.alpha() + " against R's " + alpha);
            assertTrue(r.alpha() > 0 && r.alpha() < 1, g);
        }
    }

    @Test
    void anySplitOfTheRespondentsGivesTheSameBits() throws IOException {
        List<Map<String, String>> rows = sample();
        DesignAlpha whole = new DesignAlpha();
        addGroup(whole, "A", rows);
        DesignAlpha[] parts = {new DesignAlpha(), new DesignAlpha(), new DesignAlpha()};
        for (int i = 0; i < rows.size(); i++) {
            addGroup(parts[(i * 7) % 3], "A", List.of(rows.get(i)));
        }
        DesignAlpha merged = parts[2].merge(parts[0]).merge(parts[1]);
        assertEquals(
                Double.doubleToLongBits(whole.results().get(0).alpha()),
                Double.doubleToLongBits(merged.results().get(0).alpha()));
        assertEquals(whole.results().get(0).n(), merged.results().get(0).n());
    }
}
