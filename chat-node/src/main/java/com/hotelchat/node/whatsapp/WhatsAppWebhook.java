package com.hotelchat.node.whatsapp;

import com.hotelchat.db.whatsapp.WhatsAppStore;
import com.hotelchat.node.http.ApiError;
import com.hotelchat.node.http.ApiRequest;
import com.hotelchat.node.http.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /webhooks/whatsapp}: the verification handshake, and deliveries from the Cloud API. A delivery is
 * answered 200 only once its body is stored in the inbox (WhatsApp retries slow or failed deliveries for days);
 * processing happens right after, off the request.
 */
public final class WhatsAppWebhook {

    private static final Logger log = LoggerFactory.getLogger(WhatsAppWebhook.class);

    private final String appSecret;
    private final String verifyToken;
    private final WhatsAppStore store;
    private final Runnable processSoon;

    public WhatsAppWebhook(String appSecret, String verifyToken, WhatsAppStore store, Runnable processSoon) {
        this.appSecret = appSecret;
        this.verifyToken = verifyToken;
        this.store = store;
        this.processSoon = processSoon;
    }

    public ApiResponse verify(ApiRequest request) {
        Map<String, String> q = request.query();
        if (verifyToken == null) {
            throw ApiError.notFound("The WhatsApp webhook is not configured on this node");
        }
        if (!"subscribe".equals(q.get("hub.mode")) || !verifyToken.equals(q.get("hub.verify_token"))) {
            throw ApiError.forbidden("Verification token mismatch");
        }
        String challenge = q.get("hub.challenge");
        return ApiResponse.text(200, challenge == null ? "" : challenge);
    }

    public ApiResponse receive(ApiRequest request) {
        if (appSecret == null) {
            throw ApiError.notFound("The WhatsApp webhook is not configured on this node");
        }
        if (!WebhookSignature.valid(request.rawBody(), request.header("X-Hub-Signature-256"), appSecret)) {
            log.warn("webhook refused: bad or missing signature address={}", request.remoteAddress());
            throw new ApiError(401, "Invalid or missing X-Hub-Signature-256");
        }
        request.object();
        long id = store.storeWebhook(new String(request.rawBody(), StandardCharsets.UTF_8));
        processSoon.run();
        return ApiResponse.ok(Map.of("status", "received", "inbox_id", id));
    }
}
