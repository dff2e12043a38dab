package org.chiso.core;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Normal form of a province name for matching: Unicode NFD with combining marks removed (so NFC and NFD
 * input and both tone-mark placements agree), đ/Đ folded to d, lower case, punctuation and spaces removed,
 * and the administrative words "tỉnh", "thành phố", "TP." in front and "city", "province" at the end dropped.
 */
public final class Names {
    private Names() {}

    /** The normal form; empty for blank input. */
    public static String normalise(String text) {
        if (text == null) {
            return "";
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "")
                .replace('đ', 'd')
                .replace('Đ', 'd')
                .replace('Ð', 'd')
                .replace('ð', 'd')
                .toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>(List.of(s.split("[^a-z0-9]+")));
        tokens.removeIf(String::isEmpty);
        if (tokens.size() > 1 && tokens.get(0).equals("tinh")) {
            tokens.remove(0);
        } else if (tokens.size() > 2
                && tokens.get(0).equals("thanh")
                && tokens.get(1).equals("pho")) {
            tokens.subList(0, 2).clear();
        } else if (tokens.size() > 1 && tokens.get(0).equals("tp")) {
            tokens.remove(0);
        }
        if (tokens.size() > 1) {
            String last = tokens.get(tokens.size() - 1);
            if (last.equals("city") || last.equals("province")) {
                tokens.remove(tokens.size() - 1);
            }
        }
        return String.join("", tokens);
    }

    /** Levenshtein edit distance. */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
