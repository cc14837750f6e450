package com.hotelchat.db.conversation;

import com.hotelchat.domain.Conversation;

/** {@code changed} is false when the conversation was closed already (nobody is notified again). */
public record CloseResult(Conversation conversation, boolean changed) {}
