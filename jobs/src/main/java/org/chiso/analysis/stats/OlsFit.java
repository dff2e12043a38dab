package org.chiso.analysis.stats;

import java.util.List;

/**
 * A fitted OLS model (see {@link Ols#fit}). Coefficient order: "(Intercept)" then the regressors in input
 * order (R's order; Spark's LinearRegression puts the intercept last).
 */
public final class OlsFit {
    /** Convention of {@link #classical()}. */
    public static final String CLASSICAL_CONVENTION =
            "R summary(lm): V = s^2 (X'X)^-1, s^2 = RSS/(n-k), t on n-k df; R^2 = MSS/(MSS+RSS)";
    /** Convention of {@link #hc1()}. */
    public static final String HC1_CONVENTION =
            "HC1 (Stata robust, sandwich::vcovHC type='HC1'): n/(n-k) (X'X)^-1 sum e_i^2 x_i x_i' (X'X)^-1,"
                    + " t on n-k df (lmtest::coeftest)";
    /** Convention of {@link #cr1(Object[])}. */
    public static final String CR1_CONVENTION =
            "CR1 (Stata / statsmodels / fixest): G/(G-1) (n-1)/(n-k) (X'X)^-1 sum_g (X_g'e_g)(X_g'e_g)' (X'X)^-1,"
                    + " t on G-1 df (fixest t.df='min'); linearmodels PanelOLS omits (n-1)/(n-k) by default";

    private final List<String> names;
    private final double[] beta;
    private final double[] residuals;
    /** (X'X)^-1 of the centred design [1, x - mean]. */
    private final double[][] xtxInvCentred;
    /** Maps centred-design coefficients to the original ones: intercept - sum mean_j * b_j. */
    private final double[][] back;

    private final double[][] design;
    private final double[] y;
    private final int[] rows;
    private final int inputLength;
    private final double rss;
    private final double mss;

    OlsFit(
            List<String> names,
            Ols.Core core,
            double[][] centredDesign,
            double[] means,
            double[] y,
            int[] rows,
            int inputLength) {
        this.names = List.copyOf(names);
        int k = means.length + 1;
        this.back = new double[k][k];
        for (int j = 0; j < k; j++) {
            back[j][j] = 1.0;
        }
        for (int j = 1; j < k; j++) {
            back[0][j] = -means[j - 1];
        }
        double[] bc = core.beta();
        this.beta = new double[k];
        for (int a = 0; a < k; a++) {
            double v = 0;
            for (int b = 0; b < k; b++) {
                v += back[a][b] * bc[b];
            }
            beta[a] = v;
        }
        this.residuals = core.residuals();
        this.xtxInvCentred = core.xtxInv();
        this.design = centredDesign;
        this.y = y;
        this.rows = rows;
        this.inputLength = inputLength;
        int n = y.length;
        double r = 0;
        for (double e : residuals) {
            r += e * e;
        }
        this.rss = r;
        double[] fitted = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            fitted[i] = y[i] - residuals[i];
            mean += fitted[i];
        }
        mean /= n;
        double m = 0;
        for (int i = 0; i < n; i++) {
            m += (fitted[i] - mean) * (fitted[i] - mean);
        }
        this.mss = m;
    }

    /** Coefficient names, "(Intercept)" first. */
    public List<String> names() {
        return names;
    }

    /** Coefficients in {@link #names()} order. */
    public double[] coefficients() {
        return beta.clone();
    }

    /** Observations used (complete rows). */
    public int n() {
        return y.length;
    }

    /** Number of coefficients including the intercept. */
    public int k() {
        return beta.length;
    }

    /** Residual degrees of freedom n - k. */
    public int residualDf() {
        return n() - k();
    }

    /** R² = MSS / (MSS + RSS), MSS about the mean of the fitted values (R's summary.lm). */
    public double rSquared() {
        return mss / (mss + rss);
    }

    /** Adjusted R² = 1 - (1 - R²)(n - 1)/(n - k). */
    public double adjustedRSquared() {
        return 1 - (1 - rSquared()) * (n() - 1.0) / residualDf();
    }

    /** Residual standard error s = sqrt(RSS / (n - k)). */
    public double sigma() {
        return Math.sqrt(rss / residualDf());
    }

    /** Residuals of the used rows, in {@link #rows()} order. */
    public double[] residuals() {
        return residuals.clone();
    }

    /** Indices (into the input arrays) of the rows used. */
    public int[] rows() {
        return rows.clone();
    }

    /** (X'X)^-1 of the design with intercept. */
    public double[][] xtxInverse() {
        return toOriginal(xtxInvCentred);
    }

    /** T V T' with T the map from centred-design coefficients to the original ones. */
    private double[][] toOriginal(double[][] v) {
        double[][] bt = new double[back.length][];
        for (int i = 0; i < back.length; i++) {
            bt[i] = new double[back.length];
            for (int j = 0; j < back.length; j++) {
                bt[i][j] = back[j][i];
            }
        }
        return Ols.multiply(Ols.multiply(back, v), bt);
    }

    /** Classical OLS standard errors (homoskedastic), t on n-k df = R {@code summary(lm)}. */
    public CoefficientTable classical() {
        double s2 = rss / residualDf();
        double[][] v = xtxInverse();
        for (double[] row : v) {
            for (int b = 0; b < row.length; b++) {
                row[b] *= s2;
            }
        }
        return CoefficientTable.of(names, beta, v, residualDf(), "classical", CLASSICAL_CONVENTION);
    }

    /** Heteroskedasticity-robust HC1 = n/(n-k) sandwich, t on n-k df. */
    public CoefficientTable hc1() {
        double c = (double) n() / residualDf();
        double[][] v = toOriginal(Ols.sandwich(design, residuals, xtxInvCentred, null, 0, c));
        return CoefficientTable.of(names, beta, v, residualDf(), "HC1", HC1_CONVENTION);
    }

    /**
     * One-way cluster-robust CR1 with K = k (no absorbed effects): G/(G-1)·(n-1)/(n-k)·B M B, t on G-1 df.
     *
     * @param cluster cluster id per INPUT row (same length as y; rows dropped for missingness are ignored)
     * @throws IllegalArgumentException on a length mismatch, a null id among used rows, or G &lt; 2
     */
    public CoefficientTable cr1(Object[] cluster) {
        if (cluster.length != inputLength) {
            throw new IllegalArgumentException("cluster has " + cluster.length + " entries, input had " + inputLength);
        }
        int[] g = Ols.clusterIndex(cluster, rows);
        int groups = 0;
        for (int v : g) {
            groups = Math.max(groups, v + 1);
        }
        if (groups < 2) {
            throw new IllegalArgumentException("CR1 needs at least 2 clusters, got " + groups);
        }
        int n = n();
        double c = groups / (groups - 1.0) * (n - 1.0) / (n - k());
        double[][] v = toOriginal(Ols.sandwich(design, residuals, xtxInvCentred, g, groups, c));
        return CoefficientTable.of(names, beta, v, groups - 1, "CR1", CR1_CONVENTION + "; G = " + groups);
    }
}
