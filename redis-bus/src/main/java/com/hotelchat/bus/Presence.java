package com.hotelchat.bus;

import java.util.function.LongConsumer;

/**
 * Which users have at least one open session anywhere in the cluster. Answers the two questions behind
 * {@code user_status}: is this the user's first session, is this their last.
 */
public interface Presence extends AutoCloseable {

    /** Records an open session; true when the user had no other session anywhere. */
    boolean opened(long userId, String sessionId);

    /** Forgets a session; true when it was the user's last one anywhere. */
    boolean closed(long userId, String sessionId);

    /**
     * Which of these users have at least one session anywhere (hand-overs included). While the cluster's presence
     * cannot be read, the answer covers this node's own sessions only.
     */
    java.util.Set<Long> online(java.util.Collection<Long> userIds);

    /** The same, or empty while the cluster's presence cannot be read (never a partial answer). */
    java.util.Optional<java.util.Set<Long>> onlineNow(java.util.Collection<Long> userIds);

    /**
     * A draining node hands a session over instead of closing it: the user stays present for {@code grace} so that
     * reconnecting to another node is not announced as leaving and coming back. If no other session of the user
     * exists when the grace ends, the user is reported gone through {@link #onUserGone}.
     */
    void handOver(long userId, String sessionId, java.time.Duration grace);

    /**
     * Registers a callback for users whose last sessions vanished without a goodbye (their node died);
     * exactly one surviving node is told about each such user.
     */
    void onUserGone(LongConsumer listener);

    /**
     * Registers a callback for users of this node who were reported gone while their sessions lived on (the node was
     * taken for dead: its heartbeat lapsed) and are present again now that the node wrote its sessions back.
     */
    void onUserBack(LongConsumer listener);

    @Override
    void close();
}
