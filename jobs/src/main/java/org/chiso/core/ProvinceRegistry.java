package org.chiso.core;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The vintaged province registry: the 63 provinces (and Hà Tây to 2008) before 1 July 2025, the 34 from
 * then on, the crosswalk between them, aliases and the 2024 average population. Loaded from the bundled
 * tables under {@code data/reference/}.
 *
 * <p>Name resolution is per basis and diacritics-insensitive ({@link Names#normalise}); an unknown name
 * is rejected with the closest candidates in the message.
 */
public final class ProvinceRegistry {
    /** The pseudo-province for national figures. */
    public static final Province NATIONAL =
            new Province("VN", Basis.NATIONAL, "00", "Toàn quốc", "National", "", LocalDate.of(1945, 9, 2), null, null);

    private static final Pattern KEY = Pattern.compile("(?i)\\s*(VN63|VN34)-(\\d\\d)\\s*");
    private static final Pattern CODE = Pattern.compile("\\s*(\\d{1,2})\\s*");
    private static final List<String> NATIONAL_NAMES =
            List.of("VN", "national", "Toàn quốc", "Cả nước", "Việt Nam", "Vietnam", "Viet Nam", "Vietnam national");

    private final Map<String, Province> byKey = new LinkedHashMap<>();
    private final Map<Basis, Map<String, Province>> byName = new TreeMap<>();
    private final Map<String, String> crosswalk = new LinkedHashMap<>();
    private final Map<String, Double> population2024 = new LinkedHashMap<>();
    private final Map<Basis, Map<String, Tile>> tiles = new TreeMap<>();

    /** A province's tile in the tile grid of its basis (row 0 at the top), with a short label. */
    public record Tile(int row, int col, String label) {}

    private ProvinceRegistry() {}

    /**
     * The registry from the bundled reference tables.
     *
     * @throws IllegalStateException naming the file (and data row) when a table is missing or a row is malformed
     */
    public static ProvinceRegistry load() {
        ProvinceRegistry r = new ProvinceRegistry();
        for (Basis b : Basis.values()) {
            r.byName.put(b, new LinkedHashMap<>());
        }
        each("provinces.csv", row -> {
            Province p = new Province(
                    row.get("key"),
                    Basis.valueOf(row.get("basis")),
                    row.get("code"),
                    row.get("name_vi"),
                    row.get("name_ascii"),
                    row.get("region"),
                    LocalDate.parse(row.get("valid_from")),
                    row.get("valid_to").isEmpty() ? null : LocalDate.parse(row.get("valid_to")),
                    row.get("successor_key").isEmpty() ? null : row.get("successor_key"));
            if (!p.key().equals(Province.key(p.basis(), p.code()))) {
                throw new IllegalStateException("key " + p.key() + " does not match basis and code");
            }
            r.add(p);
            r.addName(p.basis(), p.nameVi(), p);
            r.addName(p.basis(), p.nameAscii(), p);
        });
        r.byKey.put(NATIONAL.key(), NATIONAL);
        for (String n : NATIONAL_NAMES) {
            r.addName(Basis.VN63, n, NATIONAL);
            r.addName(Basis.VN34, n, NATIONAL);
        }
        each("aliases.csv", row -> {
            Province p = r.require(row.get("key"));
            r.addName(p.basis(), row.get("alias"), p);
        });
        each(
                "crosswalk_63_34.csv",
                row -> r.crosswalk.put(
                        r.require(row.get("old_key")).key(),
                        r.require(row.get("new_key")).key()));
        each(
                "population_2024.csv",
                row -> r.population2024.put(
                        r.require(row.get("key")).key(), Double.parseDouble(row.get("avg_population_thousand"))));
        for (Basis b : List.of(Basis.VN63, Basis.VN34)) {
            Map<String, Tile> grid = new LinkedHashMap<>();
            String file = "tile_grid_" + b.name().substring(2) + ".csv";
            each(file, row -> {
                Province p = r.require(row.get("key"));
                if (p.basis() != b) {
                    throw new IllegalStateException("key " + p.key() + " is not a " + b + " province");
                }
                if (grid.put(
                                p.key(),
                                new Tile(
                                        Integer.parseInt(row.get("row")),
                                        Integer.parseInt(row.get("col")),
                                        row.get("label")))
                        != null) {
                    throw new IllegalStateException("duplicate key " + p.key());
                }
            });
            r.tiles.put(b, Collections.unmodifiableMap(grid));
        }
        return r;
    }

    /**
     * Applies {@code f} to every row of a bundled reference table; a failure is rethrown with the file and the
     * 1-based data row in the message ({@link Resources#csv} names the file when it is missing or unreadable).
     */
    private static void each(String file, Consumer<Map<String, String>> f) {
        String resource = "/reference/" + file;
        List<Map<String, String>> rows = Resources.csv(resource);
        for (int i = 0; i < rows.size(); i++) {
            try {
                f.accept(rows.get(i));
            } catch (RuntimeException e) {
                throw new IllegalStateException("reference table " + resource + ", data row " + (i + 1) + ": " + e, e);
            }
        }
    }

    private void add(Province p) {
        if (byKey.put(p.key(), p) != null) {
            throw new IllegalStateException("duplicate key " + p.key());
        }
    }

    private void addName(Basis basis, String name, Province p) {
        String n = Names.normalise(name);
        Province old = byName.get(basis).put(n, p);
        if (old != null && !old.equals(p)) {
            throw new IllegalStateException(
                    "name '" + name + "' is ambiguous in " + basis + ": " + old.key() + ", " + p.key());
        }
    }

    private Province require(String key) {
        Province p = byKey.get(key);
        if (p == null) {
            throw new IllegalStateException("reference tables name an unknown key " + key);
        }
        return p;
    }

    /** Every province of a basis, Hà Tây included for VN63, in code order. */
    public List<Province> provinces(Basis basis) {
        return byKey.values().stream()
                .filter(p -> p.basis() == basis)
                .sorted(Comparator.comparing(Province::code))
                .collect(Collectors.toList());
    }

    /** The provinces of a basis that existed in a year (63 for VN63 years 2009-2024, 64 in 2004-2008). */
    public List<Province> provinces(Basis basis, int year) {
        return provinces(basis).stream().filter(p -> p.validInYear(year)).collect(Collectors.toList());
    }

    /** A province by its vintaged key. */
    public Optional<Province> byKey(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** The 63 -> 34 crosswalk: old key to new key. */
    public Map<String, String> crosswalk() {
        return Collections.unmodifiableMap(crosswalk);
    }

    /** The VN63 predecessors of a VN34 province, in code order. */
    public List<Province> predecessors(String newKey) {
        return crosswalk.entrySet().stream()
                .filter(e -> e.getValue().equals(newKey))
                .map(e -> byKey.get(e.getKey()))
                .sorted(Comparator.comparing(Province::code))
                .collect(Collectors.toList());
    }

    /** Average population 2024 in thousands, by VN63 key. */
    public Map<String, Double> population2024() {
        return Collections.unmodifiableMap(population2024);
    }

    /**
     * The tile grid of a basis (VN63 or VN34; empty for others): key to tile, in file order, from the bundled
     * {@code tile_grid_63.csv} and {@code tile_grid_34.csv}.
     */
    public Map<String, Tile> tileGrid(Basis basis) {
        return tiles.getOrDefault(basis, Map.of());
    }

    /**
     * Resolves a vintaged key ({@code VN63-24}), a numeric code (read in the given basis) or a name in the
     * given basis. National names resolve to {@link #NATIONAL}.
     *
     * @throws UnknownProvinceException naming the closest candidates, and the other basis where the name
     *                                  is known there (a province merged on 1 July 2025)
     */
    public Province resolve(String text, Basis basis) {
        Objects.requireNonNull(basis);
        String t = text == null ? "" : text;
        var key = KEY.matcher(t);
        if (key.matches()) {
            Province p = byKey.get(key.group(1).toUpperCase() + "-" + key.group(2));
            if (p == null) {
                throw new UnknownProvinceException("unknown province key '" + t.trim() + "'");
            }
            return p;
        }
        var code = CODE.matcher(t);
        if (code.matches()) {
            String c = code.group(1).length() == 1 ? "0" + code.group(1) : code.group(1);
            Province p = byKey.get(Province.key(basis, c));
            if (p == null) {
                throw new UnknownProvinceException("unknown province code '" + t.trim() + "' in basis " + basis);
            }
            return p;
        }
        String n = Names.normalise(t);
        if (n.isEmpty()) {
            throw new UnknownProvinceException("empty province name");
        }
        Province p = byName.get(basis).get(n);
        if (p != null) {
            return p;
        }
        StringBuilder msg = new StringBuilder("unknown province '")
                .append(t.trim())
                .append("' in basis ")
                .append(basis);
        Basis other = basis == Basis.VN63 ? Basis.VN34 : Basis.VN63;
        Province elsewhere = byName.get(other).get(n);
        if (elsewhere != null) {
            msg.append(" (it is ").append(elsewhere.nameVi()).append(" ").append(elsewhere.key());
            if (elsewhere.successorKey() != null) {
                msg.append(", merged into ")
                        .append(byKey.get(elsewhere.successorKey()).nameVi())
                        .append(" ")
                        .append(elsewhere.successorKey())
                        .append(" from 2025-07-01");
            }
            msg.append(")");
        }
        msg.append("; closest: ")
                .append(closest(n, basis, 3).stream()
                        .map(c -> c.nameVi() + " (" + c.key() + ")")
                        .collect(Collectors.joining(", ")));
        throw new UnknownProvinceException(msg.toString());
    }

    /** The provinces of a basis whose names (or aliases) are nearest to a normalised name. */
    public List<Province> closest(String normalised, Basis basis, int count) {
        Map<Province, Integer> best = new LinkedHashMap<>();
        byName.get(basis).forEach((name, p) -> best.merge(p, Names.distance(normalised, name), Math::min));
        List<Map.Entry<Province, Integer>> e = new ArrayList<>(best.entrySet());
        e.sort(Map.Entry.<Province, Integer>comparingByValue()
                .thenComparing(x -> x.getKey().key()));
        return e.stream().limit(count).map(Map.Entry::getKey).collect(Collectors.toList());
    }
}
