package org.chiso.survey.synth;

/**
 * Counter-based random numbers for the synthetic surveys: every draw is a pure function of its key
 * (seed, survey, year, unit index, draw tag), so a draw does not depend on which executor computes it
 * or in which order. SplitMix64 finaliser; uniforms use the top 53 bits. Only basic arithmetic is used
 * for per-respondent draws (no transcendental functions), so results are bit-identical on every JVM;
 * the driver-side normal draws use {@link StrictMath}.
 */
public final class SynthHash {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private SynthHash() {}

    /** The SplitMix64 finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A 64-bit hash of a key of five longs. */
    public static long hash(long seed, long a, long b, long c, long d) {
        long h = mix(seed + GOLDEN);
        h = mix(h ^ mix(a + 2 * GOLDEN));
        h = mix(h ^ mix(b + 3 * GOLDEN));
        h = mix(h ^ mix(c + 4 * GOLDEN));
        return mix(h ^ mix(d + 5 * GOLDEN));
    }

    /** A uniform draw in [0, 1) for a key. */
    public static double uniform(long seed, long a, long b, long c, long d) {
        return (hash(seed, a, b, c, d) >>> 11) * 0x1.0p-53;
    }

    /** A uniform draw in [-1, 1) for a key. */
    public static double symmetric(long seed, long a, long b, long c, long d) {
        return 2.0 * uniform(seed, a, b, c, d) - 1.0;
    }

    /** A standard normal draw for a key (Box-Muller with {@link StrictMath}; driver side only). */
    public static double normal(long seed, long a, long b, long c, long d) {
        double u1 = 1.0 - uniform(seed, a, b, c, d);
        double u2 = uniform(seed, a, b, c, d ^ 0x5DEECE66DL);
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }
}
