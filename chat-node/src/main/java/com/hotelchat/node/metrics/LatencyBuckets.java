package com.hotelchat.node.metrics;

import java.time.Duration;

/**
 * The histogram buckets of the node's latency timers: fixed, from 1 ms to 10 s (30 s for the database, whose wait for a
 * failover may last 15 s), so that Prometheus's {@code histogram_quantile} over them works across nodes and releases.
 */
final class LatencyBuckets {

    private LatencyBuckets() {}

    static final Duration[] DELIVERY = millis(1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000);

    static final Duration[] DATABASE = millis(1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000,
            30_000);

    private static Duration[] millis(double... values) {
        Duration[] buckets = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            buckets[i] = Duration.ofNanos(Math.round(values[i] * 1_000_000));
        }
        return buckets;
    }
}
