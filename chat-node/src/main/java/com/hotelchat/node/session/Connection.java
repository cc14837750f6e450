package com.hotelchat.node.session;

import java.util.function.Consumer;

/** The socket under a session: asynchronous text writes and a close with a WebSocket close code. */
public interface Connection {

    /** Writes one text message; {@code done} receives null on success or the failure. */
    void send(OutboundFrame frame, Consumer<Throwable> done);

    void close(int code, String reason);
}
