package com.hotelchat.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** An event the server sends to a client. Each serializes as {@code {"type": ..., "data" | "message": ...}}. */
public sealed interface ServerEvent
        permits ServerEvent.Message, ServerEvent.NewConversation, ServerEvent.ConversationUpdated,
                ServerEvent.UserStatus, ServerEvent.Typing, ServerEvent.Subscribed, ServerEvent.Unsubscribed,
                ServerEvent.Error, ServerEvent.MessageStatus, ServerEvent.ConversationAssigned,
                ServerEvent.ConversationStatus, ServerEvent.ConversationTransferred, ServerEvent.WaitingAlert,
                ServerEvent.Mention, ServerEvent.ConversationLabels, ServerEvent.GuestUpdated,
                ServerEvent.ConversationState, ServerEvent.Pong, ServerEvent.Scheduled {

    @JsonProperty("type")
    String type();

    @JsonPropertyOrder({"type", "data"})
    record Message(MessageData data) implements ServerEvent {
        public static final String TYPE = "message";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    @JsonPropertyOrder({"type", "data"})
    record NewConversation(ConversationData data) implements ServerEvent {
        public static final String TYPE = "new_conversation";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    @JsonPropertyOrder({"type", "data"})
    record ConversationUpdated(ConversationUpdate data) implements ServerEvent {
        public static final String TYPE = "conversation_update";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    @JsonPropertyOrder({"type", "data"})
    record UserStatus(UserStatusData data) implements ServerEvent {
        public static final String TYPE = "user_status";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    @JsonPropertyOrder({"type", "data"})
    record Typing(TypingData data) implements ServerEvent {
        public static final String TYPE = "typing";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    @JsonPropertyOrder({"type", "data"})
    record Subscribed(SubscriptionData data) implements ServerEvent {
        public static final String TYPE = "subscribed";

        public static Subscribed to(long conversationId) {
            return new Subscribed(new SubscriptionData(conversationId, "Successfully subscribed to conversation"));
        }

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    @JsonPropertyOrder({"type", "data"})
    record Unsubscribed(SubscriptionData data) implements ServerEvent {
        public static final String TYPE = "unsubscribed";

        public static Unsubscribed from(long conversationId) {
            return new Unsubscribed(new SubscriptionData(conversationId, "Successfully unsubscribed from conversation"));
        }

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    @JsonPropertyOrder({"type", "message"})
    record Error(String message) implements ServerEvent {
        public static final String TYPE = "error";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    /**
     * Not in the seed protocol: the WhatsApp delivery state of a staff message (sent, delivered, read, failed with
     * WhatsApp's reason), sent to the conversation's subscribers.
     */
    @JsonPropertyOrder({"type", "data"})
    record MessageStatus(MessageStatusData data) implements ServerEvent {
        public static final String TYPE = "message_status";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    /** Not in the seed: a conversation was assigned or unassigned; to its department. */
    @JsonPropertyOrder({"type", "data"})
    record ConversationAssigned(DeskData.Assigned data) implements ServerEvent {
        public static final String TYPE = "conversation_assigned";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    /** Not in the seed: a conversation became active, pending or snoozed; to its department. */
    @JsonPropertyOrder({"type", "data"})
    record ConversationStatus(DeskData.StatusChanged data) implements ServerEvent {
        public static final String TYPE = "conversation_status";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    /** Not in the seed: a conversation left the department for another; to the department it left. */
    @JsonPropertyOrder({"type", "data"})
    record ConversationTransferred(DeskData.Transferred data) implements ServerEvent {
        public static final String TYPE = "conversation_transferred";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    /** Not in the seed: a guest has waited too long for an answer; to the department. */
    @JsonPropertyOrder({"type", "data"})
    record WaitingAlert(DeskData.WaitingAlert data) implements ServerEvent {
        public static final String TYPE = "waiting_alert";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    /** Not in the seed: the receiver was mentioned in a private note; to every session of theirs, on any node. */
    @JsonPropertyOrder({"type", "data"})
    record Mention(MentionData data) implements ServerEvent {
        public static final String TYPE = "mention";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    /** Not in the seed: a conversation's labels changed; to its department. */
    @JsonPropertyOrder({"type", "data"})
    record ConversationLabels(ToolsData.LabelsChanged data) implements ServerEvent {
        public static final String TYPE = "conversation_labels";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    /** Not in the seed: a guest's profile changed; to the departments that show it. */
    @JsonPropertyOrder({"type", "data"})
    record GuestUpdated(ToolsData.GuestUpdated data) implements ServerEvent {
        public static final String TYPE = "guest_updated";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    /** Not in the seed: a conversation's whole state, when a node repairs what its sessions missed. */
    @JsonPropertyOrder({"type", "data"})
    record ConversationState(DeskData.State data) implements ServerEvent {
        public static final String TYPE = "conversation_state";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    /** Not in the seed: the answer to a {@code ping}, to the session that sent it only; {@code id} as the ping had it. */
    @JsonPropertyOrder({"type", "id"})
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Pong(String id) implements ServerEvent {
        public static final String TYPE = "pong";

        public static Pong to(Ping ping) {
            return new Pong(ping.id());
        }

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    /**
     * Not in the seed: a scheduled message was scheduled, edited, cancelled, sent or failed; to its conversation's
     * department.
     */
    @JsonPropertyOrder({"type", "data"})
    record Scheduled(ScheduledData data) implements ServerEvent {
        public static final String TYPE = "scheduled_message";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }
}
