package com.hotelchat.node.fanout;

import com.hotelchat.bus.Envelope;
import com.hotelchat.bus.Group;
import com.hotelchat.node.session.ClientSession;
import com.hotelchat.node.session.ConversationFeed;
import com.hotelchat.node.session.MissedMessages;
import com.hotelchat.node.session.OutboundFrame;

/**
 * The delivery table of the contract, applied to one local session that is in the group an envelope came
 * through. Exclusions that depend on the receiver (subscribed or not, its own typing, its own status) are
 * decided here, on the receiving node, so they hold wherever sender and receiver are connected.
 */
final class DeliveryRules {

    private DeliveryRules() {}

    /** Applies the rules; true when the session was given the event. */
    static boolean deliver(ClientSession session, Group group, Envelope e, OutboundFrame frame, MissedMessages missed) {
        if (session.kind() == ClientSession.Kind.GUEST) {
            return deliverToGuest(session, e, frame, missed);
        }
        return switch (e.kind()) {
            case MESSAGE -> {
                ConversationFeed feed = session.feed(e.conversationId());
                if (feed != null) {
                    feed.deliverLive(e.messageId(), e.previousMessageId(), frame, session.out(), missed);
                }
                yield feed != null;
            }
            case NEW_MESSAGE -> !session.isSubscribed(e.conversationId()) && session.send(frame);
            // Sent through both groups; a subscriber in the department gets the department's copy only.
            case CLOSED -> (group.isDepartment() || !session.inDepartment(e.department())) && session.send(frame);
            case NEW_CONVERSATION, DELIVERY -> session.send(frame);
            case TYPING -> !session.id().equals(e.originSession()) && session.send(frame);
            case USER_STATUS -> !session.isStaffUser(e.originUser()) && session.send(frame);
            // Node-level events; never written to a client.
            case STAFF_CHANGED -> false;
        };
    }

    /**
     * A guest sees the messages and typing of its own conversation, and nothing else; its messages go through its
     * feed, so they arrive in order, once each, with gaps filled, like a staff subscriber's.
     */
    private static boolean deliverToGuest(ClientSession guest, Envelope e, OutboundFrame frame, MissedMessages missed) {
        if (e.conversationId() != guest.scopeConversationId()) {
            return false;
        }
        return switch (e.kind()) {
            case MESSAGE -> {
                ConversationFeed feed = guest.feed(e.conversationId());
                if (feed == null) {
                    yield guest.send(frame);
                }
                feed.deliverLive(e.messageId(), e.previousMessageId(), frame, guest.out(), missed);
                yield true;
            }
            case TYPING -> !guest.id().equals(e.originSession()) && guest.send(frame);
            // Department and staff events are never shown to guests.
            default -> false;
        };
    }
}
