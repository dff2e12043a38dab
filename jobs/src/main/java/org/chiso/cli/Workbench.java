package org.chiso.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code workbench <command> [options]}. */
@Command(
        name = "workbench",
        mixinStandardHelpOptions = true,
        version = "Chỉ số Workbench 0.1.0",
        description =
                "Analytical workbench for Vietnam's provincial governance indices (PAR Index, SIPAS, PAPI, PCI) on Apache Spark.",
        subcommands = {
            AllCommand.class,
            AnalyzeCommand.class,
            BenchCommand.class,
            CompareRunsCommand.class,
            DemoDataCommand.class,
            EstimateCommand.class,
            HarmonizeCommand.class,
            IngestCommand.class,
            ProvinceCommand.class,
            ReviewCommand.class,
            ServiceIndexCommand.class,
            WarehouseCommand.class
        },
        footer = {
            "",
            "Handled by the launcher script:",
            "  test       Build and run every test: unit, Spark and reference tests, R re-runs, the pipeline",
            "             and notebook tests, and the standalone-cluster test (scripts/cluster-test).",
            "  notebook   Start Jupyter on localhost with the Java kernel and the notebooks."
        })
public final class Workbench {
    /** Exit code of a run stopped by its input (a file, a folder, an option, the data). */
    static final int INPUT_ERROR = 2;
    /** Exit code of a bug (any other exception), which prints its stack trace. */
    static final int BUG = 70;

    public static void main(String[] args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        String[] rest =
                java.util.Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        int code = new CommandLine(new Workbench())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> handle(e, debug, cmd.getErr()))
                .execute(rest);
        System.exit(code);
    }

    /**
     * A run stopped by its input prints one message naming what was wrong, without a stack trace (with {@code --debug}
     * anywhere on the command line, the trace too); anything else is a bug and prints its trace.
     */
    static int handle(Exception e, boolean debug, java.io.PrintWriter err) {
        if (isInputError(e)) {
            err.println("workbench: " + message(e));
            if (debug) {
                e.printStackTrace(err);
            } else {
                err.println("(add --debug for the stack trace)");
            }
            err.flush();
            return INPUT_ERROR;
        }
        err.println("workbench: an unexpected error; this is a bug, please report it with the stack trace below");
        e.printStackTrace(err);
        err.flush();
        return BUG;
    }

    /** Input errors: unreadable or refused files and folders, refused options or data, Spark's analysis errors. */
    static boolean isInputError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException
                    || t instanceof IllegalArgumentException
                    || t instanceof org.chiso.survey.LonelyPsuException
                    || t instanceof org.chiso.jobs.WarehouseStateException
                    || t instanceof org.apache.spark.sql.AnalysisException) {
                return true;
            }
        }
        return false;
    }

    /** The exception's message and those of its causes that add something. */
    static String message(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null || m.isBlank() || b.indexOf(m.strip()) >= 0) {
                continue;
            }
            b.append(b.length() == 0 ? "" : ": ").append(m.strip());
        }
        return b.length() == 0 ? e.getClass().getSimpleName() : b.toString();
    }
}
