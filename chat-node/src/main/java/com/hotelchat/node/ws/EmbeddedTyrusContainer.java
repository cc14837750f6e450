package com.hotelchat.node.ws;

import com.hotelchat.protocol.Limits;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * A Tyrus container that owns its engine and leaves the HTTP server to us, so REST and WebSocket share one
 * Grizzly port (Tyrus's own Grizzly container starts a server of its own).
 */
final class EmbeddedTyrusContainer extends TyrusServerContainer {

    static final int INCOMING_BUFFER_BYTES = 4 * 1024 * 1024;
    /**
     * Sessions never time out while idle (clients ping; Grizzly's keep-alive is off too). Negative, not the API's 0:
     * Tyrus 2.2 schedules an idle check on its timer for every frame read whenever the timeout is 0 or more, and a
     * 0 ms check runs at once, waking a timer thread per incoming message for nothing (seen in the profile).
     */
    static final long NO_IDLE_TIMEOUT = -1;
    private final TyrusWebSocketEngine engine;

    EmbeddedTyrusContainer() {
        super((Set<Class<?>>) Set.<Class<?>>of());
        // The incoming buffer holds every frame read but not yet handled, so a client that pipelines a burst of
        // frames needs far more than one frame's worth; the 64 KiB limit per message is the text buffer size below.
        this.engine = TyrusWebSocketEngine.builder(this)
                .incomingBufferSize(INCOMING_BUFFER_BYTES)
                .build();
        setDefaultMaxTextMessageBufferSize(Limits.MAX_FRAME_BYTES);
        setDefaultMaxSessionIdleTimeout(NO_IDLE_TIMEOUT);
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, "");
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, "");
    }

    @Override
    public java.util.Map<String, Object> getProperties() {
        return java.util.Map.of();
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }
}
