package org.chiso.jobs;

/**
 * The warehouse cannot serve the command as asked: it is in use by another command, has no completed run, or lacks a
 * table. A condition of the user's folder, not a bug: the command line prints the message alone.
 */
public final class WarehouseStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public WarehouseStateException(String message) {
        super(message);
    }
}
