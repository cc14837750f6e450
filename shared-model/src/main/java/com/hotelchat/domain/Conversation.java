package com.hotelchat.domain;

import java.time.Instant;

/** A conversation with its department and guest resolved, as stored. */
public record Conversation(long id, long departmentId, String department, long guestId, String guestName,
                           String guestWhatsappNumber, String guestRoomNumber, String conversationType, String status,
                           Instant createdAt, Instant updatedAt, Long lastMessageId, Instant lastMessageAt,
                           String lastMessagePreview) {
    public static final String ACTIVE = "active";
    public static final String CLOSED = "closed";

    public boolean isClosed() {
        return CLOSED.equals(status);
    }
}
