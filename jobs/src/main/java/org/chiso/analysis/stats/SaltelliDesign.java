package org.chiso.analysis.stats;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.chiso.core.ExactSum;

/**
 * Uncertainty and sensitivity analysis of a model over Saltelli's design, computed as sums that can be split over any
 * number of tasks: row j of the design draws the factors of A_j and B_j, each factor from its own stream seeded by
 * (seed, j, matrix, factor), runs the model on A_j, B_j and every AB_ij (A_j with factor i from B_j), and adds what
 * the estimators need to the sums of its block (row j mod the number of blocks). The sums are exact
 * ({@link ExactSum.Sums}), so the result has the same bits however the rows are split into tasks.
 *
 * <p>From the sums: the Sobol indices of {@link SobolIndices} (first order Saltelli 2010, total order Jansen, V the
 * sample variance of the pooled A and B outputs), each with a percentile interval from a bootstrap over the blocks
 * (blocks hold rows j, j + G, j + 2G, ..., so they are independent samples of the same design; the rows are resampled a
 * block at a time, with replacement, seeded). For outputs that are ranks (1 .. p), the histogram of the A and B runs
 * gives each output's median and 5th and 95th percentiles (R's quantile type 7, exactly) and the share of runs at or
 * above a top-k threshold.
 */
public final class SaltelliDesign {
    /** A model with independent uncertain factors. Implementations are serialisable: Spark ships them to tasks. */
    public interface Model extends Serializable {
        /** The number of factors (a factor may be a group of inputs drawn together, like a weight vector). */
        int factors();

        /** The number of outputs. */
        int outputs();

        /** The first {@code rankOutputs()} outputs are ranks in 1 .. {@link #rankRange()} (0: none). */
        default int rankOutputs() {
            return 0;
        }

        /** The largest rank an output can take. */
        default int rankRange() {
            return 0;
        }

        /** A value of factor {@code f}, drawn from {@code random}. */
        double[] draw(int f, SplittableRandom random);

        /** The outputs for one value of every factor, into {@code out}. */
        void run(double[][] factors, double[] out);
    }

    /** Sums of a run of rows, mergeable. */
    public static final class Partial implements Serializable {
        private static final long serialVersionUID = 1L;
        final int blocks;
        final int outputs;
        final int factors;
        final int ranks;
        final int range;
        final long[] rows;
        final ExactSum.Sums sums;
        final long[] histogram;

        Partial(int blocks, Model m) {
            this.blocks = blocks;
            this.outputs = m.outputs();
            this.factors = m.factors();
            this.ranks = m.rankOutputs();
            this.range = m.rankRange();
            this.rows = new long[blocks];
            this.sums = new ExactSum.Sums(blocks * outputs * width());
            this.histogram = new long[ranks * (range + 1)];
        }

        int width() {
            return 4 + 2 * factors;
        }

        int slot(int block, int output, int term) {
            return (block * outputs + output) * width() + term;
        }

        /** Adds another partial's sums (left unchanged). */
        public Partial merge(Partial o) {
            if (o.blocks != blocks || o.outputs != outputs || o.factors != factors) {
                throw new IllegalArgumentException("merging partial sums of different designs");
            }
            for (int b = 0; b < blocks; b++) {
                rows[b] += o.rows[b];
            }
            sums.merge(o.sums);
            for (int i = 0; i < histogram.length; i++) {
                histogram[i] += o.histogram[i];
            }
            return this;
        }

        /** The number of design rows summed. */
        public long rows() {
            long n = 0;
            for (long r : rows) {
                n += r;
            }
            return n;
        }
    }

    /**
     * The indices of one output with their intervals, per factor.
     *
     * @param first first-order indices
     * @param total total-order indices
     * @param variance the output's variance over the A and B runs
     */
    public record OutputIndices(
            double[] first,
            double[] firstLow,
            double[] firstHigh,
            double[] total,
            double[] totalLow,
            double[] totalHigh,
            double variance) {}

    /**
     * The distribution of a rank output over the A and B runs.
     *
     * @param median R's quantile type 7 at 0.5
     * @param p05 at 0.05
     * @param p95 at 0.95
     * @param topShare the share of runs with a rank at most the top-k threshold
     */
    public record RankSummary(double median, double p05, double p95, double topShare) {}

    /** Everything the design gives: the number of rows (N), the runs (N (d + 2)), per output the indices. */
    public record Result(long rows, long runs, OutputIndices[] indices, RankSummary[] ranks) {}

    private SaltelliDesign() {}

    /** An empty partial for {@code model} with {@code blocks} blocks. */
    public static Partial empty(Model model, int blocks) {
        if (blocks < 2) {
            throw new IllegalArgumentException("the Sobol design needs at least 2 blocks for its bootstrap");
        }
        return new Partial(blocks, model);
    }

    /** The sums of design rows {@code from} (inclusive) to {@code to} (exclusive). */
    public static Partial accumulate(Model model, long seed, long from, long to, int blocks) {
        Partial p = empty(model, blocks);
        int d = model.factors();
        int o = model.outputs();
        double[][] a = new double[d][];
        double[][] b = new double[d][];
        double[][] ab = new double[d][];
        double[] fa = new double[o];
        double[] fb = new double[o];
        double[] fab = new double[o];
        for (long j = from; j < to; j++) {
            int block = (int) (j % blocks);
            for (int f = 0; f < d; f++) {
                a[f] = model.draw(f, new SplittableRandom(mix(seed, j, 0, f)));
                b[f] = model.draw(f, new SplittableRandom(mix(seed, j, 1, f)));
            }
            model.run(a, fa);
            model.run(b, fb);
            for (int out = 0; out < o; out++) {
                p.sums.add(p.slot(block, out, 0), fa[out]);
                p.sums.add(p.slot(block, out, 1), fb[out]);
                p.sums.add(p.slot(block, out, 2), fa[out] * fa[out]);
                p.sums.add(p.slot(block, out, 3), fb[out] * fb[out]);
            }
            for (int r = 0; r < p.ranks; r++) {
                p.histogram[r * (p.range + 1) + (int) fa[r]]++;
                p.histogram[r * (p.range + 1) + (int) fb[r]]++;
            }
            for (int i = 0; i < d; i++) {
                System.arraycopy(a, 0, ab, 0, d);
                ab[i] = b[i];
                model.run(ab, fab);
                for (int out = 0; out < o; out++) {
                    double diff = fa[out] - fab[out];
                    p.sums.add(p.slot(block, out, 4 + 2 * i), fb[out] * (fab[out] - fa[out]));
                    p.sums.add(p.slot(block, out, 5 + 2 * i), diff * diff);
                }
            }
            p.rows[block]++;
        }
        return p;
    }

    /**
     * A seed for (seed, row, matrix, factor): SplitMix64's finaliser over the combined values (the seed is mixed before
     * the row enters, so that no two (seed, row) pairs of a run meet).
     */
    static long mix(long seed, long row, int matrix, int factor) {
        long z = splitmix(seed);
        z = splitmix(z ^ row);
        z = splitmix(z ^ ((long) matrix << 32 | factor));
        return z;
    }

    private static long splitmix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The indices, their intervals and the rank summaries from all the sums.
     *
     * @param bootstrap the block-bootstrap replications behind the intervals
     * @param level the intervals' confidence level
     * @param top the top-k threshold of {@link RankSummary#topShare}
     */
    public static Result finish(Partial all, int bootstrap, double level, long seed, int top) {
        int g = all.blocks;
        int o = all.outputs;
        int d = all.factors;
        int w = all.width();
        double[][][] block = new double[g][o][w];
        for (int b = 0; b < g; b++) {
            for (int out = 0; out < o; out++) {
                for (int t = 0; t < w; t++) {
                    block[b][out][t] = all.sums.value(all.slot(b, out, t));
                }
            }
        }
        long n = all.rows();
        OutputIndices[] indices = new OutputIndices[o];
        double[][][] bootFirst = new double[o][d][bootstrap];
        double[][][] bootTotal = new double[o][d][bootstrap];
        SplittableRandom random = new SplittableRandom(seed);
        int[] count = new int[g];
        for (int rep = 0; rep < bootstrap; rep++) {
            java.util.Arrays.fill(count, 0);
            for (int k = 0; k < g; k++) {
                count[random.nextInt(g)]++;
            }
            long rows = 0;
            for (int b = 0; b < g; b++) {
                rows += count[b] * all.rows[b];
            }
            for (int out = 0; out < o; out++) {
                double[] s = new double[w];
                for (int b = 0; b < g; b++) {
                    for (int t = 0; t < w; t++) {
                        s[t] += count[b] * block[b][out][t];
                    }
                }
                double[][] est = estimators(s, rows, d);
                for (int i = 0; i < d; i++) {
                    bootFirst[out][i][rep] = est[0][i];
                    bootTotal[out][i][rep] = est[1][i];
                }
            }
        }
        double lo = (1 - level) / 2;
        for (int out = 0; out < o; out++) {
            double[] s = new double[w];
            for (int b = 0; b < g; b++) { // in block order: the same bits however rows were split into tasks
                for (int t = 0; t < w; t++) {
                    s[t] += block[b][out][t];
                }
            }
            double[][] est = estimators(s, n, d);
            double[] fl = new double[d];
            double[] fh = new double[d];
            double[] tl = new double[d];
            double[] th = new double[d];
            for (int i = 0; i < d; i++) {
                fl[i] = bootstrap > 1 ? Quantiles.type7(bootFirst[out][i], lo) : Double.NaN;
                fh[i] = bootstrap > 1 ? Quantiles.type7(bootFirst[out][i], 1 - lo) : Double.NaN;
                tl[i] = bootstrap > 1 ? Quantiles.type7(bootTotal[out][i], lo) : Double.NaN;
                th[i] = bootstrap > 1 ? Quantiles.type7(bootTotal[out][i], 1 - lo) : Double.NaN;
            }
            indices[out] = new OutputIndices(est[0], fl, fh, est[1], tl, th, est[2][0]);
        }
        RankSummary[] ranks = new RankSummary[all.ranks];
        for (int r = 0; r < all.ranks; r++) {
            long[] h = java.util.Arrays.copyOfRange(all.histogram, r * (all.range + 1), (r + 1) * (all.range + 1));
            long runs = 0;
            long topRuns = 0;
            for (int v = 1; v < h.length; v++) {
                runs += h[v];
                topRuns += v <= top ? h[v] : 0;
            }
            ranks[r] = new RankSummary(
                    quantile7(h, runs, 0.5),
                    quantile7(h, runs, 0.05),
                    quantile7(h, runs, 0.95),
                    (double) topRuns / runs);
        }
        return new Result(n, n * (d + 2), indices, ranks);
    }

    /** {first[d], total[d], {V}} from the summed terms over {@code n} rows. */
    private static double[][] estimators(double[] s, long n, int d) {
        double sum = s[0] + s[1];
        double v = (s[2] + s[3] - sum * sum / (2.0 * n)) / (2.0 * n - 1);
        double[] first = new double[d];
        double[] total = new double[d];
        for (int i = 0; i < d; i++) {
            first[i] = s[4 + 2 * i] / n / v;
            total[i] = s[5 + 2 * i] / n / 2 / v;
        }
        return new double[][] {first, total, {v}};
    }

    /** R's quantile type 7 of the sample whose histogram over 0 .. h.length - 1 is {@code h} (value 0 unused). */
    static double quantile7(long[] h, long n, double prob) {
        double index = 1 + Math.max(n - 1, 0) * prob;
        long lo = (long) Math.floor(index);
        long hi = (long) Math.ceil(index);
        double qs = nth(h, lo);
        double qh = nth(h, hi);
        if (index > lo && qh != qs) {
            double frac = index - lo;
            qs = (1 - frac) * qs + frac * qh;
        }
        return qs;
    }

    private static double nth(long[] h, long k) {
        long seen = 0;
        for (int v = 1; v < h.length; v++) {
            seen += h[v];
            if (seen >= k) {
                return v;
            }
        }
        return Double.NaN;
    }
}
