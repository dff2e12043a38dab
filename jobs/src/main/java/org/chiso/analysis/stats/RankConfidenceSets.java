package org.chiso.analysis.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Confidence sets for ranks (Mogstad, Romano, Shaikh and Wilhelm, "Inference for ranks", Review of Economic Studies
 * 2024), computed as the R package csranks 1.2.1 computes them: {@code csranks(x, Sigma, simul = TRUE / FALSE)},
 * {@code cstaubest} and {@code cstauworst}, with the step-down procedure by default.
 *
 * <p>The estimates {@code x} are ranked from the largest (rank 1) down; ties share the better rank (csranks's
 * {@code irank}, omega = 0). A rank's set is {@code [lower, upper]}: {@code lower = 1 +} the number of populations
 * confidently larger, {@code upper = p -} the number confidently smaller. "Confidently" comes from simultaneous
 * confidence intervals for the pairwise differences {@code x_i - x_j}, whose critical value is the {@code coverage}
 * quantile (R's type 7) of the maximum studentised difference over a parametric bootstrap: {@code replications} draws
 * of N(0, Sigma) restricted to the populations a step needs. Steps repeat, dropping the differences already found
 * non-zero, until a step finds no new one.
 *
 * <p>Draws come from a {@link NormalDraws}; {@link #seeded(long)} is the default (a {@link SplittableRandom} per
 * seed, so a computation is reproducible bit for bit). csranks re-seeds for every population of a marginal
 * computation when given a seed; {@link #marginal} takes a draw source per population for the same reason.
 */
public final class RankConfidenceSets {
    /** The kind of rank confidence set (csranks's {@code cstype}). */
    public enum Type {
        /** Lower and upper bounds on each rank. */
        TWO_SIDED,
        /** Only the upper bound (the worst rank) is bounded; the lower is 1. */
        UPPER,
        /** Only the lower bound (the best rank) is bounded; the upper is p. */
        LOWER
    }

    /** A source of multivariate normal draws. */
    @FunctionalInterface
    public interface NormalDraws {
        /**
         * {@code n} draws of N(0, {@code cov}), one per row.
         *
         * @param n the number of draws
         * @param cov a positive definite covariance matrix, k x k
         * @return an n x k matrix
         */
        double[][] draw(int n, double[][] cov);
    }

    /**
     * The sets of the populations asked for.
     *
     * @param indices the 0-based positions in {@code x} the sets are for
     * @param rank the estimated rank of each (1 = largest)
     * @param lower the lower end of each rank's set
     * @param upper the upper end of each rank's set
     */
    public record Sets(int[] indices, int[] rank, int[] lower, int[] upper) {}

    private RankConfidenceSets() {}

    /** Draws from a {@link SplittableRandom} seeded with {@code seed}, through the Cholesky factor of the covariance. */
    public static NormalDraws seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return (n, cov) -> correlate(n, cov, random::nextGaussian);
    }

    /**
     * {@code n} rows of {@code k} standard normals from {@code next}, row by row, each row multiplied by the lower
     * Cholesky factor of {@code cov} (a diagonal covariance scales each column by its standard deviation).
     */
    public static double[][] correlate(int n, double[][] cov, java.util.function.DoubleSupplier next) {
        int k = cov.length;
        double[][] l = cholesky(cov);
        boolean diagonal = true;
        for (int i = 0; i < k && diagonal; i++) {
            for (int j = 0; j < i && diagonal; j++) {
                diagonal = l[i][j] == 0;
            }
        }
        double[][] out = new double[n][k];
        double[] e = new double[k];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < k; j++) {
                e[j] = next.getAsDouble();
            }
            for (int i = 0; i < k; i++) {
                double s = diagonal ? l[i][i] * e[i] : 0;
                for (int j = 0; j <= i && !diagonal; j++) {
                    s += l[i][j] * e[j];
                }
                out[r][i] = s;
            }
        }
        return out;
    }

    /**
     * Simultaneous confidence sets (csranks's {@code simul = TRUE}): they cover the true ranks of all
     * {@code indices} together with probability {@code coverage}.
     *
     * @param x the estimates, one per population
     * @param sigma their covariance matrix (a diagonal of squared standard errors for independent estimates)
     * @param indices 0-based positions of the populations of interest, or {@code null} for all
     */
    public static Sets simultaneous(
            double[] x,
            double[][] sigma,
            double coverage,
            Type type,
            boolean stepdown,
            int replications,
            int[] indices,
            NormalDraws draws) {
        check(x, sigma, coverage, replications);
        int[] idx = indices == null ? all(x.length) : indices.clone();
        int[][] bounds = simul(x, sigma, coverage, type, stepdown, replications, idx, draws);
        return new Sets(idx, ranks(x, idx), bounds[0], bounds[1]);
    }

    /**
     * Marginal confidence sets (csranks's {@code simul = FALSE}): each covers its population's true rank with
     * probability {@code coverage}. {@code drawsFor} gives the draw source of each population's computation (the same
     * seed for each, as csranks with a seed; or one shared source).
     */
    public static Sets marginal(
            double[] x,
            double[][] sigma,
            double coverage,
            Type type,
            boolean stepdown,
            int replications,
            int[] indices,
            IntFunction<NormalDraws> drawsFor) {
        check(x, sigma, coverage, replications);
        int[] idx = indices == null ? all(x.length) : indices.clone();
        int[] lower = new int[idx.length];
        int[] upper = new int[idx.length];
        for (int a = 0; a < idx.length; a++) {
            int[][] b =
                    simul(x, sigma, coverage, type, stepdown, replications, new int[] {idx[a]}, drawsFor.apply(idx[a]));
            lower[a] = b[0][0];
            upper[a] = b[1][0];
        }
        return new Sets(idx, ranks(x, idx), lower, upper);
    }

    /**
     * The confidence set for the identities of the {@code tau} best (csranks's {@code cstaubest}): a population is in
     * it when the lower end of its one-sided simultaneous rank set is at most {@code tau}.
     */
    public static boolean[] tauBest(
            double[] x,
            double[][] sigma,
            int tau,
            double coverage,
            boolean stepdown,
            int replications,
            NormalDraws draws) {
        return tau(x, sigma, tau, coverage, stepdown, replications, draws, true);
    }

    /** The confidence set for the identities of the {@code tau} worst (csranks's {@code cstauworst}). */
    public static boolean[] tauWorst(
            double[] x,
            double[][] sigma,
            int tau,
            double coverage,
            boolean stepdown,
            int replications,
            NormalDraws draws) {
        return tau(x, sigma, tau, coverage, stepdown, replications, draws, false);
    }

    private static boolean[] tau(
            double[] x,
            double[][] sigma,
            int tau,
            double coverage,
            boolean stepdown,
            int replications,
            NormalDraws draws,
            boolean best) {
        check(x, sigma, coverage, replications);
        int p = x.length;
        if (tau < 1 || tau > p) {
            throw new IllegalArgumentException("tau must lie between 1 and " + p + ", got " + tau);
        }
        int[][] bounds =
                simul(x, sigma, coverage, best ? Type.LOWER : Type.UPPER, stepdown, replications, all(p), draws);
        boolean[] in = new boolean[p];
        for (int i = 0; i < p; i++) {
            in[i] = best ? bounds[0][i] <= tau : bounds[1][i] >= p - tau + 1;
        }
        return in;
    }

    /**
     * The ranks of {@code x} from the largest (1) down, ties sharing the better rank (csranks's {@code irank} with
     * its defaults).
     */
    public static int[] ranks(double[] x, int[] indices) {
        int[] r = new int[indices.length];
        for (int a = 0; a < indices.length; a++) {
            int larger = 0;
            for (double v : x) {
                if (v > x[indices[a]]) {
                    larger++;
                }
            }
            r[a] = larger + 1;
        }
        return r;
    }

    /** csranks_simul: the rank bounds {lower, upper} of {@code indices} from the difference sets. */
    private static int[][] simul(
            double[] x,
            double[][] sigma,
            double coverage,
            Type type,
            boolean stepdown,
            int replications,
            int[] indices,
            NormalDraws draws) {
        int p = x.length;
        DiffType diffType = switch (type) {
            case LOWER -> DiffType.UPPER;
            case UPPER -> DiffType.LOWER;
            case TWO_SIDED -> DiffType.SYMMETRIC;
        };
        double[][][] lu = differences(x, sigma, coverage, indices, diffType, stepdown, replications, draws);
        double[][] l = lu[0];
        double[][] u = lu[1];
        int[] lower = new int[indices.length];
        int[] upper = new int[indices.length];
        for (int a = 0; a < indices.length; a++) {
            int i = indices[a];
            int nPlus = 0;
            int nMinus = 0;
            for (int j = 0; j < p; j++) {
                if (l[i][j] > 0) {
                    nPlus++;
                }
                if (stepdown && type == Type.TWO_SIDED ? l[j][i] > 0 : u[i][j] < 0) {
                    nMinus++;
                }
            }
            lower[a] = nMinus + 1;
            upper[a] = p - nPlus;
        }
        return new int[][] {lower, upper};
    }

    private enum DiffType {
        SYMMETRIC,
        UPPER,
        LOWER
    }

    /**
     * csdiffmeans: simultaneous confidence bounds {L, U} for the differences {@code x_i - x_j}; NaN where a difference
     * is not of interest, infinite on the side a one-sided bound leaves open.
     */
    private static double[][][] differences(
            double[] x,
            double[][] cov,
            double coverage,
            int[] indices,
            DiffType requested,
            boolean stepdown,
            int replications,
            NormalDraws draws) {
        int p = x.length;
        double[][] sd = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                sd[i][j] = Math.sqrt(cov[i][i] + cov[j][j] - 2 * cov[i][j]);
            }
        }
        // initialize_I0: rows of interest; for a two-sided step-down also their columns, tested one-sided ("lower")
        boolean[][] i0 = new boolean[p][p];
        DiffType kind = requested;
        for (int i : indices) {
            Arrays.fill(i0[i], true);
        }
        if (stepdown && requested == DiffType.SYMMETRIC) {
            for (boolean[] row : i0) {
                for (int i : indices) {
                    row[i] = true;
                }
            }
            kind = DiffType.LOWER;
        }
        for (int i = 0; i < p; i++) {
            i0[i][i] = false;
        }
        boolean[][] star = copy(i0);
        boolean[][] i1 = copy(i0);
        double[][] lo = new double[p][p];
        double[][] hi = new double[p][p];
        boolean again = true;
        while (again) {
            double q = criticalValue(i1, cov, sd, kind, coverage, replications, draws);
            if (kind == DiffType.LOWER) {
                for (double[] row : hi) {
                    Arrays.fill(row, Double.POSITIVE_INFINITY);
                }
            }
            if (kind == DiffType.UPPER) {
                for (double[] row : lo) {
                    Arrays.fill(row, Double.NEGATIVE_INFINITY);
                }
            }
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    if (!i1[i][j]) {
                        continue;
                    }
                    double d = x[i] - x[j];
                    if (kind != DiffType.UPPER) {
                        lo[i][j] = d - sd[i][j] * q;
                    }
                    if (kind != DiffType.LOWER) {
                        hi[i][j] = d + sd[i][j] * q;
                    }
                }
            }
            int before = count(i0);
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    if (hi[i][j] < 0 || lo[i][j] > 0) {
                        i1[i][j] = false;
                    }
                }
            }
            int after = count(i1);
            if (stepdown && after != before && after != 0) {
                i0 = copy(i1);
            } else {
                again = false;
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                if (!star[i][j]) {
                    lo[i][j] = Double.NaN;
                    hi[i][j] = Double.NaN;
                }
            }
        }
        return new double[][][] {lo, hi};
    }

    /**
     * The {@code coverage} quantile (type 7) of the bootstrap maximum of the studentised differences in {@code set}:
     * max, max of negatives or max of absolute values for lower, upper and symmetric bounds.
     */
    private static double criticalValue(
            boolean[][] set,
            double[][] cov,
            double[][] sd,
            DiffType kind,
            double coverage,
            int replications,
            NormalDraws draws) {
        int p = set.length;
        int[] position = new int[p];
        List<Integer> needed = new ArrayList<>();
        for (int v = 0; v < p; v++) {
            position[v] = -1;
            boolean any = false;
            for (int w = 0; w < p && !any; w++) {
                any = set[v][w] || set[w][v];
            }
            if (any) {
                position[v] = needed.size();
                needed.add(v);
            }
        }
        int k = needed.size();
        double[][] sub = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                sub[a][b] = cov[needed.get(a)][needed.get(b)];
            }
        }
        double[][] z = draws.draw(replications, sub);
        int m = 0;
        for (boolean[] row : set) {
            for (boolean b : row) {
                m += b ? 1 : 0;
            }
        }
        int[] from = new int[m];
        int[] to = new int[m];
        double[] scale = new double[m];
        int t = 0;
        for (int j = 0; j < p; j++) { // column-major, as R's which() on the matrix
            for (int i = 0; i < p; i++) {
                if (set[i][j]) {
                    from[t] = position[i];
                    to[t] = position[j];
                    scale[t++] = sd[i][j];
                }
            }
        }
        double[] stat = new double[replications];
        for (int r = 0; r < replications; r++) {
            double[] zr = z[r];
            double max = Double.NEGATIVE_INFINITY;
            for (int d = 0; d < m; d++) {
                double v = (zr[from[d]] - zr[to[d]]) / scale[d];
                max = Math.max(
                        max,
                        switch (kind) {
                            case LOWER -> v;
                            case UPPER -> -v;
                            case SYMMETRIC -> Math.abs(v);
                        });
            }
            stat[r] = max;
        }
        return Quantiles.type7(stat, coverage);
    }

    /** The lower Cholesky factor of a positive definite matrix. */
    static double[][] cholesky(double[][] a) {
        int k = a.length;
        double[][] l = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int m = 0; m < j; m++) {
                    s -= l[i][m] * l[j][m];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalArgumentException("rank confidence sets: the covariance matrix is not positive"
                                + " definite (pivot " + (i + 1) + " is " + s + "); every estimate needs a positive"
                                + " standard error");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    private static void check(double[] x, double[][] sigma, double coverage, int replications) {
        if (x.length < 2) {
            throw new IllegalArgumentException("rank confidence sets need at least 2 estimates, got " + x.length);
        }
        if (sigma.length != x.length) {
            throw new IllegalArgumentException("rank confidence sets: the covariance matrix has " + sigma.length
                    + " rows for " + x.length + " estimates");
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("rank confidence sets: estimate " + (i + 1) + " is " + x[i]);
            }
            if (sigma[i].length != x.length) {
                throw new IllegalArgumentException("rank confidence sets: covariance row " + (i + 1) + " has "
                        + sigma[i].length + " columns for " + x.length + " estimates");
            }
        }
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("rank confidence sets: coverage must lie in (0, 1), got " + coverage);
        }
        if (replications < 2) {
            throw new IllegalArgumentException(
                    "rank confidence sets need at least 2 bootstrap replications, got " + replications);
        }
    }

    private static int[] all(int p) {
        int[] idx = new int[p];
        for (int i = 0; i < p; i++) {
            idx[i] = i;
        }
        return idx;
    }

    private static boolean[][] copy(boolean[][] m) {
        boolean[][] c = new boolean[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    private static int count(boolean[][] m) {
        int n = 0;
        for (boolean[] row : m) {
            for (boolean b : row) {
                n += b ? 1 : 0;
            }
        }
        return n;
    }
}
