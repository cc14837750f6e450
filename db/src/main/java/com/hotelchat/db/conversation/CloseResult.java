package com.hotelchat.db.conversation;

import com.hotelchat.db.message.AppendResult;

/**
 * The conversation after a close, and the activity entry that records the closing; {@code entry} is null when the
 * conversation was closed already (nothing was written, nobody is notified again).
 */
public record CloseResult(ConversationSnapshot snapshot, AppendResult.Appended entry) {

    public boolean changed() {
        return entry != null;
    }

    public com.hotelchat.domain.Conversation conversation() {
        return snapshot.conversation();
    }
}
