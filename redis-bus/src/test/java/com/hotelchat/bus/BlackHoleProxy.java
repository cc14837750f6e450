package com.hotelchat.bus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A TCP proxy in front of a test Redis (or PostgreSQL) that can stop forwarding chosen connections in both directions while their
 * sockets stay open: what a stateful firewall, NAT or load balancer does to a long-lived connection it forgot.
 * Neither end sees a close or a reset; bytes simply stop arriving.
 */
public final class BlackHoleProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile boolean cutOff;

    /** One client connection through the proxy. */
    public static final class Link {
        private final Socket client;
        private final Socket upstream;
        private volatile boolean blackHoled;
        private volatile boolean subscribed;

        private Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        /** True once the client sent a SUBSCRIBE: this is a pub/sub connection. */
        public boolean isPubSub() {
            return subscribed;
        }

        public boolean isBlackHoled() {
            return blackHoled;
        }

        private void close() {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private BlackHoleProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    public static BlackHoleProxy to(int targetPort) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            BlackHoleProxy proxy = new BlackHoleProxy(server, targetPort);
            Thread.ofPlatform().daemon().name("proxy-accept").start(proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    /** Where clients connect (for a proxy in front of something other than Redis). */
    public int port() {
        return server.getLocalPort();
    }

    /** Stops forwarding every current connection that matches; returns how many were black-holed. */
    public int blackHole(Predicate<Link> which) {
        int count = 0;
        for (Link link : links) {
            if (!link.blackHoled && which.test(link)) {
                link.blackHoled = true;
                count++;
            }
        }
        return count;
    }

    /** Black-holes every connection, current and new, until {@link #restore()}: the client is cut off from Redis. */
    public void cutOff() {
        cutOff = true;
        blackHole(link -> true);
    }

    /** New connections are forwarded again; the black-holed ones stay dead (the client must replace them). */
    public void restore() {
        cutOff = false;
    }

    public List<Link> links() {
        return List.copyOf(links);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Link link = new Link(client, upstream);
                link.blackHoled = cutOff;
                links.add(link);
                Thread.ofPlatform().daemon().name("proxy-up").start(() -> pump(link, client, upstream, true));
                Thread.ofPlatform().daemon().name("proxy-down").start(() -> pump(link, upstream, client, false));
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    /** Copies bytes one way; on a black-holed link it keeps reading and drops them. */
    private static void pump(Link link, Socket from, Socket to, boolean fromClient) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (fromClient && !link.subscribed
                        && new String(buffer, 0, n, StandardCharsets.ISO_8859_1).toUpperCase().contains("SUBSCRIBE")) {
                    link.subscribed = true;
                }
                if (!link.blackHoled) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // One side went away.
        }
        if (!link.blackHoled) {
            link.close();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        links.forEach(Link::close);
    }
}
