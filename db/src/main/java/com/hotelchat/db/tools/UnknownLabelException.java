package com.hotelchat.db.tools;

/** A label id that names no label. */
public final class UnknownLabelException extends RuntimeException {
    public UnknownLabelException(long id) {
        super("Unknown label " + id, null, false, false);
    }
}
