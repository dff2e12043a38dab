package org.chiso.cli;

import picocli.CommandLine.Option;

/** The output folder option: everything a command writes goes below it. */
final class OutputOptions {
    @Option(names = "--out", defaultValue = "output", description = "Output folder (Hadoop path; default ${DEFAULT-VALUE})")
    String out;
}
