package com.hotelchat.db.message;

import com.hotelchat.domain.Conversation;
import java.util.List;
import java.util.Set;

/**
 * One message to append, to a conversation in one of {@code departments} (the sender's; null: any department, as for
 * a guest writing in its own conversation); a conversation elsewhere answers {@code ConversationNotFound}.
 * {@code attachmentIds} are uploads of the sender's that the message carries (see {@link Attachments}).
 * {@code overWhatsApp}: a staff reply that also goes to the guest over WhatsApp if the conversation is a WhatsApp one
 * (WhatsApp is configured): refused outside the guest's 24-hour window, otherwise queued in the outbox in the append's
 * transaction.
 */
public record AppendRequest(long conversationId, Sender sender, String content, String clientMessageId,
                            Set<String> departments, List<String> attachmentIds, boolean overWhatsApp) {

    public AppendRequest {
        departments = departments == null ? null : Set.copyOf(departments);
        attachmentIds = attachmentIds == null ? List.of() : List.copyOf(attachmentIds);
    }

    /** A message that stays in the chat (no WhatsApp delivery). */
    public AppendRequest(long conversationId, Sender sender, String content, String clientMessageId,
                         Set<String> departments, List<String> attachmentIds) {
        this(conversationId, sender, content, clientMessageId, departments, attachmentIds, false);
    }

    /** A text to a conversation in any department. */
    public AppendRequest(long conversationId, Sender sender, String content, String clientMessageId) {
        this(conversationId, sender, content, clientMessageId, null, List.of(), false);
    }

    /** Whether the sender may write in {@code conversation}. */
    public boolean reaches(Conversation conversation) {
        return departments == null || departments.contains(conversation.department());
    }
}
