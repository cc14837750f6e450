package com.hotelchat.node.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** A request's query string as parameters (the first of repeated ones); the body is never read as a form. */
public final class QueryString {

    private static final String MALFORMED = "The query string is malformed";
    private static final String NOT_UTF8 = "The query string is not valid UTF-8: percent-escapes (and any raw bytes) "
            + "must spell UTF-8 text";

    private QueryString() {}

    /** A malformed escape, or bytes that are not UTF-8, is an {@link ApiError} 400. */
    public static Map<String, String> parse(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            query.putIfAbsent(decode(kv[0]), kv.length == 2 ? decode(kv[1]) : "");
        }
        return query;
    }

    /**
     * Percent-decoding as a form decoder does it ({@code +} is a space), but strict where {@code URLDecoder} is not:
     * bytes that are not UTF-8 (an invalid sequence, an encoded lone surrogate) are refused instead of becoming U+FFFD.
     * Grizzly hands the request line over one character per byte, so raw UTF-8 bytes (curl sends them unencoded) are
     * read as UTF-8 too.
     */
    static String decode(String part) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '%') {
                if (i + 2 >= part.length() || !HexFormat.isHexDigit(part.charAt(i + 1))
                        || !HexFormat.isHexDigit(part.charAt(i + 2))) {
                    throw ApiError.badRequest(MALFORMED);
                }
                bytes.write(HexFormat.fromHexDigits(part, i + 1, i + 3));
                i += 2;
            } else if (c > 0xFF) {
                throw ApiError.badRequest(MALFORMED);
            } else {
                bytes.write(c == '+' ? ' ' : c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest(NOT_UTF8);
        }
    }
}
