package org.chiso.analysis;

import static org.chiso.core.Columns.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.chiso.core.IndexDefinitions;
import org.chiso.core.Resources;
import org.chiso.core.SparkOrder;
import org.chiso.harmonize.Harmonize;

/**
 * The harmonised panels as plain observations for the statistics (province-level tables: thousands of
 * rows, never microdata), with the comparability segment of each series.
 *
 * <p>Segments: a series never runs across a structure break unless it is comparable. A TOTAL is one
 * segment across versions when the index's totals are comparable ({@code indices.csv}); components listed
 * in {@code comparability.csv} join the versions named there; everything else is segmented by structure
 * version.
 */
public final class Panel {
    /** One cell of a panel. */
    public record Obs(
            String basis,
            String index,
            String version,
            String segment,
            int year,
            String province,
            String component,
            String level,
            double value,
            boolean synthetic) {
        /** The variable: index and component. */
        public String variable() {
            return index + ":" + component;
        }
    }

    private Panel() {}

    /** The comparability segment of a component in a structure version. */
    public static String segment(
            IndexDefinitions defs, Map<String, String> comparable, String index, String version, String component) {
        if (component.equals("TOTAL")
                && defs.index(index)
                        .map(IndexDefinitions.IndexInfo::totalsComparableAcrossVersions)
                        .orElse(false)) {
            return "all versions";
        }
        String versions = comparable.get(index + "|" + component);
        if (versions != null && List.of(versions.split(";")).contains(version)) {
            return "versions " + versions.replace(';', '+');
        }
        return "version " + version;
    }

    /** index|component -> versions from {@code data/definitions/comparability.csv}. */
    public static Map<String, String> comparability() {
        Map<String, String> m = new HashMap<>();
        for (Map<String, String> r : Resources.csv("/definitions/comparability.csv")) {
            m.put(r.get("index") + "|" + r.get("component"), r.get("versions"));
        }
        return m;
    }

    /**
     * Province cells of panel rows ({@link Harmonize#PANEL}): national rows, partial harmonised cells and cells
     * without a value left out; sorted by basis, index, year, province and component, so the statistics' sums run
     * in one order whatever the order of the rows.
     */
    public static List<Obs> collect(List<Row> panel) {
        IndexDefinitions defs = IndexDefinitions.load();
        Map<String, String> comparable = comparability();
        int basis = Harmonize.PANEL.fieldIndex(BASIS);
        int partial = Harmonize.PANEL.fieldIndex(Harmonize.PARTIAL);
        int value = Harmonize.PANEL.fieldIndex(VALUE);
        List<Obs> out = new ArrayList<>();
        for (Row r : panel) {
            if (r.isNullAt(basis)
                    || r.getString(basis).equals("NATIONAL")
                    || r.isNullAt(partial)
                    || r.getBoolean(partial)
                    || r.isNullAt(value)) {
                continue;
            }
            String index = r.getAs(INDEX);
            String version = r.getAs(VERSION) == null ? "" : r.getAs(VERSION);
            String component = r.getAs(COMPONENT);
            String level = r.getAs(LEVEL);
            out.add(new Obs(
                    r.getString(basis),
                    index,
                    version,
                    segment(defs, comparable, index, version, component),
                    r.<Integer>getAs(YEAR),
                    r.getAs(PROVINCE_KEY),
                    component,
                    level == null ? "" : level,
                    r.getDouble(value),
                    SYNTHETIC.equals(r.getAs(PROVENANCE))));
        }
        out.sort(ORDER);
        return out;
    }

    private static final Comparator<Obs> ORDER = Comparator.comparing(Obs::basis, SparkOrder.STRINGS)
            .thenComparing(Obs::index, SparkOrder.STRINGS)
            .thenComparingInt(Obs::year)
            .thenComparing(Obs::province, SparkOrder.STRINGS)
            .thenComparing(Obs::component, SparkOrder.STRINGS);
}
