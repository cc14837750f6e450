package com.hotelchat.node.ws;

import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.node.auth.Authenticator;
import com.hotelchat.node.auth.TokenService;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The WebSocket endpoint configurations of a node. */
public final class Endpoints {

    public static final String STAFF_PATH = "/ws/chat/";
    public static final String GUEST_PATH = "/ws/guest/";

    private Endpoints() {}

    public static ServerEndpointConfig staff(StaffSocket.Deps deps, Authenticator authenticator,
                                             List<String> allowedOrigins, BooleanSupplier accepting) {
        return ServerEndpointConfig.Builder.create(StaffSocket.class, STAFF_PATH)
                .configurator(new StaffHandshake(authenticator, allowedOrigins, accepting, () -> new StaffSocket(deps)))
                .build();
    }

    public static ServerEndpointConfig guest(GuestSocket.Deps deps, TokenService tokens, Conversations conversations,
                                             BooleanSupplier accepting) {
        return ServerEndpointConfig.Builder.create(GuestSocket.class, GUEST_PATH)
                .configurator(new GuestHandshake(tokens, conversations, accepting, () -> new GuestSocket(deps)))
                .build();
    }
}
