package com.hotelchat.domain;

import java.time.Instant;

/** A conversation with its department and guest resolved, as stored. */
public record Conversation(long id, long departmentId, String department, long guestId, String guestName,
                           String guestWhatsappNumber, String guestRoomNumber, String conversationType, String status,
                           Instant createdAt, Instant updatedAt, Long lastMessageId, Instant lastMessageAt,
                           String lastMessagePreview, Instant lastGuestMessageAt) {
    /** WhatsApp accepts free-form replies only this long after the guest's last message. */
    public static final java.time.Duration WHATSAPP_WINDOW = java.time.Duration.ofHours(24);

    public static final String ACTIVE = "active";
    public static final String CLOSED = "closed";

    /** When the WhatsApp customer-service window closes, or null if the guest never wrote over WhatsApp. */
    public Instant windowExpiresAt() {
        return lastGuestMessageAt == null ? null : lastGuestMessageAt.plus(WHATSAPP_WINDOW);
    }

    /** This conversation after a message was appended to it. */
    public Conversation withLastMessage(long messageId, Instant at, String preview) {
        return new Conversation(id, departmentId, department, guestId, guestName, guestWhatsappNumber, guestRoomNumber,
                conversationType, status, createdAt, at, messageId, at, preview, lastGuestMessageAt);
    }

    public boolean isClosed() {
        return CLOSED.equals(status);
    }
}
