package org.chiso.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The registry against FACTS.md section 3: counts, crosswalk, reused codes, spellings users type. */
class ProvinceRegistryTest {
    private final ProvinceRegistry r = ProvinceRegistry.load();

    @Test
    void sixtyThreeAndThirtyFourProvinces() {
        assertEquals(63, r.provinces(Basis.VN63, 2024).size());
        assertEquals(64, r.provinces(Basis.VN63, 2008).size(), "2008 still has Hà Tây");
        assertEquals(63, r.provinces(Basis.VN63, 2009).size());
        assertEquals(34, r.provinces(Basis.VN34, 2025).size());
        assertEquals(0, r.provinces(Basis.VN34, 2024).size());
    }

    @Test
    void regionsHaveTheirPublishedSizes() {
        Map<String, Long> byRegion = r.provinces(Basis.VN63, 2024).stream()
                .collect(Collectors.groupingBy(Province::region, Collectors.counting()));
        assertEquals(Map.of("NMM", 14L, "RRD", 11L, "NCC", 14L, "CH", 5L, "SE", 6L, "MD", 13L), byRegion);
    }

    @Test
    void tileGridsHaveOneTilePerProvinceOfTheirBasis() {
        for (Basis b : List.of(Basis.VN63, Basis.VN34)) {
            Map<String, ProvinceRegistry.Tile> grid = r.tileGrid(b);
            int year = b == Basis.VN63 ? 2024 : 2025;
            assertEquals(
                    r.provinces(b, year).stream().map(Province::key).collect(Collectors.toSet()),
                    grid.keySet(),
                    b.name());
            assertEquals(
                    grid.size(),
                    grid.values().stream()
                            .map(t -> t.row() + ":" + t.col())
                            .distinct()
                            .count(),
                    b + ": one province a cell");
        }
        assertEquals(
                new ProvinceRegistry.Tile(2, 3, "Hà Nội"),
                r.tileGrid(Basis.VN34).get("VN34-01"));
        assertEquals(Map.of(), r.tileGrid(Basis.NATIONAL));
    }

    @Test
    void crosswalkMapsEvery63ProvinceOntoThe34() {
        assertEquals(63, r.crosswalk().size());
        assertEquals(34, Set.copyOf(r.crosswalk().values()).size());
        assertEquals("VN34-24", r.crosswalk().get("VN63-27"), "Bắc Ninh");
        assertEquals("VN34-24", r.crosswalk().get("VN63-24"), "Bắc Giang");
        assertEquals(
                List.of("VN63-24", "VN63-27"),
                r.predecessors("VN34-24").stream().map(Province::key).toList());
        assertEquals(
                List.of("VN63-74", "VN63-77", "VN63-79"),
                r.predecessors("VN34-79").stream().map(Province::key).toList());
        for (String unchanged : List.of("01", "46", "12", "11", "14", "20", "22", "38", "40", "42", "04")) {
            assertEquals(
                    List.of("VN63-" + unchanged),
                    r.predecessors("VN34-" + unchanged).stream()
                            .map(Province::key)
                            .toList(),
                    unchanged);
        }
    }

    @Test
    void sevenReusedCodesNameDifferentProvinces() {
        Map<String, String[]> reused = Map.of(
                "24",
                new String[] {"Bắc Giang", "Bắc Ninh"},
                "15",
                new String[] {"Yên Bái", "Lào Cai"},
                "44",
                new String[] {"Quảng Bình", "Quảng Trị"},
                "52",
                new String[] {"Bình Định", "Gia Lai"},
                "80",
                new String[] {"Long An", "Tây Ninh"},
                "82",
                new String[] {"Tiền Giang", "Đồng Tháp"},
                "91",
                new String[] {"Kiên Giang", "An Giang"});
        int differing = 0;
        for (Province p : r.provinces(Basis.VN34)) {
            Province old = r.byKey("VN63-" + p.code()).orElseThrow();
            boolean sameProvince;
            try {
                sameProvince = r.resolve(old.nameVi(), Basis.VN34).equals(p);
            } catch (UnknownProvinceException e) {
                sameProvince = false;
            }
            if (!sameProvince) {
                differing++;
                assertTrue(reused.containsKey(p.code()), p.code() + " is reused but not among the seven");
            }
        }
        assertEquals(7, differing);
        reused.forEach((code, names) -> {
            assertEquals(names[0], r.resolve("VN63-" + code, Basis.VN63).nameVi());
            assertEquals(names[1], r.resolve("VN34-" + code, Basis.VN34).nameVi());
            assertNotEquals(r.resolve(code, Basis.VN63), r.resolve(code, Basis.VN34));
        });
    }

    @Test
    void population2024AddsUpToThePublishedTotal() {
        assertEquals(63, r.population2024().size());
        assertEquals(
                101343.9,
                r.population2024().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum(),
                1e-6);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "TP HCM,VN63-79",
        "TPHCM,VN63-79",
        "Hồ Chí Minh,VN63-79",
        "Ho Chi Minh,VN63-79",
        "HCMC,VN63-79",
        "Sài Gòn,VN63-79",
        "TP. Hồ Chí Minh,VN63-79",
        "Ho Chi Minh City,VN63-79",
        "BR-VT,VN63-77",
        "Bà Rịa–Vũng Tàu,VN63-77",
        "Bà Rịa - Vũng Tàu,VN63-77",
        "Ba Ria - Vung Tau,VN63-77",
        "Thừa Thiên - Huế,VN63-46",
        "Thừa Thiên Huế,VN63-46",
        "Huế,VN63-46",
        "Hue,VN63-46",
        "Hòa Bình,VN63-17",
        "Hoà Bình,VN63-17",
        "Thanh Hóa,VN63-38",
        "Thanh Hoá,VN63-38",
        "Khánh Hòa,VN63-56",
        "Khánh Hoà,VN63-56",
        "Đắk Lắk,VN63-66",
        "Dak Lak,VN63-66",
        "Daklak,VN63-66",
        "Đắk Nông,VN63-67",
        "Dak Nong,VN63-67",
        "Kon Tum,VN63-62",
        "Kontum,VN63-62",
        "Hanoi,VN63-01",
        "Hà Nội,VN63-01",
        "Thành phố Hà Nội,VN63-01",
        "Tỉnh Hà Giang,VN63-02",
        "Hà Tây,VN63-28",
        "hà nội,VN63-01",
        "HA NOI,VN63-01"
    })
    void resolvesSpellingsOnThe63Basis(String name, String key) {
        assertEquals(key, r.resolve(name, Basis.VN63).key());
        assertEquals(
                key,
                r.resolve(Normalizer.normalize(name, Normalizer.Form.NFD), Basis.VN63)
                        .key(),
                "NFD input");
        assertEquals(
                key,
                r.resolve(Normalizer.normalize(name, Normalizer.Form.NFC), Basis.VN63)
                        .key(),
                "NFC input");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "TP HCM,VN34-79",
        "Sài Gòn,VN34-79",
        "Huế,VN34-46",
        "Thừa Thiên Huế,VN34-46",
        "Đắk Lắk,VN34-66",
        "Bắc Ninh,VN34-24",
        "Hanoi,VN34-01",
        "Khánh Hoà,VN34-56"
    })
    void resolvesSpellingsOnThe34Basis(String name, String key) {
        assertEquals(key, r.resolve(name, Basis.VN34).key());
    }

    @Test
    void unknownNameNamesTheClosestCandidates() {
        UnknownProvinceException e =
                assertThrows(UnknownProvinceException.class, () -> r.resolve("Ha Noii", Basis.VN63));
        assertTrue(e.getMessage().contains("closest: Hà Nội (VN63-01)"), e.getMessage());
        e = assertThrows(UnknownProvinceException.class, () -> r.resolve("Bắc Giang", Basis.VN34));
        assertTrue(e.getMessage().contains("merged into Bắc Ninh VN34-24"), e.getMessage());
        assertThrows(UnknownProvinceException.class, () -> r.resolve("VN63-99", Basis.VN63));
        assertThrows(UnknownProvinceException.class, () -> r.resolve("", Basis.VN63));
    }

    @Test
    void haTayExistsOnlyTo2008() {
        Province haTay = r.resolve("Hà Tây", Basis.VN63);
        assertTrue(haTay.validInYear(2008));
        assertTrue(!haTay.validInYear(2009) && !haTay.validInYear(2015));
        assertEquals("VN63-01", haTay.successorKey());
    }
}
