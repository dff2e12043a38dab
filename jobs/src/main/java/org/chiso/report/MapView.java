package org.chiso.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chiso.core.ProvinceRegistry;
import org.chiso.io.Fs;

/**
 * A choropleth of provinces as inline SVG: the real boundaries (TopoJSON or GeoJSON read from a folder at run
 * time, projected equirectangularly with the longitude scaled by the cosine of the middle latitude, and
 * simplified to the drawing's resolution), or, without boundaries, a tile grid of Vietnam: one tile per province,
 * from the bundled {@code reference/tile_grid_63.csv} for the 63 provinces and {@code reference/tile_grid_34.csv}
 * for the 34 (both read by {@link ProvinceRegistry#tileGrid}).
 *
 * <p>Boundary files looked for in the folder: {@code provinces_63.topojson} / {@code .geojson} for keys
 * {@code VN63-xx}, {@code provinces_34.geojson} / {@code .topojson} for {@code VN34-xx}; a feature's key comes from
 * its {@code key} property, or {@code gso_code} / {@code nso_code} (two-digit statistics office code).
 */
final class MapView {
    static final String MISSING_FILL = "#e3e6ea";
    private static final int WIDTH = 560;
    private static final double PAD = 8;

    private MapView() {}

    /** A drawn map and a sentence on how it was drawn. */
    record Result(String svg, String how, int provincesDrawn) {}

    /** One province's rings as (lon, lat) pairs. */
    record Shape(String key, List<double[][]> rings) {}

    /**
     * Draws provinces of a basis ("VN63" or "VN34") filled by {@code fill} (key to colour; others grey).
     *
     * @param geoFolder folder of boundary files, or null for the tile grid
     * @param tooltip key to tooltip text
     */
    static Result render(
            Fs fs,
            String geoFolder,
            String basis,
            Map<String, String> fill,
            Map<String, String> tooltip,
            HtmlData.Reference ref,
            String id) {
        String problem = null;
        if (geoFolder != null && !geoFolder.isBlank()) {
            try {
                List<Shape> shapes = loadShapes(fs, geoFolder, basis);
                if (shapes != null && !shapes.isEmpty()) {
                    return boundaries(shapes, fill, tooltip, ref, id);
                }
                problem = "no boundary file for " + basis + " in " + Fs.display(geoFolder);
            } catch (IOException | RuntimeException e) {
                problem = "boundaries unreadable (" + e.getMessage() + ")";
            }
        } else {
            problem = "no boundary folder given";
        }
        Result grid = tiles(basis, fill, tooltip, ref, id);
        return new Result(grid.svg(), grid.how() + " (" + problem + ")", grid.provincesDrawn());
    }

    /** The shapes of a basis from the folder, or null when no file is there. */
    static List<Shape> loadShapes(Fs fs, String folder, String basis) throws IOException {
        String n = "VN34".equals(basis) ? "34" : "63";
        for (String ext : new String[] {"topojson", "geojson", "json"}) {
            String f = Fs.child(folder, "provinces_" + n + "." + ext);
            if (fs.exists(f)) {
                JsonNode root = new ObjectMapper().readTree(fs.read(f));
                return "Topology".equals(root.path("type").asText()) ? topo(root, basis) : geo(root, basis);
            }
        }
        return null;
    }

    private static String key(JsonNode props, String basis) {
        String k = props.path("key").asText("");
        if (k.startsWith(basis + "-")) {
            return k;
        }
        for (String f : new String[] {"gso_code", "nso_code", "code_gso", "ma_tinh"}) {
            String c = props.path(f).asText("").trim();
            if (c.matches("\\d{1,2}")) {
                return basis + "-" + (c.length() == 1 ? "0" + c : c);
            }
        }
        return null;
    }

    private static List<Shape> geo(JsonNode root, String basis) {
        List<Shape> out = new ArrayList<>();
        for (JsonNode f : root.path("features")) {
            String key = key(f.path("properties"), basis);
            if (key == null) {
                continue;
            }
            JsonNode g = f.path("geometry");
            List<double[][]> rings = new ArrayList<>();
            if ("Polygon".equals(g.path("type").asText())) {
                polygon(g.path("coordinates"), rings);
            } else if ("MultiPolygon".equals(g.path("type").asText())) {
                for (JsonNode poly : g.path("coordinates")) {
                    polygon(poly, rings);
                }
            }
            out.add(new Shape(key, rings));
        }
        return out;
    }

    private static void polygon(JsonNode poly, List<double[][]> rings) {
        for (JsonNode ring : poly) {
            double[][] pts = new double[ring.size()][];
            for (int i = 0; i < ring.size(); i++) {
                pts[i] = new double[] {
                    ring.get(i).get(0).asDouble(), ring.get(i).get(1).asDouble()
                };
            }
            rings.add(pts);
        }
    }

    private static List<Shape> topo(JsonNode root, String basis) {
        JsonNode t = root.path("transform");
        double sx = t.path("scale").path(0).asDouble(1);
        double sy = t.path("scale").path(1).asDouble(1);
        double tx = t.path("translate").path(0).asDouble(0);
        double ty = t.path("translate").path(1).asDouble(0);
        boolean quantized = t.isObject();
        List<double[][]> arcs = new ArrayList<>();
        for (JsonNode a : root.path("arcs")) {
            double[][] pts = new double[a.size()][];
            double x = 0;
            double y = 0;
            for (int i = 0; i < a.size(); i++) {
                if (quantized) {
                    x += a.get(i).get(0).asDouble();
                    y += a.get(i).get(1).asDouble();
                    pts[i] = new double[] {x * sx + tx, y * sy + ty};
                } else {
                    pts[i] = new double[] {
                        a.get(i).get(0).asDouble(), a.get(i).get(1).asDouble()
                    };
                }
            }
            arcs.add(pts);
        }
        List<Shape> out = new ArrayList<>();
        JsonNode objects = root.path("objects");
        for (JsonNode obj : objects) {
            for (JsonNode g : obj.path("geometries")) {
                String key = key(g.path("properties"), basis);
                if (key == null) {
                    continue;
                }
                List<double[][]> rings = new ArrayList<>();
                if ("Polygon".equals(g.path("type").asText())) {
                    for (JsonNode ring : g.path("arcs")) {
                        rings.add(ring(ring, arcs));
                    }
                } else if ("MultiPolygon".equals(g.path("type").asText())) {
                    for (JsonNode poly : g.path("arcs")) {
                        for (JsonNode ring : poly) {
                            rings.add(ring(ring, arcs));
                        }
                    }
                }
                out.add(new Shape(key, rings));
            }
            break;
        }
        return out;
    }

    private static double[][] ring(JsonNode arcIndexes, List<double[][]> arcs) {
        List<double[]> pts = new ArrayList<>();
        for (JsonNode ai : arcIndexes) {
            int i = ai.asInt();
            double[][] a = arcs.get(i >= 0 ? i : ~i);
            int n = a.length;
            for (int j = 0; j < n; j++) {
                double[] p = i >= 0 ? a[j] : a[n - 1 - j];
                if (j == 0 && !pts.isEmpty()) {
                    continue;
                }
                pts.add(p);
            }
        }
        return pts.toArray(new double[0][]);
    }

    private static Result boundaries(
            List<Shape> shapes,
            Map<String, String> fill,
            Map<String, String> tooltip,
            HtmlData.Reference ref,
            String id) {
        double minLon = Double.MAX_VALUE;
        double maxLon = -Double.MAX_VALUE;
        double minLat = Double.MAX_VALUE;
        double maxLat = -Double.MAX_VALUE;
        for (Shape s : shapes) {
            for (double[][] r : s.rings()) {
                for (double[] p : r) {
                    minLon = Math.min(minLon, p[0]);
                    maxLon = Math.max(maxLon, p[0]);
                    minLat = Math.min(minLat, p[1]);
                    maxLat = Math.max(maxLat, p[1]);
                }
            }
        }
        double k = Math.cos(Math.toRadians((minLat + maxLat) / 2));
        double scale = (WIDTH - 2 * PAD) / ((maxLon - minLon) * k);
        int height = (int) Math.ceil((maxLat - minLat) * scale + 2 * PAD);
        final double lon0 = minLon;
        final double lat1 = maxLat;
        StringBuilder b = new StringBuilder();
        b.append("<svg class=\"map\" id=\"")
                .append(id)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append(
                        "\" role=\"img\" aria-label=\"map of provinces\" font-family=\"DejaVu Sans, Arial, sans-serif\" style=\"max-width:")
                .append(WIDTH)
                .append("px\">");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"#f4f8fb\"/>");
        Map<String, double[]> offshore = new LinkedHashMap<>();
        int drawn = 0;
        for (Shape s : shapes) {
            StringBuilder d = new StringBuilder();
            Set<Long> dots = new HashSet<>();
            for (double[][] ring : s.rings()) {
                double[][] px = new double[ring.length][];
                double rx0 = Double.MAX_VALUE;
                double rx1 = -Double.MAX_VALUE;
                double ry0 = Double.MAX_VALUE;
                double ry1 = -Double.MAX_VALUE;
                for (int i = 0; i < ring.length; i++) {
                    double x = PAD + (ring[i][0] - lon0) * k * scale;
                    double y = PAD + (lat1 - ring[i][1]) * scale;
                    px[i] = new double[] {x, y};
                    rx0 = Math.min(rx0, x);
                    rx1 = Math.max(rx1, x);
                    ry0 = Math.min(ry0, y);
                    ry1 = Math.max(ry1, y);
                }
                if (ring.length > 0 && ring[0][0] > 110.5) {
                    double[] box = offshore.computeIfAbsent(s.key(), x ->
                            new double[] {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE});
                    box[0] = Math.min(box[0], rx0);
                    box[1] = Math.min(box[1], ry0);
                    box[2] = Math.max(box[2], rx1);
                    box[3] = Math.max(box[3], ry1);
                }
                if (rx1 - rx0 < 1.5 && ry1 - ry0 < 1.5) {
                    long cx = Math.round((rx0 + rx1) / 2);
                    long cy = Math.round((ry0 + ry1) / 2);
                    if (dots.add(cx * 100000 + cy)) {
                        d.append('M')
                                .append(tenths(cx * 10 - 7))
                                .append(',')
                                .append(tenths(cy * 10 - 7))
                                .append("h1.4v1.4h-1.4z");
                    }
                    continue;
                }
                path(simplify(px, 0.45), d);
            }
            String colour = fill.getOrDefault(s.key(), MISSING_FILL);
            String tip = tooltip.getOrDefault(s.key(), ref.name(s.key()) + " – no value");
            b.append("<path data-key=\"")
                    .append(s.key())
                    .append("\" fill=\"")
                    .append(colour)
                    .append("\" fill-rule=\"evenodd\" stroke=\"#ffffff\" stroke-width=\"0.5\" d=\"")
                    .append(d)
                    .append("\"><title>")
                    .append(HtmlFormat.esc(tip))
                    .append("</title></path>");
            drawn++;
        }
        for (Map.Entry<String, double[]> o : offshore.entrySet()) {
            double[] box = o.getValue();
            String code = o.getKey().substring(o.getKey().length() - 2);
            String name = switch (code) {
                case "48" -> "Quần đảo Hoàng Sa";
                case "56" -> "Quần đảo Trường Sa";
                default -> "";
            };
            String text = (name.isEmpty() ? "" : name + " ") + "(" + ref.name(o.getKey()) + ")";
            double x = Math.max(70, Math.min((box[0] + box[2]) / 2, WIDTH - 70));
            double y = box[3] + 12 <= height - 3 ? box[3] + 12 : box[1] - 5;
            b.append("<text x=\"")
                    .append(ChartSvg.short2(x))
                    .append("\" y=\"")
                    .append(ChartSvg.short2(y))
                    .append("\" text-anchor=\"middle\" font-size=\"9\" fill=\"#5b6875\">")
                    .append(HtmlFormat.esc(text))
                    .append("</text>");
        }
        b.append("</svg>");
        return new Result(b.toString(), "province boundaries (equirectangular projection)", drawn);
    }

    /** Appends a closed ring as an SVG path with coordinates in tenths of a pixel, relative after the first point. */
    private static void path(List<double[]> pts, StringBuilder d) {
        if (pts.size() < 3) {
            return;
        }
        long px = Math.round(pts.get(0)[0] * 10);
        long py = Math.round(pts.get(0)[1] * 10);
        d.append('M').append(tenths(px)).append(',').append(tenths(py)).append('l');
        boolean first = true;
        for (int i = 1; i < pts.size(); i++) {
            long x = Math.round(pts.get(i)[0] * 10);
            long y = Math.round(pts.get(i)[1] * 10);
            if (x == px && y == py) {
                continue;
            }
            if (!first) {
                d.append(' ');
            }
            d.append(tenths(x - px)).append(',').append(tenths(y - py));
            first = false;
            px = x;
            py = y;
        }
        d.append('z');
    }

    private static String tenths(long v) {
        long a = Math.abs(v);
        String s = (a / 10) + (a % 10 == 0 ? "" : "." + (a % 10));
        return v < 0 ? "-" + s : s;
    }

    /** Radial-distance filtering, then Douglas-Peucker, both in pixels. */
    static List<double[]> simplify(double[][] px, double tolerance) {
        List<double[]> radial = new ArrayList<>();
        double[] last = null;
        for (double[] p : px) {
            if (last == null || Math.hypot(p[0] - last[0], p[1] - last[1]) >= tolerance) {
                radial.add(p);
                last = p;
            }
        }
        if (radial.size() < 4) {
            return radial;
        }
        boolean[] keep = new boolean[radial.size()];
        keep[0] = true;
        keep[radial.size() - 1] = true;
        dp(radial, 0, radial.size() - 1, tolerance, keep);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < radial.size(); i++) {
            if (keep[i]) {
                out.add(radial.get(i));
            }
        }
        return out;
    }

    private static void dp(List<double[]> p, int a, int b, double tol, boolean[] keep) {
        // iterative to avoid deep recursion on long rings
        java.util.ArrayDeque<int[]> stack = new java.util.ArrayDeque<>();
        stack.push(new int[] {a, b});
        while (!stack.isEmpty()) {
            int[] seg = stack.pop();
            int i0 = seg[0];
            int i1 = seg[1];
            double[] s = p.get(i0);
            double[] e = p.get(i1);
            double dx = e[0] - s[0];
            double dy = e[1] - s[1];
            double len = Math.hypot(dx, dy);
            double worst = -1;
            int at = -1;
            for (int i = i0 + 1; i < i1; i++) {
                double[] q = p.get(i);
                double dist = len == 0
                        ? Math.hypot(q[0] - s[0], q[1] - s[1])
                        : Math.abs(dy * q[0] - dx * q[1] + e[0] * s[1] - e[1] * s[0]) / len;
                if (dist > worst) {
                    worst = dist;
                    at = i;
                }
            }
            if (at >= 0 && worst > tol) {
                keep[at] = true;
                stack.push(new int[] {i0, at});
                stack.push(new int[] {at, i1});
            }
        }
    }

    /** The tile grid: one square tile per province, placed roughly where the province lies. */
    static Result tiles(
            String basis, Map<String, String> fill, Map<String, String> tooltip, HtmlData.Reference ref, String id) {
        final int tw = 58;
        final int th = 36;
        final int pad = (int) PAD;
        Map<String, ProvinceRegistry.Tile> tiles = ref.tiles(basis);
        int rows = 0;
        int cols = 0;
        for (ProvinceRegistry.Tile t : tiles.values()) {
            rows = Math.max(rows, t.row() + 1);
            cols = Math.max(cols, t.col() + 1);
        }
        int w = cols * tw + 2 * pad;
        int h = rows * th + 2 * pad;
        StringBuilder b = new StringBuilder();
        b.append("<svg class=\"map tiles\" id=\"")
                .append(id)
                .append("\" viewBox=\"0 0 ")
                .append(w)
                .append(' ')
                .append(h)
                .append(
                        "\" role=\"img\" aria-label=\"tile map of provinces\" font-family=\"DejaVu Sans, Arial, sans-serif\" style=\"max-width:")
                .append(w)
                .append("px\">");
        for (Map.Entry<String, ProvinceRegistry.Tile> t : tiles.entrySet()) {
            String k = t.getKey();
            int x = pad + t.getValue().col() * tw;
            int y = pad + t.getValue().row() * th;
            String colour = fill.getOrDefault(k, MISSING_FILL);
            b.append("<g><path data-key=\"")
                    .append(k)
                    .append("\" fill=\"")
                    .append(colour)
                    .append("\" stroke=\"#ffffff\" stroke-width=\"2\" d=\"M")
                    .append(x)
                    .append(',')
                    .append(y)
                    .append('h')
                    .append(tw)
                    .append('v')
                    .append(th)
                    .append('h')
                    .append(-tw)
                    .append("z\"><title>")
                    .append(HtmlFormat.esc(tooltip.getOrDefault(k, ref.name(k) + " – no value")))
                    .append("</title></path>");
            String label =
                    t.getValue().label().isEmpty() ? ref.name(k) : t.getValue().label();
            String[] lines = split(label);
            double cx = x + tw / 2.0;
            double cy = y + th / 2.0;
            b.append("<text text-anchor=\"middle\" font-size=\"9\" fill=\"")
                    .append(HtmlFormat.textOn(colour))
                    .append("\" pointer-events=\"none\">");
            for (int i = 0; i < lines.length; i++) {
                double ty = cy + 3 + (i - (lines.length - 1) / 2.0) * 10;
                b.append("<tspan x=\"")
                        .append(ChartSvg.short2(cx))
                        .append("\" y=\"")
                        .append(ChartSvg.short2(ty))
                        .append("\">")
                        .append(HtmlFormat.esc(lines[i]))
                        .append("</tspan>");
            }
            b.append("</text></g>");
        }
        b.append("</svg>");
        return new Result(
                b.toString(),
                "a tile grid of Vietnam (one tile per province, placed roughly where it lies)",
                tiles.size());
    }

    private static String[] split(String label) {
        if (label.length() <= 10 || !label.contains(" ")) {
            return new String[] {label};
        }
        int mid = label.length() / 2;
        int best = -1;
        for (int i = 0; i < label.length(); i++) {
            if (label.charAt(i) == ' ' && (best < 0 || Math.abs(i - mid) < Math.abs(best - mid))) {
                best = i;
            }
        }
        return new String[] {label.substring(0, best), label.substring(best + 1)};
    }
}
