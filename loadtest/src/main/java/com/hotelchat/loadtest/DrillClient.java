package com.hotelchat.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A staff client that behaves like the web console should: when its socket closes it reconnects to the next
 * node and resumes its conversation from the last message id it saw, and a sender retries a message (same
 * {@code client_message_id}) until it sees it committed. It records every message id it receives, in order.
 */
final class DrillClient extends WholeFrames {

    private static final ObjectMapper JSON = new ObjectMapper();

    final int index;
    final long conversationId;
    private final List<String> nodes;
    private final String token;
    private final HttpClient http;
    private final AtomicInteger nodeCursor;
    final List<long[]> received = new ArrayList<>(); // {message id, receive time millis}
    final Map<String, Long> committed = new ConcurrentHashMap<>(); // client_message_id -> message id
    private volatile WebSocket socket;
    private volatile boolean connecting;
    private volatile boolean stopped;
    volatile long lastId;
    /** The server confirmed the first subscription: from then on every message committed reaches this client. */
    volatile boolean subscribed;
    final AtomicInteger reconnects = new AtomicInteger();

    DrillClient(int index, long conversationId, List<String> nodes, String token, HttpClient http) {
        this.index = index;
        this.conversationId = conversationId;
        this.nodes = nodes;
        this.token = token;
        this.http = http;
        this.nodeCursor = new AtomicInteger(index);
    }

    synchronized void connect() {
        if (stopped || connecting) {
            return;
        }
        connecting = true;
        String node = nodes.get(Math.floorMod(nodeCursor.getAndIncrement(), nodes.size())).replaceFirst("^http", "ws");
        http.newWebSocketBuilder().buildAsync(URI.create(node + "/ws/chat/?token=" + token), this)
                .whenComplete((ws, e) -> {
                    connecting = false;
                    if (e != null) {
                        retryLater();
                        return;
                    }
                    socket = ws;
                    // Once subscribed, always resume, from 0 if nothing came yet: a fresh subscription starts after
                    // what is committed when it is made, and would skip what was sent while this client reconnected.
                    String resume = subscribed ? ",\"last_message_id\":" + lastId : "";
                    ws.sendText("{\"type\":\"subscribe_conversation\",\"conversation_id\":" + conversationId + resume + "}", true);
                });
    }

    private void retryLater() {
        if (!stopped) {
            reconnects.incrementAndGet();
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException ignored) {
                    return;
                }
                connect();
            });
        }
    }

    /** Sends (or re-sends) one message; true when the socket took it. */
    boolean send(String clientMessageId, String content) {
        WebSocket ws = socket;
        if (ws == null || ws.isOutputClosed()) {
            return false;
        }
        try {
            synchronized (this) {
                ws.sendText("{\"type\":\"text\",\"conversation_id\":" + conversationId + ",\"content\":\"" + content
                        + "\",\"client_message_id\":\"" + clientMessageId + "\"}", true).join();
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    void stop() {
        stopped = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    @Override
    void frame(String frame, long receivedNanos) {
        if (frame.startsWith("{\"type\":\"subscribed\"")) {
            subscribed = true;
            return;
        }
        if (!frame.startsWith("{\"type\":\"message\"")) {
            return;
        }
        try {
            JsonNode d = JSON.readTree(frame).get("data");
            long id = d.get("id").asLong();
            synchronized (received) {
                received.add(new long[] {id, System.currentTimeMillis()});
            }
            lastId = Math.max(lastId, id);
            String content = d.get("content").asText();
            if (content.startsWith("drill|")) {
                committed.putIfAbsent(content.substring(6), id);
            }
        } catch (java.io.IOException | RuntimeException ignored) {
            // Not a message of this drill.
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        socket = null;
        retryLater();
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        socket = null;
        retryLater();
    }
}
