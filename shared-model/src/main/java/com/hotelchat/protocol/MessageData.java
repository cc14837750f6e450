package com.hotelchat.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A stored message as clients see it: the {@code data} of a {@code message} event and of history entries. Beyond the
 * seed, {@code "private": true} marks a private note (staff only; absent on every other message).
 */
public record MessageData(long id, long conversationId, String senderType, String senderName, String content,
                          Instant createdAt, GuestInfo guestInfo,
                          @JsonProperty("private") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean privateNote) {}
