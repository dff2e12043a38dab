package org.chiso.analysis.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Small hand-checked cases of the plain-Java pieces. */
class ClusterStatisticsTest {
    @Test
    void standardiseUsesSampleSdAndMapsBack() {
        double[][] x = {{1, 5}, {2, 5}, {3, 5}, {6, 5}};
        Standardise s = Standardise.fit(x);
        assertArrayEquals(new double[] {3, 5}, s.means(), 1e-15);
        assertEquals(Math.sqrt(14.0 / 3.0), s.sds()[0], 1e-15); // (4 + 1 + 0 + 9) / (n - 1)
        assertEquals(0.0, s.sds()[1], 0);
        double[][] z = s.apply(x);
        assertEquals(-2 / Math.sqrt(14.0 / 3.0), z[0][0], 1e-15);
        assertEquals(0.0, z[0][1], 0); // constant column -> 0
        assertArrayEquals(x[3], s.toOriginal(z[3]), 1e-12);
    }

    @Test
    void silhouetteByHandAndSingletonIsZero() {
        // points on a line: 0, 1 | 4 | 10, 11
        double[][] x = {{0}, {1}, {4}, {10}, {11}};
        int[] cl = {0, 0, 1, 2, 2};
        Silhouette.Result r = Silhouette.of(x, cl);
        // point 0: a = 1, b = min(4, 10.5) = 4 -> 0.75; point 1: a = 1, b = 3 -> 2/3
        assertEquals(0.75, r.width()[0], 1e-15);
        assertEquals(2.0 / 3.0, r.width()[1], 1e-15);
        assertEquals(0.0, r.width()[2], 0); // singleton cluster: s = 0 as in R
        // point 3: a = 1, b = 6 -> 5/6; point 4: a = 1, b = 7 -> 6/7
        assertEquals(5.0 / 6.0, r.width()[3], 1e-15);
        assertEquals(6.0 / 7.0, r.width()[4], 1e-15);
        assertArrayEquals(new int[] {1, 1, 0, 1, 1}, r.neighbor());
        assertEquals((0.75 + 2.0 / 3 + 0 + 5.0 / 6 + 6.0 / 7) / 5, r.average(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Silhouette.of(x, new int[] {0, 0, 0, 0, 0}));
    }

    @Test
    void lloydFromGivenStarts() {
        double[][] x = {{0}, {1}, {2}, {10}, {11}, {12}};
        KMeansLloyd.Result r = KMeansLloyd.lloyd(x, new double[][] {{0}, {1}}, 100);
        // pass 1: {0} vs {1..12} -> centres 0, 7.2; pass 2: {0,1,2} | {10,11,12}; pass 3 settles, km$iter = 3
        // (R: kmeans(matrix(c(0,1,2,10,11,12)), centers = x[1:2, , drop = FALSE], algorithm = "Lloyd")$iter)
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, r.cluster());
        assertArrayEquals(new double[] {1}, r.centers()[0], 0);
        assertArrayEquals(new double[] {11}, r.centers()[1], 0);
        assertEquals(4.0, r.totWithinss(), 0);
        assertEquals(3, r.iterations());
        KMeansLloyd.Result b = KMeansLloyd.best(x, 2, 5, 100, 3L);
        assertEquals(4.0, b.totWithinss(), 0);
    }

    @Test
    void jaccardReadingAndSimilarity() {
        assertEquals(Jaccard.STABLE, Jaccard.reading(0.75));
        assertEquals(Jaccard.PATTERN, Jaccard.reading(0.6));
        assertEquals(Jaccard.PATTERN, Jaccard.reading(0.7499));
        assertEquals(Jaccard.NOT_TRUSTWORTHY, Jaccard.reading(0.5999));
        assertNull(Jaccard.reading(Double.NaN));
        assertEquals(0.5, Jaccard.similarity(new boolean[] {true, true, false}, new boolean[] {false, true, false}), 0);
        assertEquals(0.0, Jaccard.similarity(new boolean[] {false}, new boolean[] {false}), 0);
    }

    @Test
    void bootstrapOfTwoObviousGroupsIsStable() {
        double[][] x = new double[20][];
        int[] cl = new int[20];
        for (int i = 0; i < 20; i++) {
            cl[i] = i < 10 ? 0 : 1;
            x[i] = new double[] {cl[i] * 100 + i % 10, i % 3};
        }
        Jaccard.Result r = Jaccard.bootstrap(x, cl, 2, KMeansLloyd.partitioner(5, 100), 50, 42L);
        assertEquals(1.0, r.mean()[0], 0);
        assertEquals(1.0, r.mean()[1], 0);
        assertEquals(50, r.replicates()[0]);
    }
}
