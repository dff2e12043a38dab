package org.chiso.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled scheme against issue 20's figures, and the loader's checks on broken copies of it. */
class ServiceSchemeTest {
    private static final Path DIR = Path.of("../data/definitions/service_index");

    private static String file(String name) throws IOException {
        return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
    }

    @Test
    void bundledSchemeHasTheIssuesGroupMaxima() {
        ServiceScheme s = ServiceScheme.bundled();
        assertEquals(List.of("2024", "2022"), s.versionNames());
        assertEquals(
                List.of(18.0, 20.0, 12.0, 10.0, 18.0, 22.0),
                s.version("2024").groups().stream()
                        .map(ServiceScheme.Group::maxPoints)
                        .toList());
        assertEquals(
                List.of(18.0, 20.0, 22.0, 18.0, 22.0),
                s.version("2022").groups().stream()
                        .map(ServiceScheme.Group::maxPoints)
                        .toList());
        assertEquals(21, s.version("2022").indicators().size());
        ServiceScheme.Indicator online = s.version("2024").indicators().stream()
                .filter(i -> i.name().equals("dossiers_online"))
                .findFirst()
                .orElseThrow();
        assertEquals(0.5, online.fullAt());
        // 6 x min(1, 0.3 / 0.5) = 3.6; a zero denominator gives full points
        assertEquals(3.6, online.points(0.3), 1e-12);
        assertEquals(6.0, online.points(0.7));
        assertEquals(6.0, online.points(null));
        assertEquals("excellent", s.band(90.0));
        assertEquals("good", s.band(89.999));
        assertEquals("weak", s.band(0.0));
        assertEquals("average", s.band(50.0));
        assertTrue(s.version("2024").indicators().stream()
                .allMatch(i -> !i.source().isEmpty()));
    }

    @Test
    void brokenSchemesAreRefusedWithFileAndLine() throws IOException {
        String groups = file("groups.csv");
        String indicators = file("indicators.csv");
        String bands = file("bands.csv");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ServiceScheme.parse(groups.replace("2024,online,12", "2024,online,13"), indicators, bands));
        assertEquals("groups.csv: the group maxima of version 2024 sum to 101, not 100", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> ServiceScheme.parse(
                        groups,
                        indicators.replaceFirst("2024,transparency,synced,6,", "2024,transparency,synced,5,"),
                        bands));
        assertEquals(
                "indicators.csv: the indicator maxima of group transparency in version 2024 sum to 17, not its maximum 18"
                        + " (groups.csv)",
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> ServiceScheme.parse(groups, indicators.replaceFirst(",digitised,", ",digitized,"), bands));
        assertTrue(e.getMessage().startsWith("indicators.csv:17: indicator digitized is not a rate"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> ServiceScheme.parse(groups, indicators, bands.replace("fair,70,80", "fair,70,79")));
        assertTrue(
                e.getMessage().contains("band fair ends at 79.0 but the next band, good, starts at 80.0"),
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> ServiceScheme.parse(groups, indicators.replaceFirst(",2,0.8,", ",2,1.5,"), bands));
        assertTrue(e.getMessage().startsWith("indicators.csv:7: full_at must be in (0, 1]"), e.getMessage());
    }
}
