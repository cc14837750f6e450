package com.hotelchat.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** A REST client for tests: real HTTP against a real node. */
public final class Api {

    public record Reply(int status, JsonNode body, java.net.http.HttpHeaders headers) {

        public Reply(int status, JsonNode body) {
            this(status, body, null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String base;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public String base() {
        return base;
    }

    public Reply call(String method, String path, String token, String body) {
        return call(method, path, token, body, java.util.Map.of());
    }

    public Reply call(String method, String path, String token, String body, java.util.Map<String, String> headers) {
        HttpResponse<String> response = send(request(method, path, token, body, headers));
        try {
            JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Reply(response.statusCode(), json, response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An answer read as text (CSV, plain text): status, body and headers. */
    public record TextReply(int status, String body, java.net.http.HttpHeaders headers) {}

    /** A GET whose answer is read as text, whatever its type. */
    public TextReply getText(String path, String token, java.util.Map<String, String> headers) {
        HttpResponse<String> response = send(request("GET", path, token, null, headers));
        return new TextReply(response.statusCode(), response.body(), response.headers());
    }

    private HttpRequest request(String method, String path, String token, String body,
                                java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return request.build();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply post(String path, String token, String body) {
        return call("POST", path, token, body);
    }

    public Reply get(String path, String token) {
        return call("GET", path, token, null);
    }

    public String login(String username, String password) {
        Reply reply = post("/auth/login", null, json("username", username, "password", password));
        if (reply.status() != 200) {
            throw new IllegalStateException("login failed for " + username + ": " + reply);
        }
        return reply.body().get("token").asText();
    }

    public String adminToken() {
        return login(TestNode.ADMIN, TestNode.ADMIN_PASSWORD);
    }

    public void department(String admin, String name) {
        Reply reply = post("/admin/departments", admin, json("name", name));
        if (reply.status() != 201 && reply.status() != 409) {
            throw new IllegalStateException("cannot create department " + name + ": " + reply);
        }
    }

    /** Creates a department_staff user and returns its id. */
    public long staff(String admin, String username, String name, List<String> departments) {
        String body = "{\"username\":" + quote(username) + ",\"password\":\"password-" + username + "\",\"name\":"
                + quote(name) + ",\"user_type\":\"department_staff\",\"departments\":" + list(departments) + "}";
        Reply reply = post("/admin/staff", admin, body);
        if (reply.status() != 201) {
            throw new IllegalStateException("cannot create staff " + username + ": " + reply);
        }
        return reply.body().get("id").asLong();
    }

    public String loginStaff(String username) {
        return login(username, "password-" + username);
    }

    /** Opens a conversation and returns its id. */
    public long conversation(String token, String department, String whatsappNumber, String guestName) {
        String body = "{\"guest\":{\"whatsapp_number\":" + quote(whatsappNumber) + ",\"name\":" + quote(guestName)
                + ",\"room_number\":\"101\"},\"department\":" + quote(department) + ",\"conversation_type\":\"general\"}";
        Reply reply = post("/chat/conversations/create/", token, body);
        if (reply.status() != 201) {
            throw new IllegalStateException("cannot create conversation: " + reply);
        }
        return reply.body().get("id").asLong();
    }

    /** A guest web-chat token for the conversation's guest (POST /chat/guest-tokens/). */
    public String guestToken(String staffToken, long conversationId) {
        Reply reply = post("/chat/guest-tokens/", staffToken, "{\"conversation_id\":" + conversationId + "}");
        if (reply.status() != 201) {
            throw new IllegalStateException("cannot make a guest link: " + reply);
        }
        return reply.body().get("token").asText();
    }

    /** The ids of a conversation's committed messages, oldest first, read page by page from the history endpoint. */
    public List<Long> storedIds(String token, long conversationId) {
        return storedMessages(token, conversationId).stream().map(m -> m.get("id").asLong()).toList();
    }

    /** A conversation's committed messages as the history endpoint answers them, oldest first, read page by page. */
    public List<JsonNode> storedMessages(String token, long conversationId) {
        java.util.ArrayList<JsonNode> messages = new java.util.ArrayList<>();
        Long before = null;
        while (true) {
            String query = "?limit=200" + (before == null ? "" : "&before_id=" + before);
            JsonNode page = get("/chat/conversations/" + conversationId + "/messages/" + query, token).body().get("messages");
            if (page.isEmpty()) {
                return messages;
            }
            for (JsonNode m : page) {
                messages.add(0, m);
                before = m.get("id").asLong();
            }
        }
    }

    public static String json(String... keyValues) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < keyValues.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(keyValues[i])).append(':').append(quote(keyValues[i + 1]));
        }
        return sb.append('}').toString();
    }

    public static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String list(List<String> values) {
        return "[" + String.join(",", values.stream().map(Api::quote).toList()) + "]";
    }
}
