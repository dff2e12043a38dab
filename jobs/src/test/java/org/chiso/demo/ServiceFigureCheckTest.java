package org.chiso.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.chiso.service.synth.ServiceUnit;
import org.junit.jupiter.api.Test;

/** The published service-index figures against the scheme's ranges (FACTS.md section 2, docs/DOSSIERS.md section 4). */
class ServiceFigureCheckTest {
    private static final List<ServiceFigureCheck.Verdict> VERDICTS = ServiceFigureCheck.check(PublishedFigures.load());

    private static ServiceFigureCheck.Verdict of(String component) {
        return VERDICTS.stream()
                .filter(v -> v.figure().contains(" " + component + " "))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everyServiceFigureGetsAVerdictAndNoneIsDropped() {
        long service = PublishedFigures.load().stream()
                .filter(f -> f.index().equals("SERVICE"))
                .count();
        assertEquals(19, service);
        assertEquals(service + 1, VERDICTS.size()); // and one for the sum of Thái Nguyên's groups
        for (ServiceFigureCheck.Verdict v : VERDICTS) {
            assertTrue(v.unitKey().startsWith("VN34-19"), v.toString());
        }
    }

    @Test
    void onlineServices184IsBeyondVersion2024AndWithinVersion2022() {
        ServiceFigureCheck.Verdict online = of("ONLINE_SERVICES");
        assertEquals(18.4, online.value());
        assertFalse(online.producible2024());
        assertTrue(online.producible2022());
        assertTrue(online.reason().contains("exceeds the 12-point maximum"), online.reason());
        ServiceFigureCheck.Verdict payment = of("ONLINE_PAYMENT");
        assertTrue(payment.producible2024());
        assertFalse(payment.producible2022());
        ServiceFigureCheck.Verdict sum = VERDICTS.get(VERDICTS.size() - 1);
        // 15.61 + 19.63 + 18.4 + 10 + 17.76 + 20.8
        assertEquals(102.2, sum.value(), 1e-9);
        assertFalse(sum.producible2024());
        assertTrue(sum.producible2022());
        assertTrue(sum.reason().contains("92.20"), sum.reason());
    }

    @Test
    void theOtherGroupsAndEveryUnitTotalAreProducible() {
        for (String c : List.of("TRANSPARENCY", "DOSSIER_PROGRESS", "SATISFACTION", "DIGITISATION")) {
            assertTrue(of(c).producible2024() && of(c).producible2022(), c);
        }
        List<ServiceFigureCheck.Verdict> units = VERDICTS.stream()
                .filter(v -> v.figure().contains("unit_points"))
                .toList();
        assertEquals(13, units.size());
        for (ServiceFigureCheck.Verdict v : units) {
            assertTrue(v.producible2024() && v.producible2022(), v.toString());
            assertTrue(v.unitKey().matches("VN34-19/(D/[A-Z]+|C/\\d{5})"), v.unitKey());
        }
        assertEquals(
                List.of(
                        "SERVICE 2025 VN34-19 ONLINE_SERVICES group_points=18.4 (seed article)",
                        "SERVICE VN34-19 2025 sum of the published groups"),
                ServiceFigureCheck.notProducible(VERDICTS, 2024).stream()
                        .map(ServiceFigureCheck.Verdict::figure)
                        .toList());
        assertEquals(
                ServiceUnit.departmentKey("VN34-19", "TTR"),
                of("DEPT_INSPECTORATE").unitKey());
    }
}
