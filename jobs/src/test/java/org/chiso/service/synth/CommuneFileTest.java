package org.chiso.service.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.chiso.core.ProvinceRegistry;
import org.chiso.testing.SharedData;
import org.junit.jupiter.api.Test;

/** The commune conversion file (real, from ../shared/data) and the invented communes when it is absent. */
class CommuneFileTest {
    private static CommuneFile.Read real() throws IOException {
        try (InputStream in = Files.newInputStream(SharedData.data("admin/commune_conversion_2025.csv"))) {
            return CommuneFile.read("commune_conversion_2025.csv", in);
        }
    }

    @Test
    void theRealFileGivesThe3321NewCommunesOfThe34Provinces() throws IOException {
        CommuneFile.Read r = real();
        assertEquals(3321, r.communes().size());
        Map<String, Long> perProvince = r.communes().stream()
                .collect(Collectors.groupingBy(CommuneFile.Commune::provinceCode, Collectors.counting()));
        assertEquals(34, perProvince.size());
        assertEquals(92L, perProvince.get("19")); // Thái Nguyên
        assertEquals(168L, perProvince.get("79")); // TP Hồ Chí Minh
        // one new code per row of the old communes it merges: far more rows than communes, and a few respellings
        assertTrue(r.rows() > 10_000, "rows " + r.rows());
        assertEquals(6, r.respelled());
        Map<String, CommuneFile.Commune> byCode =
                r.communes().stream().collect(Collectors.toMap(CommuneFile.Commune::code, c -> c));
        // the units the published figures name, under Thái Nguyên
        Map<String, String> listed = Map.of(
                "05542", "Xã Lam Vỹ",
                "01894", "Xã Phúc Lộc",
                "05707", "Xã Nam Hòa",
                "05455", "Phường Quyết Thắng",
                "05890", "Phường Vạn Xuân",
                "05830", "Xã Đại Từ");
        listed.forEach((code, name) -> {
            assertEquals(name, byCode.get(code).name());
            assertEquals("19", byCode.get(code).provinceCode());
        });
        // a name with a line break inside its quotes, kept clean
        assertEquals("Phường Chánh Phú Hòa", byCode.get("25837").name());
    }

    @Test
    void headingRowsRespellingsAndBadCodesAreHandled() throws IOException {
        String text = "Đơn vị hành chính từ ngày 01/7/2025,,,Trước,,,,,\n"
                + "\"Tỉnh, thành phố\",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,\n"
                + "TỈNH THÁI NGUYÊN  ,,,,,,,,\n"
                + "Tỉnh Thái Nguyên (19),Xã Điềm Thụy,05941,A,1,,,,\n"
                + "Tỉnh Thái Nguyên (19),Xã Điềm Thuỵ,05941,B,2,,,,\n"
                + "Tỉnh Thái Nguyên (19),\"Xã Lam\nVỹ \",05542,C,3,,,,\n";
        CommuneFile.Read r = CommuneFile.read("t.csv", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(
                List.of("05941", "05542"),
                r.communes().stream().map(CommuneFile.Commune::code).toList());
        assertEquals("Xã Lam Vỹ", r.communes().get(1).name());
        assertEquals(3, r.rows());
        assertEquals(1, r.respelled());

        String bad = text + "Tỉnh Thái Nguyên (19),Xã X,5543,D,4,,,,\n";
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> CommuneFile.read("t.csv", new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("t.csv line 8, column 3"), e.getMessage());
    }

    @Test
    void withTheFileCommunesAreRealWithoutItTheyAreInventedAndLabelled() throws IOException {
        ProvinceRegistry reg = ProvinceRegistry.load();
        DossierModel withFile = DossierModel.build(7, 0.001, reg, real().communes());
        DossierModel without = DossierModel.build(7, 0.001, reg, null);
        List<ServiceUnit> realCommunes = withFile.units().stream()
                .filter(u -> u.level().equals(ServiceUnit.COMMUNE))
                .toList();
        List<ServiceUnit> invented = without.units().stream()
                .filter(u -> u.level().equals(ServiceUnit.COMMUNE))
                .toList();
        assertEquals(3321, realCommunes.size());
        assertTrue(realCommunes.stream().noneMatch(ServiceUnit::synthetic));
        assertEquals(34 * 20, invented.size());
        assertTrue(invented.stream().allMatch(u -> u.synthetic() && u.name().startsWith("Xã tổng hợp ")));
        assertTrue(invented.stream().allMatch(u -> u.unitKey().matches("VN34-\\d\\d/C/\\d{5}")));
        int departments = Department.load().size();
        for (DossierModel m : List.of(withFile, without)) {
            assertEquals(
                    34,
                    m.units().stream()
                            .filter(u -> u.level().equals(ServiceUnit.PROVINCE))
                            .count());
            assertEquals(
                    34L * departments,
                    m.units().stream()
                            .filter(u -> u.level().equals(ServiceUnit.DEPARTMENT))
                            .count());
        }
        assertEquals(
                "VN34-19/C/05542",
                realCommunes.stream()
                        .filter(u -> u.name().equals("Xã Lam Vỹ"))
                        .findFirst()
                        .orElseThrow()
                        .unitKey());
    }
}
