package org.chiso.analysis.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chiso.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * k-means (Lloyd), standardisation and Euclidean silhouettes against R on the REAL PAPI panel: the
 * expected values were written by {@code src/test/r/cluster_reference.R} (R 4.2.2, cluster 2.1.4) into
 * {@code src/test/resources/cluster}. Same rows (provinces with all of D1..D8, province-code order), same
 * scale(), same starting centres (rows 1, 10, 20), so the same partition exactly and the same numbers to
 * 1e-8 relative.
 */
class ClusterReferenceTest {
    private static final String PANEL = "papi/papi_2011_2024_subdimensions_long.csv";
    private static final String[] DIMS = {"D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"};
    private static final int[] STARTS = {0, 9, 19};
    private static final double TOL = 1e-8;

    @ParameterizedTest
    @ValueSource(ints = {2023, 2018})
    void reproducesRKmeansLloydAndSilhouette(int year) throws IOException {
        Path csv = SharedData.data(PANEL);
        List<String[]> panel = read(Files.newInputStream(csv));
        String[] head = panel.get(0);
        int iYear = col(head, "year");
        int iCode = col(head, "gso_code");
        int[] iDim = Arrays.stream(DIMS).mapToInt(d -> col(head, d)).toArray();
        List<String[]> rows = new ArrayList<>();
        for (String[] r : panel.subList(1, panel.size())) {
            if (Integer.parseInt(r[iYear]) == year
                    && Arrays.stream(iDim).allMatch(j -> j < r.length && !r[j].isEmpty() && !r[j].equals("NA"))) {
                rows.add(r);
            }
        }
        rows.sort(Comparator.comparing(r -> r[iCode]));
        double[][] x = new double[rows.size()][DIMS.length];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < DIMS.length; j++) {
                x[i][j] = Double.parseDouble(rows.get(i)[iDim[j]]);
            }
        }

        // expected, from R
        List<String[]> pts = filterYear(resource("cluster_points.csv"), year);
        Map<String, String> summary = new HashMap<>();
        for (String[] r : filterYear(resource("cluster_summary.csv"), year)) {
            summary.put(r[1], r[2]);
        }
        assertEquals(Integer.parseInt(summary.get("n")), x.length, "provinces with all eight dimensions in " + year);
        assertEquals("1 10 20", summary.get("starts"));
        Max max = new Max();

        // 1. standardisation (scale())
        Standardise std = Standardise.fit(x);
        double[][] z = std.apply(x);
        for (String[] r : filterYear(resource("cluster_scaling.csv"), year)) {
            int j = Arrays.asList(DIMS).indexOf(r[1]);
            max.check("center " + r[1], std.means()[j], Double.parseDouble(r[2]));
            max.check("scale " + r[1], std.sds()[j], Double.parseDouble(r[3]));
        }
        int[] rCluster = new int[x.length];
        int[] rNeighbor = new int[x.length];
        double[] rSil = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            String[] r = pts.get(i);
            assertEquals(rows.get(i)[iCode], r[1], "row order (gso_code) at row " + (i + 1));
            rCluster[i] = Integer.parseInt(r[3]) - 1;
            rNeighbor[i] = Integer.parseInt(r[4]) - 1;
            rSil[i] = Double.parseDouble(r[5]);
            for (int j = 0; j < DIMS.length; j++) {
                max.check("z[" + r[1] + "," + DIMS[j] + "]", z[i][j], Double.parseDouble(r[6 + j]));
            }
        }

        // 2. the given partition: kmeans(x, centers = x[c(1, 10, 20), ], algorithm = "Lloyd", iter.max = 100)
        double[][] start = new double[STARTS.length][];
        for (int c = 0; c < STARTS.length; c++) {
            start[c] = z[STARTS[c]];
        }
        KMeansLloyd.Result km = KMeansLloyd.lloyd(z, start, 100);
        assertArrayEquals(rCluster, km.cluster(), "cluster assignments of " + year);
        assertEquals(Integer.parseInt(summary.get("iter")), km.iterations(), "iterations");
        assertTrue(km.converged());
        for (int c = 0; c < STARTS.length; c++) {
            assertEquals(Integer.parseInt(summary.get("size_" + (c + 1))), km.size()[c], "size of cluster " + (c + 1));
            max.check("withinss_" + (c + 1), km.withinss()[c], Double.parseDouble(summary.get("withinss_" + (c + 1))));
        }
        max.check("tot.withinss", km.totWithinss(), Double.parseDouble(summary.get("tot_withinss")));
        for (String[] r : filterYear(resource("cluster_centers.csv"), year)) {
            int c = Integer.parseInt(r[1]) - 1;
            int j = Arrays.asList(DIMS).indexOf(r[2]);
            max.check("center[" + (c + 1) + "," + r[2] + "]", km.centers()[c][j], Double.parseDouble(r[3]));
        }

        // 3. cluster::silhouette(km$cluster, dist(x))
        Silhouette.Result sil = Silhouette.of(z, km.cluster());
        assertArrayEquals(rNeighbor, sil.neighbor(), "silhouette neighbours");
        for (int i = 0; i < x.length; i++) {
            max.check("sil_width[" + pts.get(i)[1] + "]", sil.width()[i], rSil[i]);
        }
        max.check("avg.width", sil.average(), Double.parseDouble(summary.get("avg_sil_width")));

        System.out.printf(
                "cluster reference %d: n=%d, k=3, iter=%d, tot.withinss=%.6f, avg silhouette=%.6f; "
                        + "largest relative difference vs R %.3g (%s)%n",
                year, x.length, km.iterations(), km.totWithinss(), sil.average(), max.rel, max.what);
        assertTrue(max.rel <= TOL, "largest relative difference " + max.rel + " at " + max.what);
    }

    /** Largest relative difference seen. */
    private static final class Max {
        double rel;
        String what = "-";

        void check(String name, double actual, double expected) {
            double d = Math.abs(actual - expected);
            double r = d == 0 ? 0 : d / Math.max(Math.abs(expected), Double.MIN_NORMAL);
            assertTrue(r <= TOL, name + ": " + actual + " vs R " + expected + " (relative " + r + ")");
            if (r > rel) {
                rel = r;
                what = name;
            }
        }
    }

    private static int col(String[] head, String name) {
        int i = Arrays.asList(head).indexOf(name);
        assertTrue(i >= 0, "column " + name + " missing");
        return i;
    }

    private static List<String[]> filterYear(List<String[]> rows, int year) {
        List<String[]> out = new ArrayList<>();
        for (String[] r : rows.subList(1, rows.size())) {
            if (Integer.parseInt(r[0]) == year) {
                out.add(r);
            }
        }
        assertTrue(!out.isEmpty(), "no expected rows for " + year);
        return out;
    }

    private static List<String[]> resource(String name) throws IOException {
        InputStream in = ClusterReferenceTest.class.getResourceAsStream("/cluster/" + name);
        assertNotNull(in, "test resource cluster/" + name + " missing (run src/test/r/cluster_reference.R)");
        return read(in);
    }

    /** Plain comma-separated lines (neither file quotes fields); -1 keeps trailing empty fields. */
    private static List<String[]> read(InputStream in) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isEmpty()) {
                    out.add(line.split(",", -1));
                }
            }
        }
        return out;
    }
}
