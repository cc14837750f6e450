package com.hotelchat.node.chat;

import com.hotelchat.domain.Attachment;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.MessageMedia;
import com.hotelchat.node.media.MediaLinks;
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

    public MessageData messageData(StoredMessage m, Conversation c) {
        MessageMedia media = m.media();
        return new MessageData(m.id(), m.conversationId(), m.senderType(), m.senderName(), m.content(), m.createdAt(),
                new GuestInfo(c.guestId(), c.guestName(), c.guestRoomNumber()), m.privateNote() ? Boolean.TRUE : null,
                media == null ? List.of() : media.attachments().stream().map(this::attachment).toList(),
                media == null ? null : media.location());
    }

    private AttachmentData attachment(Attachment a) {
        boolean available = a.available() && a.id() != null;
        return new AttachmentData(a.id(), a.type(), a.contentType(), a.size(), a.name(),
                available ? links.link(a.id()) : null, available);
    }

    public String message(StoredMessage m, Conversation c) {
        return encode(new ServerEvent.Message(messageData(m, c)));
    }

    public ConversationData conversationData(Conversation c) {
        return new ConversationData(c.id(), c.guestName(), c.department(), c.conversationType(), c.status(),
                c.createdAt(), c.lastMessagePreview(), c.windowExpiresAt(), assignee(c), c.waitingSince(),
                c.snoozedUntil());
    }

    public static AssigneeData assignee(Conversation c) {
        return AssigneeData.of(c.assigneeId(), c.assigneeName());
    }

    /** {@code by} null: the node did it (auto-assignment). */
    public String assigned(Conversation c, AssigneeData by) {
        return encode(new ServerEvent.ConversationAssigned(
                new DeskData.Assigned(c.id(), c.department(), assignee(c), by, by == null)));
    }

    public String statusChanged(Conversation c, String previousStatus, String reason, AssigneeData by) {
        return encode(new ServerEvent.ConversationStatus(new DeskData.StatusChanged(c.id(), c.department(), c.status(),
                previousStatus, c.snoozedUntil(), reason, by)));
    }

    public String transferred(String fromDepartment, Conversation after, String note, AssigneeData by) {
        return encode(new ServerEvent.ConversationTransferred(new DeskData.Transferred(after.id(), fromDepartment,
                after.department(), note, by, assignee(after))));
    }

    public String mention(StoredMessage note, Conversation c) {
        return encode(new ServerEvent.Mention(new MentionData(c.id(), note.id(), c.department(),
                AssigneeData.of(note.senderId(), note.senderName()), note.content(), note.createdAt())));
    }

    public String labelsChanged(Conversation c, java.util.List<ToolsData.LabelData> labels, AssigneeData by) {
        return encode(new ServerEvent.ConversationLabels(new ToolsData.LabelsChanged(c.id(), c.department(), labels, by)));
    }

    public String guestUpdated(long conversationId, String department, ToolsData.GuestProfileData guest, AssigneeData by) {
        return encode(new ServerEvent.GuestUpdated(new ToolsData.GuestUpdated(conversationId, department, guest, by)));
    }

    public String waitingAlert(Conversation c, int thresholdSeconds) {
        return encode(new ServerEvent.WaitingAlert(new DeskData.WaitingAlert(c.id(), c.department(), c.guestName(),
                c.waitingSince(), thresholdSeconds, assignee(c))));
    }

    public String newConversation(Conversation c) {
        return encode(new ServerEvent.NewConversation(conversationData(c)));
    }

    public String newMessageUpdate(StoredMessage m, Conversation c) {
        return encode(new ServerEvent.ConversationUpdated(new ConversationUpdate.NewMessage(new NewMessageData(
                c.id(), c.guestName(), c.department(), c.lastMessagePreview(), m.createdAt(), m.senderName(), assignee(c)))));
    }

    public String closed(Conversation c) {
        return encode(new ServerEvent.ConversationUpdated(new ConversationUpdate.Closed(
                new ClosedData(c.id(), c.guestName(), c.department(), c.status(), c.updatedAt(), assignee(c)))));
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

    public String error(String message) {
        return encode(new ServerEvent.Error(message));
    }
}
