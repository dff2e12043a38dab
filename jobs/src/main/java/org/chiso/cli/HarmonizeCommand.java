package org.chiso.cli;

import picocli.CommandLine.Command;

/** Harmonisation only. */
@Command(
        name = "harmonize",
        mixinStandardHelpOptions = true,
        description =
                "Harmonize the warehouse scores onto the 63- and 34-province bases (panel_63, panel_34) into a new report run.")
final class HarmonizeCommand extends AnalyzeCommand {
    @Override
    boolean analyses() {
        return false;
    }
}
