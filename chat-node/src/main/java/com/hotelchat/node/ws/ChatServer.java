package com.hotelchat.node.ws;

import com.hotelchat.protocol.Limits;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;

/**
 * One Grizzly port serving REST and WebSocket. Endpoint code runs on virtual worker threads, never on the
 * selector; idle WebSockets are never timed out by the HTTP keep-alive (the application pings instead).
 */
public final class ChatServer implements AutoCloseable {

    /**
     * Grizzly reads each socket event into a direct buffer of the socket's receive buffer size (128 KiB on Linux)
     * taken from a thread-local cache. Our worker threads are virtual, one per event, so that cache is always empty:
     * every read allocated, zeroed (page faults included) and later freed 128 KiB of native memory (3.6 % of a
     * node's CPU in the profile, and 64 MB/s of direct memory waiting for the collector at 500 messages a second).
     * Frames are small; a larger one takes a few reads. Grizzly's own setting, read once when its transport loads.
     */
    static final int READ_BUFFER_BYTES = 16 * 1024;
    private static final String MAX_READ_BUFFER_PROPERTY =
            "org.glassfish.grizzly.nio.transport.TCPNIOTransport.max-receive-buffer-size";

    static {
        if (System.getProperty(MAX_READ_BUFFER_PROPERTY) == null) {
            System.setProperty(MAX_READ_BUFFER_PROPERTY, Integer.toString(READ_BUFFER_BYTES));
        }
    }

    private final HttpServer server;
    private final NetworkListener listener;

    private ChatServer(HttpServer server, NetworkListener listener) {
        this.server = server;
        this.listener = listener;
    }

    public static ChatServer start(int port, HttpHandler http, List<ServerEndpointConfig> endpoints) {
        EmbeddedTyrusContainer container = new EmbeddedTyrusContainer();
        try {
            for (ServerEndpointConfig endpoint : endpoints) {
                container.register(endpoint);
            }
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot deploy WebSocket endpoints", e);
        }
        HttpServer server = new HttpServer();
        NetworkListener listener = new NetworkListener("chat", "0.0.0.0", port);
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        // Registered first, so that Tyrus's filter (inserted at the same place next) comes after the frame limit.
        listener.registerAddOn((networkListener, builder) -> {
            int codec = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
            builder.set(codec, new PlainHttpCodec(networkListener));
            List<Filter> belowCodec = new ArrayList<>();
            for (int i = 0; i < codec; i++) {
                belowCodec.add(builder.get(i));
            }
            FrameLimitFilter limits = new FrameLimitFilter(Limits.MAX_FRAME_BYTES);
            WebSocketChain upgraded = new WebSocketChain(belowCodec, limits);
            int application = builder.indexOfType(org.glassfish.grizzly.http.server.HttpServerFilter.class);
            builder.add(application, upgraded.switcher());
            builder.add(application + 1, limits);
        });
        listener.registerAddOn(new WebSocketAddOn(container, ""));
        TCPNIOTransport transport = listener.getTransport();
        transport.setIOStrategy(WorkerThreadIOStrategy.getInstance());
        transport.setWorkerThreadPool(Executors.newVirtualThreadPerTaskExecutor());
        server.addListener(listener);
        server.getServerConfiguration().addHttpHandler(http, "/");
        server.getServerConfiguration().setJmxEnabled(false);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        return new ChatServer(server, listener);
    }

    public int port() {
        return listener.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
