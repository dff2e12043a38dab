package org.chiso.analysis.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The plain-Java pipeline ({@link ClusterAnalysis} with {@link KMeansLloyd}) recovers planted clusters. */
class PlantedClustersTest {
    // three groups in 6 features; mean of the group means: +2, 0.33 (mixed), -2
    static final double[][] MEANS = {
        {2, 2, 2, 2, 2, 2},
        {2, 2, 2, -2, -2, 0},
        {-2, -2, -2, -2, -2, -2}
    };
    static final int[] YEARS = {2019, 2020, 2021, 2022};

    @Test
    void recoversPlantedClustersChoosesKAndKeepsLabelsAligned() {
        Map<String, Integer> moves = Map.of("2021:0", 1, "2021:3", 1, "2022:5", 0);
        PlantedPanel panel = new PlantedPanel(YEARS, MEANS, 45, 1.0, moves, 11);
        ClusterAnalysis.Settings s = new ClusterAnalysis.Settings(
                "kmeans", List.of("f1", "f2", "f3", "f4", "f5", "f6"), 2, 8, 100, 50, 99L, null);
        Partitioner km = KMeansLloyd.partitioner(10, 100);
        ClusterAnalysis.Output out = ClusterAnalysis.run(panel.yearData(), s, km, km, true);
        int[][] truth = panel.truth();
        for (int y = 0; y < YEARS.length; y++) {
            int year = YEARS[y];
            int[] found = new int[panel.provinces];
            for (ClusterAnalysis.Assignment a : out.assignments()) {
                if (a.year() == year) {
                    assertEquals(3, a.k(), "chosen k in " + year);
                    found[Integer.parseInt(a.provinceKey().substring(5)) - 1] = a.cluster();
                }
            }
            double ari = AdjustedRand.of(truth[y], found);
            System.out.printf("planted (plain Java) %d: ARI %.4f%n", year, ari);
            assertTrue(ari >= 0.95, "ARI " + ari + " in " + year);
            // label rule: first year ordered by mean standardised centroid, descending; alignment keeps it
            for (int i = 0; i < panel.provinces; i++) {
                assertEquals(truth[y][i] + 1, found[i], "label of province " + i + " in " + year);
            }
        }
        for (ClusterAnalysis.Quality q : out.quality()) {
            if (q.cluster() != null) {
                assertTrue(
                        q.jaccardMean() >= 0.75,
                        "Jaccard " + q.jaccardMean() + " of cluster " + q.cluster() + " in " + q.year());
                assertEquals(Jaccard.STABLE, q.reading());
            } else if (q.k() == 3) {
                assertTrue(q.chosen());
                assertEquals(Boolean.TRUE, q.chosenByGap(), "gap statistic picks the planted k in " + q.year());
            }
        }
        Map<Integer, Set<String>> moved = new HashMap<>();
        for (ClusterAnalysis.Transition t : out.transitions()) {
            if (t.moved()) {
                moved.computeIfAbsent(t.toYear(), y -> new TreeSet<>()).add(t.provinceKey());
            }
        }
        assertEquals(Map.of(2021, Set.of("VN63-01", "VN63-04"), 2022, Set.of("VN63-06")), moved);
        assertEquals(45 * 3, out.transitions().size());
    }

    @Test
    void orderFeatureDecidesTheFirstYearsLabels() {
        // by the mean of the features the groups rank 0 (1.33), 1 (0.33), 2 (-1.67); by f6 they rank 1 (2), 2 (0), 0
        // (-2)
        double[][] means = {{2, 2, 2, 2, 2, -2}, {0, 0, 0, 0, 0, 2}, {-2, -2, -2, -2, -2, 0}};
        PlantedPanel panel = new PlantedPanel(new int[] {2020}, means, 30, 0.5, Map.of(), 5);
        ClusterAnalysis.Settings s = new ClusterAnalysis.Settings(
                "kmeans", List.of("f1", "f2", "f3", "f4", "f5", "f6"), 3, 3, 0, 0, 1L, "f6");
        Partitioner km = KMeansLloyd.partitioner(10, 100);
        ClusterAnalysis.Output out = ClusterAnalysis.run(panel.yearData(), s, km, km, false);
        int[] expected = {3, 1, 2};
        Set<String> seen = new HashSet<>();
        for (ClusterAnalysis.Assignment a : out.assignments()) {
            int i = Integer.parseInt(a.provinceKey().substring(5)) - 1;
            assertEquals(expected[i % 3], a.cluster());
            seen.add(a.provinceKey());
        }
        assertEquals(30, seen.size());
        // profiles map back to original units: group 0 (label 3) has f1 about 50 + 5*2 = 60
        double f1 = out.profiles().stream()
                .filter(p -> p.cluster() == 3 && p.feature().equals("f1"))
                .findFirst()
                .orElseThrow()
                .centroidOriginal();
        assertEquals(60, f1, 0.5);
        // without the order feature: the mean rule
        ClusterAnalysis.Output byMean = ClusterAnalysis.run(
                panel.yearData(),
                new ClusterAnalysis.Settings("kmeans", s.features(), 3, 3, 0, 0, 1L, null),
                km,
                km,
                false);
        for (ClusterAnalysis.Assignment a : byMean.assignments()) {
            assertEquals((Integer.parseInt(a.provinceKey().substring(5)) - 1) % 3 + 1, a.cluster());
        }
    }
}
