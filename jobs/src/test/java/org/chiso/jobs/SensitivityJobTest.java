package org.chiso.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.chiso.analysis.stats.IndexUncertainty;
import org.chiso.analysis.stats.Ishigami;
import org.chiso.analysis.stats.SaltelliDesign;
import org.chiso.analysis.stats.SaltelliDesign.OutputIndices;
import org.chiso.analysis.stats.SaltelliDesign.Result;
import org.chiso.analysis.stats.WhatIf;
import org.chiso.analysis.stats.WhatIf.Aggregation;
import org.chiso.analysis.stats.WhatIf.Imputation;
import org.chiso.analysis.stats.WhatIf.Normalisation;
import org.chiso.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link SensitivityJob}: the Sobol indices of the Ishigami function from one Spark job over N = 100,000 design rows
 * (500,000 runs) within 0.01 of the closed form, the same bits with 1 and with 7 tasks, and an index whose choices
 * are all fixed reproducing its published ranking in every run.
 */
@ExtendWith(SparkExtension.class)
class SensitivityJobTest {
    @Test
    void ishigamiIndicesFromOneSparkJobAreWithinOneHundredthOfTheClosedForm(SparkSession spark) {
        Ishigami m = new Ishigami();
        Result r = SaltelliDesign.finish(SensitivityJob.sums(spark, m, 100_000, 20250701L, 100, 0), 500, 0.95, 9, 1);
        OutputIndices o = r.indices()[0];
        for (int i = 0; i < 3; i++) {
            System.out.printf(
                    "Ishigami (Spark, N = 100,000) x%d: S %.4f [%.4f, %.4f] (%.4f), ST %.4f [%.4f, %.4f] (%.4f)%n",
                    i + 1,
                    o.first()[i],
                    o.firstLow()[i],
                    o.firstHigh()[i],
                    Ishigami.S[i],
                    o.total()[i],
                    o.totalLow()[i],
                    o.totalHigh()[i],
                    Ishigami.ST[i]);
            assertEquals(Ishigami.S[i], o.first()[i], 0.01, "S" + (i + 1));
            assertEquals(Ishigami.ST[i], o.total()[i], 0.01, "ST" + (i + 1));
            assertTrue(o.firstLow()[i] < o.first()[i] && o.first()[i] < o.firstHigh()[i]);
        }
        assertEquals(500_000, r.runs());
    }

    @Test
    void oneTaskAndSevenTasksGiveTheSameBits(SparkSession spark) {
        Ishigami m = new Ishigami();
        Result one = SaltelliDesign.finish(SensitivityJob.sums(spark, m, 20_000, 3, 50, 1), 200, 0.95, 1, 1);
        Result seven = SaltelliDesign.finish(SensitivityJob.sums(spark, m, 20_000, 3, 50, 7), 200, 0.95, 1, 1);
        assertArrayEquals(one.indices()[0].first(), seven.indices()[0].first());
        assertArrayEquals(one.indices()[0].total(), seven.indices()[0].total());
        assertArrayEquals(one.indices()[0].firstLow(), seven.indices()[0].firstLow());
    }

    @Test
    void withEveryChoiceFixedEachRunReproducesThePublishedRanking(SparkSession spark) {
        double[][] x = {{5, 6, 7}, {4, 4, 4}, {8, 1, 9}, {6, 6, 6}, {2, 3, 2}};
        double[] w = {1, 1, 1};
        int[] published = WhatIf.compute(
                        x, new WhatIf.Recipe(Imputation.NONE, Normalisation.AS_PUBLISHED, w, Aggregation.ARITHMETIC))
                .ranks();
        IndexUncertainty fixed = new IndexUncertainty(
                x,
                null,
                w,
                0,
                List.of(Imputation.NONE),
                List.of(Normalisation.AS_PUBLISHED),
                List.of(Aggregation.ARITHMETIC),
                published);
        Result r = SaltelliDesign.finish(SensitivityJob.sums(spark, fixed, 500, 1, 10, 3), 50, 0.95, 1, 2);
        for (int u = 0; u < x.length; u++) {
            assertEquals(published[u], r.ranks()[u].median(), 0);
            assertEquals(published[u], r.ranks()[u].p05(), 0);
            assertEquals(published[u], r.ranks()[u].p95(), 0);
            assertEquals(published[u] <= 2 ? 1.0 : 0.0, r.ranks()[u].topShare(), 0);
        }
        assertEquals(0, r.indices()[x.length].variance(), 0); // the mean shift is 0 in every run
    }
}
