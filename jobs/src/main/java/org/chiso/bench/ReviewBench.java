package org.chiso.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.chiso.analysis.stats.IndexUncertainty;
import org.chiso.analysis.stats.SaltelliDesign;
import org.chiso.analysis.stats.WhatIf;
import org.chiso.io.Progress;
import org.chiso.jobs.SensitivityJob;

/**
 * {@code ./workbench bench review}: seconds of the review's Monte Carlo (Saltelli's design over the index's uncertain
 * choices, one Spark job) at growing N on 63 provinces, seconds per model run, and beside it the same model in a plain
 * base-R loop ({@code replicate}) on the same inputs. The inputs: the real PAPI dimensions of 2024 from
 * {@code <data>/papi/papi_2011_2024_subdimensions_long.csv} when present, else a SYNTHETIC 63 x 8 panel (said so).
 */
public final class ReviewBench {
    private ReviewBench() {}

    /** Runs the benchmark and writes {@code <bench>/review.md}. */
    public static void run(SparkSession spark, List<Long> rows, long rRows, Path data, Path bench, Progress progress)
            throws IOException {
        Files.createDirectories(bench);
        Path papi = data.resolve("papi/papi_2011_2024_subdimensions_long.csv");
        double[][] x;
        String inputs;
        if (Files.exists(papi)) {
            x = papi2024(papi);
            inputs = "the real PAPI dimensions D1..D8 of 2024 (" + papi + "), " + x.length + " provinces";
        } else {
            x = synthetic();
            inputs = "a SYNTHETIC 63 x 8 panel (" + papi + " not found)";
        }
        double[] w = {1, 1, 1, 1, 1, 1, 1, 1};
        double[] total = new double[x.length];
        for (int u = 0; u < x.length; u++) {
            for (double v : x[u]) {
                total[u] += v;
            }
        }
        IndexUncertainty model = new IndexUncertainty(
                x,
                null,
                w,
                0.25,
                List.of(WhatIf.Imputation.values()),
                List.of(WhatIf.Normalisation.values()),
                List.of(WhatIf.Aggregation.values()),
                WhatIf.ranks(total));
        List<String> lines = new ArrayList<>();
        lines.add("# bench review");
        lines.add("");
        lines.add("Inputs: " + inputs + ". Factors: weights (U[0.75, 1.25] each), normalisation (5), aggregation (3),"
                + " imputation (3); N (d + 2) = 6N runs of the index; Spark master "
                + spark.sparkContext().master()
                + ", " + spark.sparkContext().defaultParallelism() + " cores.");
        lines.add("");
        long base = rows.stream().filter(n -> n >= 100_000).findFirst().orElse(rows.get(0));
        lines.add("| engine | N | runs | seconds | µs per run | per-run cost vs N = "
                + String.format(Locale.ROOT, "%,d", base) + " |");
        lines.add("|---|---:|---:|---:|---:|---:|");
        double first = Double.NaN;
        // a warm-up job, so the first figure does not carry the JIT's and Spark's first-job costs alone
        SaltelliDesign.finish(SensitivityJob.sums(spark, model, 50_000, 1, 100, 0), 1000, 0.95, 1, 10);
        for (long n : rows) {
            progress.stage("bench", "review Monte Carlo, N = " + n + " (" + 6 * n + " runs, one Spark job)");
            Clock c = new Clock();
            SaltelliDesign.Result r =
                    SaltelliDesign.finish(SensitivityJob.sums(spark, model, n, 20250701L, 100, 0), 1000, 0.95, 7, 10);
            double s = c.stop().wall;
            double perRun = s / r.runs() * 1e6;
            if (n == base) {
                first = perRun;
            }
            String line = String.format(
                    Locale.ROOT,
                    "| workbench (Spark) | %,d | %,d | %.1f | %.2f | %s |",
                    n,
                    r.runs(),
                    s,
                    perRun,
                    Double.isNaN(first) ? "" : String.format(Locale.ROOT, "%.2f", perRun / first));
            lines.add(line);
            progress.line("[bench] " + line);
        }
        lines.add(rLoop(x, rRows, bench, progress));
        lines.add("");
        lines.add("Command: `./workbench bench review --replications "
                + String.join(",", rows.stream().map(String::valueOf).toList()) + " --r-replications " + rRows
                + "`; the Spark figures include the block bootstrap (1,000 resamples).");
        Files.write(bench.resolve("review.md"), lines, StandardCharsets.UTF_8);
        lines.forEach(l -> System.out.println(l));
    }

    private static String rLoop(double[][] x, long rows, Path bench, Progress progress) throws IOException {
        Path script = bench.resolve("bench_review.R");
        try (InputStream in = ReviewBench.class.getResourceAsStream("bench_review.R")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path inputs = bench.resolve("review_inputs.csv");
        List<String> csv = new ArrayList<>();
        csv.add("D1,D2,D3,D4,D5,D6,D7,D8");
        for (double[] row : x) {
            List<String> cells = new ArrayList<>();
            for (double v : row) {
                cells.add(Double.isNaN(v) ? "NA" : Double.toString(v));
            }
            csv.add(String.join(",", cells));
        }
        Files.write(inputs, csv, StandardCharsets.UTF_8);
        Path results = bench.resolve("review_r.csv");
        progress.stage("bench", "review Monte Carlo in base R (replicate), N = " + rows + " (" + 6 * rows + " runs)");
        try {
            Process p = new ProcessBuilder(
                            "Rscript", script.toString(), inputs.toString(), Long.toString(rows), results.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                return "| R (base, replicate) | " + rows + " | | failed: "
                        + out.strip().replace('\n', ' ') + " | | |";
            }
        } catch (IOException e) {
            return "| R (base, replicate) | " + rows + " | | not run: " + e.getMessage() + " | | |";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while R ran", e);
        }
        String[] f = Files.readAllLines(results, StandardCharsets.UTF_8).get(1).split(",");
        double s = Double.parseDouble(f[2]);
        long runs = Long.parseLong(f[1]);
        String line = String.format(
                Locale.ROOT, "| R (base, replicate) | %,d | %,d | %.1f | %.2f | |", rows, runs, s, s / runs * 1e6);
        progress.line("[bench] " + line);
        return line;
    }

    private static double[][] papi2024(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(",", -1));
        int d1 = header.indexOf("D1");
        List<double[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", -1);
            if (f[0].equals("2024")) {
                double[] r = new double[8];
                for (int i = 0; i < 8; i++) {
                    r[i] = f[d1 + i].isEmpty() ? Double.NaN : Double.parseDouble(f[d1 + i]);
                }
                rows.add(r);
            }
        }
        return rows.toArray(new double[0][]);
    }

    private static double[][] synthetic() {
        SplittableRandom r = new SplittableRandom(20250701L);
        double[][] x = new double[63][8];
        for (int u = 0; u < 63; u++) {
            double level = r.nextGaussian();
            for (int i = 0; i < 8; i++) {
                x[u][i] = 5 + 0.5 * level + 0.4 * r.nextGaussian();
            }
        }
        return x;
    }
}
