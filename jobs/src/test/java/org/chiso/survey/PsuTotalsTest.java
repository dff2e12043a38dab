package org.chiso.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PsuTotalsTest {

    private static PsuTotals statsOf(double[][] obs) {
        PsuTotals t = PsuTotals.empty("S1", "7");
        double sw = 0;
        double swy = 0;
        double swyy = 0;
        long n = 0;
        for (double[] o : obs) {
            sw += o[0];
            swy += o[0] * o[1];
            swyy += o[0] * o[1] * o[1];
            n += o[0] != 0 ? 1 : 0;
        }
        return new PsuTotals(t.stratum(), t.psu(), sw, swy, swyy, n);
    }

    private static PsuTotals fold(double[][] obs) {
        PsuTotals t = PsuTotals.empty("S1", "7");
        for (double[] o : obs) {
            t = t.merge(PsuTotals.of("S1", "7", o[0], o[1]));
        }
        return t;
    }

    private static void assertSame(PsuTotals exp, PsuTotals act) {
        assertEquals(exp.stratum(), act.stratum());
        assertEquals(exp.psu(), act.psu());
        assertEquals(exp.n(), act.n());
        assertEquals(exp.sumW(), act.sumW(), 1e-12 * Math.abs(exp.sumW()));
        assertEquals(exp.sumWY(), act.sumWY(), 1e-12 * Math.abs(exp.sumWY()));
        assertEquals(exp.sumWYY(), act.sumWYY(), 1e-12 * Math.abs(exp.sumWYY()));
    }

    @Test
    void mergeOfTwoPartsEqualsStatisticsOfTheUnion() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int rep = 0; rep < 50; rep++) {
            int na = 1 + rng.nextInt(20);
            int nb = 1 + rng.nextInt(20);
            double[][] a = new double[na][];
            double[][] b = new double[nb][];
            List<double[]> union = new ArrayList<>();
            for (int i = 0; i < na + nb; i++) {
                double w = rng.nextInt(10) == 0 ? 0 : 10 + 500 * rng.nextDouble();
                double[] o = {w, -5 + 30 * rng.nextDouble()};
                if (i < na) {
                    a[i] = o;
                } else {
                    b[i - na] = o;
                }
                union.add(o);
            }
            PsuTotals merged = fold(a).merge(fold(b));
            assertSame(statsOf(union.toArray(new double[0][])), merged);
            assertSame(fold(b).merge(fold(a)), merged); // commutative
        }
    }

    @Test
    void mergeIsExactOnIntegerData() {
        PsuTotals a = PsuTotals.of("S", "1", 2, 3).merge(PsuTotals.of("S", "1", 1, 4));
        PsuTotals b = PsuTotals.of("S", "1", 5, 1);
        PsuTotals ab = a.merge(b);
        assertEquals(new PsuTotals("S", "1", 8, 15, 39, 3, 4 + 1 + 25, 12 + 4 + 25, 36 + 16 + 25), ab);
        assertEquals(ab, PsuTotals.empty("S", "1").merge(ab));
    }

    @Test
    void zeroWeightObservationIsNotCounted() {
        PsuTotals z = PsuTotals.of("S", "1", 0, 123.0);
        assertEquals(new PsuTotals("S", "1", 0, 0, 0, 0, 0, 0, 0), z);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> PsuTotals.of("S", "1", 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> PsuTotals.of("S", "1", -1, 2));
        assertThrows(
                IllegalArgumentException.class,
                () -> PsuTotals.of("S", "1", 1, 2).merge(PsuTotals.of("S", "2", 1, 2)));
        assertThrows(
                IllegalArgumentException.class,
                () -> PsuTotals.of("S", "1", 1, 2).merge(PsuTotals.of("T", "1", 1, 2)));
    }
}
