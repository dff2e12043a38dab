package org.chiso.analysis;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.chiso.analysis.cluster.ProvinceClustering;
import org.chiso.core.Columns;
import org.chiso.core.Resources;
import org.chiso.harmonize.Harmonize;

/**
 * The feature sets provinces are clustered on, from {@code data/definitions/feature_sets.csv}: a name, a
 * basis, features as {@code INDEX:COMPONENT} and a year range. Defaults: the 8 PAPI dimensions from 2018,
 * and PAR + SIPAS + PAPI totals.
 */
public final class FeatureSets {
    /** One feature set. */
    public record Set(String name, String basis, List<String> features, int yearFrom, int yearTo) {}

    private FeatureSets() {}

    /** The configured sets. */
    public static List<Set> defaults() {
        List<Set> out = new ArrayList<>();
        for (Map<String, String> r : Resources.csv("/definitions/feature_sets.csv")) {
            out.add(new Set(
                    r.get("feature_set"),
                    r.get("basis"),
                    List.of(r.get("features").split(";")),
                    Integer.parseInt(r.get("year_from")),
                    Integer.parseInt(r.get("year_to"))));
        }
        return out;
    }

    /**
     * The clustering input of the given sets from the panels' province cells (national rows and partial
     * cells are not among {@link Panel.Obs}): the cells of the set's basis and years whose
     * {@code INDEX:COMPONENT} is one of its features. Plain Java; the same cells as {@link #rows}.
     */
    public static List<ProvinceClustering.Cell> cells(List<Panel.Obs> panel, List<Set> sets) {
        List<ProvinceClustering.Cell> out = new ArrayList<>();
        for (Set s : sets) {
            java.util.Set<String> features = new java.util.HashSet<>(s.features());
            for (Panel.Obs o : panel) {
                if (o.basis().equals(s.basis())
                        && o.year() >= s.yearFrom()
                        && o.year() <= s.yearTo()
                        && features.contains(o.variable())) {
                    out.add(new ProvinceClustering.Cell(s.name(), o.year(), o.province(), o.variable(), o.value()));
                }
            }
        }
        return out;
    }

    /**
     * Long rows {@code feature_set, year, province_key, feature, value} of a harmonised panel for the given
     * sets (national rows and partial cells left out). Pure transform.
     */
    public static Dataset<Row> rows(Dataset<Row> panel, List<Set> sets) {
        Dataset<Row> out = null;
        Dataset<Row> p = panel.filter(col(Columns.BASIS)
                        .notEqual("NATIONAL")
                        .and(col(Harmonize.PARTIAL).equalTo(false))
                        .and(col(Columns.VALUE).isNotNull()))
                .withColumn("feature", concat(col(Columns.INDEX), lit(":"), col(Columns.COMPONENT)));
        for (Set s : sets) {
            Dataset<Row> d = p.filter(col(Columns.BASIS)
                            .equalTo(s.basis())
                            .and(col(Columns.YEAR).between(s.yearFrom(), s.yearTo()))
                            .and(col("feature").isin(s.features().toArray())))
                    .select(
                            lit(s.name()).as("feature_set"),
                            col(Columns.YEAR),
                            col(Columns.PROVINCE_KEY),
                            col("feature"),
                            col(Columns.VALUE));
            out = out == null ? d : out.unionByName(d);
        }
        return out;
    }
}
