package com.hotelchat.domain;

import java.time.Instant;

/** A committed message. {@code senderId} is a staff user id or a guest id depending on {@code senderType}. */
public record StoredMessage(long id, long conversationId, String senderType, Long senderId, String senderName,
                            String content, Instant createdAt, String clientMessageId, boolean privateNote) {}
