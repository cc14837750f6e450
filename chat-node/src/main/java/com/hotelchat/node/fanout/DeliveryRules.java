package com.hotelchat.node.fanout;

import com.hotelchat.bus.Envelope;
import com.hotelchat.bus.Group;
import com.hotelchat.node.session.ClientSession;
import com.hotelchat.node.session.ConversationFeed;
import com.hotelchat.node.session.MissedMessages;

/**
 * The delivery table of the contract, applied to one local session that is in the group an envelope came
 * through. Exclusions that depend on the receiver (subscribed or not, its own typing, its own status) are
 * decided here, on the receiving node, so they hold wherever sender and receiver are connected.
 */
final class DeliveryRules {

    private DeliveryRules() {}

    static void deliver(ClientSession session, Group group, Envelope e, MissedMessages missed) {
        if (session.kind() == ClientSession.Kind.GUEST) {
            deliverToGuest(session, e);
            return;
        }
        switch (e.kind()) {
            case MESSAGE -> {
                ConversationFeed feed = session.feed(e.conversationId());
                if (feed != null) {
                    feed.deliverLive(e.messageId(), e.previousMessageId(), e.payload(), session.out(), missed);
                }
            }
            case NEW_MESSAGE -> {
                if (!session.isSubscribed(e.conversationId())) {
                    session.send(e.payload());
                }
            }
            case CLOSED -> {
                // Sent through both groups; a subscriber in the department gets the department's copy only.
                if (group.isDepartment() || !session.inDepartment(e.department())) {
                    session.send(e.payload());
                }
            }
            case NEW_CONVERSATION -> session.send(e.payload());
            case TYPING -> {
                if (!session.id().equals(e.originSession())) {
                    session.send(e.payload());
                }
            }
            case USER_STATUS -> {
                if (!session.isStaffUser(e.originUser())) {
                    session.send(e.payload());
                }
            }
            case DELIVERY -> session.send(e.payload());
            case STAFF_CHANGED, PROBE -> {
                // Node-level events; never written to a client.
            }
        }
    }

    /** A guest sees the messages and typing of its own conversation, and nothing else. */
    private static void deliverToGuest(ClientSession guest, Envelope e) {
        if (e.conversationId() != guest.scopeConversationId()) {
            return;
        }
        switch (e.kind()) {
            case MESSAGE -> guest.send(e.payload());
            case TYPING -> {
                if (!guest.id().equals(e.originSession())) {
                    guest.send(e.payload());
                }
            }
            default -> {
                // Department and staff events are never shown to guests.
            }
        }
    }
}
