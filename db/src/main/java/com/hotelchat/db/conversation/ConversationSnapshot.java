package com.hotelchat.db.conversation;

import com.hotelchat.db.tools.Label;
import com.hotelchat.db.tools.LabelMapper;
import com.hotelchat.domain.Conversation;
import java.util.List;
import org.apache.ibatis.session.SqlSession;

/**
 * What the desk sees of a conversation at one version: its row and its labels, read in one transaction, so the
 * version and the state always belong together. Every conversation-level event carries one.
 */
public record ConversationSnapshot(Conversation conversation, List<Label> labels) {

    public ConversationSnapshot {
        labels = List.copyOf(labels);
    }

    /** A conversation just opened: no labels yet. */
    public static ConversationSnapshot opened(Conversation conversation) {
        return new ConversationSnapshot(conversation, List.of());
    }

    /** The conversation as this transaction sees it, or null when there is none. */
    public static ConversationSnapshot read(SqlSession s, long conversationId) {
        Conversation c = s.getMapper(ConversationMapper.class).findById(conversationId);
        return c == null ? null : new ConversationSnapshot(c, s.getMapper(LabelMapper.class).ofConversation(conversationId));
    }

    public long id() {
        return conversation.id();
    }

    public long version() {
        return conversation.version();
    }

    public String department() {
        return conversation.department();
    }
}
