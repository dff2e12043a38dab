package org.chiso.testing;

/**
 * The uniform generator the R reference scripts reproduce exactly (ranks_reference.R, sobol_reference.R): Lehmer's
 * minimal standard with multiplier 48271, s' = 48271 s mod (2^31 - 1), u = s' / (2^31 - 1). Exact in doubles on
 * both sides, so Java and R see bit-identical samples.
 */
public final class Lehmer {
    private static final long M = 2147483647L;
    private long state;

    /** A stream starting after {@code seed} (1 .. 2^31 - 2). */
    public Lehmer(long seed) {
        if (seed < 1 || seed >= M) {
            throw new IllegalArgumentException("Lehmer seed must lie in [1, 2^31 - 2], got " + seed);
        }
        this.state = seed;
    }

    /** The next uniform in (0, 1). */
    public double next() {
        state = 48271L * state % M;
        return state / (double) M;
    }

    /** The next standard normal, by Box-Muller from two uniforms: sqrt(-2 log u1) cos(2 pi u2). */
    public double nextNormal() {
        double u1 = next();
        double u2 = next();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
