package org.chiso.survey.synth;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Generates respondents and their answers of one synthetic survey from a global respondent index
 * {@code g} (0 .. respondents over all years - 1): {@code g} fixes the year, the village and the
 * respondent's number in it, and every random draw is a hash of (seed, survey, year, respondent number
 * within the year, draw tag). A respondent's number is its place in the full design of a year (the
 * village's design takes); in a year where a village takes fewer ({@link SyntheticDesign#take}, the
 * disrupted fieldwork year) it keeps the first numbers of its range, so every other respondent, its id,
 * answers and weight are the same as in a year without disruption. Small (arrays over villages,
 * provinces and components), serialisable and shipped to the executors; pure Java, so tests can use it
 * without Spark.
 *
 * <p>Order: within a year, respondents run through the villages in layout order (province code, PSU,
 * commune, village); respondent ids are zero-padded, so index order is (year, respondent_id) order.
 */
public final class RespondentModel implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Schema of {@code respondents/}. */
    public static final StructType RESPONDENT_SCHEMA = new StructType()
            .add("survey", DataTypes.StringType, false)
            .add("year", DataTypes.IntegerType, false)
            .add("respondent_id", DataTypes.StringType, false)
            .add("province_key", DataTypes.StringType, false)
            .add("stratum", DataTypes.StringType, false)
            .add("psu", DataTypes.StringType, false)
            .add("ssu", DataTypes.StringType, false)
            .add("village", DataTypes.StringType, false)
            .add("weight", DataTypes.DoubleType, false)
            .add("fpc", DataTypes.DoubleType, true)
            .add("sex", DataTypes.StringType, false)
            .add("age_group", DataTypes.StringType, false)
            .add("ethnicity", DataTypes.StringType, false)
            .add("urban", DataTypes.StringType, false)
            .add("synthetic", DataTypes.BooleanType, false)
            .add("psu_prob", DataTypes.DoubleType, true);

    /** Schema of {@code answers/}. */
    public static final StructType ANSWER_SCHEMA = new StructType()
            .add("survey", DataTypes.StringType, false)
            .add("year", DataTypes.IntegerType, false)
            .add("respondent_id", DataTypes.StringType, false)
            .add("item", DataTypes.StringType, false)
            .add("value", DataTypes.DoubleType, false);

    /** Number of post-stratum cells (sex x age 18-39 / 40+). */
    public static final int CELLS = 4;

    // respondent draw tags
    private static final long R_SEX = 1;
    private static final long R_AGE = 2;
    private static final long R_ETHNICITY = 3;
    private static final long R_COMMON = 4;
    private static final long R_COMPONENT = 10;
    private static final long R_ITEM = 1000;

    private final String survey;
    private final char prefix;
    private final long seed;
    private final long tag;
    private final int scale;
    private final int[] years;
    private final long[] yearStart; // global index of each year's first respondent, length years + 1
    private final int idDigits;
    // strata
    private final int nStrata;
    private final String[] stratumKey;
    private final Double[] fpc;
    private final double[] kinh;
    private final double[][] adults; // [year][stratum]
    private final double[][] cellShare; // [stratum][cell]
    // villages
    private final long[] offset; // cumulative design takes (respondent numbers), length villages + 1
    private final long[][] yearOffset; // [year]: cumulative takes of that year; the same array as offset when equal
    private final int[] villageStratum;
    private final String[] villagePsu;
    private final double[] villagePsuProb;
    private final String[] villageSsu;
    private final String[] villageId;
    private final boolean[] villageUrban;
    // components
    private final int nComponents;
    private final double[][] cellEffect; // [component][cell]
    private final double[][][] latentBase; // [year][village][component], NaN when not measured
    private final double[][][] spread; // [year][stratum][component]
    // items
    private final String[] itemCode;
    private final int[] itemComponent;
    private final SynthCodebook.Rule[] itemRule;
    private final boolean[] itemReverse;
    private final int[] itemMin;
    private final int[] itemMax;
    private final double[] itemMissing;
    private final boolean[][] itemActive; // [year][item]
    // weights [year][stratum][cell]; null until the sample counts are known
    private final double[][][] weight;

    RespondentModel(SyntheticDesign d, int[] years, int scale) {
        SyntheticDesign.Survey s = d.survey();
        this.survey = s.surveyName();
        this.prefix = s.surveyName().charAt(0);
        this.seed = d.seed();
        this.tag = s.tag();
        this.scale = scale;
        this.years = years.clone();
        List<SyntheticDesign.Stratum> strata = d.strata();
        List<SyntheticDesign.Village> villages = d.villages();
        List<SyntheticDesign.ComponentModel> comps = d.components();
        List<SynthCodebook.Item> items = d.items();
        this.nStrata = strata.size();
        this.stratumKey = new String[nStrata];
        this.fpc = new Double[nStrata];
        this.kinh = new double[nStrata];
        this.cellShare = new double[nStrata][CELLS];
        this.adults = new double[years.length][nStrata];
        for (SyntheticDesign.Stratum st : strata) {
            int h = st.index();
            stratumKey[h] = st.key();
            fpc[h] = (double) st.frameDistricts();
            kinh[h] = st.kinhShare();
            for (int c = 0; c < CELLS; c++) {
                cellShare[h][c] = st.cellShare(c);
            }
            for (int y = 0; y < years.length; y++) {
                adults[y][h] = d.adultPopulation(h, years[y]);
            }
        }
        int nv = villages.size();
        this.offset = new long[nv + 1];
        this.villageStratum = new int[nv];
        this.villagePsu = new String[nv];
        this.villagePsuProb = new double[nv];
        this.villageSsu = new String[nv];
        this.villageId = new String[nv];
        this.villageUrban = new boolean[nv];
        for (int v = 0; v < nv; v++) {
            SyntheticDesign.Village x = villages.get(v);
            offset[v + 1] = offset[v] + (long) x.take() * scale;
            villageStratum[v] = x.stratum();
            villagePsu[v] = d.psus().get(x.psu()).id();
            villagePsuProb[v] = d.psus().get(x.psu()).prob();
            villageSsu[v] = d.ssus().get(x.ssu()).id();
            villageId[v] = x.id();
            villageUrban[v] = x.urban();
        }
        this.idDigits = Math.max(7, Long.toString(Math.max(1, offset[nv] - 1)).length());
        this.yearOffset = new long[years.length][];
        this.yearStart = new long[years.length + 1];
        for (int y = 0; y < years.length; y++) {
            long[] o = new long[nv + 1];
            for (int v = 0; v < nv; v++) {
                o[v + 1] = o[v] + (long) d.take(villages.get(v), years[y]) * scale;
            }
            yearOffset[y] = Arrays.equals(o, offset) ? offset : o;
            yearStart[y + 1] = yearStart[y] + o[nv];
        }

        this.nComponents = comps.size();
        this.cellEffect = new double[nComponents][CELLS];
        for (int k = 0; k < nComponents; k++) {
            for (int c = 0; c < CELLS; c++) {
                cellEffect[k][c] = comps.get(k).cellEffect(c);
            }
        }
        this.spread = new double[years.length][nStrata][nComponents];
        this.latentBase = new double[years.length][nv][nComponents];
        for (int y = 0; y < years.length; y++) {
            int year = years[y];
            for (int h = 0; h < nStrata; h++) {
                for (int k = 0; k < nComponents; k++) {
                    double p = d.centre(year, h, k);
                    spread[y][h][k] = Double.isNaN(p) ? Double.NaN : Math.min(p, 1 - p);
                }
            }
            for (int v = 0; v < nv; v++) {
                SyntheticDesign.Village x = villages.get(v);
                for (int k = 0; k < nComponents; k++) {
                    double p = d.centre(year, x.stratum(), k);
                    double a = SyntheticDesign.PSU_PERSISTENT
                                    * SynthHash.symmetric(seed, tag, SyntheticDesign.T_PSU_EFFECT, x.psu(), k)
                            + SyntheticDesign.PSU_YEARLY
                                    * SynthHash.symmetric(
                                            seed, tag, SyntheticDesign.T_PSU_YEAR, x.psu() * 64L + k, year);
                    double b = SyntheticDesign.VILLAGE_PERSISTENT
                                    * SynthHash.symmetric(seed, tag, SyntheticDesign.T_VILLAGE_EFFECT, x.index(), k)
                            + SyntheticDesign.VILLAGE_YEARLY
                                    * SynthHash.symmetric(
                                            seed, tag, SyntheticDesign.T_VILLAGE_YEAR, x.index() * 64L + k, year);
                    double u = x.urban() ? comps.get(k).urbanEffect() : 0.0;
                    latentBase[y][v][k] = p + spread[y][x.stratum()][k] * (a + b + u);
                }
            }
        }

        int ni = items.size();
        this.itemCode = new String[ni];
        this.itemComponent = new int[ni];
        this.itemRule = new SynthCodebook.Rule[ni];
        this.itemReverse = new boolean[ni];
        this.itemMin = new int[ni];
        this.itemMax = new int[ni];
        this.itemMissing = new double[ni];
        this.itemActive = new boolean[years.length][ni];
        for (int i = 0; i < ni; i++) {
            SynthCodebook.Item it = items.get(i);
            itemCode[i] = it.item();
            itemComponent[i] = d.componentIndex(it.component());
            itemRule[i] = it.rule();
            itemReverse[i] = it.reverse();
            itemMin[i] = it.answerMin();
            itemMax[i] = it.answerMax();
            itemMissing[i] = it.missingRate();
            for (int y = 0; y < years.length; y++) {
                itemActive[y][i] = it.activeIn(years[y]);
            }
        }
        this.weight = null;
    }

    private RespondentModel(RespondentModel m, double[][][] weight) {
        this.survey = m.survey;
        this.prefix = m.prefix;
        this.seed = m.seed;
        this.tag = m.tag;
        this.scale = m.scale;
        this.years = m.years;
        this.yearStart = m.yearStart;
        this.idDigits = m.idDigits;
        this.nStrata = m.nStrata;
        this.stratumKey = m.stratumKey;
        this.fpc = m.fpc;
        this.kinh = m.kinh;
        this.adults = m.adults;
        this.cellShare = m.cellShare;
        this.offset = m.offset;
        this.yearOffset = m.yearOffset;
        this.villageStratum = m.villageStratum;
        this.villagePsu = m.villagePsu;
        this.villagePsuProb = m.villagePsuProb;
        this.villageSsu = m.villageSsu;
        this.villageId = m.villageId;
        this.villageUrban = m.villageUrban;
        this.nComponents = m.nComponents;
        this.cellEffect = m.cellEffect;
        this.latentBase = m.latentBase;
        this.spread = m.spread;
        this.itemCode = m.itemCode;
        this.itemComponent = m.itemComponent;
        this.itemRule = m.itemRule;
        this.itemReverse = m.itemReverse;
        this.itemMin = m.itemMin;
        this.itemMax = m.itemMax;
        this.itemMissing = m.itemMissing;
        this.itemActive = m.itemActive;
        this.weight = weight;
    }

    /** The survey name. */
    public String survey() {
        return survey;
    }

    /** The years, ascending. */
    public int[] years() {
        return years.clone();
    }

    /** Respondents in a year (fewer than the design's in a disrupted year). */
    public long respondents(int year) {
        int y = yearIndex(year);
        return yearStart[y + 1] - yearStart[y];
    }

    /** Respondents over all years: the range of the global index. */
    public long totalRespondents() {
        return yearStart[years.length];
    }

    private int yearIndex(int year) {
        int y = Arrays.binarySearch(years, year);
        if (y < 0) {
            throw new IllegalArgumentException("year " + year + " not generated");
        }
        return y;
    }

    /** The global index range [from, to) of a province's respondents in a year. */
    public long[] stratumRange(int year, int stratum) {
        int y = yearIndex(year);
        long from = -1;
        long to = -1;
        for (int v = 0; v < villageStratum.length; v++) {
            if (villageStratum[v] == stratum) {
                if (from < 0) {
                    from = yearOffset[y][v];
                }
                to = yearOffset[y][v + 1];
            }
        }
        return new long[] {yearStart[y] + from, yearStart[y] + to};
    }

    /** Number of count keys: years x strata x cells. */
    public int countKeys() {
        return years.length * nStrata * CELLS;
    }

    /** The post-stratification count key of a respondent: (year, stratum, cell). */
    public int countKey(long g) {
        int y = year(g);
        int v = village(y, g);
        long j = number(y, v, g);
        return (y * nStrata + villageStratum[v]) * CELLS + cell(years[y], j);
    }

    /**
     * The model with post-stratification weights from the sample counts per {@link #countKey}: a
     * respondent in province h, cell c gets N_h pi_hc / (n_hc sum_{c' present} pi_hc'), with N_h the
     * province's adult population and pi_hc the population share of the cell; the weights of a province
     * add up to N_h. Computed in a fixed order, so it is deterministic.
     */
    public RespondentModel withCounts(long[] counts) {
        if (counts.length != countKeys()) {
            throw new IllegalArgumentException("expected " + countKeys() + " counts, got " + counts.length);
        }
        double[][][] w = new double[years.length][nStrata][CELLS];
        for (int y = 0; y < years.length; y++) {
            for (int h = 0; h < nStrata; h++) {
                double present = 0;
                for (int c = 0; c < CELLS; c++) {
                    if (counts[(y * nStrata + h) * CELLS + c] > 0) {
                        present += cellShare[h][c];
                    }
                }
                for (int c = 0; c < CELLS; c++) {
                    long n = counts[(y * nStrata + h) * CELLS + c];
                    w[y][h][c] = n > 0 ? adults[y][h] * cellShare[h][c] / (n * present) : 0.0;
                }
            }
        }
        return new RespondentModel(this, w);
    }

    /** Counts by {@link #countKey} computed in plain Java (for tests and tiny generations). */
    public long[] countsInJava() {
        long[] counts = new long[countKeys()];
        for (long g = 0; g < totalRespondents(); g++) {
            counts[countKey(g)]++;
        }
        return counts;
    }

    /** The year (its position in {@link #years}) of a global index. */
    private int year(long g) {
        int y = 0;
        while (g >= yearStart[y + 1]) {
            y++;
        }
        return y;
    }

    /** The village of a global index in year position {@code y}. */
    private int village(int y, long g) {
        long[] o = yearOffset[y];
        long i = g - yearStart[y];
        int v = Arrays.binarySearch(o, i);
        if (v >= 0) {
            while (v + 1 < o.length && o[v + 1] == i) {
                v++; // past villages with no respondent that year
            }
            return v;
        }
        return -v - 2;
    }

    /** The respondent's number in the year's full design: the village's design range, its first numbers. */
    private long number(int y, int v, long g) {
        return offset[v] + (g - yearStart[y] - yearOffset[y][v]);
    }

    private double u(int year, long j, long what) {
        return SynthHash.uniform(seed, tag, year, j, what);
    }

    private boolean female(int year, long j) {
        return u(year, j, R_SEX) < SyntheticDesign.SAMPLE_FEMALE;
    }

    private int ageGroup(int year, long j) {
        double a = u(year, j, R_AGE);
        int i = 0;
        while (a >= SyntheticDesign.SAMPLE_AGE_CUMULATIVE[i]) {
            i++;
        }
        return i;
    }

    private int cell(int year, long j) {
        return (female(year, j) ? 2 : 0) + (ageGroup(year, j) <= 1 ? 1 : 0);
    }

    private String respondentId(int year, long j) {
        String n = Long.toString(j);
        StringBuilder b =
                new StringBuilder(6 + idDigits).append(prefix).append(year).append('-');
        for (int i = n.length(); i < idDigits; i++) {
            b.append('0');
        }
        return b.append(n).toString();
    }

    /** The respondent row of a global index (weights must be set). */
    public Row respondent(long g) {
        if (weight == null) {
            throw new IllegalStateException("weights are not set: call withCounts first");
        }
        int y = year(g);
        int year = years[y];
        int v = village(y, g);
        long j = number(y, v, g);
        int h = villageStratum[v];
        boolean female = female(year, j);
        int age = ageGroup(year, j);
        int c = (female ? 2 : 0) + (age <= 1 ? 1 : 0);
        boolean kinhRespondent = u(year, j, R_ETHNICITY) < kinh[h];
        return RowFactory.create(
                survey,
                year,
                respondentId(year, j),
                stratumKey[h],
                stratumKey[h],
                villagePsu[v],
                villageSsu[v],
                villageId[v],
                weight[y][h][c],
                fpc[h],
                female ? "female" : "male",
                SyntheticDesign.AGE_GROUPS[age],
                kinhRespondent ? "kinh" : "other",
                villageUrban[v] ? "urban" : "rural",
                Boolean.TRUE,
                villagePsuProb[v]);
    }

    /**
     * The answer rows of a global index, in item order; an item is absent when not asked that year or
     * missing (completely at random). Answers are drawn so that every item score has conditional
     * expectation p, the respondent's latent probability for the item's component: mean-rule items
     * 1 + Binomial(4, p); top-two items in the top two boxes with probability p; binary items
     * Bernoulli(p); reverse-coded items are stored reversed.
     */
    public List<Row> answers(long g) {
        int y = year(g);
        int year = years[y];
        int v = village(y, g);
        long j = number(y, v, g);
        int h = villageStratum[v];
        int c = cell(year, j);
        double common = SyntheticDesign.RESPONDENT_COMMON * (2 * u(year, j, R_COMMON) - 1);
        double[] p = new double[nComponents];
        for (int k = 0; k < nComponents; k++) {
            double e = common + SyntheticDesign.RESPONDENT_SPECIFIC * (2 * u(year, j, R_COMPONENT + k) - 1);
            p[k] = latentBase[y][v][k] + spread[y][h][k] * (cellEffect[k][c] + e);
        }
        String id = respondentId(year, j);
        List<Row> out = new ArrayList<>(itemCode.length);
        for (int i = 0; i < itemCode.length; i++) {
            if (!itemActive[y][i]) {
                continue;
            }
            long base = R_ITEM + 8L * i;
            if (u(year, j, base + 7) < itemMissing[i]) {
                continue;
            }
            double pk = p[itemComponent[i]];
            int value; // on the item's own (unreversed) scale, before reverse coding
            switch (itemRule[i]) {
                case MEAN -> {
                    int b = 0;
                    for (int m = 0; m < 4; m++) {
                        b += u(year, j, base + m) < pk ? 1 : 0;
                    }
                    value = itemMin[i] + b * (itemMax[i] - itemMin[i]) / 4;
                }
                case TOP2 -> {
                    double w = u(year, j, base + 1);
                    if (u(year, j, base) < pk) {
                        value = w < 0.45 ? itemMax[i] : itemMax[i] - 1;
                    } else {
                        value = w < 0.15 ? itemMin[i] : (w < 0.50 ? itemMin[i] + 1 : itemMin[i] + 2);
                    }
                }
                default -> value = u(year, j, base) < pk ? itemMax[i] : itemMin[i];
            }
            if (itemReverse[i]) {
                value = itemMin[i] + itemMax[i] - value;
            }
            out.add(RowFactory.create(survey, year, id, itemCode[i], (double) value));
        }
        return out;
    }
}
