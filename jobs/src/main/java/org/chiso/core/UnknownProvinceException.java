package org.chiso.core;

/** A province name, code or key that the registry cannot resolve; the message names the closest candidates. */
public final class UnknownProvinceException extends IllegalArgumentException {
    public UnknownProvinceException(String message) {
        super(message);
    }
}
