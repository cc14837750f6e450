package com.hotelchat.node.chat;

import com.hotelchat.bus.Bus;
import com.hotelchat.bus.Envelope;
import com.hotelchat.bus.Envelope.Kind;
import com.hotelchat.bus.Group;
import com.hotelchat.bus.Publication;
import com.hotelchat.db.conversation.ConversationSnapshot;
import com.hotelchat.db.message.AppendResult;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.StoredMessage;
import com.hotelchat.node.session.EncodedMessage;
import com.hotelchat.protocol.AssigneeData;
import com.hotelchat.protocol.DeskData;
import com.hotelchat.protocol.ToolsData;
import com.hotelchat.protocol.MessageStatusData;
import com.hotelchat.protocol.ServerEvent;
import com.hotelchat.protocol.TypingData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Publishes what happened to the groups that must hear of it. Called only after the change is committed:
 * nobody is ever notified of something the database does not have. Events about a conversation's state carry its
 * version and its whole state at that version ({@link ConversationSnapshot}).
 */
public final class ChatEvents {

    private final Bus bus;
    private final EventFactory events;

    public ChatEvents(Bus bus, EventFactory events) {
        this.bus = bus;
        this.events = events;
    }

    /** A message to the guest or from them (a guest's that reopened the conversation: see {@link ReopenedByGuest}). */
    public void messageCommitted(AppendResult.Appended appended) {
        messageCommitted(appended, 0);
    }

    /**
     * A message sent as a {@code text} received at {@code receivedAtMicros} (wall clock, epoch microseconds): its
     * events carry that time, and every node times its frames' writes from it (the delivery latency).
     */
    public void messageCommitted(AppendResult.Appended appended, long receivedAtMicros) {
        StoredMessage m = appended.message();
        Conversation c = appended.conversation();
        // One publish for the three: the bus sends them to Redis in one write.
        List<Publication> publications = new ArrayList<>(
                messageToConversation(m, c, previous(appended), receivedAtMicros));
        publications.add(new Publication(Group.department(c.department()),
                newMessage(m, c).receivedAt(receivedAtMicros)));
        bus.publish(publications);
    }

    /**
     * A message committed before that its subscribers and department may not have heard of (a retry found it, the node
     * that committed it may have died before publishing): published again; receivers drop what they had already.
     */
    public void messageRepublished(StoredMessage m, Conversation c) {
        List<Publication> publications = new ArrayList<>(messageToConversation(m, c, 0, 0));
        if (!m.privateNote()) {
            publications.add(new Publication(Group.department(c.department()), newMessage(m, c)));
        }
        bus.publish(publications);
    }

    /** {@code conversation_update/new_message}, with the message's id: a node announces each message once per group. */
    private Envelope newMessage(StoredMessage m, Conversation c) {
        return new Envelope(Kind.NEW_MESSAGE, c.id(), m.id(), 0, c.department(), null, 0, events.newMessageUpdate(m, c));
    }

    /**
     * A private note: to the conversation's subscribers only (never the guest's group, never the department's
     * {@code new_message}), and a {@code mention} to each mentioned colleague's sessions.
     */
    public void noteCommitted(AppendResult.Appended appended, java.util.List<Long> mentioned) {
        StoredMessage m = appended.message();
        Conversation c = appended.conversation();
        toSubscribers(appended);
        String mention = mentioned.isEmpty() ? null : events.mention(m, c);
        for (long userId : mentioned) {
            bus.publish(Group.department(c.department()),
                    new Envelope(Kind.MENTION, c.id(), 0, 0, c.department(), null, userId, mention));
        }
    }

    /**
     * An entry of the conversation's timeline (a private message recording a change): as a note, to the conversation's
     * staff subscribers only, never the guest's group and never the department's {@code new_message}.
     */
    public void activityRecorded(AppendResult.Appended entry) {
        toSubscribers(entry);
    }

    /** A private message's envelope to the conversation's group only, the one group no guest session is ever in. */
    private void toSubscribers(AppendResult.Appended privateMessage) {
        bus.publish(messageToConversation(privateMessage.message(), privateMessage.conversation(), previous(privateMessage),
                0));
    }

    /** {@code by} null: the node assigned it (auto-assignment). */
    public void assigned(ConversationSnapshot c, AssigneeData by) {
        toDepartment(c, events.assigned(c, by));
    }

    public void statusChanged(ConversationSnapshot c, String previousStatus, String reason, AssigneeData by) {
        toDepartment(c, events.statusChanged(c, previousStatus, reason, by));
    }

    /**
     * The department it left hears {@code conversation_transferred} (its subscribers too, and they lose their
     * subscription); the department it joined hears {@code new_conversation} with where it came from and the note.
     */
    public void transferred(Conversation before, ConversationSnapshot after, String note, AssigneeData by) {
        Envelope left = Envelope.versioned(Kind.TRANSFERRED, after.id(), after.version(), before.department(),
                events.transferred(before.department(), after, note, by));
        bus.publish(Group.department(before.department()), left);
        bus.publish(Group.conversation(after.id()), left);
        bus.publish(Group.department(after.department()), Envelope.versioned(Kind.NEW_CONVERSATION, after.id(),
                after.version(), after.department(),
                events.newConversation(after, new DeskData.TransferredFrom(before.department(), note, by))));
    }

    public void labelsChanged(ConversationSnapshot c, AssigneeData by) {
        toDepartment(c, events.labelsChanged(c, by));
    }

    public void guestUpdated(ConversationSnapshot c, ToolsData.GuestProfileData guest, AssigneeData by) {
        toDepartment(c, events.guestUpdated(c, guest, by));
    }

    /** A scheduled message was scheduled, changed, cancelled, sent or failed: to its conversation's department. */
    public void scheduledChanged(com.hotelchat.db.schedule.ScheduledMessage scheduled) {
        bus.publish(Group.department(scheduled.department()), Envelope.of(Kind.DESK, scheduled.conversationId(),
                scheduled.department(), events.scheduled(scheduled)));
    }

    /** Not about the conversation's state (it changes nothing): unversioned. */
    public void waitingAlert(Conversation c, int thresholdSeconds) {
        bus.publish(Group.department(c.department()),
                Envelope.of(Kind.DESK, c.id(), c.department(), events.waitingAlert(c, thresholdSeconds)));
    }

    /** A queue or tools event about the conversation's state ({@code Kind.DESK}): to its department's sessions. */
    private void toDepartment(ConversationSnapshot c, String payload) {
        bus.publish(Group.department(c.department()),
                Envelope.versioned(Kind.DESK, c.id(), c.version(), c.department(), payload));
    }

    /** A conversation was opened; its optional first message goes to the conversation and the guest only. */
    public void conversationOpened(Conversation c, AppendResult.Appended first) {
        ConversationSnapshot opened = ConversationSnapshot.opened(c);
        bus.publish(Group.department(c.department()), Envelope.versioned(Kind.NEW_CONVERSATION, c.id(), c.version(),
                c.department(), events.newConversation(opened)));
        if (first != null) {
            bus.publish(messageToConversation(first.message(), first.conversation(), previous(first), 0));
        }
    }

    public void conversationClosed(ConversationSnapshot c) {
        Envelope closed = Envelope.versioned(Kind.CLOSED, c.id(), c.version(), c.department(), events.closed(c));
        bus.publish(Group.department(c.department()), closed);
        bus.publish(Group.conversation(c.id()), closed);
    }

    /**
     * To the conversation's staff subscribers and to the guest's sessions, never back to the typing session. Private
     * typing (a note being written) goes to the conversation's group only, which no guest session is ever in.
     */
    public void typing(long conversationId, String department, String guestWhatsappNumber, String sessionId,
                       long userId, String userName, boolean isTyping, boolean privateTyping) {
        String payload = events.encode(new ServerEvent.Typing(new TypingData(conversationId, userId, userName, isTyping,
                privateTyping ? Boolean.TRUE : null)));
        Envelope envelope = new Envelope(Kind.TYPING, conversationId, 0, 0, department, sessionId, userId, payload);
        bus.publish(Group.conversation(conversationId), envelope);
        if (!privateTyping) {
            bus.publish(Group.guest(guestWhatsappNumber), envelope);
        }
    }

    public void deliveryChanged(long messageId, long conversationId, String status, String error) {
        String payload = events.encode(new ServerEvent.MessageStatus(
                new MessageStatusData(messageId, conversationId, status, error)));
        bus.publish(Group.conversation(conversationId), Envelope.of(Kind.DELIVERY, conversationId, null, payload));
    }

    public void userStatus(long userId, String userName, Collection<String> departments, boolean connected) {
        for (String department : departments) {
            bus.publish(Group.department(department), events.userStatus(userId, userName, department, connected));
        }
    }

    public void staffChanged(long userId) {
        bus.publish(Group.NODES, new Envelope(Kind.STAFF_CHANGED, 0, 0, 0, null, null, userId, Long.toString(userId)));
    }

    /**
     * A message's envelopes, with the id of the message before it ({@code previous}, 0 when unknown) for the receivers'
     * gap check: the staff form for its conversation's subscribers, and (unless it is a private note) the guest's form
     * for its guest's sessions; {@code receivedAtMicros}: when its {@code text} was received, 0 when not timed.
     */
    private List<Publication> messageToConversation(StoredMessage m, Conversation c, long previous,
                                                    long receivedAtMicros) {
        EncodedMessage encoded = events.encoded(m, c);
        Publication staff = new Publication(Group.conversation(c.id()), new Envelope(Kind.MESSAGE, c.id(), m.id(),
                previous, c.department(), null, 0, encoded.payload()).receivedAt(receivedAtMicros));
        if (encoded.guestPayload() == null) {
            return List.of(staff);
        }
        return List.of(staff, new Publication(Group.guest(c.guestWhatsappNumber()), new Envelope(Kind.MESSAGE, c.id(),
                m.id(), previous, c.department(), null, 0, encoded.guestPayload()).receivedAt(receivedAtMicros)));
    }

    private static long previous(AppendResult.Appended appended) {
        return appended.previousMessageId() == null ? 0 : appended.previousMessageId();
    }
}
