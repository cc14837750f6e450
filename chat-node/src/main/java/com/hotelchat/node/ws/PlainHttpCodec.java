package com.hotelchat.node.ws;

import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * Grizzly's HTTP/1.1 codec, configured as the listener configures its own, except that only a WebSocket upgrade is
 * treated as one. Grizzly takes any request carrying {@code Upgrade} as a switch of protocol and hands its bytes on
 * as a raw stream that never ends, so a plain request with {@code Upgrade: h2c} (curl --http2, Java's HttpClient at its
 * defaults) was never answered. Such a request is now served as the HTTP/1.1 request it also is, and the upgrade
 * ignored, as RFC 9110 section 7.8 allows.
 */
final class PlainHttpCodec extends org.glassfish.grizzly.http.HttpServerFilter {

    @SuppressWarnings("deprecation")
    PlainHttpCodec(NetworkListener listener) {
        super(listener.isChunkingEnabled(), listener.getMaxHttpHeaderSize() == -1
                        ? DEFAULT_MAX_HTTP_PACKET_HEADER_SIZE : listener.getMaxHttpHeaderSize(), null, listener.getKeepAlive(), null,
                listener.getMaxRequestHeaders(), listener.getMaxResponseHeaders());
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
