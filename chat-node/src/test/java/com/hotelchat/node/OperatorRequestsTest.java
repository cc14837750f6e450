package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What load balancers, uptime checks and browsers ask of every node besides the API: HEAD, and the favicon. */
class OperatorRequestsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static SingleNodeFixture fx;

    @BeforeAll
    static void start() {
        fx = new SingleNodeFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static HttpResponse<byte[]> request(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fx.api.base() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void headAnswersAsGetWithoutTheBody() throws Exception {
        for (String path : new String[] {"/", "/guest", "/healthz", "/readyz", "/api/openapi.yaml", "/favicon.ico"}) {
            HttpResponse<byte[]> get = request("GET", path);
            HttpResponse<byte[]> head = request("HEAD", path);
            assertEquals(200, get.statusCode(), path);
            assertEquals(200, head.statusCode(), path);
            assertThat(head.body()).as(path).isEmpty();
            assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"), path);
            assertEquals(String.valueOf(get.body().length), head.headers().firstValue("Content-Length").orElseThrow(),
                    path);
        }
        assertEquals(404, request("HEAD", "/no-such-page").statusCode());
        // HEAD never runs what only another method may: a POST-only endpoint answers 405 to it, as to GET.
        assertEquals(405, request("HEAD", "/auth/login").statusCode());
    }

    @Test
    void theFaviconIsAnIconAndThePagesNameIt() throws Exception {
        HttpResponse<byte[]> icon = request("GET", "/favicon.ico");
        assertEquals("image/x-icon", icon.headers().firstValue("Content-Type").orElseThrow());
        byte[] body = icon.body();
        // an ICO directory with one image: reserved 0, type 1, count 1
        assertThat(body.length).isGreaterThan(22);
        assertEquals(0, body[0] | body[1]);
        assertEquals(1, body[2]);
        assertEquals(1, body[4]);
        for (String page : new String[] {"/", "/guest"}) {
            assertThat(new String(request("GET", page).body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("<link rel=\"icon\" href=\"/favicon.ico\">");
        }
    }
}
