package org.chiso.analysis.stats;

import java.util.SplittableRandom;

/** The Ishigami function (a = 7, b = 0.1) on [-pi, pi]^3 as a three-factor model with known Sobol indices. */
public final class Ishigami implements SaltelliDesign.Model {
    private static final long serialVersionUID = 1L;
    /** First-order indices in closed form. */
    public static final double[] S = {0.3139, 0.4424, 0};
    /** Total-order indices in closed form. */
    public static final double[] ST = {0.5576, 0.4424, 0.2437};

    @Override
    public int factors() {
        return 3;
    }

    @Override
    public int outputs() {
        return 1;
    }

    @Override
    public double[] draw(int f, SplittableRandom random) {
        return new double[] {-Math.PI + 2 * Math.PI * random.nextDouble()};
    }

    @Override
    public void run(double[][] x, double[] out) {
        out[0] =
                Math.sin(x[0][0]) + 7 * Math.pow(Math.sin(x[1][0]), 2) + 0.1 * Math.pow(x[2][0], 4) * Math.sin(x[0][0]);
    }
}
