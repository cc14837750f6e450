package com.hotelchat.node.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/** Where a page of the conversation list ended: the sort key (microseconds, as stored) and the id. Opaque to clients. */
record ListCursor(Instant at, long id) {

    static ListCursor parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException();
            }
            return new ListCursor(Instant.EPOCH.plus(Long.parseLong(parts[0]), ChronoUnit.MICROS), Long.parseLong(parts[1]));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'cursor' is not one this server gave out: pass the 'next_cursor' of the previous page");
        }
    }

    String encode() {
        String plain = ChronoUnit.MICROS.between(Instant.EPOCH, at) + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }
}
