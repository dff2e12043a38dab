package org.chiso.survey;

/** Thrown under {@link LonelyPsu#FAIL} when the domain meets a stratum with a single PSU. */
public class LonelyPsuException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final String stratum;

    public LonelyPsuException(String stratum) {
        super("Stratum (" + stratum + ") has only one PSU at stage 1"
                + " (choose LonelyPsu REMOVE, CERTAINTY, ADJUST or AVERAGE)");
        this.stratum = stratum;
    }

    /** The same fault with where it happened (survey, year, domain) and the command-line option that chooses a rule. */
    public LonelyPsuException(String stratum, String where) {
        super("Stratum (" + stratum + ") of " + where + " has only one PSU at stage 1 (rows refused for other reasons"
                + " can leave one; choose a rule with --lonely-psu REMOVE, CERTAINTY, ADJUST or AVERAGE)");
        this.stratum = stratum;
    }

    /** Label of the lonely stratum. */
    public String stratum() {
        return stratum;
    }
}
