package org.chiso.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.chiso.analysis.stats.SobolIndices.Indices;
import org.chiso.analysis.stats.SobolIndices.WithIntervals;
import org.chiso.testing.Lehmer;
import org.junit.jupiter.api.Test;

/**
 * {@link SobolIndices} on the Ishigami function (a = 7, b = 0.1), whose indices are known in closed form, and against
 * the same estimators written out in base R on a bit-identical sample (jobs/src/test/r/sobol_reference.R).
 */
class SobolIndicesTest {
    private static final double[] S = {0.3139, 0.4424, 0};
    private static final double[] ST = {0.5576, 0.4424, 0.2437};

    private static double ishigami(double[] x) {
        return Math.sin(x[0]) + 7 * Math.pow(Math.sin(x[1]), 2) + 0.1 * Math.pow(x[2], 4) * Math.sin(x[0]);
    }

    /** Saltelli's design for Ishigami, N rows, A then B filled row by row from {@code u}; outputs {fA, fB, fAB...}. */
    private static double[][] design(int n, DoubleSupplier u) {
        int d = 3;
        double[][] a = new double[n][d];
        double[][] b = new double[n][d];
        for (double[][] m : new double[][][] {a, b}) {
            for (double[] row : m) {
                for (int i = 0; i < d; i++) {
                    row[i] = -Math.PI + 2 * Math.PI * u.getAsDouble();
                }
            }
        }
        double[][] f = new double[d + 2][n];
        for (int j = 0; j < n; j++) {
            f[0][j] = ishigami(a[j]);
            f[1][j] = ishigami(b[j]);
            for (int i = 0; i < d; i++) {
                double[] ab = a[j].clone();
                ab[i] = b[j][i];
                f[2 + i][j] = ishigami(ab);
            }
        }
        return f;
    }

    @Test
    void ishigamiIndicesAtN100000AreWithinOneHundredthOfTheClosedForm() {
        SplittableRandom random = new SplittableRandom(20250701L);
        double[][] f = design(100_000, random::nextDouble);
        WithIntervals w = SobolIndices.withIntervals(f[0], f[1], new double[][] {f[2], f[3], f[4]}, 200, 0.95, 7L);
        Indices r = w.estimate();
        for (int i = 0; i < 3; i++) {
            System.out.printf(
                    "Ishigami x%d: S %.4f [%.4f, %.4f] (closed form %.4f), ST %.4f [%.4f, %.4f] (closed form %.4f)%n",
                    i + 1,
                    r.first()[i],
                    w.firstLow()[i],
                    w.firstHigh()[i],
                    S[i],
                    r.total()[i],
                    w.totalLow()[i],
                    w.totalHigh()[i],
                    ST[i]);
            assertEquals(S[i], r.first()[i], 0.01, "S" + (i + 1));
            assertEquals(ST[i], r.total()[i], 0.01, "ST" + (i + 1));
            assertTrue(w.firstLow()[i] <= r.first()[i] && r.first()[i] <= w.firstHigh()[i]);
            assertTrue(w.totalLow()[i] <= ST[i] + 0.005 && ST[i] - 0.005 <= w.totalHigh()[i], "ST interval " + i);
        }
    }

    @Test
    void theEstimatorsEqualBaseROnTheSameSampleTo1e10() throws IOException {
        Lehmer lehmer = new Lehmer(20250701L);
        double[][] f = design(2000, lehmer::next);
        Indices r = SobolIndices.estimate(f[0], f[1], new double[][] {f[2], f[3], f[4]});
        List<String> lines =
                Files.readAllLines(Path.of("src/test/resources/sobol/indices.csv"), StandardCharsets.UTF_8);
        assertEquals(4, lines.size());
        for (int i = 0; i < 3; i++) {
            String[] c = lines.get(i + 1).split(",");
            assertEquals(Double.parseDouble(c[1]), r.first()[i], 1e-10, "S" + (i + 1));
            assertEquals(Double.parseDouble(c[2]), r.total()[i], 1e-10, "ST" + (i + 1));
            assertEquals(Double.parseDouble(c[3]), r.variance(), 1e-10 * r.variance(), "V");
        }
        // the sample itself: the first rows of A and B as R drew them
        Lehmer again = new Lehmer(20250701L);
        double[][] ab = new double[2][6000];
        for (double[] m : ab) {
            for (int k = 0; k < m.length; k++) {
                m[k] = -Math.PI + 2 * Math.PI * again.next();
            }
        }
        List<String> head =
                Files.readAllLines(Path.of("src/test/resources/sobol/sample_head.csv"), StandardCharsets.UTF_8);
        for (int j = 0; j < 5; j++) {
            String[] c = head.get(j).split(",");
            for (int i = 0; i < 3; i++) {
                assertEquals(Double.parseDouble(c[i]), ab[0][3 * j + i], 0, "A[" + j + "," + i + "]");
                assertEquals(Double.parseDouble(c[3 + i]), ab[1][3 * j + i], 0, "B[" + j + "," + i + "]");
            }
        }
    }

    @Test
    void mismatchedOutputsAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> SobolIndices.estimate(new double[3], new double[3], new double[][] {new double[2]}));
    }
}
