package com.hotelchat.bus;

import java.time.Duration;

/**
 * Counters that forget: each key counts events from its first one until {@code window} has passed, then starts again
 * at zero. The Redis implementation is shared by every node (login throttling behind a balancer without
 * stickiness); the in-process one is one node's own. Redis errors surface as runtime exceptions, so a caller can
 * fall back to counting locally.
 */
public interface WindowCounters extends AutoCloseable {

    /** Counts one event for {@code key}; returns the count within the current window. */
    long increment(String key, Duration window);

    /** The count within the current window, 0 if none. */
    long count(String key);

    /** How long until the key's window ends; zero when it has no window running. */
    Duration remaining(String key);

    void reset(String key);

    @Override
    void close();
}
