package com.hotelchat.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A command a staff client sends over {@code /ws/chat/}. Every command but the heartbeat ({@link Ping}) names the
 * conversation it acts on; decoding (see {@link CommandDecoder}) guarantees {@code conversationId() > 0} for them.
 */
public sealed interface ClientCommand
        permits ClientCommand.Subscribe, ClientCommand.Unsubscribe, ClientCommand.SendText,
                ClientCommand.MarkRead, ClientCommand.Typing, ClientCommand.CloseConversation,
                ClientCommand.DeskCommand, ClientCommand.Note, Ping {

    long conversationId();

    /** The wire name of the command. */
    String type();

    /** {@code lastMessageId} is null for a plain subscribe, or the id to resume after. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "conversation_id"})
    record Subscribe(long conversationId, Long lastMessageId) implements ClientCommand {
        @Override
        @JsonProperty("type")
        public String type() {
            return "subscribe_conversation";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "conversation_id"})
    record Unsubscribe(long conversationId) implements ClientCommand {
        @Override
        @JsonProperty("type")
        public String type() {
            return "unsubscribe_conversation";
        }
    }

    /**
     * {@code clientMessageId} is null, or a client-chosen key that makes retries idempotent. {@code attachments} are
     * ids of files the sender uploaded (empty for a plain text); with attachments, {@code content} may be empty (it is
     * the caption).
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"type", "conversation_id"})
    record SendText(long conversationId, String content, String clientMessageId, java.util.List<String> attachments)
            implements ClientCommand {
        public SendText(long conversationId, String content, String clientMessageId) {
            this(conversationId, content, clientMessageId, java.util.List.of());
        }

        @Override
        @JsonProperty("type")
        public String type() {
            return "text";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "conversation_id"})
    record MarkRead(long conversationId) implements ClientCommand {
        @Override
        @JsonProperty("type")
        public String type() {
            return "mark_read";
        }
    }

    /**
     * {@code privateTyping} (not in the seed; {@code "private": true}): staff typing a private note; their colleagues
     * subscribed to the conversation see it, the guest never does.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "conversation_id"})
    record Typing(long conversationId, boolean isTyping,
                  @JsonProperty("private") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean privateTyping)
            implements ClientCommand {
        public Typing(long conversationId, boolean isTyping) {
            this(conversationId, isTyping, false);
        }

        @Override
        @JsonProperty("type")
        public String type() {
            return "typing";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "conversation_id"})
    record CloseConversation(long conversationId) implements ClientCommand {
        @Override
        @JsonProperty("type")
        public String type() {
            return "close_conversation";
        }
    }

    /**
     * Not in the seed: the queue's commands. {@code expectedVersion} (optional): make the change only if the
     * conversation is still at that version.
     */
    sealed interface DeskCommand extends ClientCommand permits Assign, SetStatus, Transfer {
        Long expectedVersion();
    }

    /** Not in the seed: assigns the conversation to a member of its department, or unassigns it ({@code userId} null). */
    @JsonPropertyOrder({"type", "conversation_id"})
    record Assign(long conversationId, Long userId, Long expectedVersion) implements DeskCommand {
        @Override
        @JsonProperty("type")
        public String type() {
            return "assign_conversation";
        }
    }

    /** Not in the seed: {@code active}, {@code pending} or {@code snoozed} (until {@code snoozedUntil}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "conversation_id"})
    record SetStatus(long conversationId, String status, java.time.Instant snoozedUntil, Long expectedVersion)
            implements DeskCommand {
        @Override
        @JsonProperty("type")
        public String type() {
            return "set_conversation_status";
        }
    }

    /** Not in the seed: moves the conversation to another department, with an optional note. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "conversation_id"})
    record Transfer(long conversationId, String department, String note, Long expectedVersion) implements DeskCommand {
        @Override
        @JsonProperty("type")
        public String type() {
            return "transfer_conversation";
        }
    }

    /**
     * Not in the seed: a private note, seen by staff only, never by the guest; {@code @username}s of the department's
     * members notify them. {@code attachments} as on {@link SendText}: files that stay staff-only with the note.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"type", "conversation_id"})
    record Note(long conversationId, String content, String clientMessageId, java.util.List<String> attachments)
            implements ClientCommand {
        public Note(long conversationId, String content, String clientMessageId) {
            this(conversationId, content, clientMessageId, java.util.List.of());
        }

        @Override
        @JsonProperty("type")
        public String type() {
            return "note";
        }
    }
}
