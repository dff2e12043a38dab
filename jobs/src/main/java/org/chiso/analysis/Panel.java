package org.chiso.analysis;

import static org.apache.spark.sql.functions.col;
import static org.chiso.core.Columns.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.chiso.core.IndexDefinitions;
import org.chiso.core.Resources;
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
    public record Obs(String basis, String index, String version, String segment, int year, String province, String component,
                      String level, double value, boolean synthetic) {
        /** The variable: index and component. */
        public String variable() {
            return index + ":" + component;
        }
    }

    private Panel() {
    }

    /** The comparability segment of a component in a structure version. */
    public static String segment(IndexDefinitions defs, Map<String, String> comparable, String index, String version, String component) {
        if (component.equals("TOTAL") && defs.index(index).map(IndexDefinitions.IndexInfo::totalsComparableAcrossVersions).orElse(false)) {
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

    /** Province cells (national rows and partial harmonised cells left out) of a panel Dataset, collected. */
    public static List<Obs> collect(Dataset<Row> panel) {
        IndexDefinitions defs = IndexDefinitions.load();
        Map<String, String> comparable = comparability();
        List<Obs> out = new ArrayList<>();
        for (Row r : panel.filter(col(BASIS).notEqual("NATIONAL").and(col(Harmonize.PARTIAL).equalTo(false)).and(col(VALUE).isNotNull()))
                .select(BASIS, INDEX, VERSION, YEAR, PROVINCE_KEY, COMPONENT, LEVEL, VALUE, PROVENANCE).collectAsList()) {
            String index = r.getString(1);
            String version = r.isNullAt(2) ? "" : r.getString(2);
            String component = r.getString(5);
            out.add(new Obs(r.getString(0), index, version, segment(defs, comparable, index, version, component), r.getInt(3),
                    r.getString(4), component, r.isNullAt(6) ? "" : r.getString(6), r.getDouble(7), SYNTHETIC.equals(r.getString(8))));
        }
        return out;
    }
}
