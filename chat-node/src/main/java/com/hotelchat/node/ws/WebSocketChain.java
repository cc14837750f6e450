package com.hotelchat.node.ws;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.attributes.AttributeHolder;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;

/**
 * The filter chain an upgraded WebSocket connection reads through: the transport, the frame limits and Tyrus, with no
 * HTTP codec. Grizzly's codec keeps the upgrade request of every connection it upgraded for the connection's whole life,
 * because it hands each later read to Tyrus as content of that request (33 byte, char and buffer chunks with their data
 * chunks, the header bytes), and runs each frame through its parser. Measured: live heap per idle session 20 KiB with
 * the codec, 10 KiB on this chain (docs/benchmarks.md, issue 12 target 4).
 * When the {@code 101} answer of a WebSocket upgrade goes out, {@link #switcher()} moves the connection onto this chain
 * (Grizzly lets a connection have its own processor) and drops the request the codec holds for it.
 *
 * <p>Safe by order: no later read of the connection is dispatched before the handshake's read is done (Grizzly does not
 * read a connection while an earlier read of it is being processed), and the switch happens while the {@code 101} is
 * written within that read. Tyrus finds its connection where its own filter left it ({@link TyrusAttachment}).
 */
public final class WebSocketChain {

    private static final String REQUEST_IN_PROGRESS = HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME;
    private static final String KEEP_ALIVE = "HttpServerFilter.KeepAliveContext";
    private static final AtomicLong MOVED = new AtomicLong();

    private final FilterChain chain;

    /** {@code below} are the filters under the HTTP codec in the listener's chain (today the transport alone). */
    WebSocketChain(List<Filter> below, FrameLimitFilter limits) {
        FilterChainBuilder builder = FilterChainBuilder.stateless();
        below.forEach(builder::add);
        this.chain = builder.add(limits).add(new TyrusFrameFilter()).build();
    }

    /** Upgraded connections moved onto this chain by this process (for the metrics). */
    public static long moved() {
        return MOVED.get();
    }

    /** The filter that does the move; it sits in the listener's chain above the HTTP codec. */
    Filter switcher() {
        return new Switcher();
    }

    private final class Switcher extends BaseFilter {
        @Override
        public NextAction handleWrite(FilterChainContext ctx) throws IOException {
            if (ctx.getMessage() instanceof HttpContent content
                    && content.getHttpHeader() instanceof HttpResponsePacket response
                    && response.getStatus() == 101
                    && response.getRequest() instanceof HttpRequestPacket request
                    && PlainHttpCodec.isWebSocketUpgrade(request)) {
                move(ctx.getConnection());
            }
            return ctx.getInvokeAction();
        }
    }

    private void move(Connection<?> connection) {
        connection.setProcessor(chain);
        AttributeHolder attributes = connection.getAttributes();
        attributes.removeAttribute(REQUEST_IN_PROGRESS);
        attributes.removeAttribute(KEEP_ALIVE);
        MOVED.incrementAndGet();
    }
}
