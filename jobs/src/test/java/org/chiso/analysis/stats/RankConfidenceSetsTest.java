package org.chiso.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.chiso.analysis.stats.RankConfidenceSets.NormalDraws;
import org.chiso.analysis.stats.RankConfidenceSets.Sets;
import org.chiso.analysis.stats.RankConfidenceSets.Type;
import org.chiso.testing.Lehmer;
import org.junit.jupiter.api.Test;

/**
 * {@link RankConfidenceSets} against the R package csranks 1.2.1 (jobs/src/test/r/ranks_reference.R, expectations in
 * src/test/resources/ranks): identical sets with the same bootstrap draws, the same sets in at least 99% of
 * province-years with independent draws, and the coverage the sets promise on planted truth.
 */
class RankConfidenceSetsTest {
    private static final Path DIR = Path.of("src/test/resources/ranks");
    private static final int R = 1000;

    /** The draws of ranks_reference.R's replacement for MASS::mvrnorm: Lehmer uniforms, Box-Muller normals. */
    static NormalDraws lehmer(long seed) {
        Lehmer stream = new Lehmer(seed);
        return (n, cov) -> RankConfidenceSets.correlate(n, cov, stream::nextNormal);
    }

    private record Case(List<String> labels, double[] x, double[][] sigma) {}

    private static List<String[]> csv(String name) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(DIR.resolve(name), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    private static Map<String, Case> cases() throws IOException {
        Map<String, List<String[]>> byCase = new LinkedHashMap<>();
        for (String[] r : csv("inputs.csv")) {
            byCase.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r);
        }
        List<String> sigmaLines = Files.readAllLines(DIR.resolve("sigma_corr12.csv"), StandardCharsets.UTF_8);
        Map<String, Case> cases = new LinkedHashMap<>();
        byCase.forEach((name, rows) -> {
            int p = rows.size();
            double[] x = new double[p];
            double[][] sigma = new double[p][p];
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < p; i++) {
                labels.add(rows.get(i)[2]);
                x[i] = Double.parseDouble(rows.get(i)[3]);
                double se = Double.parseDouble(rows.get(i)[4]);
                sigma[i][i] = se * se;
            }
            if (name.equals("corr12")) {
                for (int i = 0; i < p; i++) {
                    String[] f = sigmaLines.get(i).split(",");
                    for (int j = 0; j < p; j++) {
                        sigma[i][j] = Double.parseDouble(f[j]);
                    }
                }
            }
            cases.put(name, new Case(labels, x, sigma));
        });
        return cases;
    }

    @Test
    void withCsranksOwnDrawsEverySetIsIdentical() throws IOException {
        Map<String, Case> cases = cases();
        Map<String, List<String[]>> runs = new LinkedHashMap<>();
        for (String[] r : csv("sets.csv")) {
            runs.computeIfAbsent(String.join("|", r[0], r[1], r[2], r[3], r[4], r[5]), k -> new ArrayList<>())
                    .add(r);
        }
        assertEquals(15, runs.size());
        int compared = 0;
        for (List<String[]> rows : runs.values()) {
            String[] first = rows.get(0);
            Case c = cases.get(first[0]);
            String method = first[1];
            Type type = switch (first[2]) {
                case "two-sided" -> Type.TWO_SIDED;
                case "lower" -> Type.LOWER;
                default -> Type.UPPER;
            };
            boolean stepdown = Boolean.parseBoolean(first[3]);
            long seed = Long.parseLong(first[5]);
            String what = String.join(" ", first[0], method, first[2], "stepdown=" + stepdown);
            int p = c.x().length;
            assertEquals(p, rows.size(), what);
            int[] rank = RankConfidenceSets.ranks(c.x(), all(p));
            if (method.equals("simul") || method.equals("marg")) {
                Sets s;
                if (method.equals("simul")) {
                    s = RankConfidenceSets.simultaneous(c.x(), c.sigma(), 0.95, type, stepdown, R, null, lehmer(seed));
                } else {
                    NormalDraws shared = lehmer(seed); // csranks without a seed: one stream through all populations
                    s = RankConfidenceSets.marginal(c.x(), c.sigma(), 0.95, type, stepdown, R, null, i -> shared);
                }
                for (int i = 0; i < p; i++) {
                    String[] r = rows.get(i);
                    assertEquals(c.labels().get(i), r[7]);
                    assertEquals(Integer.parseInt(r[8]), rank[i], what + " rank of " + r[7]);
                    assertEquals(Integer.parseInt(r[9]), s.lower()[i], what + " lower bound of " + r[7]);
                    assertEquals(Integer.parseInt(r[10]), s.upper()[i], what + " upper bound of " + r[7]);
                    compared++;
                }
            } else {
                int tau = Integer.parseInt(first[4]);
                boolean[] in = method.equals("taubest")
                        ? RankConfidenceSets.tauBest(c.x(), c.sigma(), tau, 0.95, stepdown, R, lehmer(seed))
                        : RankConfidenceSets.tauWorst(c.x(), c.sigma(), tau, 0.95, stepdown, R, lehmer(seed));
                for (int i = 0; i < p; i++) {
                    assertEquals(
                            Boolean.parseBoolean(rows.get(i)[11]), in[i], what + " tau=" + tau + " " + rows.get(i)[7]);
                    compared++;
                }
            }
        }
        assertTrue(compared > 400, "compared " + compared + " sets");
    }

    /**
     * With independent draws the sets cannot be identical everywhere: csranks itself, run twice on these estimates
     * with two seeds, gives the same marginal set in about three province-years of four (R = 1000; the SYNTHETIC
     * provinces lie close together, so a bound moves with the bootstrap's critical value). Java's sets must agree
     * with csranks's as often as csranks agrees with itself (within three binomial standard errors), and no bound may
     * move further than csranks's own bounds move between its two seeds.
     */
    @Test
    void withIndependentDrawsTheSetsAgreeWithCsranksAsOftenAsCsranksAgreesWithItself() throws IOException {
        Map<String, List<String[]>> byYear = new TreeMap<>();
        for (String[] r : csv("independent.csv")) {
            byYear.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r);
        }
        int cases = 0;
        int same = 0;
        int sameInR = 0;
        int moved = 0;
        int movedInR = 0;
        for (Map.Entry<String, List<String[]>> e : byYear.entrySet()) {
            List<String[]> rows = e.getValue();
            int p = rows.size();
            double[] x = new double[p];
            double[][] sigma = new double[p][p];
            for (int i = 0; i < p; i++) {
                x[i] = Double.parseDouble(rows.get(i)[2]);
                double se = Double.parseDouble(rows.get(i)[3]);
                sigma[i][i] = se * se;
            }
            long seed = Long.parseLong(e.getKey());
            Sets s = RankConfidenceSets.marginal(
                    x, sigma, 0.95, Type.TWO_SIDED, true, R, null, i -> RankConfidenceSets.seeded(seed * 1000 + i));
            for (int i = 0; i < p; i++) {
                String[] r = rows.get(i);
                int lower = Integer.parseInt(r[5]);
                int upper = Integer.parseInt(r[6]);
                int lowerAgain = Integer.parseInt(r[7]);
                int upperAgain = Integer.parseInt(r[8]);
                cases++;
                assertEquals(Integer.parseInt(r[4]), s.rank()[i]);
                same += lower == s.lower()[i] && upper == s.upper()[i] ? 1 : 0;
                sameInR += lower == lowerAgain && upper == upperAgain ? 1 : 0;
                moved = Math.max(moved, Math.max(Math.abs(lower - s.lower()[i]), Math.abs(upper - s.upper()[i])));
                movedInR = Math.max(movedInR, Math.max(Math.abs(lower - lowerAgain), Math.abs(upper - upperAgain)));
            }
        }
        assertEquals(504, cases);
        double share = (double) same / cases;
        double shareInR = (double) sameInR / cases;
        System.out.printf(
                "rank sets with independent draws (504 province-years, R = %d): Java = csranks in %d (%.1f%%),"
                        + " csranks = csranks with another seed in %d (%.1f%%); largest bound shift %d (csranks: %d)%n",
                R, same, 100 * share, sameInR, 100 * shareInR, moved, movedInR);
        double margin = 3 * Math.sqrt(shareInR * (1 - shareInR) / cases);
        assertTrue(
                share >= shareInR - margin,
                "Java agrees with csranks in " + same + " of " + cases + ", csranks with itself in " + sameInR);
        assertTrue(moved <= movedInR, "a bound moved by " + moved + " against csranks's own " + movedInR);
    }

    @Test
    void onPlantedTruthTheSetsCoverTheTrueRanks() {
        int p = 12;
        int reps = 500;
        double[] theta = new double[p];
        double[] se = new double[p];
        for (int i = 0; i < p; i++) {
            theta[i] = 50 + 0.6 * i + (i % 3 == 0 ? 0.2 : 0); // neighbours 1-2 standard errors apart
            se[i] = 0.3 + 0.1 * (i % 4);
        }
        int[] truth = RankConfidenceSets.ranks(theta, all(p));
        double[][] sigma = new double[p][p];
        for (int i = 0; i < p; i++) {
            sigma[i][i] = se[i] * se[i];
        }
        SplittableRandom random = new SplittableRandom(20250701L);
        int simulCovered = 0;
        int[] margCovered = new int[p];
        for (int rep = 0; rep < reps; rep++) {
            double[] x = new double[p];
            for (int i = 0; i < p; i++) {
                x[i] = theta[i] + se[i] * random.nextGaussian();
            }
            long seed = random.nextLong();
            Sets simul = RankConfidenceSets.simultaneous(
                    x, sigma, 0.95, Type.TWO_SIDED, true, R, null, RankConfidenceSets.seeded(seed));
            boolean all = true;
            for (int i = 0; i < p; i++) {
                all &= simul.lower()[i] <= truth[i] && truth[i] <= simul.upper()[i];
            }
            simulCovered += all ? 1 : 0;
            Sets marg = RankConfidenceSets.marginal(
                    x, sigma, 0.95, Type.TWO_SIDED, true, R, null, i -> RankConfidenceSets.seeded(seed + i));
            for (int i = 0; i < p; i++) {
                margCovered[i] += marg.lower()[i] <= truth[i] && truth[i] <= marg.upper()[i] ? 1 : 0;
            }
        }
        int worst = reps;
        for (int c : margCovered) {
            worst = Math.min(worst, c);
        }
        System.out.printf(
                "rank sets on planted truth (%d populations, %d replications): simultaneous cover all %.1f%%,"
                        + " marginal cover their rank %.1f%% at worst%n",
                p, reps, 100.0 * simulCovered / reps, 100.0 * worst / reps);
        assertTrue(simulCovered >= 0.95 * reps, "simultaneous coverage " + simulCovered + " of " + reps);
        for (int i = 0; i < p; i++) {
            assertTrue(margCovered[i] >= 0.95 * reps, "marginal coverage of population " + i + ": " + margCovered[i]);
        }
    }

    @Test
    void ranksShareTheBetterPlaceOnTiesAndBadInputIsRefusedWithItsReason() {
        assertArrayEquals(new int[] {3, 1, 1, 4}, RankConfidenceSets.ranks(new double[] {2, 5, 5, 1}, all(4)));
        double[][] singular = {{1, 1}, {1, 1}};
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> RankConfidenceSets.simultaneous(
                        new double[] {1, 2},
                        singular,
                        0.95,
                        Type.TWO_SIDED,
                        true,
                        R,
                        null,
                        RankConfidenceSets.seeded(1)));
        assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> RankConfidenceSets.tauBest(
                        new double[] {1, 2},
                        new double[][] {{1, 0}, {0, 1}},
                        3,
                        0.95,
                        true,
                        R,
                        RankConfidenceSets.seeded(1)));
    }

    private static int[] all(int p) {
        int[] idx = new int[p];
        for (int i = 0; i < p; i++) {
            idx[i] = i;
        }
        return idx;
    }
}
