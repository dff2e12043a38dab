package org.chiso.report;

import static org.chiso.report.HtmlFormat.count;
import static org.chiso.report.HtmlFormat.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.chiso.io.Fs;
import org.chiso.report.HtmlData.Row;
import org.chiso.report.HtmlData.Table;

/**
 * The HTML report of a report run, for methodology reviewers: {@code <run>/index.html}, built from the run's CSV
 * tables and {@code manifest.json}.
 *
 * <p>The page is self-contained and readable offline: CSS is inline, charts are inline SVG drawn with JFreeChart
 * through JFreeSVG, the province map is inline SVG, and no font, script, style sheet or image is fetched. A
 * Content-Security-Policy forbids any request; the only script is a few lines (allowed by its hash) that record
 * load errors and the count of fetched resources on the {@code <html>} element ({@code data-errors},
 * {@code data-resources}), so an automated check can read them from the DOM.
 *
 * <p>Sections, each a {@code <section>} with an id: {@code coverage}, {@code correlations}, {@code clusters},
 * {@code trends}, {@code harmonization}, {@code estimates}, {@code review}, {@code service}, {@code provenance}. When any table of the run holds
 * synthetic values, a banner ({@code id="synthetic-banner"}) at the top says so, and each affected section and
 * chart carries a "synthetic data" marker.
 */
public final class HtmlReport {
    /** The report's file name inside the run folder. */
    public static final String FILE = "index.html";
    /** The ids of the report's sections, in page order. */
    public static final List<String> SECTION_IDS = List.of(
            "coverage",
            "correlations",
            "clusters",
            "trends",
            "harmonization",
            "estimates",
            "review",
            HtmlService.ID,
            "provenance");
    /** The tables whose synthetic rows the banner counts. */
    static final List<String> TABLES = List.of(
            "panel_63",
            "panel_34",
            "correlations",
            "trends",
            "panel_regression",
            "convergence",
            "rank_mobility",
            "clusters",
            "cluster_profiles",
            "cluster_quality",
            "cluster_transitions",
            "cluster_excluded",
            "coverage",
            "rejects",
            "derivation_checks",
            "precision_checks",
            "conflicts",
            "ingest_files",
            "estimates",
            "published_facts",
            "review_audit",
            "review_winsorisation",
            "review_alpha",
            "review_alpha_design",
            "review_pca",
            "review_pca_loadings",
            "review_whatif_summary",
            "review_uncertainty",
            "review_rank_sets",
            "service_index");

    /** Records load errors, CSP violations and the number of fetched resources on the root element. */
    static final String PROBE = "(function(){var d=document.documentElement,e=[];"
            + "function r(m){e.push(String(m));d.setAttribute('data-errors',e.join(' | '));}"
            + "window.addEventListener('error',function(v){var t=v.target;r(v.message||('failed to load '+((t&&(t.src||t.href))||'a resource')));},true);"
            + "window.addEventListener('unhandledrejection',function(v){r('unhandled rejection: '+v.reason);});"
            + "document.addEventListener('securitypolicyviolation',function(v){r('blocked by CSP: '+v.violatedDirective+' '+v.blockedURI);});"
            + "window.addEventListener('load',function(){d.setAttribute('data-resources',String(performance.getEntriesByType('resource').length));"
            + "d.setAttribute('data-loaded','true');});})();";

    private HtmlReport() {}

    /** A built section. */
    record Section(String id, String title, boolean synthetic, String syntheticWhy, String body) {}

    /** What the section builders share: the run's tables (read once), reference data, the manifest, ids. */
    static final class Context {
        final Fs fs;
        final String runFolder;
        final String geoFolder;
        final HtmlData.Reference ref;
        final JsonNode manifest;
        final String manifestProblem;
        private final Map<String, Table> tables = new LinkedHashMap<>();
        private int charts;

        Context(Fs fs, String runFolder, String geoFolder) {
            this.fs = fs;
            this.runFolder = runFolder;
            this.geoFolder = geoFolder;
            this.ref = HtmlData.Reference.load();
            JsonNode m = null;
            String problem = null;
            try {
                String f = Fs.child(runFolder, "manifest.json");
                if (fs.exists(f)) {
                    m = new ObjectMapper().readTree(fs.read(f));
                }
            } catch (IOException | RuntimeException e) {
                problem = "unreadable: " + e.getMessage();
            }
            this.manifest = m;
            this.manifestProblem = problem;
        }

        Table table(String name) {
            return tables.computeIfAbsent(name, n -> HtmlData.load(fs, runFolder, n));
        }

        /** A page-unique id for a chart or map. */
        String chartId() {
            return "fig" + (++charts);
        }

        /** A run parameter from the manifest as text, or empty. */
        String parameter(String name) {
            if (manifest == null) {
                return "";
            }
            JsonNode v = manifest.path("parameters").path(name);
            return v.isMissingNode() || v.isNull() ? "" : v.asText();
        }

        /**
         * Whether the panel values behind a clustering are synthetic: any panel row of the basis in one of the
         * years whose "INDEX:COMPONENT" is a feature (or any panel row at all when the features are unknown).
         */
        boolean featuresSynthetic(String basis, Collection<String> features, Collection<Integer> years) {
            Table panel = table("VN34".equals(basis) ? "panel_34" : "panel_63");
            if (!panel.present) {
                return table("panel_63").syntheticRows() + table("panel_34").syntheticRows() > 0;
            }
            Set<String> f = new HashSet<>(features);
            Set<Integer> y = new HashSet<>(years);
            for (Row r : panel.rows) {
                if (!r.synthetic()) {
                    continue;
                }
                if (f.isEmpty()
                        || (y.contains(r.integer("year", 0))
                                && f.contains(r.get("index") + ":" + r.get("component")))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Writes {@code <runFolder>/index.html}.
     *
     * @param geoFolder a folder holding {@code provinces_63.topojson} and {@code provinces_34.geojson}, or null to draw
     *                  the map as a tile grid
     */
    public static void write(Fs fs, String runFolder, String geoFolder) throws IOException {
        fs.writeText(Fs.child(runFolder, FILE), render(fs, runFolder, geoFolder));
    }

    /** The page's HTML. */
    static String render(Fs fs, String runFolder, String geoFolder) {
        Context cx = new Context(fs, runFolder, geoFolder);
        List<Section> sections = new ArrayList<>();
        List<Function<Context, Section>> builders = List.of(
                HtmlCoverage::build,
                HtmlCorrelations::build,
                HtmlClusters::build,
                HtmlTrends::build,
                HtmlHarmonization::build,
                HtmlEstimates::build,
                HtmlReview::build,
                HtmlService::build,
                HtmlProvenance::build);
        String[] titles = {
            "Coverage",
            "Correlations",
            "Clusters",
            "Trends",
            "Merger harmonisation (63 → 34)",
            "Microdata estimates",
            "Methodology review",
            HtmlService.TITLE,
            "Provenance"
        };
        for (int i = 0; i < builders.size(); i++) {
            try {
                sections.add(builders.get(i).apply(cx));
            } catch (RuntimeException | InternalError | LinkageError e) {
                // One broken section (bad table, no font for chart text, a missing chart library) must not cost the
                // reader the
                // others; the failure is shown where the section would be.
                sections.add(new Section(
                        SECTION_IDS.get(i),
                        titles[i],
                        false,
                        null,
                        "<div class=\"section-error\">This section could not be " + "built: " + esc(e.toString())
                                + "</div>"));
            }
        }
        // Synthetic rows per table, for the banner.
        Map<String, long[]> synthetic = new LinkedHashMap<>();
        for (String name : TABLES) {
            Table t = cx.table(name);
            if (t.present && t.syntheticRows() > 0) {
                synthetic.put(name, new long[] {t.syntheticRows(), t.size()});
            }
        }
        boolean anySynthetic = !synthetic.isEmpty() || sections.stream().anyMatch(Section::synthetic);
        return page(cx, sections, synthetic, anySynthetic);
    }

    private static String page(
            Context cx, List<Section> sections, Map<String, long[]> synthetic, boolean anySynthetic) {
        String runId = cx.manifest == null
                ? lastSegment(cx.runFolder)
                : cx.manifest.path("run_id").asText(lastSegment(cx.runFolder));
        String ended = cx.manifest == null
                ? ""
                : HtmlProvenance.time(cx.manifest.path("ended").asText(""));
        StringBuilder b = new StringBuilder(1 << 20);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        b.append(
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '")
                .append(sha256(PROBE))
                .append("'; base-uri 'none'; form-action 'none'\">");
        b.append(
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"color-scheme\" content=\"light\">");
        b.append("<link rel=\"icon\" href=\"data:,\">");
        b.append("<title>Chỉ số Workbench – report ").append(esc(runId)).append("</title>");
        b.append("<script>").append(PROBE).append("</script>");
        b.append("<style>").append(CSS).append("</style></head><body>");
        b.append(
                        "<header class=\"top\"><div class=\"wrap\"><h1>Chỉ số Workbench <span>methodology report</span></h1><p>Report run <code>")
                .append(esc(runId))
                .append("</code>")
                .append(ended.isEmpty() ? "" : ", completed " + esc(ended))
                .append(
                        ". Provincial governance indices of Vietnam (PAR Index, SIPAS, PAPI, PCI) on the 63-province and 34-province maps.</p>")
                .append("</div></header>");
        if (anySynthetic) {
            b.append(
                            "<div id=\"synthetic-banner\" class=\"banner\" role=\"alert\"><strong>Synthetic data.</strong> This report is built, in part, "
                                    + "from <strong>synthetic values</strong> – generated demo data, not real survey or index results. Do not quote these numbers as "
                                    + "Vietnam's provincial indices. Sections and charts drawn from them carry a ")
                    .append(HtmlFormat.synthMark("example"))
                    .append(" marker.");
            if (!synthetic.isEmpty()) {
                b.append("<div class=\"banner-tables\">Synthetic rows by table: ");
                List<String> parts = new ArrayList<>();
                synthetic.forEach(
                        (name, c) -> parts.add("<code>" + esc(name) + "</code> " + count(c[0]) + " of " + count(c[1])));
                b.append(String.join(" · ", parts)).append("</div>");
            }
            b.append("</div>");
        }
        b.append("<nav class=\"toc\"><div class=\"wrap\">");
        for (Section s : sections) {
            b.append("<a href=\"#")
                    .append(s.id())
                    .append("\">")
                    .append(esc(s.title()))
                    .append(s.synthetic() ? "<i class=\"dot\" title=\"synthetic data\"></i>" : "")
                    .append("</a>");
        }
        b.append("</div></nav><main class=\"wrap\">");
        for (Section s : sections) {
            b.append("<section id=\"")
                    .append(s.id())
                    .append("\"")
                    .append(s.synthetic() ? " data-synthetic=\"true\"" : "")
                    .append("><h2>")
                    .append(esc(s.title()));
            if (s.synthetic()) {
                b.append(' ')
                        .append(HtmlFormat.synthMark(s.syntheticWhy() == null ? "synthetic values" : s.syntheticWhy()));
            }
            b.append("</h2>").append(s.body()).append("</section>\n");
        }
        b.append(
                "</main><footer class=\"wrap\"><p>Self-contained page: nothing is loaded from the network. The numbers come from "
                        + "<code>tables/*.csv</code> of this run; <code>manifest.json</code> records inputs, parameters and versions.</p></footer>");
        b.append("</body></html>\n");
        return b.toString();
    }

    private static String lastSegment(String folder) {
        String f = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        return f.substring(f.lastIndexOf('/') + 1);
    }

    /** The CSP source expression of a script's SHA-256. */
    static String sha256(String script) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String CSS = """
            :root{--ink:#1d2733;--muted:#5b6875;--line:#d9dee4;--bg:#f5f6f8;--accent:#0b5fa5;--syn:#b3261e}
            *{box-sizing:border-box}
            html{background:var(--bg)}
            body{margin:0;color:var(--ink);font:15px/1.5 "DejaVu Sans","Segoe UI",system-ui,-apple-system,Arial,sans-serif}
            .wrap{max-width:1200px;margin:0 auto;padding:0 24px}
            header.top{background:#12324f;color:#fff;padding:18px 0 14px}
            header.top h1{margin:0;font-size:26px;font-weight:700}
            header.top h1 span{font-weight:400;opacity:.8;font-size:20px;margin-left:6px}
            header.top p{margin:6px 0 0;opacity:.9;font-size:14px}
            header.top code{color:#fff;background:rgba(255,255,255,.12)}
            .banner{max-width:1152px;margin:16px auto 0;background:#fdecea;border:2px solid var(--syn);border-left-width:8px;color:#4a0f0b;
              padding:12px 16px;border-radius:6px;font-size:14.5px}
            .banner-tables{margin-top:6px;font-size:12.5px;color:#5f1410}
            nav.toc{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);margin-top:16px}
            nav.toc .wrap{display:flex;flex-wrap:wrap;gap:4px 18px;padding-top:8px;padding-bottom:8px}
            nav.toc a{color:var(--accent);text-decoration:none;font-size:14px}
            nav.toc a:hover{text-decoration:underline}
            nav.toc .dot{display:inline-block;width:7px;height:7px;border-radius:50%;background:var(--syn);margin-left:4px;vertical-align:middle}
            section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 24px 20px;margin:20px 0;scroll-margin-top:48px}
            section[data-synthetic]{border-top:4px solid var(--syn)}
            h2{font-size:21px;margin:4px 0 8px;display:flex;align-items:center;gap:10px;flex-wrap:wrap}
            h3{font-size:16px;margin:22px 0 6px}
            p{margin:6px 0}
            p.lead{color:#2b3947;max-width:980px}
            p.note,.note{font-size:12.5px;color:var(--muted)}
            code{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px;background:#eef1f4;padding:0 3px;border-radius:3px}
            code.sha{font-size:10.5px;word-break:break-all;background:none}
            code.path{word-break:break-all}
            .key{color:var(--muted);font-size:11px;white-space:nowrap}
            .prov{white-space:nowrap}
            .small{font-size:12px}
            .syn-mark{display:inline-block;background:var(--syn);color:#fff;font-size:11px;font-weight:700;letter-spacing:.03em;text-transform:uppercase;
              padding:1px 7px;border-radius:10px;vertical-align:middle}
            .tag{display:inline-block;font-size:11px;padding:0 5px;border-radius:8px;background:#fff3cd;color:#6b4e00}
            .tag.syn{background:#fdecea;color:var(--syn)}
            .table-wrap{overflow-x:auto;max-width:100%}
            table.data{border-collapse:collapse;font-size:13px;margin:8px 0;min-width:40%}
            table.data caption{text-align:left;font-weight:700;font-size:13.5px;padding:4px 0}
            table.data th,table.data td{padding:4px 9px;border-bottom:1px solid #e8ebef;text-align:left;vertical-align:top}
            table.data thead th{background:#f1f4f7;border-bottom:1px solid var(--line);font-weight:600}
            table.data .n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            table.data tr.hl td{background:#eef6ff}
            table.data tr.gap td{background:#fafbfc;color:var(--muted);padding:1px 9px}
            table.data tr.syn-row td:first-child{box-shadow:inset 3px 0 0 var(--syn)}
            table.data td.empty{color:var(--muted);font-style:italic}
            table.heat{border-collapse:separate;border-spacing:2px;font-size:12px;margin:8px 0}
            table.heat th{font-weight:600;font-size:12px;text-align:left;padding:2px 6px;white-space:nowrap}
            table.heat th.yr{text-align:center;font-size:11px;padding:2px}
            table.heat td{min-width:34px;height:26px;text-align:center;font-variant-numeric:tabular-nums;border-radius:3px;padding:0 3px}
            table.heat td.lbl{text-align:left;background:none;color:var(--muted);white-space:nowrap}
            table.heat td.none{color:#aab2bb;background:#fafbfc}
            table.heat td.syn,.swatch.syn{background-image:repeating-linear-gradient(135deg,rgba(179,38,30,.30) 0 2px,transparent 2px 6px)}
            table.heat sup{font-size:9px}
            table.corr td{width:40px;height:30px;font-size:11.5px;line-height:1.1}
            table.corr td small{display:block;font-size:9px;opacity:.85}
            table.corr td.diag{background:#e9ecef;color:#8a949e}
            table.corr td.upper{background:none}
            table.corr th.vert{vertical-align:bottom;height:96px;padding:2px 0}
            table.corr th.vert span{writing-mode:vertical-rl;transform:rotate(180deg);display:inline-block;font-size:11px}
            table.corr th.rowh{text-align:right;font-size:11px}
            table.corr tr.block td,table.corr tr.block th{border-top:2px solid #9aa5b1}
            .swatch{display:inline-block;width:14px;height:11px;border:1px solid #c9d0d7;vertical-align:middle;border-radius:2px}
            .swatch.pub{background:#2e8b57}.swatch.harm{background:#4c7fb8}.swatch.part{background:#e69f00}
            .swatch.syn-solid,table.pgrid td.gs{background:#e9a6a0;background-image:repeating-linear-gradient(135deg,rgba(179,38,30,.5) 0 2px,transparent 2px 5px)}
            details{margin:6px 0}
            details summary{cursor:pointer;color:var(--accent);font-size:13.5px}
            table.pgrid{border-collapse:separate;border-spacing:1px;font-size:10.5px;margin:6px 0}
            table.pgrid th{font-weight:400;text-align:right;padding:0 6px 0 0;white-space:nowrap}
            table.pgrid th.yr{text-align:center;padding:0 1px;font-size:9.5px}
            table.pgrid td{width:22px;height:12px;background:#f3f4f6}
            table.pgrid td.go{background:#2e8b57}table.pgrid td.gh{background:#4c7fb8}table.pgrid td.gp{background:#e69f00}
            figure{margin:12px 0;min-width:0}
            figure svg{display:block;width:100%;height:auto}
            figcaption{font-size:12.5px;color:var(--muted);margin-top:4px;max-width:900px}
            figcaption .syn-mark{font-size:10px}
            figure[data-synthetic] {outline:1px dashed rgba(179,38,30,.35);outline-offset:4px}
            .two{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:20px;align-items:start}
            .multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:14px}
            figure.small{margin:0}
            .map-wrap{max-width:560px}
            .legend{display:flex;flex-wrap:wrap;gap:6px 14px;font-size:12.5px;margin-top:6px}
            .legend i{display:inline-block;width:14px;height:14px;border-radius:3px;margin-right:5px;vertical-align:-2px}
            ul.members{font-size:13px;margin:6px 0;padding-left:18px}
            .reading{background:#f1f6fb;border-left:4px solid var(--accent);padding:8px 12px;margin:8px 0;font-size:14px;max-width:980px}
            dl.facts{display:flex;flex-wrap:wrap;gap:8px 28px;margin:8px 0}
            dl.facts dt{font-size:11.5px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
            dl.facts dd{margin:0;font-size:14px}
            .section-error{background:#fff4e5;border:1px solid #e69f00;padding:10px;border-radius:6px}
            footer{color:var(--muted);font-size:12.5px;padding-bottom:30px}
            @media print{nav.toc{position:static}section{break-inside:avoid-page;border:none}html{background:#fff}}
            """;
}
