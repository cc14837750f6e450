package com.hotelchat.bus;

import java.util.concurrent.atomic.AtomicLong;

/** What the Redis bus has done, for metrics and logs. */
public final class BusCounters {
    public final AtomicLong published = new AtomicLong();
    public final AtomicLong publishFailures = new AtomicLong();
    public final AtomicLong received = new AtomicLong();
    public final AtomicLong resyncs = new AtomicLong();
    public final AtomicLong silentLossDetected = new AtomicLong();
    /** Probes (the node's own publish-to-receive check) that Redis did not take: timed out or refused. */
    public final AtomicLong probeFailures = new AtomicLong();
    public final AtomicLong republished = new AtomicLong();
    public final AtomicLong backlogDropped = new AtomicLong();
}
