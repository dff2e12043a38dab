package org.chiso.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.chiso.core.ProvinceRegistry;
import org.chiso.core.Table;
import org.chiso.harmonize.Covariates;
import org.chiso.ingest.Covariate;
import org.chiso.ingest.IngestRun;
import org.chiso.ingest.ScoreRecord;
import org.chiso.testing.Inputs;
import org.chiso.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The panel regressions with {@code --covariates log_population,log_grdp_per_capita} on the real data, against R
 * ({@code src/test/r/covariates_reference.R}: {@code lm} with province (and year) dummies and the CR1 sandwich written
 * out) in {@code src/test/resources/covariates/expected.csv}: every coefficient, standard error, t and p to 1e-8
 * relative, n, units and K exactly. The covariates come through the ingest (readers, validation, the covariates table's
 * values), the PCI totals through the PCI long reader; the PAPI totals are the file's {@code papi_total_computed}, as
 * R reads them.
 */
class CovariateRegressionReferenceTest {
    private static final double TOL = 1e-8;
    private static final List<String> TERMS = List.of("log_population", "log_grdp_per_capita");

    @Test
    void coefficientsAndCr1ErrorsMatchR() throws IOException {
        Path expectedFile = SharedData.root().resolve("jobs/src/test/resources/covariates/expected.csv");
        Map<String, Double> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(expectedFile, StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.startsWith("case,")) {
                continue;
            }
            String[] f = line.split(",", -1);
            expected.put(f[0] + "|" + f[1] + "|" + f[2], Double.parseDouble(f[3]));
        }
        assertEquals(3 * (3 * 4 + 3), expected.size(), "three models, three slopes, n/units/k");

        Table t = Analyses.panelRegressions(panel(), terms());
        Map<String, String> cases = Map.of(
                "trend_pci", "trend|PCI:TOTAL|province",
                "cross_papi_pci_1", "cross_index|PAPI:TOTAL|province",
                "cross_papi_pci_2", "cross_index|PAPI:TOTAL|province + year");
        int compared = 0;
        double worst = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            List<Row> rows = new ArrayList<>();
            for (Row r : t.rows()) {
                String id = r.getAs("model") + "|" + r.getAs("dependent") + "|" + r.getAs("effects");
                if (id.equals(c.getValue())) {
                    rows.add(r);
                }
            }
            assertEquals(3, rows.size(), c + ": one row per slope");
            String regressor = rows.get(0).getAs("term");
            assertEquals(rows.get(0).<String>getAs("regressor"), regressor, "the model's regressor comes first");
            for (Row r : rows) {
                String term = r.getAs("term");
                String rTerm = term.equals("year") ? "year" : term.startsWith("PCI:") ? "pci" : term;
                assertEquals(String.join(",", TERMS), r.getAs("covariates"));
                for (String stat : List.of("estimate", "se", "t", "p")) {
                    String col = stat.equals("estimate") ? "coefficient" : stat;
                    double want = expected.get(c.getKey() + "|" + rTerm + "|" + stat);
                    double got = r.<Double>getAs(col);
                    double rel = Math.abs(got - want) / Math.abs(want);
                    worst = Math.max(worst, rel);
                    assertTrue(rel < TOL, c.getKey() + " " + term + " " + stat + ": Java " + got + ", R " + want);
                    compared++;
                }
                assertEquals(expected.get(c.getKey() + "||n").intValue(), r.<Integer>getAs("n"), c.getKey());
                assertEquals(expected.get(c.getKey() + "||units").intValue(), r.<Integer>getAs("units"), c.getKey());
                assertEquals(expected.get(c.getKey() + "||k").intValue(), r.<Integer>getAs("k_adjust"), c.getKey());
                assertEquals(62.0, r.<Double>getAs("df"), "t on G - 1 df");
            }
        }
        assertEquals(36, compared);
        System.out.printf("covariate regressions: 36 values within %.2e of R%n", worst);
    }

    @Test
    void withoutCovariatesTheTableKeepsItsColumns() throws IOException {
        List<Panel.Obs> panel = panel();
        Table plain = Analyses.panelRegressions(panel);
        Table with = Analyses.panelRegressions(panel, terms());
        List<String> cols = List.of(plain.schema().fieldNames());
        assertTrue(!cols.contains("term") && !cols.contains("covariates"), cols.toString());
        List<String> more = new ArrayList<>(cols);
        more.addAll(List.of("term", "covariates"));
        assertEquals(more, List.of(with.schema().fieldNames()));
        assertEquals(
                plain.rows(),
                Analyses.panelRegressions(panel, CovariateTerms.none()).rows());
    }

    /** The covariate terms with the values of the covariates table built from the real files. */
    private static CovariateTerms terms() {
        IngestRun run = Inputs.ingest(
                SharedData.data("population/avg_population_by_province_2005_2024_thousand.csv"),
                SharedData.data("pci/pci_grdp_population_2016_2022.csv"));
        assertEquals(0, run.rejects().size(), run.rejects().toString());
        Map<String, Double> values = new HashMap<>();
        for (Covariate c :
                Covariates.bothBases(run.covariates(), ProvinceRegistry.load()).values()) {
            values.put(
                    CovariateTerms.key(
                            c.basis(), c.provinceKey(), c.year(), c.variable().id()),
                    c.value());
        }
        return new CovariateTerms(CovariateTerms.parse(String.join(",", TERMS)), values);
    }

    /** PCI totals 2016-2022 and PAPI totals 2018-2022, 63-province basis. */
    private static List<Panel.Obs> panel() throws IOException {
        List<Panel.Obs> out = new ArrayList<>();
        IngestRun pci = Inputs.ingest(SharedData.data("pci/pci_2005_2022_long.csv"));
        for (ScoreRecord r : pci.accepted()) {
            if (r.component().equals("TOTAL") && r.year() >= 2016 && r.year() <= 2022) {
                out.add(new Panel.Obs(
                        "VN63",
                        "PCI",
                        r.version(),
                        "all versions",
                        r.year(),
                        r.provinceKey(),
                        "TOTAL",
                        "TOTAL",
                        r.value(),
                        false));
            }
        }
        assertEquals(7 * 63, out.size());
        List<String> lines = Files.readAllLines(
                SharedData.data("papi/papi_2011_2024_subdimensions_long.csv"), StandardCharsets.UTF_8);
        List<String> h = List.of(lines.get(0).split(",", -1));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            int year = Integer.parseInt(f[h.indexOf("year")]);
            String total = f[h.indexOf("papi_total_computed")];
            if (year >= 2018 && year <= 2022 && !total.isEmpty()) {
                out.add(new Panel.Obs(
                        "VN63",
                        "PAPI",
                        "2018",
                        "version 2018",
                        year,
                        "VN63-" + f[h.indexOf("gso_code")],
                        "TOTAL",
                        "TOTAL",
                        Double.parseDouble(total),
                        false));
            }
        }
        return out;
    }
}
