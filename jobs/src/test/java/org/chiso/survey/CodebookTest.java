package org.chiso.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A codebook that contradicts itself is refused with its file and line, before any answer is read. */
class CodebookTest {
    private static final String HEADER =
            "survey,year_from,year_to,item,indicator,component,index,answer_min,answer_max,reverse,rule,out_min,out_max\n";

    private static byte[] codebook(String min, String max) {
        return (HEADER + "S,2020,2024,Q1,q,C1,PAPI," + min + "," + max + ",N,mean,1,10\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aValidScaleIsRead() throws IOException {
        assertEquals(1, Codebook.parse("cb.csv", codebook("1", "5")).size());
    }

    @Test
    void anEmptyOrReversedScaleIsRefusedWithFileLineAndColumn() {
        for (String[] scale : new String[][] {{"3", "3"}, {"5", "1"}}) {
            IOException e =
                    assertThrows(IOException.class, () -> Codebook.parse("cb.csv", codebook(scale[0], scale[1])));
            assertTrue(e.getMessage().startsWith("cb.csv:2:answer_min:"), e.getMessage());
            assertTrue(e.getMessage().contains("item Q1"), e.getMessage());
        }
        for (String[] scale : new String[][] {{"1", "Infinity"}, {"NaN", "5"}}) {
            IOException e =
                    assertThrows(IOException.class, () -> Codebook.parse("cb.csv", codebook(scale[0], scale[1])));
            assertTrue(e.getMessage().startsWith("cb.csv:2: not a number"), e.getMessage());
        }
    }
}
