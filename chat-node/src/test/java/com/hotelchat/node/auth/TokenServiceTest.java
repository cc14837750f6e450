package com.hotelchat.node.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final Instant now = Instant.parse("2026-01-01T12:00:00Z");

    private TokenService at(Instant instant, String secret) {
        return new TokenService(secret, Duration.ofHours(12), Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void anyNodeWithTheSameSecretVerifiesAToken() {
        String token = at(now, SECRET).issueStaff(42);
        TokenClaims.Staff claims = (TokenClaims.Staff) at(now.plusSeconds(60), SECRET).verify(token).orElseThrow();
        assertThat(claims.userId()).isEqualTo(42);
        assertThat(claims.expiresAt()).isEqualTo(now.plus(Duration.ofHours(12)));
        assertThat(claims.issuedAt()).isEqualTo(now);
        assertThat(claims.tokenId()).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void everyTokenHasAnIdOfItsOwn() {
        TokenService tokens = at(now, SECRET);
        var first = (TokenClaims.Staff) tokens.verify(tokens.issueStaff(42)).orElseThrow();
        var second = (TokenClaims.Staff) tokens.verify(tokens.issueStaff(42)).orElseThrow();
        assertThat(first.tokenId()).isNotEqualTo(second.tokenId());
    }

    @Test
    void expiredTamperedForeignAndMalformedTokensAreRefused() {
        String token = at(now, SECRET).issueStaff(42);
        assertThat(at(now.plus(Duration.ofHours(12)), SECRET).verify(token)).isEmpty();
        assertThat(at(now, "another-secret-another-secret-xx").verify(token)).isEmpty();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("s:1:9999999999".getBytes()) + "." + parts[2];
        assertThat(at(now, SECRET).verify(forged)).isEmpty();
        for (String bad : new String[] {null, "", "v1", "v1.a.b", "v2." + parts[1] + "." + parts[2], "x".repeat(600)}) {
            assertThat(at(now, SECRET).verify(bad)).isEmpty();
        }
    }

    @Test
    void guestTokensNameTheirConversationAndGuest() {
        String token = at(now, SECRET).issueGuest(7, 9, Duration.ofDays(7));
        assertThat(at(now, SECRET).verify(token)).contains(new TokenClaims.GuestAccess(7, 9, now.plus(Duration.ofDays(7))));
    }
}
