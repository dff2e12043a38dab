package org.chiso.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.io.Progress;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-computed scores of a small SYNTHETIC folder, one dossier per rule edge. Week 2025-W47 runs from Monday 17 to
 * Sunday 23 November 2025; its evaluation time is 2025-11-23T23:59:59. The expected values are worked out by hand in
 * the comments from DOSSIERS.md, section 4, not from the engine.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceIndexHandTest {
    private static final double EPS = 1e-12;
    private ServiceIndexJob.Result result;
    private final Map<String, Row> indicators = new HashMap<>();
    private final Map<String, Row> index = new HashMap<>();

    static DossierFolder folder() {
        return new DossierFolder()
                // W46: one dossier ended on time (the week before, for the week-on-week change)
                .add(
                        "d0",
                        "received",
                        "2025-11-12T08:00",
                        "submitted",
                        "2025-11-12T08:00",
                        "promised",
                        "2025-11-13T17:00",
                        "processing_ended",
                        "2025-11-13T09:00")
                // a supplement wait of 26 h makes an end 17 h after the promised time on time; online, paid online,
                // electronic result, certified copy electronic, a dislike rating
                .add(
                        "d1",
                        "procedure_code",
                        "P1",
                        "channel",
                        "online",
                        "submitted",
                        "2025-11-17T07:00",
                        "received",
                        "2025-11-17T08:00",
                        "promised",
                        "2025-11-19T17:00",
                        "processing_ended",
                        "2025-11-20T10:00",
                        "supplements",
                        "2025-11-17T10:00/2025-11-18T12:00",
                        "fee_paid_online",
                        "true",
                        "result_electronic",
                        "true",
                        "synced",
                        "true",
                        "digitised",
                        "true",
                        "certified_copy",
                        "true",
                        "certified_copy_electronic",
                        "true",
                        "reused_data",
                        "true",
                        "data_store",
                        "true",
                        "population_db",
                        "true",
                        "rating",
                        "dislike")
                // two supplement requests: late although ended before the promised time
                .add(
                        "d2",
                        "procedure_code",
                        "P1",
                        "submitted",
                        "2025-11-17T09:00",
                        "received",
                        "2025-11-17T09:00",
                        "promised",
                        "2025-11-19T17:00",
                        "processing_ended",
                        "2025-11-19T12:00",
                        "supplements",
                        "2025-11-17T10:00/2025-11-17T11:00;2025-11-18T09:00/2025-11-18T10:00",
                        "fee_paid_online",
                        "false",
                        "synced",
                        "true",
                        "digitised",
                        "true",
                        "certified_copy",
                        "true",
                        "certified_copy_electronic",
                        "false",
                        "reused_data",
                        "true",
                        "population_db",
                        "true")
                // an unanswered supplement at the evaluation time: in progress, waiting, so within its deadline; a
                // complaint handled on time, satisfied
                .add(
                        "d3",
                        "procedure_code",
                        "P1",
                        "channel",
                        "online",
                        "submitted",
                        "2025-11-18T08:00",
                        "received",
                        "2025-11-18T08:00",
                        "promised",
                        "2025-11-20T17:00",
                        "supplements",
                        "2025-11-19T08:00/",
                        "fee_paid_online",
                        "true",
                        "synced",
                        "true",
                        "digitised",
                        "true",
                        "reused_data",
                        "true",
                        "complaint",
                        "true",
                        "complaint_due",
                        "2025-11-21T17:00",
                        "complaint_handled",
                        "2025-11-21T10:00",
                        "complaint_satisfied",
                        "true")
                // refused before the promised time: on time; a paper-result procedure, so not in result_electronic
                // although its result_electronic says true
                .add(
                        "d4",
                        "submitted",
                        "2025-11-18T09:00",
                        "received",
                        "2025-11-18T09:00",
                        "promised",
                        "2025-11-19T17:00",
                        "refused",
                        "2025-11-19T08:00",
                        "result_electronic",
                        "true",
                        "synced",
                        "true",
                        "digitised",
                        "true",
                        "reused_data",
                        "true",
                        "rating",
                        "dislike")
                // refused after the promised time: late
                .add(
                        "d5",
                        "channel",
                        "post",
                        "submitted",
                        "2025-11-18T10:00",
                        "received",
                        "2025-11-18T10:00",
                        "promised",
                        "2025-11-19T17:00",
                        "refused",
                        "2025-11-20T08:00",
                        "synced",
                        "true",
                        "reused_data",
                        "true")
                // in progress at the week's end, overdue; a complaint due and not handled
                .add(
                        "d6",
                        "submitted",
                        "2025-11-19T08:00",
                        "received",
                        "2025-11-19T08:00",
                        "promised",
                        "2025-11-21T17:00",
                        "synced",
                        "true",
                        "complaint",
                        "true",
                        "complaint_due",
                        "2025-11-22T17:00")
                // in progress at the week's end within its deadline (overdue at the month's end); a complaint not
                // yet due
                .add(
                        "d7",
                        "procedure_code",
                        "P1",
                        "submitted",
                        "2025-11-20T08:00",
                        "received",
                        "2025-11-20T08:00",
                        "promised",
                        "2025-11-28T17:00",
                        "fee_paid_online",
                        "false",
                        "complaint",
                        "true",
                        "complaint_due",
                        "2025-11-30T17:00")
                // a commune: no fee-bearing procedure, no complaint, no certified copy (not applicable, full points)
                .add(
                        "d8",
                        "procedure_code",
                        "P3",
                        "unit_key",
                        "VN34-19/C/05443",
                        "channel",
                        "online",
                        "submitted",
                        "2025-11-21T08:00",
                        "received",
                        "2025-11-21T08:00",
                        "promised",
                        "2025-11-22T17:00",
                        "returned",
                        "2025-11-22T10:00",
                        "synced",
                        "true",
                        "result_electronic",
                        "true")
                // Hà Nội's department: one dossier on time
                .add(
                        "d9",
                        "unit_key",
                        "VN34-01/D/TP",
                        "submitted",
                        "2025-11-20T08:00",
                        "received",
                        "2025-11-20T08:00",
                        "promised",
                        "2025-11-21T17:00",
                        "processing_ended",
                        "2025-11-21T09:00",
                        "synced",
                        "true");
    }

    @BeforeAll
    void run(SparkSession spark, @TempDir Path dir) throws Exception {
        Path f = folder().write(dir.resolve("folder"));
        result = ServiceIndexJob.run(
                spark,
                new ServiceIndexJob.Options(
                        f.toString(), List.of("2024", "2022"), java.time.LocalDate.of(2025, 11, 20)),
                ServiceScheme.bundled(),
                new Progress(new PrintStream(OutputStream.nullOutputStream())));
        for (Row r : result.tables().indicators().rows()) {
            indicators.put(String.join("|", r.getString(0), r.getString(2), r.getString(4), r.getString(7)), r);
        }
        for (Row r : result.tables().index().rows()) {
            index.put(String.join("|", r.getString(0), r.getString(2), r.getString(6)), r);
        }
    }

    private Row ind(String version, String period, String unit, String indicator) {
        Row r = indicators.get(String.join("|", version, period, unit, indicator));
        assertTrue(r != null, "no row " + version + " " + period + " " + unit + " " + indicator);
        return r;
    }

    private void check(String unit, String indicator, long num, long den, double points) {
        Row r = ind("2024", "2025-W47", unit, indicator);
        assertEquals(num, r.getLong(r.fieldIndex("numerator")), indicator + " numerator");
        assertEquals(den, r.getLong(r.fieldIndex("denominator")), indicator + " denominator");
        assertEquals(points, r.getDouble(r.fieldIndex("points")), EPS, indicator + " points");
        assertEquals(den == 0, r.getBoolean(r.fieldIndex("not_applicable")), indicator + " not_applicable");
    }

    private static final String DEPT = "VN34-19/D/TP";
    private static final String COMMUNE = "VN34-19/C/05443";

    @Test
    void everyRowIsAccepted() {
        assertEquals(10, result.rowsIn());
        assertEquals(10, result.accepted());
        assertEquals(0, result.rejected());
    }

    @Test
    void progressCountsSupplementsRefusalsAndWorkInProgress() {
        // on time in W47: d1 (wait 26 h), d3 (waiting), d4 (refused early), d7 (within deadline); late: d2 (two
        // requests), d5 (refused late), d6 (overdue)
        check(DEPT, "on_time", 4, 7, 20.0 * 4 / 7);
        // at the month's end d7 is overdue; d0 joins on time: d0, d1, d3, d4 of 8
        Row month = ind("2024", "2025-11", DEPT, "on_time");
        assertEquals(4, month.getLong(month.fieldIndex("numerator")));
        assertEquals(8, month.getLong(month.fieldIndex("denominator")));
        // as of 20 November (evaluated 2025-11-20T23:59:59): d0, d1 (ended 10:00 <= 19 Nov 17:00 + 26 h), d3 (waiting),
        // d4, d7 (not due) on time; d2, d5 (refused 20 Nov 08:00 after the promise), d6 (in progress, not overdue yet
        // at 20 Nov) -> d6 is on time too: 6 of 8
        Row asOf = ind("2024", "2025-11-20", DEPT, "on_time");
        assertEquals(6, asOf.getLong(asOf.fieldIndex("numerator")));
        assertEquals(8, asOf.getLong(asOf.fieldIndex("denominator")));
    }

    @Test
    void weekIndicatorsOfTheDepartment() {
        check(DEPT, "published_on_time", 1, 2, 3.0);
        check(DEPT, "national_db_on_time", 2, 2, 4.0);
        check(DEPT, "complete_parts", 1, 2, 1.0);
        check(DEPT, "synced", 6, 7, 6.0 * 6 / 7);
        // P1 full online of P1, P2: 0.5 of the 0.8 threshold
        check(DEPT, "procedures_online", 1, 2, 2.0 * 0.5 / 0.8);
        check(DEPT, "online_services_used", 1, 1, 4.0);
        // 2 online of the 4 P1 dossiers: exactly the 0.5 threshold, full points
        check(DEPT, "dossiers_online", 2, 4, 6.0);
        check(DEPT, "paid_online", 2, 4, 3.0);
        check(DEPT, "payment_integrated", 1, 1, 2.0);
        check(DEPT, "payment_used", 1, 1, 2.0);
        // d3 handled on time; d6 due and not handled; d7 not yet due (not counted)
        check(DEPT, "complaints_on_time", 1, 2, 3.0);
        check(DEPT, "complaints_satisfied", 1, 1, 6.0);
        // 1 - 3/7 overdue - 5/7 (d1, d4 dislike; d3, d6, d7 complaints) < 0: floored at 0
        check(DEPT, "dossier_satisfaction", 0, 7, 0.0);
        // ended by the week's end: d1, d2 (P1); d4, d5 are paper-result P2, excluded
        check(DEPT, "result_electronic", 1, 2, 3.0);
        check(DEPT, "digitised", 4, 7, 4.0 * 4 / 7);
        check(DEPT, "certified_copy_electronic", 1, 2, 1.0);
        check(DEPT, "reused_data", 5, 7, 2.0 * (5.0 / 7) / 0.8);
        check(DEPT, "data_store", 1, 7, 4.0 / 7);
        check(DEPT, "population_db", 2, 7, 2.0 * 2 / 7);
        check(DEPT, "procedures_population_db", 1, 2, 1.0);
        Row r = index.get("2024|2025-W47|" + DEPT);
        double transparency = 3 + 4 + 1 + 36.0 / 7;
        double progress = 80.0 / 7;
        double online = 1.25 + 4 + 6;
        double payment = 3 + 2 + 2;
        double satisfaction = 3 + 6 + 0;
        double digitisation = 3 + 16.0 / 7 + 1 + 2 * (5.0 / 7) / 0.8 + 4.0 / 7 + 4.0 / 7 + 1;
        assertEquals(transparency, r.getDouble(r.fieldIndex("transparency")), EPS);
        assertEquals(progress, r.getDouble(r.fieldIndex("progress")), EPS);
        assertEquals(online, r.getDouble(r.fieldIndex("online")), EPS);
        assertEquals(payment, r.getDouble(r.fieldIndex("payment")), EPS);
        assertEquals(satisfaction, r.getDouble(r.fieldIndex("satisfaction")), EPS);
        assertEquals(digitisation, r.getDouble(r.fieldIndex("digitisation")), EPS);
        double total = transparency + progress + online + payment + satisfaction + digitisation;
        assertEquals(total, r.getDouble(r.fieldIndex("total")), EPS);
        assertEquals("average", r.getString(r.fieldIndex("band")));
        // 2022: the online group holds online and payment
        Row old = index.get("2022|2025-W47|" + DEPT);
        assertEquals(online + payment, old.getDouble(old.fieldIndex("online")), EPS);
        assertTrue(old.isNullAt(old.fieldIndex("payment")));
        assertEquals(total, old.getDouble(old.fieldIndex("total")), EPS);
    }

    @Test
    void aUnitWithoutFeesOrComplaintsGetsFullPointsFlaggedNotApplicable() {
        check(COMMUNE, "paid_online", 0, 0, 6.0);
        check(COMMUNE, "payment_integrated", 0, 0, 2.0);
        check(COMMUNE, "payment_used", 0, 0, 2.0);
        check(COMMUNE, "complaints_on_time", 0, 0, 6.0);
        check(COMMUNE, "complaints_satisfied", 0, 0, 6.0);
        check(COMMUNE, "certified_copy_electronic", 0, 0, 2.0);
        check(COMMUNE, "result_electronic", 1, 1, 6.0);
        check(COMMUNE, "on_time", 1, 1, 20.0);
        Row r = index.get("2024|2025-W47|" + COMMUNE);
        assertEquals(6, r.getInt(r.fieldIndex("not_applicable")));
        assertEquals("synthetic", r.getString(r.fieldIndex("provenance")));
    }

    @Test
    void provincesRollUpTheirDepartmentsAndCommunes() {
        // Thái Nguyên: 7 dossiers of the department + 1 of the commune; unit procedures 2 + 1
        check("VN34-19", "on_time", 5, 8, 20.0 * 5 / 8);
        check("VN34-19", "published_on_time", 2, 3, 6.0 * 2 / 3);
        check("VN34-19", "online_services_used", 2, 2, 4.0);
        check("VN34-19", "dossiers_online", 3, 5, 6.0);
        check("VN34-19", "paid_online", 2, 4, 3.0);
        check("VN34-01", "paid_online", 0, 0, 6.0);
    }

    @Test
    void ranksAndWeekOnWeekChange() {
        Row hn = index.get("2024|2025-W47|VN34-01/D/TP");
        Row tn = index.get("2024|2025-W47|" + DEPT);
        double a = hn.getDouble(hn.fieldIndex("total"));
        double b = tn.getDouble(tn.fieldIndex("total"));
        assertTrue(a > b, a + " vs " + b);
        assertEquals(1, hn.getInt(hn.fieldIndex("rank_national")));
        assertEquals(2, tn.getInt(tn.fieldIndex("rank_national")));
        assertEquals(2, tn.getInt(tn.fieldIndex("units_national")));
        assertEquals(1, tn.getInt(tn.fieldIndex("rank_in_province")));
        assertEquals(1, tn.getInt(tn.fieldIndex("units_in_province")));
        Row prov = index.get("2024|2025-W47|VN34-19");
        assertTrue(prov.isNullAt(prov.fieldIndex("rank_in_province")));
        assertEquals(2, prov.getInt(prov.fieldIndex("units_national")));
        Row w46 = index.get("2024|2025-W46|" + DEPT);
        assertEquals("2025-W46", tn.getString(tn.fieldIndex("previous_period")));
        assertEquals(b - w46.getDouble(w46.fieldIndex("total")), tn.getDouble(tn.fieldIndex("change")), EPS);
        assertTrue(w46.isNullAt(w46.fieldIndex("change")));
        // W46: one dossier, everything on time; unit procedures as in W47; no fee-bearing dossier, no online dossier
        // (payment_used 0 of 1, online_services_used 0 of 1, dossiers_online: no dossier of an online procedure)
        double w46Total =
                (3 + 4 + 1 + 6 * 0) + 20 + (1.25 + 0 + 6) + (6 + 2 + 0) + (6 + 6 + 6) + (6 + 0 + 2 + 0 + 0 + 0 + 1);
        assertEquals(w46Total, w46.getDouble(w46.fieldIndex("total")), EPS);
        assertNull(index.get("2024|2025-W45|" + DEPT));
    }
}
