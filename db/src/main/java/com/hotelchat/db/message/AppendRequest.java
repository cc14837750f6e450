package com.hotelchat.db.message;

import com.hotelchat.domain.Conversation;
import java.util.List;
import java.util.function.Predicate;

/**
 * One message to append: to a conversation {@code visible} accepts (any other answers {@code ConversationNotFound}).
 * {@code attachmentIds} are uploads of the sender's that the message carries (see {@link Attachments}).
 */
public record AppendRequest(long conversationId, Sender sender, String content, String clientMessageId,
                            Predicate<Conversation> visible, List<String> attachmentIds) {

    public AppendRequest {
        attachmentIds = attachmentIds == null ? List.of() : List.copyOf(attachmentIds);
    }

    public AppendRequest(long conversationId, Sender sender, String content, String clientMessageId,
                         Predicate<Conversation> visible) {
        this(conversationId, sender, content, clientMessageId, visible, List.of());
    }
}
