package com.hotelchat.node.ws;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes already-built WebSocket frames to a Tyrus session's connection, the way Tyrus's own broadcast does, so an
 * event is framed once per node instead of once per session (shared/DEPENDENCIES.md #18: about 40 % of the per-delivery
 * cost). Tyrus keeps the connection's {@link Writer} (its public SPI) behind package-private members, reached here by
 * reflection once per session. Where that is not possible (another Tyrus version, an extension such as compression
 * negotiated), {@link #of} answers null and the caller sends text through the standard API.
 */
public final class FrameWriter {

    private static final Logger log = LoggerFactory.getLogger(FrameWriter.class);
    private static final Path PATH = Path.find();

    /** Sessions whose frames are written raw, and sessions that had to use the standard API (per process). */
    private static final java.util.concurrent.atomic.AtomicLong RAW = new java.util.concurrent.atomic.AtomicLong();
    private static final java.util.concurrent.atomic.AtomicLong STANDARD = new java.util.concurrent.atomic.AtomicLong();

    private final Writer writer;

    private FrameWriter(Writer writer) {
        this.writer = writer;
    }

    /** Null when frames cannot be written raw to this session. */
    static FrameWriter of(Session session) {
        FrameWriter found = find(session);
        (found != null ? RAW : STANDARD).incrementAndGet();
        return found;
    }

    private static FrameWriter find(Session session) {
        if (PATH == null || !session.getNegotiatedExtensions().isEmpty()) {
            return null;
        }
        try {
            Object webSocket = PATH.webSocket.get(session.getAsyncRemote());
            Object protocolHandler = PATH.protocolHandler.invoke(webSocket);
            return PATH.writer.get(protocolHandler) instanceof Writer w ? new FrameWriter(w) : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** For the metrics: how sessions of this process write their frames. */
    public static long rawSessions() {
        return RAW.get();
    }

    public static long standardSessions() {
        return STANDARD.get();
    }

    void write(byte[] frame, Consumer<Throwable> done) {
        writer.write(ByteBuffer.wrap(frame), new CompletionHandler<>() {
            @Override
            public void completed(ByteBuffer result) {
                done.accept(null);
            }

            @Override
            public void failed(Throwable throwable) {
                done.accept(throwable);
            }

            @Override
            public void cancelled() {
                done.accept(new IllegalStateException("write cancelled"));
            }
        });
    }

    /** The members leading from a session's async remote to its connection's writer. */
    private record Path(Field webSocket, Method protocolHandler, Field writer) {

        static Path find() {
            try {
                Class<?> remote = Class.forName("org.glassfish.tyrus.core.TyrusRemoteEndpoint");
                Field webSocket = remote.getDeclaredField("webSocket");
                Method protocolHandler = webSocket.getType().getDeclaredMethod("getProtocolHandler");
                Field writer = protocolHandler.getReturnType().getDeclaredField("writer");
                webSocket.setAccessible(true);
                protocolHandler.setAccessible(true);
                writer.setAccessible(true);
                log.info("events are framed once per node and the same bytes written to every session");
                return new Path(webSocket, protocolHandler, writer);
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.warn("Tyrus internals not as expected ({}); frames are encoded per session", e.toString());
                return null;
            }
        }
    }
}
