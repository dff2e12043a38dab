package org.chiso.core;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import org.apache.spark.sql.Column;

/**
 * Sums of doubles in Spark whose result does not depend on the order in which rows arrive, so an aggregation
 * gives the same bits on one machine and on a cluster, with any number of partitions, and after a lost
 * executor's tasks are re-run.
 *
 * <p>A plain {@code sum} of doubles rounds after every addition, so its last bits depend on the order of the
 * additions, and a shuffle delivers map outputs in whatever order they are fetched. Here each addend is first
 * cut, exactly, into three integer limbs of a fixed-point number with resolution 2<sup>-60</sup>:
 * x ≈ a·2<sup>-8</sup> + b·2<sup>-34</sup> + c·2<sup>-60</sup> with 0 ≤ b, c &lt; 2<sup>26</sup> (a = ⌊256x⌋,
 * the two fractional limbs taken from the exact fractional part; the only rounding is of c, at most
 * 2<sup>-61</sup> in absolute value, below the last bit of any addend of magnitude 2<sup>-8</sup> or more).
 * The limbs are summed as 64-bit integers, which is exact and associative, and {@link #value} turns the three
 * sums back into one double with a single rounding (while |Σx| &lt; 2<sup>45</sup>, about 3.5·10<sup>13</sup>):
 * the correctly rounded sum of the (cut) addends, never less accurate than a running double sum. Integer
 * overflow (|Σx| beyond 2<sup>54</sup>, or more than 2<sup>37</sup> rows in a group) raises an error in ANSI
 * mode rather than wrapping.
 *
 * <p>Use: {@code .agg(ExactSum.parts(col("w"), "sw")...)} then {@code ExactSum.value("sw")} in a select. Nulls are
 * skipped as by {@code sum}; a group with no non-null addend sums to null. {@link Acc} is the same sum in plain Java
 * (same cut, same recombination, so the same bits), for map functions that aggregate before a shuffle.
 */
public final class ExactSum {
    private static final double TWO_8 = 256.0;
    private static final double TWO_26 = 67_108_864.0;
    private static final long MASK_26 = (1L << 26) - 1;
    private static final double TWO_M8 = 1.0 / 256.0;
    private static final double TWO_M60 = 0x1.0p-60;

    private ExactSum() {}

    /** The three limb sums of {@code x}, named {@code name_a}, {@code name_b}, {@code name_c}, as aggregate columns. */
    public static Column[] parts(Column x, String name) {
        Column scaled = x.cast("double").multiply(TWO_8);
        Column a = floor(scaled); // bigint
        Column f1 = scaled.minus(a.cast("double")).multiply(TWO_26); // exact: fractional part times 2^26
        Column b = floor(f1);
        Column c = round(f1.minus(b.cast("double")).multiply(TWO_26)).cast("long");
        return new Column[] {sum(a).as(name + "_a"), sum(b).as(name + "_b"), sum(c).as(name + "_c")};
    }

    /** The sum from the limb sums {@code name_a}, {@code name_b}, {@code name_c} of {@link #parts}: one rounding. */
    public static Column value(String name) {
        Column a = col(name + "_a");
        Column b = col(name + "_b");
        Column c = col(name + "_c");
        // carries, so that 0 <= b, c < 2^26: then (b·2^26 + c)·2^-60 is exact and the addition the only rounding
        Column c2 = c.bitwiseAND(MASK_26);
        Column b1 = b.plus(shiftright(c, 26));
        Column b2 = b1.bitwiseAND(MASK_26);
        Column a2 = a.plus(shiftright(b1, 26));
        Column frac = b2.multiply(1L << 26).plus(c2).cast("double").multiply(TWO_M60);
        return when(a.isNotNull(), a2.cast("double").multiply(TWO_M8).plus(frac));
    }

    /**
     * The same sum in plain Java, mergeable: each addend cut into the same three limbs, the limb sums added as
     * 64-bit integers (overflow raises, as ANSI mode does) and recombined with one rounding, so {@link #value()}
     * has the bits of {@link #value(String)} over the same addends, in any order and any grouping of merges.
     */
    public static final class Acc implements Serializable {
        private static final long serialVersionUID = 2L;
        private final Sums sums = new Sums(1);
        private long count;

        /** Adds one addend: cut exactly into three limbs (the only rounding is of the last limb, half up). */
        public Acc add(double x) {
            sums.add(0, x);
            count++;
            return this;
        }

        /** Adds the addends of another accumulator (it is left unchanged). */
        public Acc merge(Acc other) {
            sums.merge(other.sums);
            count += other.count;
            return this;
        }

        /** True when nothing was added (the Spark sum is then null). */
        public boolean isEmpty() {
            return count == 0;
        }

        /** The number of addends. */
        public long count() {
            return count;
        }

        /** The three limb sums (a, b, c), as {@link ExactSum#parts} gives them. */
        public long[] limbs() {
            return new long[] {sums.a[0], sums.b[0], sums.c[0]};
        }

        /** The correctly rounded sum of the cut addends; null when nothing was added, as Spark's sum. */
        public Double value() {
            return count == 0 ? null : sums.value(0);
        }

        /** {@link #value()} divided by {@code n}, as {@link ExactSum#mean}; not for an empty accumulator. */
        public double mean(long n) {
            return value() / (double) n;
        }
    }

    /**
     * Many order-independent sums at once (slots 0 .. size - 1), each with the cut and recombination of {@link Acc}:
     * for map functions that keep thousands of sums per partition (the Sobol design's block sums).
     */
    public static final class Sums implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long[] a;
        private final long[] b;
        private final long[] c;

        /** {@code size} sums, all zero. */
        public Sums(int size) {
            a = new long[size];
            b = new long[size];
            c = new long[size];
        }

        /** The number of slots. */
        public int size() {
            return a.length;
        }

        /** Adds {@code x} to slot {@code i}. */
        public void add(int i, double x) {
            double scaled = x * TWO_8;
            long la = (long) Math.floor(scaled);
            double f1 = (scaled - (double) la) * TWO_26;
            long lb = (long) Math.floor(f1);
            // Spark's round() is HALF_UP; for the non-negative argument here that is Math.round
            long lc = Math.round((f1 - (double) lb) * TWO_26);
            a[i] = Math.addExact(a[i], la);
            b[i] = Math.addExact(b[i], lb);
            c[i] = Math.addExact(c[i], lc);
        }

        /** Adds another set of sums of the same size slot by slot (it is left unchanged). */
        public Sums merge(Sums other) {
            if (other.a.length != a.length) {
                throw new IllegalArgumentException("merging " + other.a.length + " sums into " + a.length);
            }
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.addExact(a[i], other.a[i]);
                b[i] = Math.addExact(b[i], other.b[i]);
                c[i] = Math.addExact(c[i], other.c[i]);
            }
            return this;
        }

        /** The correctly rounded sum of slot {@code i} (0 for a slot nothing was added to). */
        public double value(int i) {
            long c2 = c[i] & MASK_26;
            long b1 = Math.addExact(b[i], c[i] >> 26);
            long b2 = b1 & MASK_26;
            long a2 = Math.addExact(a[i], b1 >> 26);
            double frac = (double) (b2 * (1L << 26) + c2) * TWO_M60;
            return (double) a2 * TWO_M8 + frac;
        }
    }

    /** {@link #value} divided by a count column: the order-independent mean; null when the count is 0. */
    public static Column mean(String name, Column count) {
        return when(count.gt(0), value(name).divide(count));
    }
}
