// The setup every notebook loads first (`%load setup.jsh`, its first code cell): one file, so the notebooks
// cannot drift apart.
// The kernel's java.util.logging default (FINEST) floods the kernel and
// breaks Spark's code generator, so the level goes back to INFO before anything else runs.
java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
// java.util.*, java.io.* and a few more are imported by the kernel already; importing one of them again makes
// jshell lose the kernel's static import of display(...) for methods declared afterwards, so don't.
import java.nio.file.*;
import java.util.stream.*;
import org.chiso.report.*;
import org.jfree.chart.JFreeChart;

// Display helpers: a table as HTML, a chart as inline SVG, a line of text.
void show(ReportTable t) { display("text/html", t.toHtml()); }
void show(ReportTable t, int rows) { display("text/html", t.toHtml(rows)); }
void show(JFreeChart chart) { display("text/html", Charts.svg(chart)); }
void show(JFreeChart chart, int width, int height) { display("text/html", Charts.svg(chart, width, height)); }
void say(String html) { display("text/html", "<p>" + html + "</p>"); }
String join(List<Object> values) { return values.stream().map(ReportTable::format).collect(Collectors.joining(", ")); }

// The latest completed run: $WORKBENCH_OUT (notebooks/run sets it) or output/reports/latest above this folder.
var run = Reports.latest();
// Province names from the reference table shipped with the workbench (workbench.home is set by the kernelspec).
Path home = Path.of(System.getProperty("workbench.home", ".."));
Map<String, String> names = new HashMap<>();
ReportTable.read("provinces", home.resolve("data/reference/provinces.csv")).rows()
    .forEach(r -> names.put(r.str("key"), r.str("name_vi")));
String name(String key) { return key == null ? "" : names.getOrDefault(key, key); }
say("Report run <b>" + run.id() + "</b> (" + run.folder() + "), " + run.tables().size() + " tables.");
