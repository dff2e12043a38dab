package org.chiso.analysis.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generated provinces in well-separated planted clusters over several years, with a few planted moves.
 * Cluster g has mean {@code means[g]} (plus a common shift per year, which standardisation removes) and
 * noise SD {@code noise}; province i starts in group {@code i % groups}; {@code moves} maps
 * "year:province index" to the group the province belongs to from that year on.
 */
final class PlantedPanel {
    final int[] years;
    final double[][] means;
    final int provinces;
    final double noise;
    final Map<String, Integer> moves;
    final long seed;

    PlantedPanel(int[] years, double[][] means, int provinces, double noise, Map<String, Integer> moves, long seed) {
        this.years = years;
        this.means = means;
        this.provinces = provinces;
        this.noise = noise;
        this.moves = moves;
        this.seed = seed;
    }

    static String key(int i) {
        return String.format("VN63-%02d", i + 1);
    }

    /** The planted group of every province in every year: [year index][province]. */
    int[][] truth() {
        int[][] t = new int[years.length][provinces];
        int[] g = new int[provinces];
        for (int i = 0; i < provinces; i++) {
            g[i] = i % means.length;
        }
        for (int y = 0; y < years.length; y++) {
            for (int i = 0; i < provinces; i++) {
                Integer m = moves.get(years[y] + ":" + i);
                if (m != null) {
                    g[i] = m;
                }
                t[y][i] = g[i];
            }
        }
        return t;
    }

    /** The values: [year index][province][feature]. */
    double[][][] values() {
        Random r = new Random(seed);
        int[][] t = truth();
        int p = means[0].length;
        double[][][] v = new double[years.length][provinces][p];
        for (int y = 0; y < years.length; y++) {
            double shift = 0.5 * y;
            for (int i = 0; i < provinces; i++) {
                for (int f = 0; f < p; f++) {
                    v[y][i][f] = 50 + 5 * means[t[y][i]][f] + shift + noise * r.nextGaussian();
                }
            }
        }
        return v;
    }

    List<ClusterAnalysis.YearData> yearData() {
        double[][][] v = values();
        List<ClusterAnalysis.YearData> out = new ArrayList<>();
        for (int y = 0; y < years.length; y++) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < provinces; i++) {
                keys.add(key(i));
            }
            out.add(new ClusterAnalysis.YearData(years[y], keys, v[y], 0));
        }
        return out;
    }
}
