package com.hotelchat.node.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.Map;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;

/**
 * Grizzly's HTTP/1.1 codec, configured as the listener configures its own, except that only a WebSocket upgrade is
 * treated as one. Grizzly takes any request carrying {@code Upgrade} as a switch of protocol and hands its bytes on
 * as a raw stream that never ends, so a plain request with {@code Upgrade: h2c} (curl --http2, Java's HttpClient at its
 * defaults) was never answered. Such a request is now served as the HTTP/1.1 request it also is, and the upgrade
 * ignored, as RFC 9110 section 7.8 allows.
 *
 * A request the codec itself refuses (a request line and headers over the limit, a malformed one, an unknown HTTP
 * version) is answered like every other error, {@code {"error": "..."}}, where Grizzly sent an empty body.
 */
final class PlainHttpCodec extends org.glassfish.grizzly.http.HttpServerFilter {

    private final byte[] unreadable;
    private final byte[] wrongVersion = error("Only HTTP/1.1 and HTTP/1.0 are served");

    @SuppressWarnings("deprecation")
    PlainHttpCodec(NetworkListener listener) {
        this(listener, listener.getMaxHttpHeaderSize() == -1
                ? DEFAULT_MAX_HTTP_PACKET_HEADER_SIZE : listener.getMaxHttpHeaderSize());
    }

    @SuppressWarnings("deprecation")
    private PlainHttpCodec(NetworkListener listener, int maxHeaderBytes) {
        super(listener.isChunkingEnabled(), maxHeaderBytes, null, listener.getKeepAlive(), null,
                listener.getMaxRequestHeaders(), listener.getMaxResponseHeaders());
        this.unreadable = error("The request could not be read: its request line and headers must be well-formed "
                + "HTTP/1.1 and at most " + maxHeaderBytes + " bytes together (a long query string, such as a search "
                + "'q' of thousands of characters, is over it)");
    }

    /** The body of the codec's own error answers (the status is set already: 400, or 505 for the HTTP version). */
    @Override
    protected HttpContent customizeErrorResponse(HttpResponsePacket response) {
        byte[] body = response.getStatus() == 505 ? wrongVersion : unreadable;
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        return HttpContent.builder(response)
                .content(Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, body))
                .last(true)
                .build();
    }

    private static byte[] error(String message) {
        try {
            return new ObjectMapper().writeValueAsBytes(Map.of("error", message));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void onIncomingUpgrade(FilterChainContext ctx, HttpHeader httpHeader) {
        if (httpHeader.isRequest() && !isWebSocketUpgrade(httpHeader)) {
            httpHeader.getUpgradeDC().recycle();
            return;
        }
        super.onIncomingUpgrade(ctx, httpHeader);
    }

    /** Whether a request asks to switch to the WebSocket protocol (the one upgrade this node takes). */
    static boolean isWebSocketUpgrade(HttpHeader httpHeader) {
        return "websocket".equalsIgnoreCase(httpHeader.getUpgrade());
    }
}
