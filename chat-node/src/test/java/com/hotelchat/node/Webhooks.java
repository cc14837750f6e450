package com.hotelchat.node;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds and posts WhatsApp Cloud API webhook deliveries, signed like Meta signs them. */
public final class Webhooks {

    public static final String APP_SECRET = "test-app-secret";
    public static final String VERIFY_TOKEN = "verify-me";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Webhooks() {}

    public static String text(String from, String name, String id, String body) {
        return message(from, name, "{\"from\":\"" + from + "\",\"id\":\"" + id + "\",\"timestamp\":\"1700000000\","
                + "\"type\":\"text\",\"text\":{\"body\":" + Api.quote(body) + "}}");
    }

    public static String message(String from, String name, String messageJson) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"12345\"},"
                + "\"contacts\":[{\"profile\":{\"name\":" + Api.quote(name) + "},\"wa_id\":\"" + from + "\"}],"
                + "\"messages\":[" + messageJson + "]}}]}]}";
    }

    public static String status(String whatsappMessageId, String status, String errorTitle) {
        String errors = errorTitle == null ? "" : ",\"errors\":[{\"code\":131026,\"title\":" + Api.quote(errorTitle) + "}]";
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"statuses\":[{\"id\":\"" + whatsappMessageId
                + "\",\"status\":\"" + status + "\",\"timestamp\":\"1700000001\",\"recipient_id\":\"1\"" + errors + "}]}}]}]}";
    }

    /** A {@code failed} status with WhatsApp's error {@code code}, {@code title} and details, as WhatsApp sends it. */
    public static String failed(String whatsappMessageId, int code, String title, String details) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"statuses\":[{\"id\":\"" + whatsappMessageId
                + "\",\"status\":\"failed\",\"timestamp\":\"1700000001\",\"recipient_id\":\"1\",\"errors\":[{\"code\":"
                + code + ",\"title\":" + Api.quote(title) + ",\"message\":" + Api.quote(title)
                + ",\"error_data\":{\"details\":" + Api.quote(details) + "}}]}]}}]}]}";
    }

    public static String signature(String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts the body with the given signature header (null: none); returns the HTTP status. */
    public static int post(int port, String body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/whatsapp"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static int post(int port, String body) {
        return post(port, body, signature(body, APP_SECRET));
    }
}
