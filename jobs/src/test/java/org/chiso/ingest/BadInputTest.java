package org.chiso.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.chiso.testing.Inputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus under {@code src/test/resources/badinput}: each file yields the reject reasons and
 * accepted count listed in {@code expected.csv}, every reject names file and line, and nothing is lost.
 */
class BadInputTest {
    static Path dir() throws URISyntaxException {
        return Path.of(BadInputTest.class.getResource("/badinput/expected.csv").toURI())
                .getParent();
    }

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        List<String> lines = Files.readAllLines(dir().resolve("expected.csv"));
        return lines.stream()
                .skip(1)
                .map(l -> l.split(",", -1))
                .map(f -> Arguments.of(f[0], Integer.parseInt(f[1]), f[2]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachFileYieldsItsExpectedRejects(String name, int accepted, String reasons) throws URISyntaxException {
        Path file = dir().resolve(name);
        IngestRun run = Inputs.ingest(file);
        Map<String, Long> expected = new TreeMap<>();
        if (!reasons.isEmpty()) {
            for (String r : reasons.split(";")) {
                String[] kv = r.split(":");
                expected.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        Map<String, Long> actual = run.rejects().stream()
                .collect(Collectors.groupingBy(Reject::reason, TreeMap::new, Collectors.counting()));
        assertEquals(
                expected,
                actual,
                name + ": " + run.rejects().stream().map(Reject::message).toList());
        assertEquals(accepted, run.accepted().size(), name);
        IngestRun.FileSummary s = run.files().get(0);
        assertEquals(s.rowsIn(), s.accepted() + s.rejected(), "rows in = accepted + rejected");
        for (Reject r : run.rejects()) {
            assertTrue(r.file().endsWith(name), r.message());
            assertTrue(r.line() >= 1, r.message());
            assertTrue(r.message().startsWith(r.file() + ":" + r.line()), r.message());
        }
    }

    @Test
    void corpusCoversEveryFileInTheFolder() throws IOException, URISyntaxException {
        try (Stream<Path> s = Files.list(dir())) {
            // the flat files; the folders and corpus.csv are HostileCorpusTest's
            long files = s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals("expected.csv")
                            && !p.getFileName().toString().equals("corpus.csv"))
                    .count();
            assertEquals(cases().count(), files);
        }
    }

    @Test
    void messagesSayWhatIsWrong() throws URISyntaxException {
        IngestRun run = Inputs.ingest(
                dir().resolve("unknown_province.csv"),
                dir().resolve("out_of_scale.csv"),
                dir().resolve("vintage.csv"),
                dir().resolve("truncated_line.csv"));
        List<String> m = run.rejects().stream().map(Reject::message).toList();
        assertTrue(
                m.stream()
                        .anyMatch(x -> x.contains("unknown_province.csv:4:province: unknown province 'Ha Noii'")
                                && x.contains("Hà Nội (VN63-01)")),
                m.toString());
        assertTrue(
                m.stream()
                        .anyMatch(x -> x.contains(
                                "out_of_scale.csv:2:value: value 11 is outside PAPI D1's scale 1-10 in 2020")),
                m.toString());
        assertTrue(
                m.stream()
                        .anyMatch(x ->
                                x.contains("vintage.csv:2:province") && x.contains("merged into Bắc Ninh VN34-24")),
                m.toString());
        assertTrue(
                m.stream().anyMatch(x -> x.contains("truncated_line.csv:3") && x.contains("expected 5 fields")),
                m.toString());
    }
}
