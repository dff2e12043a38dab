package org.chiso.analysis.stats;

import java.util.List;
import java.util.SplittableRandom;
import org.chiso.analysis.stats.WhatIf.Aggregation;
import org.chiso.analysis.stats.WhatIf.Imputation;
import org.chiso.analysis.stats.WhatIf.Normalisation;

/**
 * The uncertain choices of a composite index as a {@link SaltelliDesign.Model}: factor 1 the weights (each multiplied
 * by a uniform draw in [1 - band, 1 + band]), 2 the normalisation, 3 the aggregation, 4 the imputation (each drawn
 * uniformly from its list), and, where the indicators have standard errors, 5 the sampling error (every present cell
 * redrawn as value + se * N(0, 1)). Outputs: the rank of each unit (1 = best; 0 when it has no score), then the mean
 * absolute rank shift against the reference ranking, ranking only the reference's units for it.
 */
public final class IndexUncertainty implements SaltelliDesign.Model {
    private static final long serialVersionUID = 1L;
    /** The factors' names, in order. */
    public static final List<String> FACTORS =
            List.of("weights", "normalisation", "aggregation", "imputation", "sampling");

    private final double[][] x;
    private final double[][] se;
    private final double[] weights;
    private final double band;
    private final List<Imputation> imputations;
    private final List<Normalisation> normalisations;
    private final List<Aggregation> aggregations;
    private final int[] reference;
    private transient double[][][][] prepared;

    /**
     * @param x units by indicators (NaN = missing)
     * @param se their standard errors, or null when there are none (then no sampling factor)
     * @param weights the published (nominal) weights
     * @param band the weights' relative perturbation, in [0, 1)
     * @param reference the reference ranks (the published ranking; 0 = unranked)
     */
    public IndexUncertainty(
            double[][] x,
            double[][] se,
            double[] weights,
            double band,
            List<Imputation> imputations,
            List<Normalisation> normalisations,
            List<Aggregation> aggregations,
            int[] reference) {
        if (!(band >= 0 && band < 1)) {
            throw new IllegalArgumentException("the weight band must lie in [0, 1), got " + band);
        }
        if (imputations.isEmpty() || normalisations.isEmpty() || aggregations.isEmpty()) {
            throw new IllegalArgumentException("every choice needs at least one alternative");
        }
        if (reference.length != x.length) {
            throw new IllegalArgumentException(reference.length + " reference ranks for " + x.length + " units");
        }
        this.x = x;
        this.se = se;
        this.weights = weights.clone();
        this.band = band;
        this.imputations = List.copyOf(imputations);
        this.normalisations = List.copyOf(normalisations);
        this.aggregations = List.copyOf(aggregations);
        this.reference = reference.clone();
    }

    @Override
    public int factors() {
        return se == null ? 4 : 5;
    }

    @Override
    public int outputs() {
        return x.length + 1;
    }

    @Override
    public int rankOutputs() {
        return x.length;
    }

    @Override
    public int rankRange() {
        return x.length;
    }

    @Override
    public double[] draw(int f, SplittableRandom random) {
        return switch (f) {
            case 0 -> {
                double[] m = new double[weights.length];
                for (int i = 0; i < m.length; i++) {
                    m[i] = 1 - band + 2 * band * random.nextDouble();
                }
                yield m;
            }
            case 1 -> new double[] {random.nextInt(normalisations.size())};
            case 2 -> new double[] {random.nextInt(aggregations.size())};
            case 3 -> new double[] {random.nextInt(imputations.size())};
            default -> {
                double[] z = new double[x.length * weights.length];
                for (int i = 0; i < z.length; i++) {
                    z[i] = random.nextGaussian();
                }
                yield z;
            }
        };
    }

    @Override
    public void run(double[][] factors, double[] out) {
        double[] w = new double[weights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights[i] * factors[0][i];
        }
        int n = (int) factors[1][0];
        int a = (int) factors[2][0];
        int m = (int) factors[3][0];
        double[][] p;
        if (se == null) {
            p = prepared(m, n);
        } else {
            double[][] drawn = new double[x.length][weights.length];
            for (int u = 0; u < x.length; u++) {
                for (int i = 0; i < weights.length; i++) {
                    drawn[u][i] = x[u][i] + se[u][i] * factors[4][u * weights.length + i];
                }
            }
            p = WhatIf.prepare(drawn, imputations.get(m), normalisations.get(n));
        }
        WhatIf.Result r = WhatIf.score(p, w, aggregations.get(a));
        int[] ranks = r.ranks();
        int[] among = WhatIf.ranksAmong(r.scores(), reference); // the shift ranks the reference's units only
        double shift = 0;
        int both = 0;
        for (int u = 0; u < ranks.length; u++) {
            out[u] = ranks[u];
            if (among[u] > 0) {
                shift += Math.abs(among[u] - reference[u]);
                both++;
            }
        }
        out[ranks.length] = both == 0 ? 0 : shift / both;
    }

    private double[][] prepared(int m, int n) {
        if (prepared == null) {
            prepared = new double[imputations.size()][normalisations.size()][][];
        }
        if (prepared[m][n] == null) {
            prepared[m][n] = WhatIf.prepare(x, imputations.get(m), normalisations.get(n));
        }
        return prepared[m][n];
    }
}
