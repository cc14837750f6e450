package com.hotelchat.protocol;

import java.time.Instant;

/** {@code mention}'s data: a colleague mentioned the receiver in a private note of a conversation of their department. */
public record MentionData(long conversationId, long messageId, String department, AssigneeData mentionedBy,
                          String content, Instant createdAt) {}
