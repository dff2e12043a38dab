package org.chiso.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table of {@code ./workbench bench estimate}: Markdown (printed and written) and CSV, with the ratios between engines. */
final class BenchTable {
    private BenchTable() {}

    /** The Markdown table, with its legend before and the notes after. */
    static String format(List<Timing> table, List<String> notes) {
        StringBuilder b = new StringBuilder();
        b.append(
                "Estimate benchmark: province x year x component means and SEs (VN63, VN34, national) from item answers.\n");
        b.append(
                "seconds = wall clock; CPU s = CPU time of the engine's process (the JVM for the workbench and DuckDB, Rscript for R).\n");
        b.append(
                "'÷ DuckDB' / '÷ R' = this row's seconds / DuckDB's (or R's) seconds at the same scale, wall clock and CPU:"
                        + " above 1 this row is slower, below 1 faster (the workbench rows: workbench time / the other engine's time).\n");
        b.append("~ = extrapolated.\n\n");
        String[] head = {
            "engine",
            "scale",
            "item answers",
            "seconds",
            "CPU s",
            "answers/s",
            "÷ DuckDB",
            "÷ R",
            "CPU ÷ DuckDB",
            "CPU ÷ R"
        };
        List<String[]> rows = new ArrayList<>();
        for (Timing t : table) {
            Timing duck = find(table, t.scale(), "DuckDB");
            Timing r = find(table, t.scale(), "R survey");
            String x = t.extrapolated() ? "~" : "";
            String xr = r != null && (r.extrapolated() || t.extrapolated()) ? "~" : "";
            rows.add(new String[] {
                t.engine(),
                Integer.toString(t.scale()),
                String.format(Locale.ROOT, "%,d", t.answers()),
                String.format(Locale.ROOT, x + "%.1f", t.seconds()),
                String.format(Locale.ROOT, x + "%.1f", t.cpuSeconds()),
                String.format(Locale.ROOT, x + "%,.0f", t.answers() / t.seconds()),
                duck == null ? "-" : String.format(Locale.ROOT, x + "%.2f", t.seconds() / duck.seconds()),
                r == null ? "-" : String.format(Locale.ROOT, xr + "%.2f", t.seconds() / r.seconds()),
                duck == null ? "-" : String.format(Locale.ROOT, x + "%.2f", t.cpuSeconds() / duck.cpuSeconds()),
                r == null ? "-" : String.format(Locale.ROOT, xr + "%.2f", t.cpuSeconds() / r.cpuSeconds())
            });
        }
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = head[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        appendRow(b, head, w);
        StringBuilder sep = new StringBuilder("|");
        for (int i = 0; i < w.length; i++) {
            sep.append(i == 0 ? ":" : "-").append("-".repeat(w[i])).append(i == 0 ? "-|" : ":|");
        }
        b.append(sep).append('\n');
        for (String[] r : rows) {
            appendRow(b, r, w);
        }
        b.append('\n');
        for (String n : notes) {
            b.append("- ").append(n).append('\n');
        }
        return b.toString();
    }

    private static void appendRow(StringBuilder b, String[] cells, int[] w) {
        b.append('|');
        for (int i = 0; i < cells.length; i++) {
            b.append(' ')
                    .append(i == 0 ? pad(cells[i], w[i], false) : pad(cells[i], w[i], true))
                    .append(" |");
        }
        b.append('\n');
    }

    private static String pad(String s, int w, boolean right) {
        String p = " ".repeat(Math.max(0, w - s.length()));
        return right ? p + s : s + p;
    }

    private static Timing find(List<Timing> table, int scale, String enginePrefix) {
        return table.stream()
                .filter(t -> t.scale() == scale && t.engine().startsWith(enginePrefix))
                .findFirst()
                .orElse(null);
    }

    /** Writes {@code estimate-bench.md} and {@code estimate-bench.csv} into {@code bench}. */
    static void write(Path bench, List<Timing> table, List<String> notes, List<Integer> scales) throws IOException {
        Files.writeString(
                bench.resolve("estimate-bench.md"),
                "# bench estimate, scales " + scales + "\n\n" + format(table, notes));
        StringBuilder csv =
                new StringBuilder("engine,scale,item_answers,seconds,cpu_seconds,answers_per_second,extrapolated,"
                        + "measured_item_answers,measured_seconds,measured_cpu_seconds\n");
        for (Timing t : table) {
            csv.append(String.format(
                    Locale.ROOT,
                    "\"%s\",%d,%d,%.3f,%.3f,%.0f,%s,%d,%.3f,%.3f%n",
                    t.engine(),
                    t.scale(),
                    t.answers(),
                    t.seconds(),
                    t.cpuSeconds(),
                    t.answers() / t.seconds(),
                    t.extrapolated(),
                    t.measuredAnswers(),
                    t.measuredSeconds(),
                    t.measuredCpuSeconds()));
        }
        Files.writeString(bench.resolve("estimate-bench.csv"), csv.toString());
    }
}
