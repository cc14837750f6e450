package com.hotelchat.node.ws;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What staff and guest handshakes share: a draining node refuses new sockets (503), and every connection gets a
 * socket instance of its own wired with the node's services.
 */
abstract class ChatHandshake extends ServerEndpointConfig.Configurator {

    private final BooleanSupplier accepting;
    private final Supplier<? extends ChatSocket> sockets;

    ChatHandshake(BooleanSupplier accepting, Supplier<? extends ChatSocket> sockets) {
        this.accepting = accepting;
        this.sockets = sockets;
    }

    /** Verifies the request and puts what it proved into {@code config}'s user properties, or refuses it. */
    abstract void authenticate(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response);

    @Override
    public final void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        if (!accepting.getAsBoolean()) {
            throw HandshakeRejection.reject(response, 503, "Node is draining");
        }
        authenticate(config, request, response);
    }

    @Override
    @SuppressWarnings("unchecked")
    public final <T> T getEndpointInstance(Class<T> endpointClass) {
        return (T) sockets.get();
    }
}
