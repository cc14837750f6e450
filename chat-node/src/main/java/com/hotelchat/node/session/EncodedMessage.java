package com.hotelchat.node.session;

/**
 * A stored message already encoded as a {@code message} event: {@code payload} as staff see it, {@code guestPayload}
 * as its guest's socket sees it (without the sender's {@code client_message_id}; the same string when there is none),
 * null for a private note, which no guest ever gets.
 */
public record EncodedMessage(long id, String payload, String guestPayload) {

    /** What a feed delivers: the staff or the guest form; null when its reader must not see the message. */
    public String payloadFor(boolean staff) {
        return staff ? payload : guestPayload;
    }
}
