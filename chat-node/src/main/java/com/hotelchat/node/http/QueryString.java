package com.hotelchat.node.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A request's query string as parameters (the first of repeated ones); the body is never read as a form. */
public final class QueryString {

    private QueryString() {}

    /** A malformed escape is an {@link ApiError} 400. */
    public static Map<String, String> parse(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            try {
                query.putIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("The query string is malformed");
            }
        }
        return query;
    }
}
