package com.hotelchat.db.message;

import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.SenderType;
import com.hotelchat.domain.StoredMessage;

/** The outcome of appending a message to a conversation. */
public sealed interface AppendResult {

    /**
     * Committed. {@code previousMessageId} is the conversation's message just before this one (null for the first):
     * receivers use it to see that nothing is missing between what they have and this message. {@code reopenedFrom}
     * is the status a guest's message took the conversation out of ({@code pending}, {@code snoozed} or
     * {@code closed}), null when it was active or the message is a staff one.
     */
    record Appended(StoredMessage message, Long previousMessageId, Conversation conversation, String reopenedFrom)
            implements AppendResult {

        /** {@code inserted}, appended to {@code before} (the conversation as it stood just before it). */
        static Appended after(Conversation before, StoredMessage inserted, String preview) {
            boolean fromGuest = SenderType.GUEST.equals(inserted.senderType());
            String reopenedFrom = fromGuest && !Conversation.ACTIVE.equals(before.status()) ? before.status() : null;
            return new Appended(inserted, before.lastMessageId(), before.withLastMessage(inserted, preview), reopenedFrom);
        }
    }

    /** The sender retried a {@code client_message_id}; nothing new was stored. */
    record Duplicate(StoredMessage original, Conversation conversation) implements AppendResult {}

    record ConversationNotFound() implements AppendResult {}

    record ConversationClosed(Conversation conversation) implements AppendResult {}

    /** Nothing was stored: the node has too many appends waiting; the client may retry later. */
    record Overloaded() implements AppendResult {}

    /**
     * The database did not confirm the append within the group commit's wait (a failover longer than it, an outage).
     * Nothing was written, or the message carries a {@code client_message_id}: then a retry with it is answered with
     * the original if it was written, and stores it once if it was not.
     */
    record DatabaseUnavailable() implements AppendResult {}

    /**
     * The connection broke while the append was under way, and the message carries no {@code client_message_id}: it
     * may or may not have been committed, and trying again could store it twice, so the node does not. If it was
     * committed, every subscriber gets it (the periodic repair delivers what was committed and never published).
     */
    record OutcomeUnknown() implements AppendResult {}

    /** An attachment id that is not an unused upload of the sender's: nothing was stored. */
    record AttachmentUnavailable() implements AppendResult {}

    /** A reply to a WhatsApp guest whose 24-hour window is closed (or never opened): WhatsApp would reject it. */
    record WindowClosed(Conversation conversation) implements AppendResult {}
}
