package com.hotelchat.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A conversation in the REST list: {@link ConversationData}'s fields plus the caller's view of it. */
public record ConversationSummary(long id, String guestName, String department, String conversationType,
                                  String status, Instant createdAt, String lastMessagePreview,
                                  Instant lastMessageAt, long unreadCount, GuestInfo guestInfo,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) Instant windowExpiresAt,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) AssigneeData assignee,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Instant waitingSince,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) Instant snoozedUntil,
                                  long unreadMentions, java.util.List<ToolsData.LabelData> labels, long version) {}
