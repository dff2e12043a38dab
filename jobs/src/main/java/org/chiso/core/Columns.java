package org.chiso.core;

/** Column names of the warehouse and report tables, in one place. */
public final class Columns {
    public static final String INDEX = "index";
    public static final String VERSION = "structure_version";
    public static final String YEAR = "year";
    public static final String PROVINCE_KEY = "province_key";
    public static final String BASIS = "basis";
    public static final String COMPONENT = "component";
    public static final String PARENT = "parent";
    public static final String LEVEL = "level";
    public static final String VALUE = "value";
    public static final String SCALE_MIN = "scale_min";
    public static final String SCALE_MAX = "scale_max";
    public static final String PROVENANCE = "provenance";
    public static final String SOURCE = "source";
    public static final String FILE = "file";
    public static final String LINE = "line";
    public static final String COLUMN = "column";
    public static final String REASON = "reason";
    public static final String DETAIL = "detail";
    public static final String RAW_VALUE = "raw_value";
    public static final String N = "n";
    public static final String SE = "se";
    public static final String CI_LOW = "ci_low";
    public static final String CI_HIGH = "ci_high";
    public static final String DEFF = "deff";
    public static final String MEASURE = "measure";
    public static final String NOTE = "note";
    public static final String DERIVED_FLAG = "derived";
    public static final String AGGREGATION = "aggregation";
    public static final String N_PARTS = "n_parts";
    public static final String PUBLISHED_VALUE = "published_value";
    public static final String DERIVED_VALUE = "derived_value";
    public static final String DIFFERENCE = "difference";

    /** Provenance flags of a score. */
    public static final String PUBLISHED = "published";

    public static final String DERIVED = "derived";
    public static final String ESTIMATED = "estimated";
    public static final String HARMONIZED = "harmonized";
    public static final String SYNTHETIC = "synthetic";

    private Columns() {}
}
