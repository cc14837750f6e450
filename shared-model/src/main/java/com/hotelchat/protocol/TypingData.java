package com.hotelchat.protocol;

public record TypingData(long conversationId, long userId, String userName, boolean isTyping) {}
