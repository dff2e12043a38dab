package org.chiso.cli;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.chiso.io.Progress;
import org.chiso.jobs.ServiceIndexReportJob;
import org.chiso.service.ServiceIndexJob;
import org.chiso.service.ServiceScheme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The service index of a dossier folder into a report run of its own. */
@Command(
        name = "service-index",
        description = "Service index (Decision 766/QĐ-TTg) from dossier records (docs/DOSSIERS.md): validates the"
                + " dossiers (rows in = accepted + rejected), computes every indicator, group and total per province,"
                + " department and commune x week, month, quarter, year (and --as-of), with bands, ranks and"
                + " week-on-week change; writes report tables service_index, service_indicators, service_rejects.")
final class ServiceIndexCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    // --version names the scheme version here, so picocli's standard help options (which take --version) are not
    // mixed in; help is declared by hand
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Option(
            names = "--dossiers",
            required = true,
            paramLabel = "FOLDER",
            description = "The dossier folder (Hadoop path)")
    String dossiers;

    @Option(
            names = "--version",
            defaultValue = "all",
            paramLabel = "V",
            description = "Scheme version: 2024, 2022 or all (default ${DEFAULT-VALUE})")
    String version;

    @Option(
            names = "--as-of",
            paramLabel = "yyyy-MM-dd",
            description = "Also score 1 January of that year to this date, evaluated at its end")
    LocalDate asOf;

    @Option(
            names = "--indicators",
            split = ",",
            paramLabel = "LEVEL",
            defaultValue = "province",
            description = "Levels whose indicators go to service_indicators: province, department, commune (default"
                    + " ${DEFAULT-VALUE}; every level's 21 indicators per week make gigabytes of CSV for the 3,300"
                    + " communes: ask for them with a scoped folder)")
    List<String> indicatorLevels;

    @Mixin
    SparkMixin spark;

    @Override
    public Integer call() throws Exception {
        ServiceScheme scheme = ServiceScheme.bundled();
        List<String> versions = version.equals("all")
                ? scheme.versionNames()
                : List.of(scheme.version(version).name());
        try (SparkSession s = Sessions.create(spark.masterOrDefault(), spark.conf)) {
            ServiceIndexReportJob.run(
                    s,
                    new ServiceIndexReportJob.Options(
                            new ServiceIndexJob.Options(dossiers, versions, asOf),
                            output.out,
                            ServiceIndexReportJob.levels(indicatorLevels)),
                    new Progress(System.out));
        }
        return 0;
    }
}
