package org.chiso.service.synth;

import java.util.SplittableRandom;

/** Random streams keyed by their place in the data, so that any partitioning draws the same numbers. */
final class Seeds {
    private Seeds() {}

    /** A generator for the given key parts (seed first). */
    static SplittableRandom rng(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h = mix(h ^ mix(p + 0x632BE59BD9B4E019L));
        }
        return new SplittableRandom(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@code x} rounded down or up at random so that its expectation is {@code x} (x ≥ 0). */
    static int round(double x, SplittableRandom r) {
        double f = Math.floor(x);
        return (int) f + (r.nextDouble() < x - f ? 1 : 0);
    }

    /** {@code n} split into parts with the given (unnormalised) weights, exactly summing to {@code n}. */
    static int[] split(int n, double[] w, SplittableRandom r) {
        int[] out = new int[w.length];
        int last = -1;
        double left = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
                left += w[i];
                last = i;
            }
        }
        if (last < 0) {
            if (n > 0) {
                throw new IllegalArgumentException("no positive weight to split " + n + " over");
            }
            return out;
        }
        int rest = n;
        for (int i = 0; i < w.length && rest > 0; i++) {
            if (w[i] <= 0) {
                continue;
            }
            int k = i == last ? rest : Math.min(rest, round(rest * Math.min(1, w[i] / left), r));
            out[i] = k;
            rest -= k;
            left -= w[i];
        }
        return out;
    }

    /** A random permutation of 0..n-1 (Fisher-Yates). */
    static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
