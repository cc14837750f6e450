package com.hotelchat.node.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Issues and verifies HMAC-SHA256 signed tokens. Any node holding the same secret verifies any node's tokens,
 * so no session state is shared and the load balancer needs no stickiness.
 * Format: {@code v1.<base64url(claims)>.<base64url(signature)>}, claims {@code s:<userId>:<exp>:<iatMillis>:<tokenId>}
 * or {@code g:<conversationId>:<guestId>:<exp>}. Staff tokens carry a random id and their issue time so that they can
 * be revoked one by one (logout) or all at once (password change); see {@link Authenticator}.
 */
public final class TokenService {

    private static final String VERSION = "v1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final HmacSha256 hmac;
    private final Duration ttl;
    private final Clock clock;

    public TokenService(String secret, Duration ttl, Clock clock) {
        this.hmac = new HmacSha256(secret);
        this.ttl = ttl;
        this.clock = clock;
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    public String issueStaff(long userId) {
        return issueStaff(userId, clock.instant());
    }

    /** A staff token issued at {@code issuedAt} (a password change issues the new one at the instant of the change). */
    public String issueStaff(long userId, Instant issuedAt) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return sign("s:" + userId + ":" + issuedAt.plus(ttl).getEpochSecond() + ":" + issuedAt.toEpochMilli() + ":"
                + ENCODER.encodeToString(id));
    }

    public String issueGuest(long conversationId, long guestId, Duration validity) {
        return sign("g:" + conversationId + ":" + guestId + ":" + expiry(validity));
    }

    /** Empty for anything that is not a well-formed, correctly signed, unexpired token. */
    public Optional<TokenClaims> verify(String token) {
        if (token == null || token.length() > 512) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            byte[] expected = hmac.sign((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, DECODER.decode(parts[2]))) {
                return Optional.empty();
            }
            String[] claims = new String(DECODER.decode(parts[1]), StandardCharsets.UTF_8).split(":");
            TokenClaims parsed = switch (claims[0]) {
                case "s" -> claims.length == 5
                        ? new TokenClaims.Staff(Long.parseLong(claims[1]), Instant.ofEpochSecond(Long.parseLong(claims[2])),
                                Instant.ofEpochMilli(Long.parseLong(claims[3])), claims[4])
                        : null;
                case "g" -> claims.length == 4
                        ? new TokenClaims.GuestAccess(Long.parseLong(claims[1]), Long.parseLong(claims[2]),
                                Instant.ofEpochSecond(Long.parseLong(claims[3])))
                        : null;
                default -> null;
            };
            if (parsed == null || !parsed.expiresAt().isAfter(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(parsed);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private long expiry(Duration validity) {
        return clock.instant().plus(validity).getEpochSecond();
    }

    private String sign(String claims) {
        String body = VERSION + "." + ENCODER.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return body + "." + ENCODER.encodeToString(hmac.sign(body.getBytes(StandardCharsets.US_ASCII)));
    }
}
