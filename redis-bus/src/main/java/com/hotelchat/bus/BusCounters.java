package com.hotelchat.bus;

import java.util.concurrent.atomic.AtomicLong;

/** What the Redis bus has done, for metrics and logs. */
public final class BusCounters {
    public final AtomicLong published = new AtomicLong();
    public final AtomicLong publishFailures = new AtomicLong();
    public final AtomicLong received = new AtomicLong();
    public final AtomicLong resyncs = new AtomicLong();
    public final AtomicLong silentLossDetected = new AtomicLong();
    public final AtomicLong republished = new AtomicLong();
    public final AtomicLong backlogDropped = new AtomicLong();
}
