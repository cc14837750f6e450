package com.hotelchat.node.chat;

import com.hotelchat.bus.Bus;
import com.hotelchat.bus.Envelope;
import com.hotelchat.bus.Envelope.Kind;
import com.hotelchat.bus.Group;
import com.hotelchat.bus.Publication;
import com.hotelchat.db.message.AppendResult;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.StoredMessage;
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
 * nobody is ever notified of something the database does not have.
 */
public final class ChatEvents {

    private final Bus bus;
    private final EventFactory events;

    public ChatEvents(Bus bus, EventFactory events) {
        this.bus = bus;
        this.events = events;
    }

    public void messageCommitted(AppendResult.Appended appended) {
        StoredMessage m = appended.message();
        Conversation c = appended.conversation();
        // One publish for the three: the bus sends them to Redis in one write.
        List<Publication> publications = new ArrayList<>(messageToConversation(appended));
        publications.add(new Publication(Group.department(c.department()),
                Envelope.of(Kind.NEW_MESSAGE, c.id(), c.department(), events.newMessageUpdate(m, c))));
        bus.publish(publications);
        if (appended.reopenedFrom() != null) {
            statusChanged(c, appended.reopenedFrom(), DeskData.StatusChanged.BY_GUEST_MESSAGE, null);
        }
    }

    /**
     * A private note: to the conversation's subscribers only (never the guest's group, never the department's
     * {@code new_message}), and a {@code mention} to each mentioned colleague's sessions.
     */
    public void noteCommitted(AppendResult.Appended appended, java.util.List<Long> mentioned) {
        StoredMessage m = appended.message();
        Conversation c = appended.conversation();
        bus.publish(Group.conversation(c.id()), messageEnvelope(appended));
        String mention = mentioned.isEmpty() ? null : events.mention(m, c);
        for (long userId : mentioned) {
            bus.publish(Group.department(c.department()),
                    new Envelope(Kind.MENTION, c.id(), 0, 0, c.department(), null, userId, mention));
        }
    }

    /** {@code by} null: the node assigned it (auto-assignment). */
    public void assigned(Conversation c, AssigneeData by) {
        toDepartment(c.id(), c.department(), events.assigned(c, by));
    }

    public void statusChanged(Conversation c, String previousStatus, String reason, AssigneeData by) {
        toDepartment(c.id(), c.department(), events.statusChanged(c, previousStatus, reason, by));
    }

    /**
     * The department it left hears {@code conversation_transferred} (its subscribers too, and they lose their
     * subscription); the department it joined hears {@code new_conversation}.
     */
    public void transferred(Conversation before, Conversation after, String note, AssigneeData by) {
        Envelope left = Envelope.of(Kind.TRANSFERRED, after.id(), before.department(),
                events.transferred(before.department(), after, note, by));
        bus.publish(Group.department(before.department()), left);
        bus.publish(Group.conversation(after.id()), left);
        bus.publish(Group.department(after.department()),
                Envelope.of(Kind.NEW_CONVERSATION, after.id(), after.department(), events.newConversation(after)));
    }

    public void labelsChanged(Conversation c, java.util.List<ToolsData.LabelData> labels, AssigneeData by) {
        toDepartment(c.id(), c.department(), events.labelsChanged(c, labels, by));
    }

    public void guestUpdated(long conversationId, String department, ToolsData.GuestProfileData guest, AssigneeData by) {
        toDepartment(conversationId, department, events.guestUpdated(conversationId, department, guest, by));
    }

    public void waitingAlert(Conversation c, int thresholdSeconds) {
        toDepartment(c.id(), c.department(), events.waitingAlert(c, thresholdSeconds));
    }

    /** A queue or tools event ({@code Kind.DESK}): to every session of the conversation's department. */
    private void toDepartment(long conversationId, String department, String payload) {
        bus.publish(Group.department(department), Envelope.of(Kind.DESK, conversationId, department, payload));
    }

    /** A conversation was opened; its optional first message goes to the conversation and the guest only. */
    public void conversationOpened(Conversation c, AppendResult.Appended first) {
        bus.publish(Group.department(c.department()),
                Envelope.of(Kind.NEW_CONVERSATION, c.id(), c.department(), events.newConversation(c)));
        if (first != null) {
            bus.publish(messageToConversation(first));
        }
    }

    public void conversationClosed(Conversation c) {
        Envelope closed = Envelope.of(Kind.CLOSED, c.id(), c.department(), events.closed(c));
        bus.publish(Group.department(c.department()), closed);
        bus.publish(Group.conversation(c.id()), closed);
    }

    /** To the conversation's staff subscribers and to the guest's sessions, never back to the typing session. */
    public void typing(long conversationId, String department, String guestWhatsappNumber, String sessionId,
                       long userId, String userName, boolean isTyping) {
        String payload = events.encode(new ServerEvent.Typing(new TypingData(conversationId, userId, userName, isTyping)));
        Envelope envelope = new Envelope(Kind.TYPING, conversationId, 0, 0, department, sessionId, userId, payload);
        bus.publish(Group.conversation(conversationId), envelope);
        bus.publish(Group.guest(guestWhatsappNumber), envelope);
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

    /** A message's envelope for its conversation's subscribers and for its guest's sessions. */
    private List<Publication> messageToConversation(AppendResult.Appended appended) {
        Envelope envelope = messageEnvelope(appended);
        Conversation c = appended.conversation();
        return List.of(new Publication(Group.conversation(c.id()), envelope),
                new Publication(Group.guest(c.guestWhatsappNumber()), envelope));
    }

    /** A {@code message} envelope, with the id of the message before it for the receivers' gap check. */
    private Envelope messageEnvelope(AppendResult.Appended appended) {
        StoredMessage m = appended.message();
        Conversation c = appended.conversation();
        long previous = appended.previousMessageId() == null ? 0 : appended.previousMessageId();
        return new Envelope(Kind.MESSAGE, c.id(), m.id(), previous, c.department(), null, 0, events.message(m, c));
    }
}
