package org.chiso.harmonize;

import static org.chiso.core.Columns.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.chiso.core.IndexDefinitions;
import org.chiso.ingest.Derivation;
import org.chiso.ingest.IngestRun;
import org.chiso.ingest.ScoreTables;
import org.chiso.ingest.SourceFile;
import org.chiso.testing.Inputs;
import org.chiso.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Precision-aware harmonisation: a published figure that its published parts reproduce within its printed
 * precision is confirmed and the derived value used; one they contradict is a conflict and stays.
 */
class PrecisionTest {
    private static final List<Harmonize.Priority> NO_PRIORITIES = List.of();

    private static Harmonize.Score score(
            String province, String component, double value, boolean derived, String source) {
        return new Harmonize.Score(
                "PAPI", "2018", 2023, "VN63", province, component, "TOTAL", value, null, null, PUBLISHED, derived,
                source, null);
    }

    private static Harmonize.Score cell(List<Harmonize.Score> preferred, String province) {
        return preferred.stream()
                .filter(s -> s.provinceKey().equals(province))
                .findFirst()
                .orElseThrow();
    }

    private static Object field(Row r, String name) {
        return r.get(Harmonize.PRECISION_CHECKS.fieldIndex(name));
    }

    @Test
    void printedDecimalsComeFromTheShortestRepresentation() {
        assertEquals(2, Harmonize.printedDecimals(46.04));
        assertEquals(4, Harmonize.printedDecimals(46.0415));
        assertEquals(0, Harmonize.printedDecimals(46.0));
        assertEquals(1, Harmonize.printedDecimals(45.8));
        assertEquals(0.005, Harmonize.halfUnit(46.04), 1e-15);
        assertEquals(1, Harmonize.printedDecimals(46.5));
        // a stored machine number (14 decimals) is taken as good to single precision, not to 5e-15
        assertEquals(14, Harmonize.printedDecimals(36.86240339279175));
        assertEquals(36.86240339279175 * 0x1p-24, Harmonize.halfUnit(36.86240339279175), 0.0);
    }

    @Test
    void agreementWithinHalfAUnitConfirmsAndUsesTheDerivedValue() {
        List<Harmonize.Score> scores = List.of(
                score("VN63-46", "TOTAL", 46.04, false, "figures"),
                score("VN63-46", "TOTAL", 46.0414276, true, "parts"),
                // at the edge: 0.005 away from a 2-decimal figure still agrees
                score("VN63-19", "TOTAL", 45.79, false, "figures"),
                score("VN63-19", "TOTAL", 45.785, true, "parts"));
        Harmonize.Preference p = Harmonize.reconcile(scores, NO_PRIORITIES);
        Harmonize.Score hue = cell(p.preferred(), "VN63-46");
        assertEquals(46.0414276, hue.value(), 0.0);
        assertEquals(PUBLISHED, hue.provenance());
        assertTrue(hue.derived());
        assertEquals("parts", hue.source());
        Row panel = hue.asPanel(Harmonize.AS_PUBLISHED);
        assertEquals(Harmonize.CONFIRMED, panel.getString(Harmonize.PANEL.fieldIndex(Harmonize.METHOD)));
        assertEquals(45.785, cell(p.preferred(), "VN63-19").value(), 0.0);
        assertEquals(2, p.precisionChecks().size());
        for (Row r : p.precisionChecks()) {
            assertEquals(Harmonize.CONFIRMED_OUTCOME, field(r, Harmonize.OUTCOME));
            assertEquals(2, field(r, "printed_decimals"));
            assertEquals("derived", field(r, "used"));
            assertEquals(Harmonize.CONFIRM_RULE, field(r, "rule"));
        }
        assertTrue(p.conflicts().isEmpty());
    }

    @Test
    void disagreementBeyondThePrecisionIsAConflictAndThePublishedValueStays() {
        List<Harmonize.Score> scores = List.of(
                score("VN63-46", "TOTAL", 46.04, false, "figures"),
                score("VN63-46", "TOTAL", 46.02, true, "parts"),
                // a derived value alone, and a published value alone, are not compared
                score("VN63-01", "TOTAL", 40.0123, true, "parts"),
                score("VN63-02", "TOTAL", 39.5, false, "figures"));
        Harmonize.Preference p = Harmonize.reconcile(scores, NO_PRIORITIES);
        Harmonize.Score hue = cell(p.preferred(), "VN63-46");
        assertEquals(46.04, hue.value(), 0.0);
        assertFalse(hue.derived());
        assertEquals("figures", hue.source());
        assertEquals(
                Harmonize.CONFLICT_KEPT,
                hue.asPanel(Harmonize.AS_PUBLISHED).getString(Harmonize.PANEL.fieldIndex(Harmonize.METHOD)));
        assertEquals(
                Harmonize.AS_PUBLISHED,
                cell(p.preferred(), "VN63-01")
                        .asPanel(Harmonize.AS_PUBLISHED)
                        .getString(Harmonize.PANEL.fieldIndex(Harmonize.METHOD)));
        assertEquals(1, p.precisionChecks().size());
        assertEquals(1, p.conflicts().size());
        Row c = p.conflicts().get(0);
        assertEquals("VN63-46", field(c, PROVINCE_KEY));
        assertEquals(Harmonize.CONFLICT, field(c, Harmonize.OUTCOME));
        assertEquals(46.04, (Double) field(c, PUBLISHED_VALUE), 0.0);
        assertEquals(46.02, (Double) field(c, DERIVED_VALUE), 0.0);
        assertEquals(0.02, (Double) field(c, DIFFERENCE), 1e-12);
        assertEquals(2, field(c, "printed_decimals"));
        assertEquals("published", field(c, "used"));
        assertEquals(Harmonize.CONFLICT_RULE, field(c, "rule"));
    }

    @Test
    void aPublishedFigureMorePreciseThanThePartsIsConfirmedAndKept() {
        List<Harmonize.Score> scores = List.of(
                score("VN63-46", "TOTAL", 46.0415397, false, "workbook"),
                score("VN63-46", "D1", 23.02, false, "parts"),
                score("VN63-46", "D2", 23.02, false, "parts"),
                score("VN63-46", "TOTAL", 46.04, true, "parts"));
        Harmonize.Preference p = Harmonize.reconcile(scores, NO_PRIORITIES);
        Harmonize.Score hue = cell(p.preferred(), "VN63-46");
        assertEquals(46.0415397, hue.value(), 0.0);
        assertEquals(
                Harmonize.AS_PUBLISHED,
                hue.asPanel(Harmonize.AS_PUBLISHED).getString(Harmonize.PANEL.fieldIndex(Harmonize.METHOD)));
        Row check = p.precisionChecks().get(0);
        assertEquals(Harmonize.CONFIRMED_OUTCOME, field(check, Harmonize.OUTCOME));
        assertEquals(0.01, (Double) field(check, "derived_bound"), 1e-15);
        assertEquals("published", field(check, "used"));
        assertEquals(Harmonize.CONFIRM_KEEP_RULE, field(check, "rule"));
        assertTrue(p.conflicts().isEmpty());
    }

    @Test
    void realPapi2023TotalsOfHueAndThaiNguyenCarryTheSumOfTheirPublishedParts() throws IOException {
        IngestRun run = Inputs.ingest(SharedData.data("papi/per-year/2023.csv"));
        try (InputStream in = PrecisionTest.class.getResourceAsStream("/published/figures.csv")) {
            run.add(new SourceFile("bundled:published/figures.csv", in.readAllBytes(), n -> Optional.empty()));
        }
        List<Row> rows = Derivation.derive(ScoreTables.scoreRows(run.accepted()), IndexDefinitions.load());
        List<Harmonize.Score> scores = new ArrayList<>();
        for (Row r : rows) {
            Object[] v = new Object[Harmonize.SCORE_COLUMNS.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.get(ScoreTables.SCORES.fieldIndex(Harmonize.SCORE_COLUMNS[i]));
            }
            scores.add(Harmonize.Score.of(org.apache.spark.sql.RowFactory.create(v)));
        }
        Harmonize.Preference p = Harmonize.reconcile(scores, HarmonizeInputs.priorities());
        Harmonize.Score hue = total(p.preferred(), "VN63-46");
        Harmonize.Score thaiNguyen = total(p.preferred(), "VN63-19");
        // exact sums of the 28 published sub-dimensions: 46.04153973 and 45.787524043
        assertEquals(46.04153973, hue.value(), 1e-9);
        assertNotEquals(46.04, hue.value());
        assertEquals(45.787524043, thaiNguyen.value(), 1e-9);
        assertNotEquals(45.79, thaiNguyen.value());
        assertTrue(hue.derived() && thaiNguyen.derived());
        assertEquals(PUBLISHED, hue.provenance());
        for (String k : List.of("VN63-46", "VN63-19")) {
            Row check = p.precisionChecks().stream()
                    .filter(r -> k.equals(field(r, PROVINCE_KEY)) && "TOTAL".equals(field(r, COMPONENT)))
                    .findFirst()
                    .orElseThrow();
            assertEquals(Harmonize.CONFIRMED_OUTCOME, field(check, Harmonize.OUTCOME));
            assertEquals(2, field(check, "printed_decimals"));
        }
    }

    private static Harmonize.Score total(List<Harmonize.Score> preferred, String province) {
        return preferred.stream()
                .filter(s -> s.provinceKey().equals(province)
                        && s.component().equals("TOTAL")
                        && s.year() == 2023
                        && s.index().equals("PAPI"))
                .findFirst()
                .orElseThrow();
    }
}
