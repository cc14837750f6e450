package com.hotelchat.node.ws;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upgraded connections leave the HTTP codec (WebSocketChain) and still behave as WebSockets: text both ways in order,
 * a message near the limit in one frame, a clean close and an abrupt one reaching the endpoint, and plain HTTP on the
 * same port untouched. A real Grizzly server with a real Tyrus engine and the JDK's WebSocket client; no database.
 */
class WebSocketChainTest {

    private static final BlockingQueue<Integer> CLOSES = new LinkedBlockingQueue<>();
    private static ChatServer server;
    private static final HttpClient client = HttpClient.newHttpClient();

    /** Echoes every text message back; records how each session closed. */
    public static final class Echo extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                try {
                    session.getBasicRemote().sendText(text);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            CLOSES.add(reason.getCloseCode().getCode());
        }
    }

    @BeforeAll
    static void start() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        HttpHandler plain = new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws Exception {
                response.setContentType("text/plain");
                response.getWriter().write("plain " + request.getRequestURI());
            }
        };
        server = ChatServer.start(port, plain, List.of(ServerEndpointConfig.Builder.create(Echo.class, "/echo").build()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Client connect() {
        Client listener = new Client();
        listener.socket = client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), listener).join();
        return listener;
    }

    @Test
    void upgradedConnectionsMoveAndEchoInOrder() throws Exception {
        long before = WebSocketChain.moved();
        Client ws = connect();
        assertThat(WebSocketChain.moved()).isEqualTo(before + 1);
        for (int i = 0; i < 200; i++) {
            ws.socket.sendText("m" + i, true).join();
        }
        String big = "x".repeat(60_000);
        ws.socket.sendText(big, true).join();
        for (int i = 0; i < 200; i++) {
            assertThat(ws.next()).isEqualTo("m" + i);
        }
        assertThat(ws.next()).isEqualTo(big);
        ws.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        assertThat(CLOSES.poll(10, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void anAbruptDisconnectReachesTheEndpointAsAbnormal() throws Exception {
        Client ws = connect();
        ws.socket.sendText("hello", true).join();
        assertThat(ws.next()).isEqualTo("hello");
        CLOSES.clear();
        ws.socket.abort();
        assertThat(CLOSES.poll(10, TimeUnit.SECONDS)).isEqualTo(1006);
    }

    @Test
    void plainHttpOnTheSamePortStaysOnTheCodec() throws Exception {
        long before = WebSocketChain.moved();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> answer = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/p" + i)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.body()).isEqualTo("plain /p" + i);
        }
        assertThat(WebSocketChain.moved()).isEqualTo(before);
    }

    private static final class Client implements WebSocket.Listener {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            return null;
        }

        String next() throws InterruptedException {
            String text = received.poll(10, TimeUnit.SECONDS);
            assertThat(text).as("an echo within 10 s").isNotNull();
            return text;
        }
    }
}
