package com.hotelchat.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

public record MessageStatusData(long messageId, long conversationId, String status,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String error) {}
