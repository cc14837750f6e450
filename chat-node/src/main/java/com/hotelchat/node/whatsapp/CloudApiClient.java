package com.hotelchat.node.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The WhatsApp Cloud API: sends texts, media and template messages ({@code POST {base}/{phone_number_id}/messages}),
 * uploads files for them ({@code POST {base}/{phone_number_id}/media}), fetches guests' files (media id -> URL ->
 * bytes, both with the access token) and lists the business account's templates (the Business Management API).
 */
public final class CloudApiClient {

    /** The outcome of one send attempt. */
    public sealed interface Outcome {
        record Sent(String whatsappMessageId) implements Outcome {}

        /** Worth retrying later: network trouble, 429, 5xx. */
        record Transient(String reason) implements Outcome {}

        /** Will never succeed as it is: 4xx other than 429. */
        record Rejected(String reason) implements Outcome {}
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String accessToken;
    private final String phoneNumberId;
    private final ObjectMapper json;
    private final Duration timeout;

    public CloudApiClient(String baseUrl, String accessToken, String phoneNumberId, ObjectMapper json, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.accessToken = accessToken;
        this.phoneNumberId = phoneNumberId;
        this.json = json;
        this.timeout = timeout;
    }

    public Outcome sendText(String toNumber, String body) {
        return send(toNumber, "text", Map.of("preview_url", false, "body", body));
    }

    /**
     * Sends a file uploaded with {@link #uploadMedia}: {@code type} is WhatsApp's (image, audio, video, document,
     * sticker); the caption goes where WhatsApp takes one, a document also carries its file name.
     */
    public Outcome sendMedia(String toNumber, String type, String whatsappMediaId, String caption, String fileName) {
        Map<String, Object> media = new java.util.LinkedHashMap<>();
        media.put("id", whatsappMediaId);
        if (caption != null && !caption.isBlank() && !type.equals("audio") && !type.equals("sticker")) {
            media.put("caption", caption);
        }
        if (type.equals("document") && fileName != null) {
            media.put("filename", fileName);
        }
        return send(toNumber, type, media);
    }

    private Outcome send(String toNumber, String type, Object content) {
        String payload;
        try {
            payload = json.writeValueAsString(Map.of(
                    "messaging_product", "whatsapp",
                    "recipient_type", "individual",
                    "to", toNumber.startsWith("+") ? toNumber.substring(1) : toNumber,
                    "type", type,
                    type, content));
        } catch (IOException e) {
            return new Outcome.Transient(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/" + phoneNumberId + "/messages"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
        return exchange(request, answer -> answer.path("messages").path(0).path("id"), "answer without a message id");
    }

    /**
     * Sends a request whose successful answer names what it made ({@code idAt} finds the id in it): {@code Sent}
     * with that id; network trouble, 429 and 5xx are transient, other 4xx rejected.
     */
    private Outcome exchange(HttpRequest request, java.util.function.Function<JsonNode, JsonNode> idAt,
                             String withoutId) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                JsonNode id = idAt.apply(json.readTree(response.body()));
                return id.isTextual() ? new Outcome.Sent(id.asText()) : new Outcome.Transient(withoutId);
            }
            return failure(status, response.body());
        } catch (IOException | java.io.UncheckedIOException e) {
            return new Outcome.Transient(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Transient("interrupted");
        }
    }

    /** The outcome of an upload: {@code Sent} carries the media id WhatsApp gave the file. */
    public Outcome uploadMedia(java.util.function.Supplier<java.io.InputStream> file, String contentType,
                               String fileName) {
        String boundary = "----chat" + java.util.UUID.randomUUID().toString().replace("-", "");
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\n" + contentType + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName.replaceAll("[\"\\r\\n]", "_") + "\"\r\nContent-Type: " + contentType + "\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/" + phoneNumberId + "/media"))
                .timeout(timeout.multipliedBy(6))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofInputStream(file), HttpRequest.BodyPublishers.ofString(tail)))
                .build();
        return exchange(request, answer -> answer.path("id"), "upload answer without an id");
    }

    /** A guest's file as WhatsApp serves it: the bytes (read by the caller) and what WhatsApp says they are. */
    public record Download(java.io.InputStream body, long length, String mimeType) {}

    /** What fetching a guest's file came to. */
    public sealed interface Fetch {
        record Fetched(Download download) implements Fetch {}

        record Failed(Outcome reason) implements Fetch {}
    }

    /** Looks the media id up, then downloads the file; the caller closes the download's stream. */
    public Fetch fetchMedia(String whatsappMediaId) {
        try {
            HttpRequest lookup = HttpRequest.newBuilder(URI.create(baseUrl + "/"
                            + java.net.URLEncoder.encode(whatsappMediaId, java.nio.charset.StandardCharsets.UTF_8)))
                    .timeout(timeout).header("Authorization", "Bearer " + accessToken).GET().build();
            HttpResponse<String> found = http.send(lookup, HttpResponse.BodyHandlers.ofString());
            if (found.statusCode() / 100 != 2) {
                return new Fetch.Failed(failure(found.statusCode(), found.body()));
            }
            JsonNode info = json.readTree(found.body());
            String url = info.path("url").asText("");
            if (url.isEmpty()) {
                return new Fetch.Failed(new Outcome.Transient("media lookup answered without a URL"));
            }
            HttpRequest download = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout.multipliedBy(6)).header("Authorization", "Bearer " + accessToken).GET().build();
            HttpResponse<java.io.InputStream> file = http.send(download, HttpResponse.BodyHandlers.ofInputStream());
            if (file.statusCode() / 100 != 2) {
                String body;
                try (java.io.InputStream in = file.body()) {
                    body = new String(in.readNBytes(2000), java.nio.charset.StandardCharsets.UTF_8);
                }
                return new Fetch.Failed(failure(file.statusCode(), body));
            }
            return new Fetch.Fetched(new Download(file.body(), file.headers().firstValueAsLong("Content-Length").orElse(-1),
                    info.path("mime_type").asText(null)));
        } catch (IOException | IllegalArgumentException e) {
            return new Fetch.Failed(new Outcome.Transient(e.getClass().getSimpleName() + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetch.Failed(new Outcome.Transient("interrupted"));
        }
    }

    private Outcome failure(int status, String body) {
        String reason = "HTTP " + status + ": " + errorMessage(body);
        return status == 429 || status >= 500 ? new Outcome.Transient(reason) : new Outcome.Rejected(reason);
    }

    /** WhatsApp's error as staff should read it (see {@link WhatsAppErrors}), or the body's start if it is not JSON. */
    private String errorMessage(String body) {
        try {
            JsonNode error = json.readTree(body).path("error");
            if (error.isMissingNode()) {
                return body.length() > 200 ? body.substring(0, 200) : body;
            }
            String message = error.path("message").asText(body);
            String details = error.path("error_data").path("details").asText("");
            return WhatsAppErrors.reason(error.path("code").asInt(0),
                    details.isEmpty() || details.equals(message) ? message : message + ": " + details);
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }

    /**
     * Sends an approved template: {@code template} is the Cloud API's template object (name, language, components with
     * the filled parameters). WhatsApp delivers it whether or not the guest's 24-hour window is open.
     */
    public Outcome sendTemplate(String toNumber, JsonNode template) {
        return send(toNumber, "template", template);
    }

    /** One page of the business account's templates, and the cursor of the next page (null on the last one). */
    public sealed interface Listing {
        record Page(List<JsonNode> templates, String after) implements Listing {}

        record Failed(Outcome reason) implements Listing {}
    }

    /**
     * A page of the WhatsApp Business Account's message templates ({@code GET /{waba-id}/message_templates}), after
     * {@code after} (null: the first page).
     */
    public Listing listTemplates(String businessAccountId, String after) {
        String query = "?limit=100&fields=" + URLEncoder.encode("id,name,language,category,status,components",
                StandardCharsets.UTF_8) + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/"
                        + URLEncoder.encode(businessAccountId, StandardCharsets.UTF_8) + "/message_templates" + query))
                .timeout(timeout).header("Authorization", "Bearer " + accessToken).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                return new Listing.Failed(failure(response.statusCode(), response.body()));
            }
            JsonNode page = json.readTree(response.body());
            List<JsonNode> templates = new java.util.ArrayList<>();
            page.path("data").forEach(templates::add);
            boolean more = page.path("paging").hasNonNull("next");
            String cursor = page.path("paging").path("cursors").path("after").asText(null);
            return new Listing.Page(templates, more ? cursor : null);
        } catch (IOException e) {
            return new Listing.Failed(new Outcome.Transient(e.getClass().getSimpleName() + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Listing.Failed(new Outcome.Transient("interrupted"));
        }
    }
}
