package com.hotelchat.node.media;

import com.hotelchat.node.auth.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Short-lived links to a file: {@code /media/{id}?expires=<epoch seconds>&sig=<HMAC>}, signed with the cluster's
 * secret so that any node opens a link any node made. A link is handed only to sessions allowed to see the
 * conversation (in its {@code message} event or history); it opens the file until it expires, nothing else.
 */
public final class MediaLinks {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final HmacSha256 hmac;
    private final Duration ttl;
    private final Clock clock;

    public MediaLinks(String secret, Duration ttl, Clock clock) {
        this.hmac = new HmacSha256("media-links:" + secret);
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A link valid for the configured time from now (rounded to the minute, so events encoded together agree). */
    public String link(String mediaId) {
        long expires = (clock.instant().plus(ttl).getEpochSecond() / 60 + 1) * 60;
        return "/media/" + mediaId + "?expires=" + expires + "&sig=" + signature(mediaId, expires);
    }

    /** Whether {@code sig} was made by {@link #link} for this file and {@code expires} has not passed. */
    public boolean valid(String mediaId, String expires, String sig) {
        if (expires == null || sig == null) {
            return false;
        }
        long at;
        try {
            at = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return false;
        }
        if (at < clock.instant().getEpochSecond()) {
            return false;
        }
        return MessageDigest.isEqual(signature(mediaId, at).getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(String mediaId, long expires) {
        return ENCODER.encodeToString(hmac.sign((mediaId + ":" + expires).getBytes(StandardCharsets.UTF_8)));
    }
}
