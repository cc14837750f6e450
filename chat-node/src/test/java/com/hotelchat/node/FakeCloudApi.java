package com.hotelchat.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server standing in for the WhatsApp Cloud API: sends, media, and the Business Management API's template
 * listing. By default it accepts every send with a fresh message id; queued answers (status, body, delay) are used
 * first, one per request. Template sends are checked as WhatsApp checks them against {@link #templates} (unknown,
 * paused, disabled, wrong parameter count: WhatsApp's error codes), and a text to a guest whose window
 * {@link #windows} closed is accepted, then reported failed (131047) in a status webhook, as WhatsApp does.
 */
public final class FakeCloudApi implements AutoCloseable {

    public record Answer(int status, String body, long delayMillis) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();

    public FakeCloudApi() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            received.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("GET") && path.endsWith("/message_templates")) {
                templates.list(exchange);
                return;
            }
            if (exchange.getRequestMethod().equals("GET") || path.endsWith("/media")) {
                media(exchange, path);
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            requests.add(body);
            Answer answer = answers.poll();
            if (answer == null) {
                answer = templates.refusal(body);
            }
            String id = "wamid.fake." + ids.incrementAndGet();
            if (answer == null) {
                answer = new Answer(200, "{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"" + id + "\"}]}", 0);
                windows.afterAccepting(body, id);
            }
            if (answer.delayMillis() > 0) {
                try {
                    Thread.sleep(answer.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (answer.status() == 200) {
                accepted.add(body);
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    /** A guest's file as WhatsApp would serve it (lookup, then download), with transient failures first. */
    public record GuestFile(byte[] bytes, String mimeType, AtomicInteger failuresLeft, long downloadDelayMillis) {}

    /** A file staff sent: what the node uploaded to WhatsApp. */
    public record Upload(String id, String contentType, byte[] multipartBody) {}

    /** The business account's templates: what template sends are checked against, and what listing answers. */
    public final FakeTemplates templates = new FakeTemplates(this::root);
    /** Guests whose 24-hour window is closed: a free-form text to them fails later, in a status webhook. */
    public final FakeWindows windows = new FakeWindows();

    private final java.util.Map<String, GuestFile> guestFiles = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    public final AtomicInteger mediaLookups = new AtomicInteger();
    public final AtomicInteger downloads = new AtomicInteger();

    /** Serves {@code bytes} for media id {@code id}; the first {@code failures} lookups answer 500. */
    public void guestFile(String id, byte[] bytes, String mimeType, int failures) {
        guestFile(id, bytes, mimeType, failures, 0);
    }

    /** As above, each download taking {@code downloadDelayMillis} (a slow CDN). */
    public void guestFile(String id, byte[] bytes, String mimeType, int failures, long downloadDelayMillis) {
        guestFiles.put(id, new GuestFile(bytes, mimeType, new AtomicInteger(failures), downloadDelayMillis));
    }

    public List<Upload> uploads() {
        return uploads;
    }

    private void media(com.sun.net.httpserver.HttpExchange exchange, String path) throws IOException {
        if (!"Bearer test-access-token".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "{\"error\":{\"message\":\"bad token\"}}".getBytes(StandardCharsets.UTF_8), "application/json");
            return;
        }
        if (exchange.getRequestMethod().equals("POST")) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = "media.fake." + ids.incrementAndGet();
            uploads.add(new Upload(id, exchange.getRequestHeaders().getFirst("Content-Type"), body));
            respond(exchange, 200, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), "application/json");
            return;
        }
        String[] parts = path.split("/");
        String id = parts[parts.length - 1];
        GuestFile file = guestFiles.get(id);
        if (path.contains("/files/")) {
            downloads.incrementAndGet();
            try {
                Thread.sleep(file.downloadDelayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, file.bytes(), file.mimeType());
            return;
        }
        mediaLookups.incrementAndGet();
        if (file == null) {
            respond(exchange, 404, "{\"error\":{\"message\":\"Unsupported get request. Object does not exist\"}}"
                    .getBytes(StandardCharsets.UTF_8), "application/json");
            return;
        }
        if (file.failuresLeft().getAndDecrement() > 0) {
            respond(exchange, 500, "{\"error\":{\"message\":\"temporarily unavailable\"}}"
                    .getBytes(StandardCharsets.UTF_8), "application/json");
            return;
        }
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/" + id;
        respond(exchange, 200, ("{\"url\":\"" + url + "\",\"mime_type\":\"" + file.mimeType() + "\",\"file_size\":"
                + file.bytes().length + ",\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] bytes, String type)
            throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** What a node needs to send through this fake (its URL, the access token it checks, a phone number id). */
    public java.util.Map<String, String> nodeEnvironment() {
        return java.util.Map.of("CHAT_WHATSAPP_API_URL", url(), "CHAT_WHATSAPP_ACCESS_TOKEN", "test-access-token",
                "CHAT_WHATSAPP_PHONE_NUMBER_ID", "12345");
    }

    /** {@link #nodeEnvironment()} with these settings on top. */
    public java.util.Map<String, String> nodeEnvironment(java.util.Map<String, String> more) {
        java.util.Map<String, String> env = new java.util.HashMap<>(nodeEnvironment());
        env.putAll(more);
        return env;
    }

    private String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v21.0";
    }

    public void answer(Answer answer) {
        answers.add(answer);
    }

    /** How many requests of any kind (sends, uploads, media lookups, downloads) reached this fake. */
    public int received() {
        return received.get();
    }

    /** Every send request received, in order. */
    public List<JsonNode> requests() {
        return requests;
    }

    /** The send requests answered with success. */
    public List<JsonNode> accepted() {
        return accepted;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
