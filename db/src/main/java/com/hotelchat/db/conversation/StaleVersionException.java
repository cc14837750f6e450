package com.hotelchat.db.conversation;

/** A conditional change found the conversation at another version than the caller expected; nothing was written. */
public final class StaleVersionException extends RuntimeException {

    private final long expected;
    private final long current;

    public StaleVersionException(long expected, long current) {
        super(reason(expected, current));
        this.expected = expected;
        this.current = current;
    }

    /** The sentence a client is told. */
    public static String reason(long expected, long current) {
        return "The conversation changed meanwhile: it is at version " + current + ", not " + expected
                + "; look at it again before you change it";
    }

    public long expected() {
        return expected;
    }

    public long current() {
        return current;
    }
}
