package com.hotelchat.node.auth;

import com.hotelchat.bus.WindowCounters;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Window counters counted cluster-wide (Redis) so that a balancer without stickiness does not multiply a limit by
 * the number of nodes; while Redis does not answer, each node counts on its own (and says so once in its log).
 */
public final class ClusterCounters implements WindowCounters {

    private static final Logger log = LoggerFactory.getLogger(ClusterCounters.class);

    private final WindowCounters shared;
    private final WindowCounters local;
    private volatile boolean degraded;

    /** {@code shared} may be the same as {@code local} on a single node. */
    public ClusterCounters(WindowCounters shared, WindowCounters local) {
        this.shared = shared;
        this.local = local;
    }

    @Override
    public long increment(String key, Duration window) {
        return counted(c -> c.increment(key, window));
    }

    @Override
    public long count(String key) {
        return counted(c -> c.count(key));
    }

    @Override
    public Duration remaining(String key) {
        return counted(c -> c.remaining(key));
    }

    @Override
    public void reset(String key) {
        counted(c -> {
            c.reset(key);
            return null;
        });
    }

    private <T> T counted(Function<WindowCounters, T> work) {
        if (shared == local) {
            return work.apply(local);
        }
        try {
            T result = work.apply(shared);
            if (degraded) {
                degraded = false;
                log.info("rate limits count cluster-wide again (Redis answers)");
            }
            return result;
        } catch (RuntimeException e) {
            if (!degraded) {
                degraded = true;
                log.warn("rate limits fall back to this node's own counters while Redis is away: {}", e.toString());
            }
            return work.apply(local);
        }
    }

    /** The counters belong to the node's resources; closing this view closes nothing. */
    @Override
    public void close() {
    }
}
