package com.hotelchat.db.desk;

import java.time.Instant;

/** A recorded transfer of a conversation between departments, with its note and who made it. */
public record Transfer(long conversationId, String fromDepartment, String toDepartment, String note, Long byUserId,
                       String byUserName, Instant createdAt) {}
