package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Java's HttpClient at its defaults asks for HTTP/2 on plain HTTP with {@code Upgrade: h2c}; the node answers such
 * requests as HTTP/1.1 (REST and webhook alike) instead of leaving them hanging.
 */
class HttpClientDefaultsTest {

    private static final HttpClient DEFAULTS = HttpClient.newHttpClient();
    private static SingleNodeFixture fx;

    @BeforeAll
    static void start() {
        fx = new SingleNodeFixture(Map.of("CHAT_WHATSAPP_APP_SECRET", Webhooks.APP_SECRET,
                "CHAT_WHATSAPP_VERIFY_TOKEN", Webhooks.VERIFY_TOKEN));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        assertEquals(HttpClient.Version.HTTP_2, DEFAULTS.version(), "the client asks for h2c");
        return DEFAULTS.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + fx.node.port() + path);
    }

    @Test
    void getPostAndWebhookAnswerAsHttp11() throws Exception {
        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/healthz")));
        assertEquals(200, health.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, health.version());

        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/auth/login"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + TestNode.ADMIN + "\",\"password\":\"" + TestNode.ADMIN_PASSWORD + "\"}")));
        assertEquals(200, login.statusCode());
        assertThat(login.body()).contains("\"token\"");

        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/auth/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"nobody\",\"password\":\"wrong-password\"}")));
        assertEquals(401, refused.statusCode());

        HttpResponse<String> verify = send(HttpRequest.newBuilder(uri(
                "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=" + Webhooks.VERIFY_TOKEN + "&hub.challenge=42")));
        assertEquals(200, verify.statusCode());
        assertEquals("42", verify.body());

        String body = Webhooks.text("15557770042", "H2c Guest", "wamid.h2c.1", "hello over h2c");
        HttpResponse<String> webhook = send(HttpRequest.newBuilder(uri("/webhooks/whatsapp"))
                .header("X-Hub-Signature-256", Webhooks.signature(body, Webhooks.APP_SECRET))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(200, webhook.statusCode());
    }
}
