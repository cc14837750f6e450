package com.hotelchat.node.session;

import java.util.Collection;

/** The depth of the sessions' outgoing queues, read when metrics are scraped (a walk over the node's sessions). */
public final class SendQueues {

    private SendQueues() {}

    /** Frames queued for all of the sessions together. */
    public static long total(Collection<ClientSession> sessions) {
        long total = 0;
        for (ClientSession session : sessions) {
            total += session.out().backlog();
        }
        return total;
    }

    /** Frames queued for the most backed-up one of the sessions. */
    public static int largest(Collection<ClientSession> sessions) {
        int largest = 0;
        for (ClientSession session : sessions) {
            largest = Math.max(largest, session.out().backlog());
        }
        return largest;
    }
}
