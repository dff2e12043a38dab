package org.chiso.service.synth;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.chiso.core.Resources;

/**
 * A provincial department after the 2025 reorganisation, from the bundled {@code data/reference/departments.csv}.
 *
 * @param code   short code, the department part of a unit key ({@code VN34-19/D/TP})
 * @param nameVi Vietnamese name
 * @param nameEn English name
 * @param fields the fields (lĩnh vực) whose procedures it handles
 */
public record Department(String code, String nameVi, String nameEn, List<String> fields) implements Serializable {
    /** The classpath resource. */
    public static final String RESOURCE = "/reference/departments.csv";

    /** Every department, in file order. */
    public static List<Department> load() {
        List<Department> out = new ArrayList<>();
        int n = 1;
        for (Map<String, String> r : Resources.csv(RESOURCE)) {
            n++;
            for (String c : List.of("code", "name_vi", "name_en", "fields")) {
                if (r.getOrDefault(c, "").isEmpty()) {
                    throw new IllegalStateException(RESOURCE + " line " + n + ": blank " + c);
                }
            }
            out.add(new Department(
                    r.get("code"),
                    r.get("name_vi"),
                    r.get("name_en"),
                    List.copyOf(Arrays.asList(r.get("fields").split(";")))));
        }
        return out;
    }
}
