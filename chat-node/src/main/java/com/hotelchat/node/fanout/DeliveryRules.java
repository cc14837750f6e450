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
                if (outsideDepartment(session, e)) {
                    yield false; // a transfer's envelope may still be on its way: the new department's messages are not theirs
                }
                ConversationFeed feed = session.feed(e.conversationId());
                if (feed != null) {
                    feed.deliverLive(e.messageId(), e.previousMessageId(), frame, session.out(), missed);
                }
                yield feed != null;
            }
            case NEW_MESSAGE -> !session.isSubscribed(e.conversationId()) && session.send(frame);
            // Sent through both groups; a subscriber in the department gets the department's copy only.
            case CLOSED, TRANSFERRED -> (group.isDepartment() || !session.inDepartment(e.department()))
                    && session.send(frame);
            case NEW_CONVERSATION, DELIVERY, DESK -> session.send(frame);
            case TYPING -> !session.id().equals(e.originSession()) && !outsideDepartment(session, e)
                    && session.send(frame);
            case USER_STATUS -> !session.isStaffUser(e.originUser()) && session.send(frame);
            case MENTION -> session.isStaffUser(e.originUser()) && session.send(frame);
            // Node-level events; never written to a client.
            case STAFF_CHANGED -> false;
        };
    }

    /** An event of a conversation now in a department the session is not in (it was just transferred). */
    private static boolean outsideDepartment(ClientSession session, Envelope e) {
        return e.department() != null && !session.inDepartment(e.department());
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
