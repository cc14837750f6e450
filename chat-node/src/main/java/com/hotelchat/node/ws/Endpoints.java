package com.hotelchat.node.ws;

import com.hotelchat.node.auth.Authenticator;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The WebSocket endpoint configurations of a node. */
public final class Endpoints {

    public static final String STAFF_PATH = "/ws/chat/";

    private Endpoints() {}

    public static ServerEndpointConfig staff(StaffSocket.Deps deps, Authenticator authenticator,
                                             List<String> allowedOrigins, BooleanSupplier accepting) {
        return ServerEndpointConfig.Builder.create(StaffSocket.class, STAFF_PATH)
                .configurator(new StaffHandshake(authenticator, allowedOrigins, accepting, () -> new StaffSocket(deps)))
                .build();
    }
}
