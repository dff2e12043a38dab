package org.chiso.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.chiso.analysis.stats.SaltelliDesign.Partial;
import org.chiso.analysis.stats.SaltelliDesign.Result;
import org.junit.jupiter.api.Test;

/**
 * {@link SaltelliDesign}'s split sums against the direct estimators of {@link SobolIndices} on the same draws, and
 * its independence of how the rows are split.
 */
class SaltelliDesignTest {
    @Test
    void theSplitSumsGiveTheDirectEstimatorsOnTheSameDraws() {
        Ishigami m = new Ishigami();
        int n = 3000;
        long seed = 42;
        double[] fa = new double[n];
        double[] fb = new double[n];
        double[][] fab = new double[3][n];
        double[] out = new double[1];
        for (int j = 0; j < n; j++) {
            double[][] a = new double[3][];
            double[][] b = new double[3][];
            for (int f = 0; f < 3; f++) {
                a[f] = m.draw(f, new SplittableRandom(SaltelliDesign.mix(seed, j, 0, f)));
                b[f] = m.draw(f, new SplittableRandom(SaltelliDesign.mix(seed, j, 1, f)));
            }
            m.run(a, out);
            fa[j] = out[0];
            m.run(b, out);
            fb[j] = out[0];
            for (int i = 0; i < 3; i++) {
                double[][] ab = a.clone();
                ab[i] = b[i];
                m.run(ab, out);
                fab[i][j] = out[0];
            }
        }
        SobolIndices.Indices direct = SobolIndices.estimate(fa, fb, fab);
        Result r = SaltelliDesign.finish(SaltelliDesign.accumulate(m, seed, 0, n, 10), 0, 0.95, 1, 1);
        assertEquals(n, r.rows());
        assertEquals(5L * n, r.runs());
        for (int i = 0; i < 3; i++) {
            assertEquals(direct.first()[i], r.indices()[0].first()[i], 1e-10);
            assertEquals(direct.total()[i], r.indices()[0].total()[i], 1e-10);
        }
        assertEquals(direct.variance(), r.indices()[0].variance(), 1e-10 * direct.variance());
    }

    @Test
    void anySplitOfTheRowsGivesTheSameBits() {
        Ishigami m = new Ishigami();
        Result whole = SaltelliDesign.finish(SaltelliDesign.accumulate(m, 7, 0, 5000, 20), 100, 0.95, 3, 1);
        Partial parts = SaltelliDesign.accumulate(m, 7, 3100, 5000, 20);
        parts.merge(SaltelliDesign.accumulate(m, 7, 0, 1234, 20));
        parts.merge(SaltelliDesign.accumulate(m, 7, 1234, 3100, 20));
        Result split = SaltelliDesign.finish(parts, 100, 0.95, 3, 1);
        assertArrayEquals(whole.indices()[0].first(), split.indices()[0].first());
        assertArrayEquals(whole.indices()[0].total(), split.indices()[0].total());
        assertArrayEquals(whole.indices()[0].firstLow(), split.indices()[0].firstLow());
        assertArrayEquals(whole.indices()[0].totalHigh(), split.indices()[0].totalHigh());
    }

    @Test
    void rankQuantilesFromTheHistogramEqualTypeSevenOnTheSample() {
        SplittableRandom random = new SplittableRandom(5);
        long[] h = new long[11];
        double[] sample = new double[137];
        for (int i = 0; i < sample.length; i++) {
            int v = 1 + random.nextInt(10);
            sample[i] = v;
            h[v]++;
        }
        for (double p : new double[] {0.05, 0.5, 0.95, 0.333}) {
            assertEquals(Quantiles.type7(sample, p), SaltelliDesign.quantile7(h, sample.length, p), 0, "p=" + p);
        }
        assertEquals(137, Arrays.stream(h).sum());
    }
}
