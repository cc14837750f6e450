package com.hotelchat.node.chat;

import com.hotelchat.db.message.ActivityLog;
import com.hotelchat.db.message.AppendResult;
import com.hotelchat.protocol.DeskData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A guest's message (web chat or WhatsApp) that made a pending, snoozed or closed conversation active again: after the
 * message is committed and published, its timeline entry is written in a transaction of its own (so it follows the
 * message) and published with the status change. The append that reopened the conversation is the hot path and does
 * not write the entry itself: a node that dies between the two loses that one entry (the reopening, committed with the
 * message, still reaches every session through the repair of conversation versions).
 */
public final class ReopenedByGuest {

    private static final Logger log = LoggerFactory.getLogger(ReopenedByGuest.class);

    private final ActivityLog timeline;
    private final ChatEvents publish;

    public ReopenedByGuest(ActivityLog timeline, ChatEvents publish) {
        this.timeline = timeline;
        this.publish = publish;
    }

    /** Called once the guest's message is committed and published; does nothing unless it reopened its conversation. */
    public void after(AppendResult.Appended guestMessage) {
        String from = guestMessage.reopenedFrom();
        if (from == null) {
            return;
        }
        long conversationId = guestMessage.conversation().id();
        try {
            timeline.reopenedByGuest(conversationId, guestMessage.message().id(), from).ifPresent(recorded -> {
                publish.activityRecorded(recorded.entry());
                publish.statusChanged(recorded.after(), from, DeskData.StatusChanged.BY_GUEST_MESSAGE, null);
            });
        } catch (RuntimeException e) {
            // The message and the reopening are committed; the guest's send must not fail for this entry.
            log.warn("the timeline entry of a guest's message that reopened conversation={} was not written", conversationId,
                    e);
        }
    }
}
