package com.hotelchat.protocol;

public record SubscriptionData(long conversationId, String message) {}
