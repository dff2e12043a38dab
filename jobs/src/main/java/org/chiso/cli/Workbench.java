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
            ProvinceCommand.class
        },
        footer = {
            "",
            "Handled by the launcher script:",
            "  test       Build and run every test: unit, Spark and reference tests, R re-runs, the pipeline",
            "             and notebook tests, and the standalone-cluster test (scripts/cluster-test).",
            "  notebook   Start Jupyter on localhost with the Java kernel and the notebooks."
        })
public final class Workbench {
    public static void main(String[] args) {
        int code = new CommandLine(new Workbench())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
        System.exit(code);
    }
}
