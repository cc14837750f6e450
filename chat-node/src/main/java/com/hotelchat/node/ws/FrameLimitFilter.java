package com.hotelchat.node.ws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.memory.Buffers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the WebSocket message limits on the raw bytes of upgraded connections, before Tyrus buffers anything.
 *
 * <p>Tyrus checks its text buffer size only when it reassembles fragmented messages: a single text frame of any size
 * is read whole (into a buffer of up to 4 MiB, beyond which it closes with 1011) and handed to the endpoint. So a
 * client that sends one large frame (most browser and Node clients do) would get past the 64 KiB limit. This filter
 * sits in front of Tyrus (after Grizzly's HTTP codec for the handshake's read, in {@link WebSocketChain} for every read
 * after it), reads only frame headers, and closes a connection with 1009 as soon as a text frame, or a fragmented
 * message's frames together, announce more than the limit; binary frames close with 1003. The offending payload is
 * never buffered: once the connection is condemned, further bytes are dropped.
 */
final class FrameLimitFilter extends BaseFilter {

    static final int CLOSE_TOO_BIG = 1009;
    static final int CLOSE_UNSUPPORTED_DATA = 1003;
    private static final Logger log = LoggerFactory.getLogger(FrameLimitFilter.class);
    private static final Attribute<FrameScanner> SCANNER =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(FrameLimitFilter.class.getName() + ".scanner");

    private final int maxMessageBytes;

    FrameLimitFilter(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Buffer bytes = frameBytes(ctx.getMessage());
        if (bytes == null) {
            return ctx.getInvokeAction();
        }
        Connection<?> connection = ctx.getConnection();
        FrameScanner scanner = SCANNER.get(connection);
        if (scanner == null) {
            scanner = new FrameScanner(maxMessageBytes);
            SCANNER.set(connection, scanner);
        }
        if (scanner.violation() != null) {
            return ctx.getStopAction();
        }
        FrameScanner.Violation violation = scanner.scan(bytes, bytes.position(), bytes.limit());
        if (violation == null) {
            return ctx.getInvokeAction();
        }
        log.info("closing WebSocket with {}: {} peer={}", violation.code(), violation.reason(), connection.getPeerAddress());
        closeWith(connection, violation);
        return ctx.getStopAction();
    }

    /** The WebSocket bytes of a read: raw on {@link WebSocketChain}, an upgraded request's content on the HTTP chain. */
    private static Buffer frameBytes(Object message) {
        if (message instanceof Buffer raw) {
            return raw;
        }
        return message instanceof HttpContent content
                && PlainHttpCodec.isWebSocketUpgrade(content.getHttpHeader()) ? content.getContent() : null;
    }

    /** Writes a close frame (servers do not mask) and closes the connection once it is out. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void closeWith(Connection connection, FrameScanner.Violation violation) {
        byte[] reason = violation.reason().getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[4 + reason.length];
        frame[0] = (byte) 0x88;
        frame[1] = (byte) (2 + reason.length);
        frame[2] = (byte) (violation.code() >> 8);
        frame[3] = (byte) violation.code();
        System.arraycopy(reason, 0, frame, 4, reason.length);
        Buffer buffer = Buffers.wrap(connection.getMemoryManager(), frame);
        connection.write(buffer, new CompletionHandler<WriteResult>() {
            @Override
            public void cancelled() {
                connection.closeSilently();
            }

            @Override
            public void failed(Throwable throwable) {
                connection.closeSilently();
            }

            @Override
            public void completed(WriteResult result) {
                connection.closeSilently();
            }

            @Override
            public void updated(WriteResult result) {
                // more to come
            }
        });
    }
}
