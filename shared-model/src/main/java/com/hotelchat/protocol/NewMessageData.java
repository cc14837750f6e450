package com.hotelchat.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** {@code conversation_update/new_message}'s data; beyond the seed, {@code assignee} when there is one. */
public record NewMessageData(long conversationId, String guestName, String department, String lastMessagePreview,
                             Instant lastMessageAt, String messageFrom,
                             @JsonInclude(JsonInclude.Include.NON_NULL) AssigneeData assignee) {}
