package org.chiso.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The expected values an R reference script under {@code src/test/r} wrote: a long CSV {@code
 * case,key,statistic,value} after {@code #} comment lines, values as {@code sprintf("%.17g")} or {@code NA}.
 */
public final class RExpected {
    private RExpected() {}

    /**
     * The values by {@code case\tkey\tstatistic} (NA as NaN), in file order; fails the test when the file is missing,
     * a line does not have four fields, or there are fewer than {@code atLeast} values.
     */
    public static Map<String, Double> read(Path file, String script, int atLeast) throws IOException {
        assertTrue(
                Files.exists(file),
                "expected values missing: " + file + " (run Rscript " + script + " from the repository root)");
        Map<String, Double> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.startsWith("case,") || line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            assertEquals(4, f.length, "bad line in " + file + ": " + line);
            expected.put(f[0] + "\t" + f[1] + "\t" + f[2], f[3].equals("NA") ? Double.NaN : Double.parseDouble(f[3]));
        }
        assertTrue(expected.size() >= atLeast, "expected file looks truncated: " + expected.size() + " values");
        return expected;
    }
}
