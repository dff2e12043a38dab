package org.chiso.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Planted-truth checks with fixed seeds: data generated from known parameters, statistics must recover them
 * (interval coverage, signs, rates). Plain Java, no Spark.
 */
class PlantedTruthTest {

    /** 2000 series with a known slope and Gaussian noise (10% of points missing): the 95% OLS CI covers 93-97%. */
    @Test
    void olsTrendIntervalsCoverTheTrueSlope() {
        Random rnd = new Random(20240611L);
        int series = 2000;
        int covered = 0;
        double tsBias = 0;
        int mkDetect = 0;
        int strong = 0;
        for (int s = 0; s < series; s++) {
            double slope = -1 + 2 * rnd.nextDouble();
            double intercept = 40 + 5 * rnd.nextGaussian();
            double sigma = 0.5 + 1.5 * rnd.nextDouble();
            double[] x = new double[14];
            double[] y = new double[14];
            for (int i = 0; i < 14; i++) {
                x[i] = 2011 + i;
                y[i] = rnd.nextDouble() < 0.10
                        ? Double.NaN
                        : intercept + slope * (x[i] - 2011) + sigma * rnd.nextGaussian();
            }
            Trend.Result t = Trend.fit(x, y);
            if (t.slopeCiLow() <= slope && slope <= t.slopeCiHigh()) {
                covered++;
            }
            tsBias += t.theilSenSlope() - slope;
            if (Math.abs(slope) / sigma > 0.5) {
                strong++;
                if (t.mannKendallP() < 0.05 && Math.signum(t.mannKendallS()) == Math.signum(slope)) {
                    mkDetect++;
                }
            }
        }
        double coverage = covered / (double) series;
        System.out.printf(
                "planted trends: 95%% OLS CI coverage %.4f over %d series; Theil-Sen mean bias %.5f;"
                        + " Mann-Kendall detects %d/%d strong trends%n",
                coverage, series, tsBias / series, mkDetect, strong);
        assertTrue(coverage >= 0.93 && coverage <= 0.97, "coverage " + coverage);
        assertTrue(Math.abs(tsBias / series) < 0.01, "Theil-Sen bias " + tsBias / series);
        assertTrue(mkDetect >= 0.95 * strong, "Mann-Kendall found " + mkDetect + " of " + strong);
    }

    /**
     * A panel converging at a known rate (deviations from the mean shrink by 8% a year, plus small noise):
     * the SD and CV fall every year, β &lt; 0 is significant, and λ ≈ -ln(0.92). A random-walk panel is not
     * flagged.
     */
    @Test
    void convergenceIsDetectedWhenPlantedAndNotOtherwise() {
        Random rnd = new Random(7L);
        int units = 60;
        int years = 7;
        double c = 0.08;
        double[][] y = new double[years][units];
        double[][] walk = new double[years][units];
        for (int u = 0; u < units; u++) {
            double dev = 8 * rnd.nextGaussian();
            for (int t = 0; t < years; t++) {
                y[t][u] = 50 + Math.pow(1 - c, t) * dev + 0.3 * rnd.nextGaussian();
                walk[t][u] = t == 0 ? 50 + 8 * rnd.nextGaussian() : walk[t - 1][u] + rnd.nextGaussian();
            }
        }
        y[3][5] = Double.NaN; // a missing value is ignored in that year's dispersion
        double prevSd = Double.POSITIVE_INFINITY;
        double prevCv = Double.POSITIVE_INFINITY;
        for (int t = 0; t < years; t++) {
            Convergence.Dispersion d = Convergence.sigma(y[t]);
            assertEquals(t == 3 ? units - 1 : units, d.n());
            assertTrue(d.sdSample() < prevSd && d.cv() < prevCv, "SD/CV should shrink in year " + t);
            assertEquals(d.sdPopulation(), d.sdSample() * Math.sqrt((d.n() - 1.0) / d.n()), 1e-12);
            prevSd = d.sdSample();
            prevCv = d.cv();
        }
        Convergence.Beta b = Convergence.beta(y[0], y[years - 1], years - 1);
        System.out.printf(
                "planted convergence: beta %.5f (p %.2e), lambda %.5f (planted %.5f)%n",
                b.beta(), b.p(), b.lambda(), -Math.log(1 - c));
        assertTrue(b.beta() < 0 && b.p() < 1e-6, "beta " + b.beta() + " p " + b.p());
        assertEquals(-Math.log(1 - c), b.lambda(), 0.01);

        Convergence.Beta none = Convergence.beta(walk[0], walk[years - 1], years - 1);
        assertTrue(none.p() > 0.01, "random walk flagged as converging: p " + none.p());
        assertTrue(Convergence.sigma(walk[years - 1]).sdSample()
                > 0.9 * Convergence.sigma(walk[0]).sdSample());
    }

    /** Fisher-z 95% intervals for Pearson's r cover the true correlation about 95% of the time (n = 30). */
    @Test
    void fisherIntervalsCoverTheTrueCorrelation() {
        Random rnd = new Random(99L);
        double rho = 0.5;
        int reps = 2000;
        int covered = 0;
        for (int r = 0; r < reps; r++) {
            double[] x = new double[30];
            double[] y = new double[30];
            for (int i = 0; i < 30; i++) {
                x[i] = rnd.nextGaussian();
                y[i] = rho * x[i] + Math.sqrt(1 - rho * rho) * rnd.nextGaussian();
            }
            CorrelationResult c = Correlation.pearson(x, y);
            if (c.ciLow() <= rho && rho <= c.ciHigh()) {
                covered++;
            }
        }
        double coverage = covered / (double) reps;
        System.out.printf("planted correlation: Fisher z 95%% CI coverage %.4f%n", coverage);
        assertTrue(coverage >= 0.93 && coverage <= 0.97, "coverage " + coverage);
    }

    /**
     * Two-way fixed-effects panels (60 units x 7 years, unit and year effects correlated with x, errors
     * correlated within unit, some cells missing): the CR1 95% interval for the slope covers the truth at
     * close to the nominal rate, and the slope is unbiased.
     */
    @Test
    void fixedEffectsCr1IntervalsCoverTheTrueSlope() {
        Random rnd = new Random(31L);
        int reps = 1000;
        int units = 60;
        int years = 7;
        double beta = 0.7;
        int covered = 0;
        double bias = 0;
        for (int r = 0; r < reps; r++) {
            int n = units * years;
            double[] y = new double[n];
            double[][] x = new double[n][1];
            Object[] unit = new Object[n];
            Object[] year = new Object[n];
            double[] ye = new double[years];
            for (int t = 0; t < years; t++) {
                ye[t] = rnd.nextGaussian();
            }
            int i = 0;
            for (int u = 0; u < units; u++) {
                double ue = 2 * rnd.nextGaussian();
                double ar = 0;
                for (int t = 0; t < years; t++, i++) {
                    ar = 0.6 * ar + rnd.nextGaussian(); // serially correlated error within unit
                    x[i][0] = 0.5 * ue + 0.5 * ye[t] + rnd.nextGaussian() * (1 + 0.5 * Math.abs(ue));
                    y[i] = beta * x[i][0] + ue + ye[t] + ar * (0.5 + 0.5 * Math.abs(x[i][0]));
                    if (rnd.nextDouble() < 0.05) {
                        y[i] = Double.NaN;
                    }
                    unit[i] = "U" + u;
                    year[i] = 2018 + t;
                }
            }
            FixedEffects.Fit f = FixedEffects.twoWay(y, x, unit, year, "x");
            double[] ci = f.cr1().confidenceInterval(0, 0.95);
            if (ci[0] <= beta && beta <= ci[1]) {
                covered++;
            }
            bias += f.cr1().estimate()[0] - beta;
        }
        double coverage = covered / (double) reps;
        System.out.printf(
                "planted fixed effects: CR1 95%% CI coverage %.4f over %d panels, mean bias %.5f%n",
                coverage, reps, bias / reps);
        assertTrue(coverage >= 0.925 && coverage <= 0.97, "coverage " + coverage);
        assertTrue(Math.abs(bias / reps) < 0.01, "bias " + bias / reps);
    }
}
