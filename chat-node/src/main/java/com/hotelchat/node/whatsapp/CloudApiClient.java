package com.hotelchat.node.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Sends text messages through the WhatsApp Cloud API ({@code POST {base}/{phone_number_id}/messages}). */
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
        try {
            String payload = json.writeValueAsString(Map.of(
                    "messaging_product", "whatsapp",
                    "recipient_type", "individual",
                    "to", toNumber.startsWith("+") ? toNumber.substring(1) : toNumber,
                    "type", "text",
                    "text", Map.of("preview_url", false, "body", body)));
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/" + phoneNumberId + "/messages"))
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + accessToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(payload))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                JsonNode id = json.readTree(response.body()).path("messages").path(0).path("id");
                return id.isTextual() ? new Outcome.Sent(id.asText())
                        : new Outcome.Transient("answer without a message id");
            }
            String reason = "HTTP " + status + ": " + errorMessage(response.body());
            return status == 429 || status >= 500 ? new Outcome.Transient(reason) : new Outcome.Rejected(reason);
        } catch (IOException e) {
            return new Outcome.Transient(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Transient("interrupted");
        }
    }

    private String errorMessage(String body) {
        try {
            JsonNode error = json.readTree(body).path("error");
            return error.path("message").asText(body);
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}
