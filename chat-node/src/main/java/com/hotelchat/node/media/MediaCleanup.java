package com.hotelchat.node.media;

import com.hotelchat.db.OutageLog;
import com.hotelchat.db.media.MediaRecords;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes uploads no message used within {@code unusedTtl} (an upload abandoned in the composer), file and row. Every
 * node runs it; each row is locked by the node removing it and skipped by the others.
 */
public final class MediaCleanup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MediaCleanup.class);

    private final MediaRecords records;
    private final MediaService media;
    private final Duration unusedTtl;
    private final Clock clock;
    private final OutageLog outage = new OutageLog(log, "removals of unused uploads");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("media-cleanup").daemon().factory());

    public MediaCleanup(MediaRecords records, MediaService media, Duration unusedTtl, Clock clock, Duration every) {
        this.records = records;
        this.media = media;
        this.unusedTtl = unusedTtl;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::runSafely, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Removes what is due now; returns how many uploads went. */
    public int removeUnused() {
        int total = 0;
        int removed;
        do {
            removed = records.removeUnused(clock.instant().minus(unusedTtl), 50, media::removeBytes);
            total += removed;
        } while (removed == 50);
        if (total > 0) {
            log.info("removed {} uploads no message used within {}", total, unusedTtl);
        }
        return total;
    }

    private void runSafely() {
        try {
            removeUnused();
            outage.worked();
        } catch (RuntimeException e) {
            outage.failed(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
