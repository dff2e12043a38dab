package org.chiso.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The two output layouts: the repository's (reports/ at the root, generated data under data/) and one --out folder. */
class OutputLayoutTest {
    @Test
    void withoutOutReportsAreAtTheRootAndGeneratedDataUnderData() {
        OutputLayout l = OutputLayout.repository("/repo");
        assertEquals("/repo/reports", l.reports());
        assertEquals("/repo/reports/LATEST", l.latestMarker());
        assertEquals("/repo/data/warehouse", l.warehouse());
        assertEquals("/repo/data/warehouse/scores", l.table("scores"));
        assertEquals("/repo/data/demo", l.demoData());
        assertEquals("/repo/data/demo/microdata", l.demoMicrodata());
        assertEquals("/repo/data/bench", l.bench());
    }

    @Test
    void withOutEverythingIsUnderThatFolder() {
        OutputLayout l = OutputLayout.of("file:///tmp/run/");
        assertEquals("file:///tmp/run/reports", l.reports());
        assertEquals("file:///tmp/run/warehouse", l.warehouse());
        assertEquals("file:///tmp/run/demo-data", l.demoData());
        assertEquals("file:///tmp/run/bench", l.bench());
    }

    @Test
    void theDefaultIsTheRepositoryNamedByTheLauncher() {
        String before = System.getProperty(OutputLayout.HOME_PROPERTY);
        try {
            System.setProperty(OutputLayout.HOME_PROPERTY, "/somewhere/chiso");
            assertEquals(OutputLayout.repository("/somewhere/chiso"), OutputLayout.of(""));
            assertEquals(OutputLayout.repository("/somewhere/chiso"), OutputLayout.of(null));
        } finally {
            if (before == null) {
                System.clearProperty(OutputLayout.HOME_PROPERTY);
            } else {
                System.setProperty(OutputLayout.HOME_PROPERTY, before);
            }
        }
    }
}
