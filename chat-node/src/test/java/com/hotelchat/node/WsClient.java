package com.hotelchat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) that records every event it receives, in order. Tests wait for events
 * with a timeout; to show an event did not arrive they wait for a later marker event instead of sleeping.
 */
public final class WsClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    /** When each event of {@link #seen} arrived, in epoch milliseconds. */
    private final List<Long> seenAt = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    public static WsClient connect(int port, String token) {
        return connect(URI.create("ws://127.0.0.1:" + port + "/ws/chat/?token=" + token), null);
    }

    /** A guest's web chat ({@code /ws/guest/}); with {@code resumeAfter}, every message after it first. */
    public static WsClient guest(int port, String guestToken, Long resumeAfter) {
        WsClient guest = connect(URI.create("ws://127.0.0.1:" + port + "/ws/guest/?token=" + guestToken
                + (resumeAfter == null ? "" : "&last_message_id=" + resumeAfter)), null);
        guest.roundTrip();
        return guest;
    }

    public static WsClient connect(URI uri, java.util.Map<String, String> headers) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
        if (headers != null) {
            headers.forEach(builder::header);
        }
        client.socket = builder.buildAsync(uri, client.new Listener()).join();
        return client;
    }

    /** The HTTP status of a refused handshake, or 101 when the socket opened. */
    public static int handshakeStatus(URI uri, java.util.Map<String, String> headers) {
        try {
            WsClient client = connect(uri, headers);
            client.close();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    public void send(String frame) {
        socket.sendText(frame, true).join();
    }

    /** Waits until the server has processed a command from this socket (so its session is fully open). */
    public void roundTrip() {
        send("{}");
        await("error", e -> e.path("message").asText().startsWith("Missing 'type'"));
    }

    public void subscribe(long conversationId) {
        send("{\"type\":\"subscribe_conversation\",\"conversation_id\":" + conversationId + "}");
        await("subscribed", e -> e.path("data").path("conversation_id").asLong() == conversationId);
    }

    public void text(long conversationId, String content) {
        send("{\"type\":\"text\",\"conversation_id\":" + conversationId + ",\"content\":" + Api.quote(content) + "}");
    }

    /** Waits for the next event of that type matching the predicate; other events on the way are kept in history. */
    public JsonNode await(String type, Predicate<JsonNode> match) {
        return await(type, match, WAIT);
    }

    public JsonNode await(String type, Predicate<JsonNode> match, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
                if (event == null) {
                    fail("no '" + type + "' event within " + wait + "; received: " + seen);
                }
                if (type.equals(event.path("type").asText()) && match.test(event)) {
                    return event;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode await(String type) {
        return await(type, e -> true);
    }

    /** The next event, of any type, that matches; null when none came within {@code wait}. */
    public JsonNode awaitAny(Predicate<JsonNode> match, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            for (long left = wait.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                JsonNode event = events.poll(left, TimeUnit.NANOSECONDS);
                if (event != null && match.test(event)) {
                    return event;
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** When (epoch milliseconds) the first event matching {@code match} arrived; empty if none did. */
    public synchronized java.util.OptionalLong receivedAt(Predicate<JsonNode> match) {
        for (int i = 0; i < seen.size(); i++) {
            if (match.test(seen.get(i))) {
                return java.util.OptionalLong.of(seenAt.get(i));
            }
        }
        return java.util.OptionalLong.empty();
    }

    /** The next event must be this type: nothing else came first. */
    public JsonNode next(String type) {
        try {
            JsonNode event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                fail("no event within " + WAIT + "; expected '" + type + "'");
            }
            assertEquals(type, event.path("type").asText(), "unexpected event " + event);
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a marker through this client's own conversation and asserts that nothing of {@code type} arrived before it. */
    public void assertNoneBefore(String type, Predicate<JsonNode> match, Runnable marker, String markerType,
                                 Predicate<JsonNode> markerMatch) {
        marker.run();
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
                if (event == null) {
                    fail("marker '" + markerType + "' never arrived; received: " + seen);
                }
                String t = event.path("type").asText();
                if (t.equals(type) && match.test(event)) {
                    fail("unexpected '" + type + "' event " + event);
                }
                if (t.equals(markerType) && markerMatch.test(event)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The ids of every {@code message} event received so far, in order. */
    public List<Long> messageIds() {
        return history().stream().filter(e -> e.get("type").asText().equals("message"))
                .map(e -> e.get("data").get("id").asLong()).toList();
    }

    /** Every event received so far, in order. */
    public synchronized List<JsonNode> history() {
        return List.copyOf(seen);
    }

    public int awaitClose() {
        return closed.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode event = JSON.readTree(partial.toString());
                    synchronized (WsClient.this) {
                        seen.add(event);
                        seenAt.add(System.currentTimeMillis());
                    }
                    events.add(event);
                } catch (Exception e) {
                    events.add(JSON.createObjectNode().put("type", "unparseable").put("text", partial.toString()));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(1006);
        }
    }
}
