package org.chiso.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** OWASP's CSV-injection rule for text cells, and the exact way back. */
class CsvGuardTest {
    @Test
    void textThatASpreadsheetWouldEvaluateIsPrefixedAndRestored() {
        assertEquals("'=HYPERLINK(\"x\")", CsvGuard.neutralise("=HYPERLINK(\"x\")"));
        assertEquals("'+1", CsvGuard.neutralise("+1"));
        assertEquals("'-0.5", CsvGuard.neutralise("-0.5"));
        assertEquals("'@SUM(A1)", CsvGuard.neutralise("@SUM(A1)"));
        assertEquals("'\tx", CsvGuard.neutralise("\tx"));
        assertEquals("'\rx", CsvGuard.neutralise("\rx"));
        assertEquals("Hà Nội", CsvGuard.neutralise("Hà Nội"));
        assertEquals("a=b", CsvGuard.neutralise("a=b"));
        assertEquals("'", CsvGuard.neutralise("'"));
        for (String s : List.of("=1", "-", "'=1", "''-x", "'", "''", "'a", "plain", "", "@", "x-y", "'\t")) {
            assertEquals(s, CsvGuard.restore(CsvGuard.neutralise(s)), "round trip of [" + s + "]");
        }
        assertEquals("''=1", CsvGuard.neutralise("'=1"), "a quote already in front gets one more");
    }
}
