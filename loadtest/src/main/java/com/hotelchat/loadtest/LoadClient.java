package com.hotelchat.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One staff client on one node: subscribes to one conversation, measures the latency of every message it
 * receives (send time is in the content, one clock: this process), and counts unique and duplicate deliveries.
 */
final class LoadClient extends WholeFrames {

    static final String MARK = "\"content\":\"lt|";

    final int index;
    final int conversation;
    private final Latencies latencies;
    private final AtomicLong updates;
    private final AtomicLong errors;
    private final Set<Long> seen = new HashSet<>();
    final CountDownLatch subscribed = new CountDownLatch(1);
    private volatile WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    /** Messages sent before this (warm-up) are counted but not timed. */
    static volatile long measureFrom = Long.MAX_VALUE;
    long unique;
    long duplicates;

    LoadClient(int index, int conversation, Latencies latencies, AtomicLong updates, AtomicLong errors) {
        this.errors = errors;
        this.index = index;
        this.conversation = conversation;
        this.latencies = latencies;
        this.updates = updates;
    }

    CompletableFuture<WebSocket> connect(HttpClient http, URI uri) {
        return http.newWebSocketBuilder().buildAsync(uri, this).thenApply(ws -> socket = ws);
    }

    /** Sends one frame after the previous one completed (the JDK client allows one outstanding send). */
    synchronized void send(String frame) {
        sending = sending.thenCompose(x -> socket.sendText(frame, true)).exceptionally(e -> null);
    }

    void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    @Override
    void frame(String frame, long now) {
        int at = frame.indexOf(MARK);
        if (frame.startsWith("{\"type\":\"message\"") && at >= 0) {
            // lt|<conversation>|<seq>|<sendNanos>
            String[] parts = frame.substring(at + MARK.length(), frame.indexOf('"', at + MARK.length())).split("\\|");
            long key = ((long) Integer.parseInt(parts[0]) << 32) | Integer.parseInt(parts[1]);
            synchronized (seen) {
                if (!seen.add(key)) {
                    duplicates++;
                    return;
                }
                unique++;
            }
            long sentAt = Long.parseLong(parts[2]);
            if (sentAt >= measureFrom) {
                latencies.record((now - sentAt) / 1000);
            }
        } else if (frame.startsWith("{\"type\":\"conversation_update\"") && frame.contains("\"new_message\"")) {
            updates.incrementAndGet();
        } else if (frame.startsWith("{\"type\":\"subscribed\"")) {
            subscribed.countDown();
        } else if (frame.startsWith("{\"type\":\"error\"")) {
            errors.incrementAndGet();
        }
    }

    long unique() {
        synchronized (seen) {
            return unique;
        }
    }

    long duplicates() {
        synchronized (seen) {
            return duplicates;
        }
    }
}
