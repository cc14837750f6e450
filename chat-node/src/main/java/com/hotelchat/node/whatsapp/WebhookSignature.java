package com.hotelchat.node.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>}. */
final class WebhookSignature {

    private WebhookSignature() {}

    static boolean valid(byte[] body, String header, String appSecret) {
        if (header == null || appSecret == null || !header.startsWith("sha256=")) {
            return false;
        }
        byte[] expected = sign(body, appSecret);
        try {
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(header.substring(7).trim()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static byte[] sign(byte[] body, String appSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
