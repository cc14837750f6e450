package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A reader that stops reading is closed with 1013 once its queue overflows; nobody else is slowed down. */
class SlowReaderTest {

    /** Reads the first frame, then nothing until told to. */
    private static final class StalledListener implements WebSocket.Listener {
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final AtomicReference<WebSocket> socket = new AtomicReference<>();

        @Override
        public void onOpen(WebSocket webSocket) {
            socket.set(webSocket);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            return null; // no request(): the client stops reading
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    @Test
    void aReaderThatStopsReadingIsClosedWith1013AndOthersGetEverything() throws Exception {
        try (SingleNodeFixture fx = new SingleNodeFixture(Map.of(
                "CHAT_WS_SEND_QUEUE_LIMIT", "512", "CHAT_WS_MAX_COMMANDS_PER_SECOND", "10000"))) {
            String sender = fx.user("sl_sender", "reception");
            String slow = fx.user("sl_slow", "reception");
            long c = fx.conversation(sender, "reception");
            StalledListener stalled = new StalledListener();
            HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + fx.node.port() + "/ws/chat/?token=" + slow), stalled).join();
            stalled.socket.get().sendText("{\"type\":\"subscribe_conversation\",\"conversation_id\":" + c + "}", true).join();
            try (WsClient fast = fx.connect(sender)) {
                fast.subscribe(c);
                String big = "x".repeat(4000);
                for (int i = 0; i < 3000; i++) {
                    fast.text(c, i + " " + big);
                }
                fast.await("message", e -> e.path("data").path("content").asText().startsWith("2999 "));
                assertEquals(3000, fast.messageIds().size(), "the fast reader got every message");
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                        metrics(fx).contains("chat_errors_total{kind=\"slow_consumer\""));
                stalled.socket.get().request(Long.MAX_VALUE);
                assertEquals(1013, stalled.closed.get(30, TimeUnit.SECONDS));
            }
            assertThat(metrics(fx)).containsPattern("chat_errors_total\\{kind=\"slow_consumer\",node=\"node-a\"} 1\\.0");
        }
    }

    private static String metrics(SingleNodeFixture fx) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(java.net.http.HttpRequest.newBuilder(URI.create(fx.api.base() + "/metrics")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }
}
