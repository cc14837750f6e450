package com.hotelchat.protocol;

/** Input limits that every client can rely on (see CONTRACT.md, "Permissions and bad input"). */
public final class Limits {
    public static final int MAX_CONTENT_CHARS = 4096;
    public static final int MAX_CLIENT_MESSAGE_ID_CHARS = 64;
    public static final int MAX_FRAME_BYTES = 64 * 1024;

    private Limits() {}
}
