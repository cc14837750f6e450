package com.hotelchat.db.conversation;

/** {@code changed} is false when the conversation was closed already (nobody is notified again). */
public record CloseResult(ConversationSnapshot snapshot, boolean changed) {

    public com.hotelchat.domain.Conversation conversation() {
        return snapshot.conversation();
    }
}
