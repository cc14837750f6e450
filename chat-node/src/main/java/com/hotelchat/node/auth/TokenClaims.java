package com.hotelchat.node.auth;

import java.time.Instant;

/**
 * What a verified token says. A staff token names a user; a guest token names a conversation and its guest.
 */
public sealed interface TokenClaims {

    Instant expiresAt();

    record Staff(long userId, Instant expiresAt) implements TokenClaims {}

    record GuestAccess(long conversationId, long guestId, Instant expiresAt) implements TokenClaims {}
}
