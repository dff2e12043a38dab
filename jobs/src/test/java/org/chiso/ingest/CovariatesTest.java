package org.chiso.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chiso.core.ProvinceRegistry;
import org.chiso.harmonize.Covariates;
import org.chiso.testing.Inputs;
import org.chiso.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The covariates read from the real population and PCI covariates files, and their 34-province values checked against
 * sums formed here from the raw files and the statistics office's crosswalk in ../shared/data/admin (an outside source,
 * not the bundled crosswalk the code uses).
 */
class CovariatesTest {
    private static final Path POPULATION =
            SharedData.data("population/avg_population_by_province_2005_2024_thousand.csv");
    private static final Path PCI = SharedData.data("pci/pci_grdp_population_2016_2022.csv");

    private static final List<String> COLUMNS =
            List.of("grdp", "urban", "private", "publicstate", "fdi", "unem", "labor", "ent");

    /** The raw file as rows of fields by line number (simple comma split: the real files quote nothing but source). */
    private static Map<Integer, Map<String, String>> raw(Path p) throws IOException {
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        String[] h = lines.get(0).split(",", -1);
        Map<Integer, Map<String, String>> out = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            Map<String, String> r = new HashMap<>();
            for (int c = 0; c < h.length && c < f.length; c++) {
                r.put(h[c], f[c]);
            }
            out.put(i + 1, r);
        }
        return out;
    }

    @Test
    void everyValueOfTheRealFilesIsReadWithItsProvenance() throws IOException {
        IngestRun run = Inputs.ingest(POPULATION, PCI);
        for (IngestRun.FileSummary f : run.files()) {
            assertEquals("read", f.status(), f.toString());
            assertEquals(f.rowsIn(), f.accepted() + f.rejected(), "rows in = accepted + rejected: " + f);
        }
        assertEquals(0, run.rejects().size(), run.rejects().toString());
        IngestRun.FileSummary pop = run.files().get(0);
        assertEquals(20 * 63, pop.accepted(), "2005-2024 x 63");
        IngestRun.FileSummary pci = run.files().get(1);
        long pciCovariates = run.covariates().stream()
                .filter(c -> c.file().equals(PCI.toString()))
                .count();
        Map<Path, Map<Integer, Map<String, String>>> files = Map.of(POPULATION, raw(POPULATION), PCI, raw(PCI));
        long blank = files.get(PCI).values().stream()
                .flatMap(r -> COLUMNS.stream().map(r::get))
                .filter(String::isEmpty)
                .count();
        assertEquals(173, blank, "private and publicstate blank in 2022 (126), fdi in 47 province-years");
        assertEquals(blank, pci.blankCells(), "blank cells counted");
        assertEquals(8 * 441, pciCovariates + blank, "8 covariate columns x 441 rows: read or blank");
        for (Covariate c : run.covariates()) {
            Map<String, String> row = files.get(Path.of(c.file())).get(c.line());
            assertEquals(Double.parseDouble(row.get(c.column())), c.value(), c + " against its line");
            assertEquals("VN63-" + row.get("gso_code"), c.provinceKey(), c.toString());
            assertEquals(Integer.parseInt(row.get("year")), c.year(), c.toString());
            if (c.variable() == CovariateVariable.POPULATION) {
                assertEquals(c.year() <= 2010, c.note().contains("level break"), "the pre-2019-census flag: " + c);
            }
        }
        assertTrue(run.covariates().stream().anyMatch(c -> c.variable() == CovariateVariable.FDI && c.value() < 0));
    }

    @Test
    void theMergedProvincesAreSumsAndRatiosOfTheirPredecessors() throws IOException {
        IngestRun run = Inputs.ingest(POPULATION, PCI);
        Covariates.Result both = Covariates.bothBases(run.covariates(), ProvinceRegistry.load());
        Map<String, String> newCode = new HashMap<>();
        for (Map<String, String> r : raw(SharedData.data("admin/crosswalk_63_to_34_provinces_2025.csv"))
                .values()) {
            newCode.put(r.get("old_gso_code"), r.get("new_nso_code"));
        }
        assertEquals(63, newCode.size());
        Map<String, double[]> sums = new HashMap<>(); // new code|year -> pop, grdp, labour, unemployed
        Map<String, int[]> fdi = new HashMap<>(); // new code|year -> predecessors, those with a blank fdi
        for (Map<String, String> r : raw(POPULATION).values()) {
            sums.computeIfAbsent(newCode.get(r.get("gso_code")) + "|" + r.get("year"), k -> new double[4])[0] +=
                    Double.parseDouble(r.get("avg_population_thousand"));
        }
        for (Map<String, String> r : raw(PCI).values()) {
            double[] s = sums.get(newCode.get(r.get("gso_code")) + "|" + r.get("year"));
            s[1] += Double.parseDouble(r.get("grdp"));
            s[2] += Double.parseDouble(r.get("labor"));
            s[3] += Double.parseDouble(r.get("labor")) * Double.parseDouble(r.get("unem"));
            int[] n = fdi.computeIfAbsent(newCode.get(r.get("gso_code")) + "|" + r.get("year"), k -> new int[2]);
            n[0]++;
            n[1] += r.get("fdi").isEmpty() ? 1 : 0;
        }
        Map<String, Covariate> vn34 = new HashMap<>();
        both.values().stream()
                .filter(c -> c.basis().equals("VN34"))
                .forEach(c -> vn34.put(c.variable().id() + "|" + c.provinceKey() + "|" + c.year(), c));
        assertEquals(
                34 * 20,
                both.values().stream()
                        .filter(c -> c.basis().equals("VN34") && c.variable() == CovariateVariable.POPULATION)
                        .count());
        List<String> checked = new ArrayList<>();
        sums.forEach((k, s) -> {
            String[] p = k.split("\\|");
            String key = "VN34-" + p[0];
            int year = Integer.parseInt(p[1]);
            assertEquals(s[0], vn34.get("population|" + key + "|" + year).value(), 1e-9 * s[0], k);
            if (year >= 2016 && year <= 2022) {
                assertEquals(s[1], vn34.get("grdp|" + key + "|" + year).value(), 1e-9 * s[1], k);
                assertEquals(
                        s[1] / s[0],
                        vn34.get("grdp_per_capita|" + key + "|" + year).value(),
                        1e-12 * s[1] / s[0],
                        k);
                assertEquals(
                        s[3] / s[2],
                        vn34.get("unemployment_rate|" + key + "|" + year).value(),
                        1e-12 * s[3] / s[2],
                        k);
                checked.add(k);
            }
        });
        assertEquals(34 * 7, checked.size());
        Covariate bacNinh = vn34.get("population|VN34-24|2024");
        assertEquals("VN63-24;VN63-27", bacNinh.predecessors(), "Bắc Ninh = Bắc Giang + Bắc Ninh");
        assertEquals(CovariateVariable.Rule.SUM, bacNinh.variable().rule());
        long someBlank =
                fdi.values().stream().filter(n -> n[1] > 0 && n[1] < n[0]).count();
        assertEquals(21, someBlank, "merged provinces with some but not all predecessors' fdi blank");
        assertEquals(someBlank, both.incomplete(), "those fdi sums are not formed (they would understate)");
        fdi.forEach((k, n) -> {
            String[] p = k.split("\\|");
            assertEquals(n[1] == 0, vn34.containsKey("fdi|VN34-" + p[0] + "|" + p[1]), k);
        });
    }

    @Test
    void badRowsAreRefusedWithFileLineColumnAndReason(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("population.csv");
        Files.writeString(f, """
                year,gso_code,province_en,avg_population_thousand,source
                2020,01,Ha Noi,8246.5,test
                20x0,02,Ha Giang,1,test
                2020,99,Nowhere,1,test
                2020,04,Cao Bang,abc,test
                2020,06,Bac Kan,-3,test
                2020,01,Ha Noi,8246.5,test
                2009,28,Ha Tay,2500,test
                2020,08,Tuyen Quang
                """, StandardCharsets.UTF_8);
        IngestRun run = Inputs.ingest(f);
        IngestRun.FileSummary s = run.files().get(0);
        assertEquals(8, s.rowsIn());
        assertEquals(1, s.accepted());
        assertEquals(7, s.rejected());
        List<String> got = run.rejects().stream()
                .map(r -> r.line() + ":" + r.column() + ":" + r.reason())
                .sorted()
                .toList();
        assertEquals(
                List.of(
                        "3:year:year_not_integer",
                        "4:gso_code:unknown_province",
                        "5:avg_population_thousand:value_not_numeric",
                        "6:avg_population_thousand:value_out_of_scale",
                        "7:avg_population_thousand:duplicate_key",
                        "8:gso_code:province_not_in_year",
                        "9:field 4:field_count"),
                got);
        assertTrue(run.rejects().stream().allMatch(r -> r.file().equals(f.toString())));
        assertTrue(
                run.rejects().stream().anyMatch(r -> r.detail().contains("already read at " + f + ":2")),
                run.rejects().toString());
    }
}
