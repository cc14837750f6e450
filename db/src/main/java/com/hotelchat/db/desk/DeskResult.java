package com.hotelchat.db.desk;

import com.hotelchat.db.conversation.ConversationSnapshot;
import com.hotelchat.db.message.AppendResult;
import com.hotelchat.domain.Conversation;

/** The outcome of a queue action (assign, status, transfer) on one conversation. */
public sealed interface DeskResult {

    /**
     * Committed: the conversation as it was, as the change left it (with its new version), and the activity entry
     * that records the change in its timeline (committed with it).
     */
    record Changed(Conversation before, ConversationSnapshot after, AppendResult.Appended entry) implements DeskResult {}

    /** Already so: nothing was written, nobody is notified. */
    record Unchanged(ConversationSnapshot conversation) implements DeskResult {}

    /** No such conversation, or one the caller may not see. */
    record NotFound() implements DeskResult {}

    /** Not allowed as asked; {@code reason} is a sentence for the client. Nothing was written. */
    record Refused(String reason) implements DeskResult {}

    /** The conversation is no longer at the version the caller expected. Nothing was written. */
    record Stale(long expected, long current) implements DeskResult {
        public String reason() {
            return com.hotelchat.db.conversation.StaleVersionException.reason(expected, current);
        }
    }

    /** A transfer to a department that does not exist. Nothing was written. */
    record UnknownDepartment(String department) implements DeskResult {
        public String reason() {
            return "Unknown department '" + department + "'";
        }
    }
}
