package com.hotelchat.node.ws;

import com.hotelchat.db.staff.StaffAccount;
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
final class StaffHandshake extends ServerEndpointConfig.Configurator {

    static final String ACCOUNT = "chat.account";

    private final Authenticator authenticator;
    private final List<String> allowedOrigins;
    private final BooleanSupplier accepting;
    private final Supplier<StaffSocket> sockets;

    StaffHandshake(Authenticator authenticator, List<String> allowedOrigins, BooleanSupplier accepting,
                   Supplier<StaffSocket> sockets) {
        this.authenticator = authenticator;
        this.allowedOrigins = allowedOrigins;
        this.accepting = accepting;
        this.sockets = sockets;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        if (!accepting.getAsBoolean()) {
            throw HandshakeRejection.reject(response, 503, "Node is draining");
        }
        HandshakeCredentials credentials = HandshakeCredentials.of(request);
        if (credentials.fromCookie() && !HandshakeCredentials.originAllowed(request, allowedOrigins)) {
            throw HandshakeRejection.reject(response, 403, "Origin not allowed");
        }
        Optional<StaffAccount> account = authenticator.staff(credentials.token());
        if (account.isEmpty()) {
            throw HandshakeRejection.reject(response, 401, "Unauthorized");
        }
        if (!account.get().user().isDepartmentStaff()) {
            throw HandshakeRejection.reject(response, 403, "Only department staff may connect");
        }
        config.getUserProperties().put(ACCOUNT, account.get());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return (T) sockets.get();
    }
}
