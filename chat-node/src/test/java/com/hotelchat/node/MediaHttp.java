package com.hotelchat.node;

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
