package org.chiso.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.chiso.io.Fs;
import org.chiso.io.OutputLayout;
import org.chiso.io.Progress;
import org.chiso.jobs.PipelineJob;
import org.chiso.jobs.Warehouse;
import org.chiso.service.synth.DossierGenerator;
import org.chiso.service.synth.DossierModel;
import org.chiso.survey.synth.SyntheticDesign;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes the synthetic demo data. */
@Command(
        name = "demo-data",
        mixinStandardHelpOptions = true,
        description =
                "Generate the SYNTHETIC demo data into <out>/demo-data: PAR and SIPAS panels consistent with every published "
                        + "figure, and PAPI-like and SIPAS-like survey microdata (8 years) with planted province scores;"
                        + " with --dossiers, only the service index's dossier records with their planted truth.")
final class DemoDataCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    @Option(names = "--seed", defaultValue = "20250701", description = "Random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--scale",
            defaultValue = "1",
            description = "Microdata size: 1 = realistic yearly sizes, 10 and 100 for benchmarks, a whole number"
                    + " (default ${DEFAULT-VALUE}). With --dossiers: dossiers, 1 = about 10 million over the 104 weeks,"
                    + " 10 = 100 million; fractions such as 0.01 allowed")
    String scale;

    @Option(
            names = "--dossiers",
            description = "Write only the SYNTHETIC dossier records of the service index to <out>/demo-data/dossiers"
                    + " (docs/DOSSIERS.md)")
    boolean dossiers;

    @Option(
            names = "--communes",
            defaultValue = "../shared/data/admin/commune_conversion_2025.csv",
            description = "With --dossiers: the commune conversion file giving the post-2025 communes and wards; when"
                    + " absent, invented communes labelled synthetic (default ${DEFAULT-VALUE})")
    String communes;

    @Mixin
    SparkMixin spark;

    /** The commune file, a relative path taken from the repository root. */
    private String communeFile() {
        if (communes.contains(":") || java.nio.file.Path.of(communes).isAbsolute()) {
            return communes;
        }
        return java.nio.file.Path.of(OutputLayout.home())
                .resolve(communes)
                .normalize()
                .toString();
    }

    @Override
    public Integer call() throws Exception {
        Progress progress = new Progress(System.out);
        if (dossiers) {
            double x;
            try {
                x = Double.parseDouble(scale);
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--scale: not a number: " + scale);
            }
            if (!(x > 0) || Double.isInfinite(x)) {
                throw new CommandLine.ParameterException(
                        new CommandLine(this), "--scale must be positive, got " + scale);
            }
            try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf)) {
                Fs fs = new Fs(s.sparkContext().hadoopConfiguration());
                DossierModel model =
                        DossierGenerator.model(seed, x, DossierGenerator.communes(fs, communeFile(), progress));
                DossierGenerator.write(
                        s, fs, Fs.child(OutputLayout.of(output.out).demoData(), "dossiers"), model, progress);
            }
            return 0;
        }
        int microScale;
        try {
            microScale = Integer.parseInt(scale);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--scale: the microdata scale is a whole number, got " + scale);
        }
        try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf);
                AutoCloseable lock = Warehouse.lock(s, output.out, "demo-data")) {
            PipelineJob.demoData(
                    s,
                    new Fs(s.sparkContext().hadoopConfiguration()),
                    output.out,
                    seed,
                    microScale,
                    SyntheticDesign.DEFAULT_YEARS,
                    true,
                    progress);
        }
        return 0;
    }
}
