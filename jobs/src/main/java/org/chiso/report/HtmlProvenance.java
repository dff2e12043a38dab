package org.chiso.report;

import static org.chiso.report.HtmlFormat.count;
import static org.chiso.report.HtmlFormat.esc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.chiso.report.HtmlData.Row;
import org.chiso.report.HtmlData.Table;

/** The provenance section: the manifest's inputs with SHA-256, parameters, versions, conventions and tables. */
final class HtmlProvenance {
    private HtmlProvenance() {}

    static HtmlReport.Section build(HtmlReport.Context cx) {
        JsonNode m = cx.manifest;
        StringBuilder b = new StringBuilder();
        if (m == null) {
            b.append(HtmlFormat.note("<code>manifest.json</code> is not in this run"
                    + (cx.manifestProblem == null ? "" : " (" + esc(cx.manifestProblem) + ")")
                    + "; provenance cannot be shown."));
            return new HtmlReport.Section("provenance", "Provenance", false, null, b.toString());
        }
        b.append(
                HtmlFormat.lead(
                        "What this run read and how it computed: the input files with their SHA-256 digests (to check that a rerun "
                                + "used the same bytes), the parameters and seeds, the software versions, and the statistical convention each table follows."));
        b.append("<dl class=\"facts\">");
        fact(b, "Run", m.path("run_id").asText());
        fact(b, "Started", time(m.path("started").asText()));
        fact(b, "Ended", time(m.path("ended").asText()));
        try {
            Duration d = Duration.between(
                    Instant.parse(m.path("started").asText()),
                    Instant.parse(m.path("ended").asText()));
            fact(b, "Duration", String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart()));
        } catch (RuntimeException e) {
            // no duration without both times
        }
        b.append("</dl>");

        b.append("<div class=\"two\">");
        HtmlFormat.HtmlTable vt = new HtmlFormat.HtmlTable("Software", "Version").caption("Versions");
        m.path("versions")
                .properties()
                .forEach(
                        e -> vt.row(esc(e.getKey()), "<code>" + esc(e.getValue().asText()) + "</code>"));
        b.append("<div>").append(vt.render()).append("</div>");
        HtmlFormat.HtmlTable pt = new HtmlFormat.HtmlTable("Parameter", "Value").caption("Parameters");
        m.path("parameters")
                .properties()
                .forEach(e -> pt.row(esc(e.getKey()), "<code>" + esc(text(e.getValue())) + "</code>"));
        b.append("<div>").append(pt.render()).append("</div>");
        b.append("</div>");

        // Inputs, with the ingest counts where known.
        Table files = cx.table("ingest_files");
        Map<String, Row> ingest = new HashMap<>();
        for (Row r : files.rows) {
            ingest.put(r.get("path"), r);
        }
        JsonNode inputs = m.path("inputs");
        HtmlFormat.HtmlTable it = new HtmlFormat.HtmlTable(
                        "Input", "Size", "SHA-256", "Reader", "Status", "Rows read / accepted / refused")
                .numeric(1)
                .caption("Inputs (" + inputs.size() + ")");
        boolean syntheticInput = false;
        for (JsonNode in : inputs) {
            String path = in.path("path").asText();
            boolean syn = path.toLowerCase(Locale.ROOT).contains("synthetic");
            syntheticInput |= syn;
            Row r = ingest.get(path);
            String counts = r == null
                    ? "–"
                    : count(r.integer("rows_in", 0)) + " / " + count(r.integer("accepted", 0)) + " / "
                            + count(r.integer("rejected", 0));
            it.rowWithClass(
                    syn ? "syn-row" : null,
                    "<code class=\"path\">" + esc(path) + "</code>"
                            + (syn ? " <span class=\"tag syn\">synthetic</span>" : ""),
                    HtmlFormat.bytes(in.path("bytes").asLong()),
                    "<code class=\"sha\">" + esc(in.path("sha256").asText()) + "</code>",
                    esc(in.path("reader").asText()),
                    esc(in.path("status").asText()),
                    counts);
        }
        b.append(it.render(60, inputs.size(), null));
        if (inputs.size() > 60) {
            b.append(HtmlFormat.note("All inputs are listed in <code>manifest.json</code>."));
        }

        // Conventions.
        HtmlFormat.HtmlTable ct = new HtmlFormat.HtmlTable("Table", "Convention").caption("Statistical conventions");
        m.path("conventions")
                .properties()
                .forEach(e -> ct.row(
                        "<code>" + esc(e.getKey()) + "</code>", esc(e.getValue().asText())));
        b.append(ct.render());

        // Tables.
        HtmlFormat.HtmlTable tt = new HtmlFormat.HtmlTable("Table", "Rows", "Synthetic rows", "What it holds")
                .numeric(1, 2)
                .caption("Tables of this run (Parquet and CSV under <code>tables/</code>)");
        for (Map.Entry<String, JsonNode> e : m.path("tables").properties()) {
            Table t = cx.table(e.getKey());
            long syn = t.present ? t.syntheticRows() : 0;
            String about = e.getValue().path("about").asText();
            String aboutHtml = about.length() <= 180
                    ? esc(about)
                    : "<details><summary>" + esc(about.substring(0, 170)) + "…</summary>" + esc(about) + "</details>";
            tt.rowWithClass(
                    syn > 0 ? "syn-row" : null,
                    "<code>" + esc(e.getKey()) + "</code>",
                    count(e.getValue().path("rows").asLong()),
                    t.present ? count(syn) : "–",
                    aboutHtml);
        }
        b.append(tt.render());

        JsonNode warnings = m.path("warnings");
        if (warnings.isArray() && warnings.size() > 0) {
            b.append("<h3>Warnings</h3><ul class=\"warnings\">");
            warnings.forEach(w -> b.append("<li>").append(esc(w.asText())).append("</li>"));
            b.append("</ul>");
        } else {
            b.append(HtmlFormat.note("The run recorded no warnings."));
        }
        return new HtmlReport.Section(
                "provenance", "Provenance", syntheticInput, "synthetic inputs were read", b.toString());
    }

    /** An ISO instant to the second, as "2026-01-01 00:01:42 UTC"; other text unchanged. */
    static String time(String iso) {
        return iso.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z")
                ? iso.substring(0, 19).replace('T', ' ') + " UTC"
                : iso;
    }

    private static void fact(StringBuilder b, String k, String v) {
        if (v != null && !v.isEmpty()) {
            b.append("<div><dt>")
                    .append(esc(k))
                    .append("</dt><dd>")
                    .append(esc(v))
                    .append("</dd></div>");
        }
    }

    private static String text(JsonNode v) {
        if (v.isArray()) {
            StringBuilder s = new StringBuilder("[");
            v.forEach(x -> s.append(s.length() > 1 ? ", " : "").append(x.asText()));
            return s.append(']').toString();
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }
}
