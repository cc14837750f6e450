package com.hotelchat.db.conversation;

import java.time.Instant;

/** One row of a staff member's conversation list: the conversation and how many messages they have not read. */
public record ConversationListRow(long id, long departmentId, String department, long guestId, String guestName,
                                  String guestWhatsappNumber, String guestRoomNumber, String conversationType,
                                  String status, Instant createdAt, Instant updatedAt, Long lastMessageId,
                                  Instant lastMessageAt, String lastMessagePreview, Instant lastGuestMessageAt,
                                  Long assigneeId, String assigneeName, Instant snoozedUntil, Instant waitingSince, long version, Instant versionAt,
                                  java.time.LocalDate guestCheckOut, String guestLanguage, long unreadCount,
                                  long unreadMentions) {

    public com.hotelchat.domain.Conversation conversation() {
        return new com.hotelchat.domain.Conversation(id, departmentId, department, guestId, guestName,
                guestWhatsappNumber, guestRoomNumber, conversationType, status, createdAt, updatedAt, lastMessageId,
                lastMessageAt, lastMessagePreview, lastGuestMessageAt, assigneeId, assigneeName, snoozedUntil,
                waitingSince, version, versionAt);
    }
}
