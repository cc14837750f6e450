package com.hotelchat.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * {@code conversation_update/closed}'s data; beyond the seed, {@code assignee} when there is one, and the
 * conversation's {@code version} and whole state ({@code conversation}) as every conversation-level event has them.
 */
public record ClosedData(long id, String guestName, String department, String status, Instant updatedAt,
                         @JsonInclude(JsonInclude.Include.NON_NULL) AssigneeData assignee,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Long version,
                         @JsonInclude(JsonInclude.Include.NON_NULL) ConversationData conversation) {}
