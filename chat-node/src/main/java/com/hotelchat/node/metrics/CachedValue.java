package com.hotelchat.node.metrics;

import java.time.Duration;
import java.util.function.Supplier;

/** A value that is costly to read (a database count), read at most once per {@code ttl}. */
public final class CachedValue {

    private final long ttlNanos;
    private final Supplier<? extends Number> source;
    private volatile Number value = 0;
    private volatile long readAt;

    public CachedValue(Duration ttl, Supplier<? extends Number> source) {
        this.ttlNanos = ttl.toNanos();
        this.source = source;
    }

    public Number get() {
        long now = System.nanoTime();
        if (readAt == 0 || now - readAt > ttlNanos) {
            try {
                value = source.get();
            } catch (RuntimeException e) {
                // The database is away: keep the last value.
            }
            readAt = now;
        }
        return value;
    }
}
