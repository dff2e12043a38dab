package org.chiso.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.chiso.core.Columns;
import org.chiso.report.ReportRun;

/**
 * The warehouse summaries a report needs: coverage (index x year x basis), rejects (score rejects with
 * file, line and column; microdata rejects counted by reason only, since they would carry respondent
 * identifiers), estimates (small cells suppressed), derivation checks and the input files. Each reads one
 * warehouse table; two are read and collected at once ({@link ReportRun#writeAll}).
 */
public final class ReportTablesJob {
    private ReportTablesJob() {}

    /** Writes the summaries into the run. */
    public static void run(SparkSession spark, Warehouse w, ReportRun run) throws IOException {
        Dataset<Row> scores = w.read(Warehouse.SCORES);
        Dataset<Row> coverage = scores.filter(col(Columns.BASIS).notEqual("NATIONAL"))
                .groupBy(Columns.INDEX, Columns.YEAR, Columns.BASIS, Columns.SOURCE, Columns.PROVENANCE)
                .agg(
                        countDistinct(Columns.PROVINCE_KEY).as("provinces"),
                        countDistinct(Columns.COMPONENT).as("components"),
                        count(lit(1)).as("cells"),
                        max(col(Columns.DERIVED_FLAG).cast("int")).equalTo(1).as("any_derived"));
        List<ReportRun.Pending> tables = new ArrayList<>();
        tables.add(new ReportRun.Pending(
                "coverage",
                coverage,
                "index x year x basis x source: provinces, components and cells present in the warehouse",
                Columns.INDEX,
                Columns.YEAR,
                Columns.BASIS,
                Columns.SOURCE,
                Columns.PROVENANCE));
        Dataset<Row> rejects = w.read(Warehouse.REJECTS)
                .select(
                        lit("scores").as("table"),
                        col(Columns.FILE),
                        col(Columns.LINE),
                        col(Columns.COLUMN),
                        col(Columns.RAW_VALUE),
                        col(Columns.REASON),
                        col(Columns.DETAIL),
                        lit(1L).as("rows"));
        if (w.has(Warehouse.MICRODATA_REJECTS)) {
            Dataset<Row> micro = w.read(Warehouse.MICRODATA_REJECTS)
                    .groupBy(Columns.FILE, Columns.REASON)
                    .count()
                    .select(
                            lit("microdata").as("table"),
                            col(Columns.FILE),
                            lit(null).cast("int").as(Columns.LINE),
                            lit(null).cast("string").as(Columns.COLUMN),
                            lit(null).cast("string").as(Columns.RAW_VALUE),
                            col(Columns.REASON),
                            lit("counted by reason; the rows stay in the warehouse")
                                    .as(Columns.DETAIL),
                            col("count").as("rows"));
            rejects = rejects.unionByName(micro);
        }
        tables.add(new ReportRun.Pending(
                "rejects",
                rejects,
                "refused input rows: file, line, column, value, reason (microdata: counts by reason)",
                "table",
                Columns.FILE,
                Columns.LINE,
                Columns.COLUMN,
                Columns.REASON));
        tables.add(new ReportRun.Pending(
                "derivation_checks",
                w.read(Warehouse.CHECKS),
                "published parents beside the value derived from their parts",
                Columns.INDEX,
                Columns.YEAR,
                Columns.PROVINCE_KEY,
                Columns.COMPONENT,
                Columns.SOURCE));
        tables.add(new ReportRun.Pending(
                "ingest_files",
                w.read(Warehouse.FILES),
                "input files: reader, size, SHA-256, rows in/accepted/rejected",
                "path"));
        if (w.has(Warehouse.ESTIMATES)) {
            tables.add(new ReportRun.Pending(
                    "estimates",
                    AnalyzeJob.suppressed(w.read(Warehouse.ESTIMATES)),
                    "province x year x component estimates from microdata with design-based SE, df, interval and deff; "
                            + "cells below the minimum respondents suppressed (value null, reason given)",
                    "survey",
                    Columns.INDEX,
                    Columns.YEAR,
                    Columns.PROVINCE_KEY,
                    Columns.COMPONENT));
        }
        tables.add(new ReportRun.Pending(
                "published_facts",
                w.read(Warehouse.FACTS),
                "published ranks, changes and counts with their sources",
                Columns.INDEX,
                Columns.YEAR,
                Columns.PROVINCE_KEY,
                Columns.COMPONENT,
                Columns.MEASURE));
        ServiceStage.report(w, tables);
        run.writeAll(tables);
    }
}
