package com.hotelchat.node.media;

import com.hotelchat.bus.WindowCounters;
import java.time.Duration;
import java.util.Optional;

/**
 * At most so many uploads per staff member or guest per hour, counted over the cluster (refused ones too: a client
 * that keeps sending what is refused is stopped as well). Beyond it the upload is refused before its body is read.
 */
public final class UploadThrottle {

    private static final Duration WINDOW = Duration.ofHours(1);

    private final WindowCounters counters;
    private final int maxPerHour;

    public UploadThrottle(WindowCounters counters, int maxPerHour) {
        this.counters = counters;
        this.maxPerHour = maxPerHour;
    }

    /** Counts the attempt; how long the uploader must wait when it is one too many, else empty. */
    public Optional<Duration> attempt(Uploader uploader) {
        String key = "media:upload:" + uploader.type() + ":" + uploader.id();
        if (counters.increment(key, WINDOW) > maxPerHour) {
            return Optional.of(counters.remaining(key));
        }
        return Optional.empty();
    }
}
