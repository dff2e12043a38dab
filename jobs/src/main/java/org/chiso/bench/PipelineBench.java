package org.chiso.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.sql.SparkSession;
import org.chiso.harmonize.Harmonize;
import org.chiso.io.Fs;
import org.chiso.io.Progress;
import org.chiso.jobs.DemoDataJob;
import org.chiso.jobs.PipelineJob;
import org.chiso.survey.DesignOptions;

/**
 * {@code ./workbench bench pipeline}: every stage of {@code ./workbench all} timed, in one JVM and one Spark
 * session, on the demo data alone and with each given real-data folder. Each scenario runs in its own folder
 * under {@code <bench>/pipeline/} with its warehouse and reports removed first, so every stage does its
 * whole work; the SYNTHETIC demo data is generated once (its time is the {@code demo-data} and {@code synth}
 * rows of the first scenario) and copied to the others. The table goes to the console and to
 * {@code <bench>/pipeline.md} and {@code .csv}.
 */
public final class PipelineBench {
    /** Stages that only a first run on a fresh clone has: generating the demo data. */
    static final List<String> GENERATION = List.of("demo-data", "synth");

    /** One pipeline run: a name and the real-data folders it adds to the demo data. */
    public record Scenario(String name, List<String> data) {}

    /** The seconds of one scenario: Spark session start (shared by every scenario), then per stage. */
    public record Timing(Scenario scenario, Map<String, Double> seconds) {
        /** Seconds of the stages after the demo data exists: what {@code ./workbench all} costs on every later run. */
        public double total() {
            return seconds.entrySet().stream()
                    .filter(e -> !GENERATION.contains(e.getKey()))
                    .mapToDouble(Map.Entry::getValue)
                    .sum();
        }
    }

    private PipelineBench() {}

    /**
     * Runs the scenarios with the given design options (those of {@code ./workbench all}) and returns their timings;
     * {@code sessionSeconds} is the Spark session's start-up, shown as a row.
     */
    public static List<Timing> run(
            SparkSession spark,
            double sessionSeconds,
            List<Scenario> scenarios,
            DesignOptions design,
            int minRespondents,
            String out,
            Progress progress)
            throws IOException {
        Fs fs = new Fs(spark.sparkContext().hadoopConfiguration());
        String root = Fs.child(out, "pipeline");
        String firstDemo = null;
        List<Timing> timings = new ArrayList<>();
        for (Scenario sc : scenarios) {
            String dir = Fs.child(root, sc.name());
            fs.delete(Fs.child(dir, "warehouse"));
            fs.delete(Fs.child(dir, "reports"));
            String demo = DemoDataJob.folder(dir);
            if (firstDemo != null && !fs.exists(demo)) {
                FileUtil.copy(
                        fs.path(firstDemo).getFileSystem(fs.configuration()),
                        fs.path(firstDemo),
                        fs.path(demo).getFileSystem(fs.configuration()),
                        fs.path(demo),
                        false,
                        fs.configuration());
            }
            progress.line(String.format(
                    Locale.ROOT,
                    "[bench] pipeline '%s'%s in %s",
                    sc.name(),
                    sc.data().isEmpty() ? " (demo data)" : " with " + String.join(", ", sc.data()),
                    Fs.display(dir)));
            Progress p = new Progress(System.out);
            PipelineJob.run(
                    spark,
                    new PipelineJob.Options(
                            sc.data(),
                            dir,
                            DemoDataJob.DEFAULT_SEED,
                            1,
                            1e-3,
                            design,
                            minRespondents,
                            Harmonize.Weights.POPULATION,
                            null),
                    p);
            Map<String, Double> s = new LinkedHashMap<>();
            s.put("spark session", sessionSeconds);
            s.putAll(p.seconds());
            timings.add(new Timing(sc, s));
            firstDemo = firstDemo == null ? demo : firstDemo;
        }
        String table = table(timings);
        progress.line("");
        progress.line(table);
        fs.writeText(Fs.child(out, "pipeline.md"), table);
        fs.writeText(Fs.child(out, "pipeline.csv"), csv(timings));
        progress.line("[bench] written to " + Fs.display(Fs.child(out, "pipeline.md")) + " and .csv");
        return timings;
    }

    private static List<String> stages(List<Timing> timings) {
        List<String> names = new ArrayList<>();
        for (Timing t : timings) {
            for (String n : t.seconds().keySet()) {
                if (!names.contains(n)) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    /** A Markdown table: a row per stage, a column per scenario, the total without generation. */
    static String table(List<Timing> timings) {
        StringBuilder b = new StringBuilder(
                "Pipeline benchmark: seconds of wall time per stage of ./workbench all (one JVM, one Spark session)\n\n");
        b.append("| stage |");
        timings.forEach(t -> b.append(' ').append(t.scenario().name()).append(" |"));
        b.append('\n').append("|---|");
        timings.forEach(t -> b.append("---:|"));
        b.append('\n');
        for (String n : stages(timings)) {
            b.append("| ")
                    .append(n)
                    .append(GENERATION.contains(n) ? " (first run only)" : "")
                    .append(" |");
            for (Timing t : timings) {
                Double v = t.seconds().get(n);
                b.append(' ')
                        .append(v == null ? "" : String.format(Locale.ROOT, "%.1f", v))
                        .append(" |");
            }
            b.append('\n');
        }
        b.append("| **total** (session start and every stage, demo data present) |");
        timings.forEach(t -> b.append(String.format(Locale.ROOT, " **%.1f** |", t.total())));
        b.append('\n');
        return b.toString();
    }

    static String csv(List<Timing> timings) {
        StringBuilder b = new StringBuilder("scenario,data,stage,seconds\n");
        for (Timing t : timings) {
            for (Map.Entry<String, Double> e : t.seconds().entrySet()) {
                b.append(t.scenario().name())
                        .append(',')
                        .append('"')
                        .append(String.join(";", t.scenario().data()))
                        .append('"')
                        .append(',')
                        .append(e.getKey())
                        .append(',')
                        .append(String.format(Locale.ROOT, "%.3f", e.getValue()))
                        .append('\n');
            }
            b.append(t.scenario().name())
                    .append(',')
                    .append('"')
                    .append(String.join(";", t.scenario().data()))
                    .append('"')
                    .append(",total,")
                    .append(String.format(Locale.ROOT, "%.3f", t.total()))
                    .append('\n');
        }
        return b.toString();
    }
}
