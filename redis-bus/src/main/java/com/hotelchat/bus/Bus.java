package com.hotelchat.bus;

import java.util.function.Consumer;

/**
 * Moves group events between nodes.
 *
 * <p>Guarantees: an envelope published to a group reaches each handler subscribed to that group at the time of
 * publishing at most once, and envelopes published by one thread to one group arrive in publish order. Nothing
 * more: envelopes published while a node is cut off from the bus are lost for that node. The database is the
 * source of truth; receivers detect gaps ({@link Envelope#previousMessageId()}) and fill them from it, and
 * {@link #onResync} tells the node when a loss may have happened so it can fill gaps even without a next message.
 *
 * <p>Handlers run on the bus's threads and must not block for long; they may publish.
 */
public interface Bus extends AutoCloseable {

    void publish(Group group, Envelope envelope);

    /**
     * Publishes several envelopes, in list order, as {@link #publish(Group, Envelope)} would one after the other; a bus
     * may send them together (one write to Redis for a message's conversation, guest and department envelopes).
     */
    default void publish(java.util.List<Publication> publications) {
        for (Publication p : publications) {
            publish(p.group(), p.envelope());
        }
    }

    Subscription subscribe(Group group, Consumer<Envelope> handler);

    /**
     * Registers a callback run after the bus (re)gained its connection and subscriptions, when events may have been
     * missed. It is told since when: events published from that instant on (wall clock, with a margin for the clocks
     * of other nodes and the database) may not have reached this node; some before it may have, and may come again.
     */
    void onResync(ResyncListener listener);

    @FunctionalInterface
    interface ResyncListener {
        void resynced(java.time.Instant eventsLostSince);
    }

    BusStatus status();

    @Override
    void close();
}
