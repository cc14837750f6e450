package com.hotelchat.bus;

/**
 * What travels on the bus: an event already encoded for clients ({@code payload}, encoded once per event)
 * and the few facts a receiving node needs to apply the delivery rules without decoding it.
 *
 * @param kind              what the payload is
 * @param conversationId    the conversation concerned, 0 if none
 * @param messageId         for {@link Kind#MESSAGE}: the message id, else 0
 * @param previousMessageId for {@link Kind#MESSAGE}: the conversation's message before this one, 0 if none;
 *                          a receiver holding anything else knows it missed messages and fills the gap
 * @param department        the department of the conversation or user, if any
 * @param originSession     the session that caused the event (typing is not echoed to it), or null
 * @param originUser        the user that caused the event (its sessions do not get its status), 0 if none
 * @param payload           the JSON text to write to client sockets as it is
 * @param publishedAtMillis when the publishing node published it (wall clock), for the fan-out latency metric
 * @param version           for an event about the conversation's state: the conversation's version it shows (see
 *                          {@code Conversation.version}); a node never dispatches an older version of a conversation
 *                          to a group after a newer one. 0: not such an event
 * @param receivedAtMicros  when the node that received the client command causing this event (a {@code text}) received
 *                          it: wall clock, microseconds since the epoch, for the delivery latency metric of every node
 *                          that writes the event to a socket. 0: not caused by such a command, or published by a node of
 *                          an earlier release
 */
public record Envelope(Kind kind, long conversationId, long messageId, long previousMessageId, String department,
                       String originSession, long originUser, String payload, long publishedAtMillis, long version,
                       long receivedAtMicros) {

    /** An envelope no timed command caused. */
    public Envelope(Kind kind, long conversationId, long messageId, long previousMessageId, String department,
                    String originSession, long originUser, String payload, long publishedAtMillis, long version) {
        this(kind, conversationId, messageId, previousMessageId, department, originSession, originUser, payload,
                publishedAtMillis, version, 0);
    }

    /** An envelope stamped with the current time. */
    public Envelope(Kind kind, long conversationId, long messageId, long previousMessageId, String department,
                    String originSession, long originUser, String payload) {
        this(kind, conversationId, messageId, previousMessageId, department, originSession, originUser, payload,
                System.currentTimeMillis(), 0);
    }

    /** An unversioned envelope published at that time. */
    public Envelope(Kind kind, long conversationId, long messageId, long previousMessageId, String department,
                    String originSession, long originUser, String payload, long publishedAtMillis) {
        this(kind, conversationId, messageId, previousMessageId, department, originSession, originUser, payload,
                publishedAtMillis, 0);
    }

    public enum Kind {
        /** {@code message}: to conversation subscribers and the guest. */
        MESSAGE,
        /** {@code conversation_update/new_message}: to department sessions not subscribed to the conversation. */
        NEW_MESSAGE,
        /** {@code conversation_update/closed}: to department sessions and conversation subscribers, once each. */
        CLOSED,
        /** {@code new_conversation}: to every department session. */
        NEW_CONVERSATION,
        /** {@code typing}: to conversation subscribers except the typing session. */
        TYPING,
        /** {@code user_status}: to department sessions except the user's own. */
        USER_STATUS,
        /** {@code message_status}: to conversation subscribers (staff only). */
        DELIVERY,
        /**
         * The queue's and tools' department events ({@code conversation_assigned}, {@code conversation_status},
         * {@code conversation_labels}, {@code guest_updated}, {@code conversation_state}, {@code waiting_alert}): to
         * every department session.
         */
        DESK,
        /**
         * {@code conversation_transferred}: to the sessions of the department it left and the conversation's
         * subscribers, once each; every receiving node drops its sessions' subscriptions to the conversation.
         */
        TRANSFERRED,
        /** {@code mention}: to the sessions of the mentioned user ({@code originUser}) in the department group. */
        MENTION,
        /** Internal: a staff user's account changed (deactivated, departments moved); payload is the user id. */
        STAFF_CHANGED
    }

    /** This envelope, caused by a client command received at {@code micros} (see {@link #receivedAtMicros()}). */
    public Envelope receivedAt(long micros) {
        return new Envelope(kind, conversationId, messageId, previousMessageId, department, originSession, originUser,
                payload, publishedAtMillis, version, micros);
    }

    public static Envelope of(Kind kind, long conversationId, String department, String payload) {
        return new Envelope(kind, conversationId, 0, 0, department, null, 0, payload);
    }

    /** An event about the conversation's state at {@code version}. */
    public static Envelope versioned(Kind kind, long conversationId, long version, String department, String payload) {
        return new Envelope(kind, conversationId, 0, 0, department, null, 0, payload, System.currentTimeMillis(), version);
    }
}
