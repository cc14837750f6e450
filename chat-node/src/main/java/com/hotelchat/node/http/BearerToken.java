package com.hotelchat.node.http;

/** The token of an {@code Authorization: Bearer <token>} header, whichever endpoint it came to. */
public final class BearerToken {

    private BearerToken() {}

    /** The token, or null when the header is missing or not a bearer one. */
    public static String of(String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return null;
    }
}
