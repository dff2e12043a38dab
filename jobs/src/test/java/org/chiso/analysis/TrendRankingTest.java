package org.chiso.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.chiso.core.Table;
import org.chiso.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Trends are ranked within their series only when they span at least {@link Analyses#MIN_RANKED_POINTS} years;
 * shorter ones are fitted and listed apart with their reason.
 */
class TrendRankingTest {

    private static Panel.Obs obs(int year, String province, double value) {
        return new Panel.Obs("VN63", "PCI", "v1", "s1", year, province, "TOTAL", "TOTAL", value, false);
    }

    private static Map<String, Row> byProvince(Table t) {
        int p = t.schema().fieldIndex("province_key");
        Map<String, Row> m = new HashMap<>();
        t.rows().forEach(r -> m.put(r.getString(p), r));
        return m;
    }

    /**
     * Planted slopes 0.1, 0.2, ..., 1.0 over 8 years rank 10 down to 1; two provinces with the same slope share the
     * better rank; a 4-year series rising 5 points a year (steeper than all) and a 3-year one are not ranked.
     */
    @Test
    void plantedSlopesRankInOrderAndShortSeriesStandApart() {
        List<Panel.Obs> panel = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            for (int year = 2015; year <= 2022; year++) {
                panel.add(obs(year, "P" + i, 50 + 0.1 * i * (year - 2015) + (year % 2 == 0 ? 0.01 : -0.01)));
            }
        }
        for (int year = 2015; year <= 2022; year++) {
            panel.add(obs(year, "TIE", 50 + 0.1 * 10 * (year - 2015) + (year % 2 == 0 ? 0.01 : -0.01)));
        }
        for (int year = 2015; year <= 2018; year++) {
            panel.add(obs(year, "SHORT4", 40 + 5 * (year - 2015)));
        }
        for (int year = 2020; year <= 2022; year++) {
            panel.add(obs(year, "SHORT3", 40 - 3 * (year - 2020)));
        }
        Table t = Analyses.trends(panel);
        Map<String, Row> rows = byProvince(t);
        int rank = t.schema().fieldIndex("slope_rank");
        int ranking = t.schema().fieldIndex("ranking");
        int slope = t.schema().fieldIndex("slope");
        assertEquals(13, rows.size(), "every series of at least 3 years is fitted");
        assertEquals(1, rows.get("P10").getInt(rank));
        assertEquals(1, rows.get("TIE").getInt(rank), "a tie shares the better rank");
        assertEquals(rows.get("P10").getDouble(slope), rows.get("TIE").getDouble(slope), 1e-12);
        for (int i = 1; i <= 9; i++) {
            assertEquals(12 - i, rows.get("P" + i).getInt(rank), "P" + i);
            assertEquals("ranked", rows.get("P" + i).getString(ranking));
        }
        assertEquals(5.0, rows.get("SHORT4").getDouble(slope), 1e-12);
        assertNull(rows.get("SHORT4").get(rank));
        assertEquals(
                "not ranked: 4 years, fewer than the 5 a ranking needs",
                rows.get("SHORT4").getString(ranking));
        assertNull(rows.get("SHORT3").get(rank));
        assertTrue(rows.get("SHORT3").getString(ranking).startsWith("not ranked: 3 years"));
    }

    /**
     * Real data: the PCI weighted totals of {@code ../shared/data/pci/pci_2005_2022_long.csv}. Hà Tây (GSO 28)
     * has 4 years (2005-2008) and the steepest OLS slope of the 64 series, with an interval too wide to rank it
     * ([-7.5, 13.6]); it is listed apart, and the 63 provinces with 18 years are ranked 1..63.
     */
    @Test
    void haTayIsNotRankedFirstAmongThePciTrends() throws IOException {
        List<String> lines = Files.readAllLines(SharedData.data("pci/pci_2005_2022_long.csv"), StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(",", -1));
        int year = header.indexOf("year");
        int code = header.indexOf("gso_code");
        int total = header.indexOf("pci_weighted");
        List<Panel.Obs> panel = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (!f[total].isEmpty()) {
                panel.add(obs(Integer.parseInt(f[year]), "GSO-" + f[code], Double.parseDouble(f[total])));
            }
        }
        Table t = Analyses.trends(panel);
        Map<String, Row> rows = byProvince(t);
        int rank = t.schema().fieldIndex("slope_rank");
        int ranking = t.schema().fieldIndex("ranking");
        int slope = t.schema().fieldIndex("slope");
        int lo = t.schema().fieldIndex("slope_ci_low");
        int hi = t.schema().fieldIndex("slope_ci_high");
        int n = t.schema().fieldIndex("n");
        Row haTay = rows.get("GSO-28");
        assertEquals(4, haTay.getInt(n));
        assertNull(haTay.get(rank));
        assertTrue(haTay.getString(ranking).startsWith("not ranked: 4 years"), haTay.getString(ranking));
        assertEquals(-7.5, haTay.getDouble(lo), 0.05);
        assertEquals(13.6, haTay.getDouble(hi), 0.05);
        double steepest = rows.values().stream()
                .mapToDouble(r -> r.getDouble(slope))
                .max()
                .orElseThrow();
        assertEquals(steepest, haTay.getDouble(slope), 0.0, "Hà Tây has the steepest slope of all series");
        List<Integer> ranks = rows.values().stream()
                .filter(r -> r.get(rank) != null)
                .map(r -> r.getInt(rank))
                .sorted()
                .toList();
        assertEquals(rows.size() - 1, ranks.size(), "every other series is ranked");
        assertEquals(1, ranks.get(0));
        assertEquals(ranks.size(), ranks.get(ranks.size() - 1));
    }
}
