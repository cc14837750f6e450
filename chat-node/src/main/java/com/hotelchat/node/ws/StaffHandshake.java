package com.hotelchat.node.ws;

import com.hotelchat.node.auth.Authenticator;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Authenticates the staff handshake before any session exists: no or a bad token is HTTP 401, a valid user who
 * is not department staff is 403, a cookie login from a foreign origin is 403.
 */
final class StaffHandshake extends ChatHandshake {

    static final String ACCOUNT = "chat.account";
    static final String CLAIMS = "chat.claims";

    private final Authenticator authenticator;
    private final List<String> allowedOrigins;

    StaffHandshake(Authenticator authenticator, List<String> allowedOrigins, BooleanSupplier accepting,
                   Supplier<StaffSocket> sockets) {
        super(accepting, sockets);
        this.authenticator = authenticator;
        this.allowedOrigins = allowedOrigins;
    }

    @Override
    void authenticate(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        HandshakeCredentials credentials = HandshakeCredentials.of(request);
        if (credentials.fromCookie() && !HandshakeCredentials.originAllowed(request, allowedOrigins)) {
            throw HandshakeRejection.reject(response, 403, "Origin not allowed");
        }
        Optional<Authenticator.Authenticated> verified = authenticator.authenticate(credentials.token());
        if (verified.isEmpty()) {
            throw HandshakeRejection.reject(response, 401, "Unauthorized");
        }
        if (!verified.get().account().user().isDepartmentStaff()) {
            throw HandshakeRejection.reject(response, 403, "Only department staff may connect");
        }
        config.getUserProperties().put(ACCOUNT, verified.get().account());
        config.getUserProperties().put(CLAIMS, verified.get().claims());
    }
}
