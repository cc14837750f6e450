package com.hotelchat.node.metrics;

import java.time.Instant;

/**
 * The wall clock in microseconds since the epoch: when a command was received, comparable between nodes (as far as
 * their clocks agree) and finer than the milliseconds a delivery on the same node takes.
 */
public final class EpochMicros {

    private EpochMicros() {}

    /** Read once per timed frame; the {@code Instant} does not escape, which lets the JIT keep it off the heap. */
    public static long now() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
