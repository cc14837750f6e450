package com.hotelchat.node.chat;

import com.hotelchat.db.desk.ConversationDesk;
import com.hotelchat.db.desk.Transfer;
import com.hotelchat.protocol.AssigneeData;
import com.hotelchat.bus.Envelope;
import com.hotelchat.bus.Group;
import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.message.MessageStore;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.StoredMessage;
import com.hotelchat.node.fanout.LocalHub;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After this node may have missed bus events, tells its staff sessions what changed in their departments'
 * conversations meanwhile, read from the database: {@code new_conversation} for each conversation opened,
 * {@code conversation_update/closed} for each closed, {@code conversation_update/new_message} for each written to
 * (to sessions not subscribed to it: subscribers get the messages themselves from their feeds' gap fill), and for
 * each transfer {@code conversation_transferred} to the department it left and {@code new_conversation} to the one
 * it joined. Events
 * delivered just before the loss may come a second time; they describe a state, so a client applies them again
 * harmlessly.
 */
public final class ConversationChangesReplay {

    /** More changes than this in one gap: a console would reload its list anyway; the rest is logged, not replayed. */
    static final int MAX_CHANGES = 1_000;
    private static final Logger log = LoggerFactory.getLogger(ConversationChangesReplay.class);

    private final LocalHub hub;
    private final Conversations conversations;
    private final MessageStore messages;
    private final EventFactory events;

    private final ConversationDesk desk;

    public ConversationChangesReplay(LocalHub hub, Conversations conversations, MessageStore messages,
                                     EventFactory events, ConversationDesk desk) {
        this.desk = desk;
        this.hub = hub;
        this.conversations = conversations;
        this.messages = messages;
        this.events = events;
    }

    public void replaySince(Instant since) {
        List<String> departments = hub.departments();
        replayTransfers(departments, since);
        List<Conversation> changed = conversations.changedSince(departments, since, MAX_CHANGES);
        for (Conversation c : changed) {
            for (Envelope envelope : envelopesFor(c, since)) {
                hub.redeliver(Group.department(c.department()), envelope);
            }
        }
        if (!changed.isEmpty()) {
            log.info("replayed {} conversation changes since {} to departments {}{}", changed.size(), since, departments,
                    changed.size() == MAX_CHANGES ? " (limit reached: later changes not replayed)" : "");
        }
    }

    /**
     * Transfers made during the gap: the department it left hears {@code conversation_transferred} (and this node's
     * subscribers lose the conversation), the one it joined hears {@code new_conversation}.
     */
    private void replayTransfers(List<String> departments, Instant since) {
        for (Transfer t : desk.transfersSince(departments, since, MAX_CHANGES)) {
            Conversation now = conversations.find(t.conversationId()).orElse(null);
            if (now == null) {
                continue;
            }
            if (departments.contains(t.fromDepartment())) {
                String payload = events.transferred(t.fromDepartment(), now, t.note(),
                        AssigneeData.of(t.byUserId(), t.byUserName()));
                hub.redeliver(Group.department(t.fromDepartment()),
                        Envelope.of(Envelope.Kind.TRANSFERRED, now.id(), t.fromDepartment(), payload));
            }
            if (departments.contains(t.toDepartment()) && now.department().equals(t.toDepartment())) {
                hub.redeliver(Group.department(t.toDepartment()),
                        Envelope.of(Envelope.Kind.NEW_CONVERSATION, now.id(), now.department(), events.newConversation(now)));
            }
        }
    }

    /** In the order they happened: opened, then closed or written to. */
    private List<Envelope> envelopesFor(Conversation c, Instant since) {
        List<Envelope> envelopes = new java.util.ArrayList<>(2);
        if (!c.createdAt().isBefore(since)) {
            envelopes.add(Envelope.of(Envelope.Kind.NEW_CONVERSATION, c.id(), c.department(), events.newConversation(c)));
        }
        if (c.isClosed()) {
            envelopes.add(Envelope.of(Envelope.Kind.CLOSED, c.id(), c.department(), events.closed(c)));
        } else if (c.lastMessageId() != null && c.lastMessageAt() != null && !c.lastMessageAt().isBefore(since)) {
            List<StoredMessage> last = messages.between(c.id(), c.lastMessageId() - 1, c.lastMessageId());
            if (!last.isEmpty()) {
                envelopes.add(Envelope.of(Envelope.Kind.NEW_MESSAGE, c.id(), c.department(),
                        events.newMessageUpdate(last.get(0), c)));
            }
        }
        return envelopes;
    }
}
