package org.chiso.cli;

import picocli.CommandLine.Option;

/** The output folder option: everything a command writes goes below it. */
final class OutputOptions {
    @Option(
            names = "--out",
            defaultValue = "",
            description = "Output folder (Hadoop path) holding everything of a run: reports/, "
                    + "warehouse/, demo-data/. Default: the repository's reports/ and data/ (warehouse, demo, bench)")
    String out;
}
