package com.hotelchat.domain;

import java.time.Instant;
import java.util.Set;

/**
 * A conversation with its department, guest and assignee resolved, as stored. {@code waitingSince} is when the guest
 * started waiting for an answer (their first message after the last staff message), null while nobody waits.
 * {@code version} grows with every committed change of what the desk sees of it (status, snooze, assignee,
 * department, labels, the guest's profile; not with messages), {@code versionAt} is when it last grew; 0 and null
 * where they were not read (a batch append's result).
 */
public record Conversation(long id, long departmentId, String department, long guestId, String guestName,
                           String guestWhatsappNumber, String guestRoomNumber, String conversationType, String status,
                           Instant createdAt, Instant updatedAt, Long lastMessageId, Instant lastMessageAt,
                           String lastMessagePreview, Instant lastGuestMessageAt, Long assigneeId, String assigneeName,
                           Instant snoozedUntil, Instant waitingSince, long version,
                           Instant versionAt) {
    /** WhatsApp accepts free-form replies only this long after the guest's last message. */
    public static final java.time.Duration WHATSAPP_WINDOW = java.time.Duration.ofHours(24);

    public static final String ACTIVE = "active";
    /** Waiting for the guest. */
    public static final String PENDING = "pending";
    /** Out of the way until {@code snoozedUntil}, then active again by itself. */
    public static final String SNOOZED = "snoozed";
    public static final String CLOSED = "closed";
    public static final Set<String> STATUSES = Set.of(ACTIVE, PENDING, SNOOZED, CLOSED);

    /** Whether the guest has written over WhatsApp: staff replies then go to them there too (V13's append_batch agrees). */
    public boolean isWhatsApp() {
        return lastGuestMessageAt != null;
    }

    /** When the WhatsApp customer-service window closes, or null if the guest never wrote over WhatsApp. */
    public Instant windowExpiresAt() {
        return lastGuestMessageAt == null ? null : lastGuestMessageAt.plus(WHATSAPP_WINDOW);
    }

    /**
     * This conversation after a message was appended to it: a guest's message makes it active again and starts a
     * wait (unless one runs already); a staff message ends the wait; a private note changes neither, nor the preview;
     * an activity entry (a private note the desk wrote) does not change the time of the last message either.
     */
    public Conversation withLastMessage(StoredMessage m, String preview) {
        boolean fromGuest = SenderType.GUEST.equals(m.senderType());
        boolean note = m.privateNote();
        Instant at = m.createdAt();
        return new Conversation(id, departmentId, department, guestId, guestName, guestWhatsappNumber, guestRoomNumber,
                conversationType, fromGuest ? ACTIVE : status, createdAt, at, m.id(),
                m.activity() == null ? at : lastMessageAt, note ? lastMessagePreview : preview,
                lastGuestMessageAt, assigneeId, assigneeName, fromGuest ? null : snoozedUntil,
                fromGuest ? (waitingSince == null ? at : waitingSince) : note ? waitingSince : null,
                fromGuest && !ACTIVE.equals(status) && version > 0 ? version + 1 : version,
                fromGuest && !ACTIVE.equals(status) ? at : versionAt);
    }

    public boolean isClosed() {
        return CLOSED.equals(status);
    }
}
