package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Uploads and downloads against a node's {@code /media/} endpoint, as a browser or an app would. */
public final class MediaHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Uploaded(int status, JsonNode body) {
        public String id() {
            return body.path("id").asText();
        }
    }

    private MediaHttp() {}

    /** The one attachment of a {@code message} event (fails the test when it has none or several). */
    public static JsonNode attachmentOf(JsonNode message) {
        JsonNode attachments = message.path("data").path("attachments");
        org.junit.jupiter.api.Assertions.assertEquals(1, attachments.size(), "one attachment: " + message);
        return attachments.get(0);
    }

    /**
     * With {@code CHAT_MEDIA_MAX_UPLOADS_PER_HOUR=limit}: one staff member's uploads through alternating nodes are
     * counted together, the one beyond the limit is refused (429) on every node, and another uploader is not.
     */
    public static void assertUploadsCountedOverNodes(ClusterFixture cluster, int limit, String prefix) {
        String gina = cluster.user(prefix + "_gina", "reception");
        for (int i = 0; i < limit; i++) {
            assertEquals(201, upload(port(cluster, i % 2), gina, TestFiles.png(), "p" + i + ".png", "image/png").status());
        }
        Uploaded beyond = upload(port(cluster, 0), gina, TestFiles.png(), "p.png", "image/png");
        assertEquals(429, beyond.status(), "counted over both nodes");
        assertThat(beyond.body().path("error").asText()).contains("Too many uploads");
        assertEquals(429, upload(port(cluster, 1), gina, TestFiles.png(), "q.png", "image/png").status());
        String hank = cluster.user(prefix + "_hank", "reception");
        assertEquals(201, upload(port(cluster, 1), hank, TestFiles.png(), "h.png", "image/png").status(),
                "another uploader has a limit of their own");
    }

    private static int port(ClusterFixture cluster, int node) {
        return cluster.nodes.get(node).port();
    }

    public static Uploaded upload(int port, String token, byte[] bytes, String name, String declaredType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/media/?name="
                        + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .header("Content-Type", declaredType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = send(request.build(), HttpResponse.BodyHandlers.ofString());
        try {
            return new Uploaded(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET of a path (a signed link as given in an event, or /media/{id}) with an optional bearer token. */
    public static HttpResponse<byte[]> get(int port, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
