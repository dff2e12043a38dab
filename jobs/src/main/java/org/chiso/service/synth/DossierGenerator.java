package org.chiso.service.synth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.chiso.core.ProvinceRegistry;
import org.chiso.io.Fs;
import org.chiso.io.Progress;

/**
 * {@code ./workbench demo-data --dossiers}: writes a SYNTHETIC dossier folder (docs/DOSSIERS.md sections 1 and 5). The
 * dossiers are made in one Spark job over the unit-weeks, each task making the rows of its unit-weeks from the model
 * (nothing row-sized on the driver); the planted truth is computed on the driver from the plans.
 */
public final class DossierGenerator {
    /** Expected dossiers per partition of the generating job. */
    static final long DOSSIERS_PER_PARTITION = 500_000;

    /**
     * What was written.
     *
     * @param folder    the dossier folder
     * @param dossiers  dossier rows
     * @param units     units (provinces, departments, communes)
     * @param communes  communes and wards
     * @param procedures catalogue size
     * @param unitProcedures rows of unit_procedures.csv
     * @param truthRows rows of planted_truth.csv
     * @param partitions partitions of the generating job
     * @param communesSynthetic whether the communes were invented (commune file absent)
     */
    public record Summary(
            String folder,
            long dossiers,
            int units,
            int communes,
            int procedures,
            long unitProcedures,
            long truthRows,
            int partitions,
            boolean communesSynthetic) {}

    private DossierGenerator() {}

    /**
     * Reads the commune file if it exists.
     *
     * @return its communes, or null when the file is absent
     */
    public static List<CommuneFile.Commune> communes(Fs fs, String file, Progress progress) throws IOException {
        if (file == null || !fs.exists(file)) {
            progress.line("[dossiers] commune file " + file
                    + " absent: communes are invented (Xã tổng hợp 001...), labelled synthetic in units.csv");
            return null;
        }
        try (InputStream in = fs.open(file)) {
            CommuneFile.Read r = CommuneFile.read(file, in);
            progress.line(String.format(
                    Locale.ROOT,
                    "[dossiers] %s: %,d rows, %,d communes and wards (%d rows respell a code's name; first spelling kept)",
                    Fs.display(file),
                    r.rows(),
                    r.communes().size(),
                    r.respelled()));
            return r.communes();
        }
    }

    /** Generates the folder with the default partitioning. */
    public static Summary write(SparkSession spark, Fs fs, String folder, DossierModel model, Progress progress)
            throws IOException {
        long expected = (long) Math.ceil(model.scale() * DossierModel.DOSSIERS_AT_SCALE_1);
        int partitions =
                (int) Math.max(2, Math.min(100_000, (expected + DOSSIERS_PER_PARTITION - 1) / DOSSIERS_PER_PARTITION));
        return write(spark, fs, folder, model, partitions, progress);
    }

    /** Generates the folder with the given number of partitions (the rows do not depend on it). */
    public static Summary write(
            SparkSession spark, Fs fs, String folder, DossierModel model, int partitions, Progress progress)
            throws IOException {
        long unitWeeks = (long) model.handlers().size() * DossierWeeks.WEEKS;
        progress.stage(
                "dossiers",
                String.format(
                        Locale.ROOT,
                        "SYNTHETIC dossiers, scale %s (about %,d), seed %d: %,d units, %,d unit-weeks in %d partitions",
                        scaleText(model.scale()),
                        (long) (model.scale() * DossierModel.DOSSIERS_AT_SCALE_1),
                        model.seed(),
                        model.units().size(),
                        unitWeeks,
                        partitions));
        fs.writeText(Fs.child(folder, "units.csv"), unitsCsv(model));
        fs.writeText(Fs.child(folder, "procedures.csv"), proceduresCsv(model));
        String up = unitProceduresCsv(model);
        fs.writeText(Fs.child(folder, "unit_procedures.csv"), up);
        long unitProcedures = up.chars().filter(ch -> ch == '\n').count() - 1;

        AtomicInteger done = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            private int shown = -1;

            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                int d = done.incrementAndGet();
                int tenth = d * 10 / partitions;
                synchronized (this) {
                    if (tenth > shown && d <= partitions) {
                        shown = tenth;
                        progress.line(
                                String.format(Locale.ROOT, "[dossiers] %d of %d partitions written", d, partitions));
                    }
                }
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            DossierModel m = model;
            Dataset<Row> rows = spark.range(0, unitWeeks, 1, partitions)
                    .flatMap(
                            (FlatMapFunction<Long, Row>)
                                    k -> DossierRows.rows(m, k).iterator(),
                            Encoders.row(DossierRows.SCHEMA));
            rows.write()
                    .mode(SaveMode.Overwrite)
                    .option("compression", "snappy")
                    .parquet(Fs.child(folder, "dossiers"));
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        long dossiers = spark.read().parquet(Fs.child(folder, "dossiers")).count();

        Path truth = fs.path(Fs.child(folder, "planted_truth.csv"));
        long truthRows;
        try (FSDataOutputStream os = truth.getFileSystem(fs.configuration()).create(truth, true);
                Writer w = new java.io.BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
            truthRows = PlantedTruth.write(model, w);
        }
        int communes = (int) model.units().stream()
                .filter(u -> u.level().equals(ServiceUnit.COMMUNE))
                .count();
        boolean invented = model.units().stream().anyMatch(ServiceUnit::synthetic);
        Summary s = new Summary(
                Fs.display(fs.path(folder).toString()),
                dossiers,
                model.units().size(),
                communes,
                model.procedures().size(),
                unitProcedures,
                truthRows,
                partitions,
                invented);
        fs.writeText(Fs.child(folder, "README.md"), readme(model, s));
        progress.done(
                "dossiers",
                String.format(
                        Locale.ROOT,
                        "%,d SYNTHETIC dossiers, %,d units, %,d planted-truth rows in %s",
                        dossiers,
                        s.units(),
                        truthRows,
                        s.folder()));
        return s;
    }

    static String scaleText(double scale) {
        return scale == Math.rint(scale) ? String.valueOf((long) scale) : String.valueOf(scale);
    }

    private static String readme(DossierModel m, Summary s) {
        return String.format(
                Locale.ROOT,
                """
                # SYNTHETIC dossier records

                Generated by `./workbench demo-data --dossiers --scale %s --seed %d`. **Synthetic data only**: no row
                describes a real dossier, citizen, procedure or score. The layout and the planted truth are described in
                docs/DOSSIERS.md (sections 1 and 5).

                | item | count |
                |---|---|
                | dossiers (`dossiers/`, Parquet) | %,d |
                | weeks | %d ISO weeks, Monday %s to Sunday %s |
                | units (`units.csv`) | %,d (34 provinces, %,d departments, %,d communes and wards%s) |
                | procedures (`procedures.csv`) | %,d |
                | unit procedures (`unit_procedures.csv`) | %,d |
                | planted-truth rows (`planted_truth.csv`) | %,d |
                | scale, seed | %s, %d |

                Thái Nguyên (VN34-19), week %s: planted to the published late-2025 service-index figures where the
                scheme can produce them (docs/DOSSIERS.md section 5).
                """,
                scaleText(m.scale()),
                m.seed(),
                s.dossiers(),
                DossierWeeks.WEEKS,
                DossierWeeks.FIRST_MONDAY,
                DossierWeeks.monday(DossierWeeks.WEEKS - 1).plusDays(6),
                s.units(),
                s.units() - 34 - s.communes(),
                s.communes(),
                s.communesSynthetic() ? ", names invented: the commune file was absent" : ", from the commune file",
                s.procedures(),
                s.unitProcedures(),
                s.truthRows(),
                scaleText(m.scale()),
                m.seed(),
                DossierWeeks.key(ThaiNguyenWeek.WEEK));
    }

    static String csv(String v) {
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    static String unitsCsv(DossierModel m) {
        StringBuilder b = new StringBuilder("unit_key,level,province_key,code,name,name_en,synthetic\n");
        for (ServiceUnit u : m.units()) {
            b.append(csv(u.unitKey())).append(',').append(u.level()).append(',').append(u.provinceKey());
            b.append(',')
                    .append(csv(u.code()))
                    .append(',')
                    .append(csv(u.name()))
                    .append(',');
            b.append(csv(u.nameEn())).append(',').append(u.synthetic()).append('\n');
        }
        return b.toString();
    }

    static String proceduresCsv(DossierModel m) {
        StringBuilder b = new StringBuilder("procedure_code,name,field,level,online_level,fee_bearing,"
                + "payment_integrated,paper_result_required,population_db_connected\n");
        for (Procedure p : m.procedures()) {
            b.append(p.code())
                    .append(',')
                    .append(csv(p.name()))
                    .append(',')
                    .append(p.field())
                    .append(',');
            b.append(p.level()).append(',').append(p.onlineLevel()).append(',').append(p.feeBearing());
            b.append(',')
                    .append(p.paymentIntegrated())
                    .append(',')
                    .append(p.paperResult())
                    .append(',');
            b.append(p.populationDb()).append('\n');
        }
        return b.toString();
    }

    static String unitProceduresCsv(DossierModel m) {
        StringBuilder b =
                new StringBuilder("unit_key,procedure_code,published_on_time,national_db_on_time,complete_parts\n");
        for (DossierModel.Handler h : m.handlers()) {
            String key = m.units().get(h.unit()).unitKey();
            for (int k = 0; k < h.procs().length; k++) {
                b.append(key)
                        .append(',')
                        .append(m.procedures().get(h.procs()[k]).code())
                        .append(',');
                b.append(h.published()[k]).append(',').append(h.nationalDb()[k]).append(',');
                b.append(h.complete()[k]).append('\n');
            }
        }
        return b.toString();
    }

    /** The registry-backed model for the command line. */
    public static DossierModel model(long seed, double scale, List<CommuneFile.Commune> communes) {
        return DossierModel.build(seed, scale, ProvinceRegistry.load(), communes);
    }
}
