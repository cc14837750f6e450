package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Frames over 64 KiB close with 1009 and binary frames with 1003, on both sockets, whatever the client's framing:
 * sent as single frames the way browsers and Node's {@code ws} do (the JDK client fragments large messages, which is
 * why a test with it alone passed while the jar let single large frames through).
 */
class FrameLimitTest {

    private static SingleNodeFixture fx;
    private static String alice;
    private static long conversation;
    private static String guestToken;

    @BeforeAll
    static void start() {
        fx = new SingleNodeFixture();
        alice = fx.user("f_alice", "reception");
        conversation = fx.conversation(alice, "reception");
        guestToken = fx.api.post("/chat/guest-tokens/", alice, "{\"conversation_id\":" + conversation + "}").body()
                .get("token").asText();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static RawWebSocket staff() {
        return RawWebSocket.open(fx.node.port(), "/ws/chat/?token=" + alice);
    }

    private static RawWebSocket guest() {
        return RawWebSocket.open(fx.node.port(), "/ws/guest/?token=" + guestToken);
    }

    private static byte[] textCommand(int totalBytes) {
        String head = "{\"type\":\"text\",\"conversation_id\":" + conversation + ",\"content\":\"";
        return (head + "x".repeat(totalBytes - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} bytes in one frame")
    @ValueSource(ints = {65_537, 66 * 1024, 70 * 1024, 140 * 1024})
    void oneTextFrameOverTheLimitClosesWith1009(int size) throws Exception {
        try (RawWebSocket ws = staff()) {
            // Read while writing: the node may close as soon as it has seen the header, before the payload is out.
            CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> {
                try {
                    return ws.awaitCloseCode();
                } catch (IOException e) {
                    return -2;
                }
            });
            try {
                ws.frame(RawWebSocket.TEXT, true, textCommand(size));
            } catch (java.net.SocketException closedWhileSending) {
                // refused from its header: the rest of the payload was never wanted
            }
            assertEquals(1009, code.get(10, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    void aHugeFrameIsRefusedFromItsHeaderWithoutBufferingItsPayload() throws Exception {
        try (RawWebSocket ws = staff()) {
            ws.header(RawWebSocket.TEXT, true, 30L * 1024 * 1024);
            CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> {
                try {
                    return ws.awaitCloseCode();
                } catch (IOException e) {
                    return -2;
                }
            });
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int i = 0; i < 480 && !code.isDone(); i++) {
                    ws.raw(chunk);
                }
            } catch (IOException closedUnderUs) {
                // expected: the node closed the connection while the payload was still coming
            }
            assertEquals(1009, code.get());
        }
    }

    @Test
    void fragmentsTogetherOverTheLimitCloseWith1009() throws IOException {
        try (RawWebSocket ws = staff()) {
            byte[] part = "x".repeat(30_000).getBytes(StandardCharsets.UTF_8);
            ws.frame(RawWebSocket.TEXT, false, part);
            ws.frame(RawWebSocket.CONTINUATION, false, part);
            ws.frame(RawWebSocket.CONTINUATION, true, part);
            assertEquals(1009, ws.awaitCloseCode());
        }
    }

    @Test
    void binaryFramesCloseWith1003() throws IOException {
        try (RawWebSocket ws = staff()) {
            ws.frame(RawWebSocket.BINARY, true, new byte[]{1, 2, 3});
            assertEquals(1003, ws.awaitCloseCode());
        }
        try (RawWebSocket ws = guest()) {
            ws.frame(RawWebSocket.BINARY, true, new byte[]{1, 2, 3});
            assertEquals(1003, ws.awaitCloseCode());
        }
    }

    @Test
    void theGuestSocketHasTheSameLimit() throws IOException {
        try (RawWebSocket ws = guest()) {
            ws.frame(RawWebSocket.TEXT, true, textCommand(70 * 1024));
            assertEquals(1009, ws.awaitCloseCode());
        }
    }

    @Test
    void framesWithinTheLimitAreReadAndAnsweredAndTheSocketStaysOpen() throws IOException {
        try (RawWebSocket ws = staff()) {
            ws.frame(RawWebSocket.TEXT, true, textCommand(64 * 1024));
            assertThat(ws.nextText()).contains("\"error\"").contains("4096");
            ws.frame(RawWebSocket.TEXT, false, "{\"type\":\"subscribe_conv".getBytes(StandardCharsets.UTF_8));
            ws.frame(RawWebSocket.CONTINUATION, true,
                    ("ersation\",\"conversation_id\":" + conversation + "}").getBytes(StandardCharsets.UTF_8));
            assertThat(ws.nextText()).contains("\"subscribed\"");
        }
    }
}
