package org.chiso.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.chiso.survey.PpsVariance;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The design options as the command line reads them. */
class DesignMixinTest {
    @Command(name = "estimate")
    static final class Cmd {
        @Mixin
        DesignMixin design;
    }

    private static Cmd parse(String... args) {
        Cmd c = new Cmd();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test
    void ppsDefaultsToWithReplacementAndNamesTheOthers() {
        assertEquals(PpsVariance.WITH_REPLACEMENT, parse().design.options().pps());
        assertEquals(
                PpsVariance.BREWER, parse("--pps", "brewer").design.options().pps());
        assertEquals(
                PpsVariance.OVERTON, parse("--pps", "overton").design.options().pps());
        assertEquals(
                PpsVariance.HARTLEY_RAO,
                parse("--pps", "hartley-rao").design.options().pps());
        assertThrows(
                IllegalArgumentException.class,
                () -> parse("--pps", "sampford").design.options());
    }
}
