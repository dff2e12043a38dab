package org.chiso.harmonize;

import java.util.List;
import java.util.Map;
import org.chiso.core.ProvinceRegistry;

/** Reference tables for harmonisation tests. */
final class HarmonizeFixtures {
    private HarmonizeFixtures() {}

    static List<Harmonize.Priority> priorities() {
        return HarmonizeInputs.priorities();
    }

    static Map<String, String> crosswalk() {
        return ProvinceRegistry.load().crosswalk();
    }

    static Map<String, Double> population() {
        return HarmonizeInputs.weights(ProvinceRegistry.load(), Harmonize.Weights.POPULATION);
    }
}
