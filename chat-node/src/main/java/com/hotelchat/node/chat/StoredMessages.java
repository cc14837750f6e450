package com.hotelchat.node.chat;

import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.message.MessageStore;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.StoredMessage;
import com.hotelchat.node.session.EncodedMessage;
import com.hotelchat.node.session.MissedMessages;
import java.util.List;

/** Replay and gap fill: committed messages read back from PostgreSQL and encoded as {@code message} events. */
public final class StoredMessages implements MissedMessages {

    private final MessageStore messages;
    private final Conversations conversations;
    private final EventFactory events;
    private final java.util.concurrent.atomic.AtomicLong filled = new java.util.concurrent.atomic.AtomicLong();

    public StoredMessages(MessageStore messages, Conversations conversations, EventFactory events) {
        this.messages = messages;
        this.conversations = conversations;
        this.events = events;
    }

    /** Messages delivered from the database instead of the bus (replays and gap fills). */
    public long filled() {
        return filled.get();
    }

    @Override
    public List<EncodedMessage> between(long conversationId, long afterId, long upToId) {
        List<StoredMessage> batch = messages.between(conversationId, afterId, upToId);
        if (batch.isEmpty()) {
            return List.of();
        }
        filled.addAndGet(batch.size());
        Conversation conversation = conversations.find(conversationId).orElseThrow();
        return batch.stream().map(m -> events.encoded(m, conversation)).toList();
    }
}
