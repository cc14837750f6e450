package com.hotelchat.domain;

import java.time.Instant;

/**
 * A committed message. {@code senderId} is a staff user id or a guest id depending on {@code senderType} (null on an
 * activity entry the node wrote itself); {@code media} is null unless the message carries files or a location;
 * {@code activity} is null unless the message is an entry of the conversation's timeline (always a private one).
 */
public record StoredMessage(long id, long conversationId, String senderType, Long senderId, String senderName,
                            String content, Instant createdAt, String clientMessageId, boolean privateNote,
                            MessageMedia media, Activity activity) {}
