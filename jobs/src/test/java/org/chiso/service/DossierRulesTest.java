package org.chiso.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written timestamp reader agrees with {@code LocalDateTime.parse} (to the millisecond) and refuses the rest. */
class DossierRulesTest {
    private static Long reference(String s) {
        try {
            String t = s.trim();
            if (t.length() > 10 && t.charAt(10) == ' ') {
                t = t.substring(0, 10) + 'T' + t.substring(11);
            }
            LocalDateTime d = LocalDateTime.parse(t);
            return d.toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void timestampsAgreeWithTheJavaTimeParser() {
        for (String s : List.of(
                "2025-11-20T08:00",
                "2025-11-20 08:00:59",
                " 2024-02-29T23:59:59.5 ",
                "2024-02-29T23:59:59.123456789",
                "1970-01-01T00:00",
                "1969-12-31T23:59:59.999",
                "2025-02-29T08:00",
                "2025-13-01T08:00",
                "2025-11-31T08:00",
                "2025-11-20T24:00",
                "2025-11-20T08:60",
                "2025-11-20T08:00:60",
                "2025-11-20T08",
                "2025-11-20",
                "20/11/2025 08:00",
                "2025-11-20T08:00:5",
                "2025-11-20T08:00:00.",
                "2025-11-20T08:00Z",
                "2025-1a-20T08:00")) {
            assertEquals(reference(s), DossierRules.timestamp(s), s);
        }
    }
}
