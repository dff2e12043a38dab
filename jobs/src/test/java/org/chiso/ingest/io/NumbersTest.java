package org.chiso.ingest.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumbersTest {

    @Test
    void acceptsDecimalPointOrComma() {
        assertEquals(1.5, Numbers.parse("1,5"));
        assertEquals(1.5, Numbers.parse(" 1.5 "));
        assertEquals(-22.5, Numbers.parse("-2,25e1"));
        assertEquals(0.0015, Numbers.parse("+1.5e-3"));
        assertEquals(0.5, Numbers.parse(".5"));
        assertEquals(33.805961132049561, Numbers.parse("33.805961132049561"));
        assertTrue(Numbers.looksNumeric("42"));
    }

    @Test
    void rejectsBothMarksAsAmbiguous() {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Numbers.parse("1.234,5"));
        assertEquals("ambiguous number '1.234,5': both ',' and '.'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc",
                "NaN",
                "Infinity",
                "-Infinity",
                "0x10",
                "1,2,3",
                "1.2.3",
                "1d",
                "12a",
                "1 000",
                "e5",
                "-",
                "1e400"
            })
    void rejectsNonNumbersQuotingTheText(String text) {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Numbers.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertFalse(Numbers.looksNumeric(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void rejectsEmpty(String text) {
        assertThrows(NumberFormatException.class, () -> Numbers.parse(text));
        assertFalse(Numbers.looksNumeric(text));
        assertFalse(Numbers.looksNumeric(null));
    }
}
