package org.chiso.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code workbench <command> [options]}. */
@Command(name = "workbench", mixinStandardHelpOptions = true, version = "Chỉ số Workbench 0.1.0",
        description = "Analytical workbench for Vietnam's provincial governance indices (PAR Index, SIPAS, PAPI, PCI) on Apache Spark.",
        subcommands = {AllCommand.class, AnalyzeCommand.class, CompareRunsCommand.class, DemoDataCommand.class, EstimateCommand.class, HarmonizeCommand.class, IngestCommand.class, ProvinceCommand.class},
        footer = {"", "  test       Build and run every test (mvn -B verify); handled by the launcher script."})
public final class Workbench {
    public static void main(String[] args) {
        int code = new CommandLine(new Workbench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }
}
