package com.hotelchat.protocol;

import java.time.Instant;

/** A conversation in the REST list: {@link ConversationData}'s fields plus the caller's view of it. */
public record ConversationSummary(long id, String guestName, String department, String conversationType,
                                  String status, Instant createdAt, String lastMessagePreview,
                                  Instant lastMessageAt, long unreadCount, GuestInfo guestInfo) {}
