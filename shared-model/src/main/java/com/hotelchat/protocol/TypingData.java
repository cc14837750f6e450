package com.hotelchat.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code data} of a {@code typing} event. Beyond the seed, {@code "private": true} marks staff typing a private
 * note: only the conversation's staff subscribers get such an event (absent on every other).
 */
public record TypingData(long conversationId, long userId, String userName, boolean isTyping,
                         @JsonProperty("private") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean privateTyping) {

    public TypingData(long conversationId, long userId, String userName, boolean isTyping) {
        this(conversationId, userId, userName, isTyping, null);
    }
}
