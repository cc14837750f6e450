package com.hotelchat.domain;

import java.time.Instant;

/**
 * A committed message. {@code senderId} is a staff user id or a guest id depending on {@code senderType};
 * {@code media} is null unless the message carries files or a location.
 */
public record StoredMessage(long id, long conversationId, String senderType, Long senderId, String senderName,
                            String content, Instant createdAt, String clientMessageId, boolean privateNote,
                            MessageMedia media) {}
