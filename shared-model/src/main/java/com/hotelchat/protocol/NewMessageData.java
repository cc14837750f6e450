package com.hotelchat.protocol;

import java.time.Instant;

public record NewMessageData(long conversationId, String guestName, String department, String lastMessagePreview,
                             Instant lastMessageAt, String messageFrom) {}
