package com.hotelchat.node.ws;

import com.hotelchat.node.session.Connection;
import com.hotelchat.node.session.OutboundFrame;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.function.Consumer;

/** A {@link Connection} over a Tyrus session: shared frame bytes where possible, the standard text API otherwise. */
final class TyrusConnection implements Connection {

    private final Session session;
    private final FrameWriter frames;

    TyrusConnection(Session session) {
        this.session = session;
        this.frames = FrameWriter.of(session);
    }

    @Override
    public void send(OutboundFrame frame, Consumer<Throwable> done) {
        try {
            if (frames != null) {
                frames.write(frame.frame(), done);
            } else {
                session.getAsyncRemote().sendText(frame.text(),
                        result -> done.accept(result.isOK() ? null : result.getException()));
            }
        } catch (RuntimeException e) {
            done.accept(e);
        }
    }

    @Override
    public void close(int code, String reason) {
        close(session, code, reason);
    }

    static void close(Session session, int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            // Already closing or gone: nothing more to do.
        }
    }
}
