package com.hotelchat.db.desk;

import java.time.Instant;

/**
 * A recorded transfer of a conversation between departments, with its note, who made it and the conversation's
 * version it made (null for transfers recorded before versions existed).
 */
public record Transfer(long conversationId, String fromDepartment, String toDepartment, String note, Long byUserId,
                       String byUserName, Instant createdAt, Long version) {}
