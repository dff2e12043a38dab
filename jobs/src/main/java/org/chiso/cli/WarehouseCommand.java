package org.chiso.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.chiso.io.Fs;
import org.chiso.io.OutputLayout;
import org.chiso.io.Progress;
import org.chiso.jobs.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The warehouse's completed runs, any incomplete run, and discarding it. */
@Command(
        name = "warehouse",
        mixinStandardHelpOptions = true,
        description = "List the warehouse's completed runs (each with the Delta version of every table) and any run "
                + "that did not complete; --discard restores the tables to the last completed run.")
final class WarehouseCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    @Option(
            names = "--discard",
            description = "Discard the writes of runs that did not complete (the next writing command does it too)")
    boolean discard;

    @Mixin
    SparkMixin spark;

    @Override
    public Integer call() throws Exception {
        Progress progress = new Progress(System.out);
        if (discard) {
            // restoring tables needs Spark; listing does not
            try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf);
                    Warehouse w = Warehouse.begin(s, output.out, "warehouse --discard", progress)) {
                progress.line("[warehouse] nothing left to discard: the tables are as run "
                        + (w.basis() == null ? "(none)" : w.basis().run()) + " left them");
            }
        }
        Fs fs = new Fs(new org.apache.hadoop.conf.Configuration());
        String root = OutputLayout.of(output.out).warehouse();
        List<Warehouse.Commit> commits = Warehouse.commits(fs, output.out);
        progress.line("warehouse " + Fs.display(fs.path(root).toString()) + ": " + commits.size() + " completed runs");
        for (Warehouse.Commit c : commits) {
            progress.line(String.format(
                    java.util.Locale.ROOT,
                    "  %4d  run %s  %-9s finished %s  %s",
                    c.number(),
                    c.run(),
                    c.command(),
                    c.finished(),
                    c.tables()));
        }
        for (Warehouse.Incomplete i : Warehouse.incomplete(fs, output.out)) {
            progress.line("  incomplete: " + i + " (./workbench warehouse --discard, or run it again)");
        }
        return 0;
    }
}
