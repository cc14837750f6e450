package com.hotelchat.protocol;

import java.time.Instant;

/** A stored message as clients see it: the {@code data} of a {@code message} event and of history entries. */
public record MessageData(long id, long conversationId, String senderType, String senderName, String content,
                          Instant createdAt, GuestInfo guestInfo) {}
