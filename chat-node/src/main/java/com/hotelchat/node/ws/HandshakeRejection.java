package com.hotelchat.node.ws;

import jakarta.websocket.HandshakeResponse;
import java.util.List;
import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.spi.UpgradeResponse;

/**
 * Refuses a WebSocket handshake with a plain HTTP status. Tyrus needs all of it: the status, the upgrade headers
 * removed and an empty body declared, then its own HandshakeException; anything less either opens a phantom
 * session or leaves the client hanging.
 */
final class HandshakeRejection {

    private HandshakeRejection() {}

    static RuntimeException reject(HandshakeResponse response, int status, String reason) {
        UpgradeResponse upgrade = (UpgradeResponse) response;
        upgrade.setStatus(status);
        upgrade.setReasonPhrase(reason);
        upgrade.getHeaders().remove("Upgrade");
        upgrade.getHeaders().remove("Connection");
        upgrade.getHeaders().remove("Sec-WebSocket-Accept");
        upgrade.getHeaders().put("Content-Length", List.of("0"));
        return sneaky(new HandshakeException(status, reason));
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
