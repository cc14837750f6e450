package com.hotelchat.node.ws;

import com.hotelchat.node.http.BearerToken;
import jakarta.websocket.server.HandshakeRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Where a handshake's token came from: {@code ?token=}, an {@code Authorization: Bearer} header, or the cookie. */
record HandshakeCredentials(String token, boolean fromCookie) {

    static final String COOKIE = "chat_token";

    static HandshakeCredentials of(HandshakeRequest request) {
        List<String> query = request.getParameterMap().get("token");
        if (query != null && !query.isEmpty() && !query.get(0).isBlank()) {
            return new HandshakeCredentials(query.get(0), false);
        }
        String bearer = BearerToken.of(first(request.getHeaders(), "Authorization"));
        if (bearer != null) {
            return new HandshakeCredentials(bearer, false);
        }
        String cookies = first(request.getHeaders(), "Cookie");
        if (cookies != null) {
            for (String cookie : cookies.split(";")) {
                String[] pair = cookie.trim().split("=", 2);
                if (pair.length == 2 && pair[0].equals(COOKIE) && !pair[1].isBlank()) {
                    return new HandshakeCredentials(pair[1].trim(), true);
                }
            }
        }
        return new HandshakeCredentials(null, false);
    }

    /** Cross-site WebSocket hijacking guard for cookie logins: the page must come from this host or an allowed origin. */
    static boolean originAllowed(HandshakeRequest request, List<String> allowedOrigins) {
        String origin = first(request.getHeaders(), "Origin");
        if (origin == null) {
            return false;
        }
        if (allowedOrigins.contains(origin)) {
            return true;
        }
        String host = first(request.getHeaders(), "Host");
        try {
            return host != null && host.equalsIgnoreCase(URI.create(origin).getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
