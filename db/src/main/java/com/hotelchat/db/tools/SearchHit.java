package com.hotelchat.db.tools;

import java.time.Instant;

/** A message or note matching a search, with its conversation and a snippet whose matches are marked « ». */
public record SearchHit(long messageId, long conversationId, String department, String guestName, String senderName,
                        boolean privateNote, Instant createdAt, String snippet) {}
