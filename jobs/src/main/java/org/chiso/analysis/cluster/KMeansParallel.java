package org.chiso.analysis.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.apache.spark.mllib.clustering.EuclideanDistanceMeasure;
import org.apache.spark.mllib.clustering.LocalKMeans;
import org.apache.spark.mllib.clustering.VectorWithNorm;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.util.random.BernoulliSampler;
import org.apache.spark.util.random.SamplingUtils;
import org.apache.spark.util.random.XORShiftRandom;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

/**
 * k-means with the k-means|| start (Bahmani et al., "Scalable k-means++", VLDB 2012), computed exactly as
 * Spark MLlib's {@code KMeans} (Spark 4.1, Euclidean, unit weights, 2 initialisation steps, tolerance 1e-4)
 * computes it on a single partition, but in plain Java on a small matrix: no RDD, no Spark job. The random
 * streams are MLlib's (the first centre by {@code takeSample(false, 1, seed)}: a Bernoulli sample seeded as
 * {@code PartitionwiseSampledRDD} seeds it, shuffled by {@code java.util.Random}; each k-means|| step's
 * candidates by {@code XORShiftRandom(seed ^ (step << 16) ^ 0)}) and the numeric routines are MLlib's own
 * (its Euclidean distance measure with norms and triangle-inequality statistics, its centroid and
 * convergence test, its local k-means++ over the weighted candidates), so the centres are MLlib's, bit for
 * bit: a province clustering needs a few hundred such fits, and a Spark job each cost minutes.
 */
final class KMeansParallel {
    /** MLlib's defaults: {@code initSteps} and {@code tol}. */
    static final int INIT_STEPS = 2;

    static final double EPSILON = 1e-4;

    private KMeansParallel() {}

    /**
     * The final centres of one MLlib k-means fit of the rows of {@code x} (MLlib's {@code setSeed(seed)},
     * {@code setMaxIter(maxIter)}); fewer than k when the data had fewer distinct candidates.
     */
    static double[][] centres(double[][] x, int k, int maxIter, long seed) {
        EuclideanDistanceMeasure dm = new EuclideanDistanceMeasure();
        VectorWithNorm[] data = new VectorWithNorm[x.length];
        for (int i = 0; i < x.length; i++) {
            Vector v = Vectors.dense(x[i].clone());
            data[i] = new VectorWithNorm(v, Vectors.norm(v, 2.0), 1.0);
        }
        VectorWithNorm[] centers = init(data, dm, k, seed);
        int dims = x[0].length;
        boolean converged = false;
        int iteration = 0;
        while (iteration < maxIter && !converged) {
            double[] stats = dm.computeStatistics(centers);
            Vector[] sums = new Vector[centers.length];
            for (int j = 0; j < centers.length; j++) {
                sums[j] = Vectors.zeros(dims);
            }
            double[] weightSum = new double[centers.length];
            for (VectorWithNorm p : data) {
                int best = (Integer) dm.findClosest(centers, stats, p)._1();
                dm.updateClusterSum(p, sums[best]);
                weightSum[best] += p.weight();
            }
            converged = true;
            for (int j = 0; j < centers.length; j++) {
                if (weightSum[j] > 0) {
                    VectorWithNorm c = dm.centroid(sums[j], weightSum[j]);
                    if (converged && !dm.isCenterConverged(centers[j], c, EPSILON)) {
                        converged = false;
                    }
                    centers[j] = c;
                }
            }
            iteration++;
        }
        double[][] out = new double[centers.length][];
        for (int j = 0; j < centers.length; j++) {
            out[j] = centers[j].vector().toArray();
        }
        return out;
    }

    /** MLlib's {@code initKMeansParallel} on one partition. */
    private static VectorWithNorm[] init(VectorWithNorm[] data, EuclideanDistanceMeasure dm, int k, long modelSeed) {
        int seed = new XORShiftRandom(modelSeed).nextInt();
        VectorWithNorm first = takeOne(data, seed);
        List<VectorWithNorm> centers = new ArrayList<>();
        VectorWithNorm[] newCenters = {first.toDense()};
        centers.addAll(Arrays.asList(newCenters));
        double[] costs = new double[data.length];
        Arrays.fill(costs, Double.POSITIVE_INFINITY);
        for (int step = 0; step < INIT_STEPS; step++) {
            double sumCosts = 0.0;
            for (int i = 0; i < data.length; i++) {
                costs[i] = Math.min(dm.pointCost(newCenters, data[i]), costs[i]);
                sumCosts += costs[i];
            }
            XORShiftRandom rand = new XORShiftRandom(seed ^ (step << 16) ^ 0);
            List<VectorWithNorm> chosen = new ArrayList<>();
            for (int i = 0; i < data.length; i++) {
                if (rand.nextDouble() < 2.0 * costs[i] * k / sumCosts) {
                    chosen.add(data[i].toDense());
                }
            }
            newCenters = chosen.toArray(new VectorWithNorm[0]);
            centers.addAll(chosen);
        }
        LinkedHashSet<Vector> distinct = new LinkedHashSet<>();
        centers.forEach(c -> distinct.add(c.vector()));
        VectorWithNorm[] candidates = distinct.stream().map(VectorWithNorm::new).toArray(VectorWithNorm[]::new);
        if (candidates.length <= k) {
            return candidates;
        }
        double[] weights = new double[candidates.length];
        for (VectorWithNorm p : data) {
            weights[(Integer) dm.findClosest(candidates, p)._1()] += 1;
        }
        return LocalKMeans.kMeansPlusPlus(0, candidates, weights, k, 30);
    }

    /** {@code RDD.takeSample(false, 1, seed)} on one partition of more than one row. */
    private static VectorWithNorm takeOne(VectorWithNorm[] data, long seed) {
        Random rand = new Random(seed);
        double fraction = SamplingUtils.computeFractionForSampleSize(1, data.length, false);
        List<VectorWithNorm> samples = sample(data, fraction, rand.nextInt());
        while (samples.isEmpty()) {
            samples = sample(data, fraction, rand.nextInt());
        }
        for (int i = samples.size() - 1; i >= 1; i--) { // Utils.randomizeInPlace
            int j = rand.nextInt(i + 1);
            VectorWithNorm t = samples.get(j);
            samples.set(j, samples.get(i));
            samples.set(i, t);
        }
        return samples.get(0);
    }

    /** {@code RDD.sample(false, fraction, seed)} on one partition: the partition's seed as PartitionwiseSampledRDD draws it. */
    private static List<VectorWithNorm> sample(VectorWithNorm[] data, double fraction, long seed) {
        BernoulliSampler<VectorWithNorm> sampler =
                new BernoulliSampler<>(fraction, ClassTag$.MODULE$.apply(VectorWithNorm.class));
        sampler.setSeed(new Random(seed).nextLong());
        List<VectorWithNorm> out = new ArrayList<>();
        sampler.sample(CollectionConverters.asScala(Arrays.asList(data).iterator()))
                .foreach(v -> out.add(v));
        return out;
    }
}
