package com.hotelchat.loadtest;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** A lock-free latency histogram: 50 µs buckets up to 10 s, the exact maximum beside it. */
final class Latencies {

    private static final int BUCKET_MICROS = 50;
    private static final int BUCKETS = 200_000;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong total = new AtomicLong();

    void record(long micros) {
        counts.incrementAndGet((int) Math.min(BUCKETS, Math.max(0, micros) / BUCKET_MICROS));
        max.accumulateAndGet(micros, Math::max);
        total.incrementAndGet();
    }

    long count() {
        return total.get();
    }

    /** The latency in milliseconds below which {@code fraction} of the samples fall. */
    double percentileMillis(double fraction) {
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long target = (long) Math.ceil(fraction * n);
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= target) {
                return (i + 1) * BUCKET_MICROS / 1000.0;
            }
        }
        return maxMillis();
    }

    double maxMillis() {
        return max.get() / 1000.0;
    }
}
