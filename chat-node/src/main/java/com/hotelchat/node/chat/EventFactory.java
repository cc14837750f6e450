package com.hotelchat.node.chat;

import com.hotelchat.db.conversation.ConversationSnapshot;
import com.hotelchat.db.tools.Label;
import com.hotelchat.domain.Attachment;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.MessageMedia;
import com.hotelchat.node.media.MediaLinks;
import com.hotelchat.node.session.EncodedMessage;
import com.hotelchat.protocol.Ping;
import com.hotelchat.protocol.AttachmentData;
import java.util.List;
import com.hotelchat.domain.StoredMessage;
import com.hotelchat.protocol.AssigneeData;
import com.hotelchat.protocol.ClosedData;
import com.hotelchat.protocol.DeskData;
import com.hotelchat.protocol.MentionData;
import com.hotelchat.protocol.ToolsData;
import com.hotelchat.protocol.ConversationData;
import com.hotelchat.protocol.ConversationUpdate;
import com.hotelchat.protocol.GuestInfo;
import com.hotelchat.protocol.JsonCodec;
import com.hotelchat.protocol.MessageData;
import com.hotelchat.protocol.NewMessageData;
import com.hotelchat.protocol.ServerEvent;
import com.hotelchat.protocol.UserStatusData;
import com.hotelchat.bus.Envelope;

/** Turns stored records into the protocol's event shapes, and events into JSON text (once per event). */
public final class EventFactory {

    private final JsonCodec codec;
    private final MediaLinks links;

    /** {@code links} signs the file links of messages with attachments. */
    public EventFactory(JsonCodec codec, MediaLinks links) {
        this.codec = codec;
        this.links = links;
    }

    public String encode(ServerEvent event) {
        return codec.encode(event);
    }

    /** A message as staff see it (history, events): with the sender's {@code client_message_id} when it had one. */
    public MessageData messageData(StoredMessage m, Conversation c) {
        MessageMedia media = m.media();
        return new MessageData(m.id(), m.conversationId(), m.senderType(), m.senderName(), m.content(), m.createdAt(),
                new GuestInfo(c.guestId(), c.guestName(), c.guestRoomNumber()), m.privateNote() ? Boolean.TRUE : null,
                media == null ? List.of() : media.attachments().stream().map(this::attachment).toList(),
                media == null ? null : media.location(), m.activity(), m.clientMessageId(),
                media == null ? null : media.template());
    }

    private AttachmentData attachment(Attachment a) {
        boolean available = a.available() && a.id() != null;
        return new AttachmentData(a.id(), a.type(), a.contentType(), a.size(), a.name(),
                available ? links.link(a.id()) : null, available);
    }

    /**
     * The {@code message} event in both forms: staff's, with the sender's {@code client_message_id}, and the guest
     * socket's, without it (encoded a second time only when there is one; none for a private note).
     */
    public EncodedMessage encoded(StoredMessage m, Conversation c) {
        MessageData staff = messageData(m, c);
        String payload = encode(new ServerEvent.Message(staff));
        MessageData guest = staff.forGuest();
        String guestPayload = m.privateNote() ? null : guest == staff ? payload : encode(new ServerEvent.Message(guest));
        return new EncodedMessage(m.id(), payload, guestPayload);
    }

    public String pong(Ping ping) {
        return encode(ServerEvent.Pong.to(ping));
    }

    /** The conversation as {@code new_conversation} and every conversation-level event show it, at its version. */
    public ConversationData conversationData(ConversationSnapshot snapshot) {
        Conversation c = snapshot.conversation();
        return new ConversationData(c.id(), c.guestName(), c.department(), c.conversationType(), c.status(),
                c.createdAt(), c.lastMessagePreview(), c.windowExpiresAt(), assignee(c), c.waitingSince(),
                c.snoozedUntil(), c.version(), snapshot.labels().stream().map(EventFactory::label).toList(),
                new GuestInfo(c.guestId(), c.guestName(), c.guestRoomNumber()), null);
    }

    public static ToolsData.LabelData label(Label l) {
        return new ToolsData.LabelData(l.id(), l.name(), l.color());
    }

    public static AssigneeData assignee(Conversation c) {
        return AssigneeData.of(c.assigneeId(), c.assigneeName());
    }

    /** {@code by} null: the node did it (auto-assignment). */
    public String assigned(ConversationSnapshot s, AssigneeData by) {
        Conversation c = s.conversation();
        return encode(new ServerEvent.ConversationAssigned(new DeskData.Assigned(c.id(), c.department(), assignee(c), by,
                by == null, s.version(), conversationData(s))));
    }

    public String statusChanged(ConversationSnapshot s, String previousStatus, String reason, AssigneeData by) {
        Conversation c = s.conversation();
        return encode(new ServerEvent.ConversationStatus(new DeskData.StatusChanged(c.id(), c.department(), c.status(),
                previousStatus, c.snoozedUntil(), reason, by, s.version(), conversationData(s))));
    }

    public String transferred(String fromDepartment, ConversationSnapshot after, String note, AssigneeData by) {
        Conversation c = after.conversation();
        return encode(new ServerEvent.ConversationTransferred(new DeskData.Transferred(c.id(), fromDepartment,
                c.department(), note, by, assignee(c), after.version(), conversationData(after))));
    }

    /** The conversation's whole state: what a node sends its sessions for what they missed. */
    public String state(ConversationSnapshot s) {
        return encode(new ServerEvent.ConversationState(
                new DeskData.State(s.id(), s.department(), s.version(), conversationData(s))));
    }

    public String mention(StoredMessage note, Conversation c) {
        return encode(new ServerEvent.Mention(new MentionData(c.id(), note.id(), c.department(),
                AssigneeData.of(note.senderId(), note.senderName()), note.content(), note.createdAt())));
    }

    public String labelsChanged(ConversationSnapshot s, AssigneeData by) {
        ConversationData data = conversationData(s);
        return encode(new ServerEvent.ConversationLabels(new ToolsData.LabelsChanged(s.id(), s.department(),
                data.labels(), by, s.version(), data)));
    }

    public String guestUpdated(ConversationSnapshot s, ToolsData.GuestProfileData guest, AssigneeData by) {
        return encode(new ServerEvent.GuestUpdated(new ToolsData.GuestUpdated(s.id(), s.department(), guest, by,
                s.version(), conversationData(s))));
    }

    public String waitingAlert(Conversation c, int thresholdSeconds) {
        return encode(new ServerEvent.WaitingAlert(new DeskData.WaitingAlert(c.id(), c.department(), c.guestName(),
                c.waitingSince(), thresholdSeconds, assignee(c))));
    }

    public String newConversation(ConversationSnapshot s) {
        return encode(new ServerEvent.NewConversation(conversationData(s)));
    }

    /** {@code new_conversation} for the department a transfer brought the conversation to. */
    public String newConversation(ConversationSnapshot s, DeskData.TransferredFrom from) {
        return encode(new ServerEvent.NewConversation(conversationData(s).transferredFrom(from)));
    }

    public String newMessageUpdate(StoredMessage m, Conversation c) {
        return encode(new ServerEvent.ConversationUpdated(new ConversationUpdate.NewMessage(new NewMessageData(
                c.id(), c.guestName(), c.department(), c.lastMessagePreview(), m.createdAt(), m.senderName(), assignee(c)))));
    }

    public String closed(ConversationSnapshot s) {
        Conversation c = s.conversation();
        return encode(new ServerEvent.ConversationUpdated(new ConversationUpdate.Closed(new ClosedData(c.id(),
                c.guestName(), c.department(), c.status(), c.updatedAt(), assignee(c), s.version(), conversationData(s)))));
    }

    /** A {@code user_status} envelope for one department of the user; the user's own sessions never get it. */
    public Envelope userStatus(long userId, String userName, String department, boolean connected) {
        String type = connected ? UserStatusData.CONNECTED : UserStatusData.DISCONNECTED;
        String payload = encode(new ServerEvent.UserStatus(new UserStatusData(type, userId, userName, department)));
        return new Envelope(Envelope.Kind.USER_STATUS, 0, 0, 0, department, null, userId, payload);
    }

    /** Whether a {@code user_status} payload (as this factory encodes it) says the user connected. */
    public boolean isConnected(String userStatusPayload) {
        try {
            return UserStatusData.CONNECTED.equals(
                    codec.mapper().readTree(userStatusPayload).path("data").path("type").asText());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a user_status payload", e);
        }
    }

    /** A scheduled message as staff see it. */
    public static com.hotelchat.protocol.ScheduledData scheduledData(com.hotelchat.db.schedule.ScheduledMessage s) {
        return new com.hotelchat.protocol.ScheduledData(s.id(), s.conversationId(), s.department(), s.status(),
                s.sendAt(), s.kind(), s.content(),
                s.isTemplate() ? new com.hotelchat.protocol.ScheduledData.TemplateRef(s.templateId(), s.templateName()) : null,
                s.isTemplate() ? s.parameters() : null, AssigneeData.of(s.createdBy(), s.senderName()), s.senderName(),
                s.messageId(), s.failure(), s.journeyRuleId(), s.updatedAt());
    }

    public String scheduled(com.hotelchat.db.schedule.ScheduledMessage s) {
        return encode(new ServerEvent.Scheduled(scheduledData(s)));
    }

    public String error(String message) {
        return encode(new ServerEvent.Error(message));
    }
}
