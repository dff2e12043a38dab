package org.chiso.service.synth;

import java.io.Serializable;

/**
 * A procedure of the synthetic catalogue (the columns of {@code procedures.csv}, docs/DOSSIERS.md section 1).
 *
 * @param code                 unique code, {@code TP-01} (a department's) or {@code XA-01} (a commune's)
 * @param name                 the name (synthetic)
 * @param field                the field (lĩnh vực)
 * @param level                {@code department} or {@code commune}
 * @param onlineLevel          {@code full}, {@code partial} or {@code none}
 * @param feeBearing           a fee or charge is due
 * @param paymentIntegrated    integrated for online payment (false when not fee-bearing)
 * @param paperResult          the result must be issued on paper
 * @param populationDb         connected to the national population database
 */
public record Procedure(
        String code,
        String name,
        String field,
        String level,
        String onlineLevel,
        boolean feeBearing,
        boolean paymentIntegrated,
        boolean paperResult,
        boolean populationDb)
        implements Serializable {
    /** Offered fully or partly online. */
    public boolean online() {
        return !onlineLevel.equals("none");
    }

    /**
     * The signature that decides which indicators a dossier of the procedure enters: online-offered, fee kind (0 none,
     * 1 fee-bearing and integrated for payment, 2 fee-bearing, not integrated), paper result.
     */
    public int signature() {
        int fee = !feeBearing ? 0 : paymentIntegrated ? 1 : 2;
        return (online() ? 1 : 0) | fee << 1 | (paperResult ? 8 : 0);
    }

    /** Whether a signature is online-offered. */
    public static boolean online(int signature) {
        return (signature & 1) != 0;
    }

    /** Whether a signature is fee-bearing. */
    public static boolean fee(int signature) {
        return (signature >> 1 & 3) != 0;
    }

    /** Whether a signature is fee-bearing and integrated for online payment. */
    public static boolean integrated(int signature) {
        return (signature >> 1 & 3) == 1;
    }

    /** Whether a signature requires a paper result. */
    public static boolean paper(int signature) {
        return (signature & 8) != 0;
    }
}
