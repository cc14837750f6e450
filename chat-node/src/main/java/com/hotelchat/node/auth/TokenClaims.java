package com.hotelchat.node.auth;

import java.time.Instant;

/**
 * What a verified token says. A staff token names a user; a guest token names a conversation and its guest.
 */
public sealed interface TokenClaims {

    Instant expiresAt();

    /**
     * @param tokenId  random, unique per token: what a logout revokes
     * @param issuedAt when it was issued (milliseconds): a password change withdraws every token issued before it
     */
    record Staff(long userId, Instant expiresAt, Instant issuedAt, String tokenId) implements TokenClaims {}

    record GuestAccess(long conversationId, long guestId, Instant expiresAt) implements TokenClaims {}
}
