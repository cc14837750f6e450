package com.hotelchat.protocol;

import java.time.Instant;

/** A conversation as announced by {@code new_conversation}. */
public record ConversationData(long id, String guestName, String department, String conversationType, String status,
                               Instant createdAt, String lastMessagePreview) {}
