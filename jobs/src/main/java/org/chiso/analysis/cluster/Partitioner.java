package org.chiso.analysis.cluster;

/**
 * A clustering method seen from the plain-Java statistics: a partition of the rows of {@code x} into
 * {@code k} groups. Implemented by {@link KMeansLloyd#partitioner} (plain Java) and by the MLlib methods
 * of {@link ProvinceClustering}.
 */
@FunctionalInterface
public interface Partitioner {
    /**
     * Labels {@code 0..k-1}, one per row of {@code x}, every label used; or {@code null} when the method
     * could not produce {@code k} non-empty groups. Deterministic for a given {@code seed}.
     */
    int[] partition(double[][] x, int k, long seed);
}
