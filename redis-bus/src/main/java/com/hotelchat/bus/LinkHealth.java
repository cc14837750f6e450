package com.hotelchat.bus;

import io.lettuce.core.RedisCommandTimeoutException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one link's subscription works, and what to do when it does not. Written once for every kind of Redis: the
 * one server of plain Redis or Sentinel, and each shard of a Redis Cluster (a cluster's node notices a failing shard on
 * its own, and repairs only what lived there). Redis drops what is published while a subscriber is away, and a
 * subscription can stop delivering without any error, so:
 *
 * <ul>
 *   <li>every {@code probeInterval} the link publishes a probe to its own probe channel and checks that earlier ones
 *       came back;</li>
 *   <li>probes that Redis took but that do not come back for three intervals: the pub/sub connection is silently
 *       broken (a firewall or NAT forgot it, Redis dropped the subscriptions). Nothing sent on it can be trusted, a
 *       SUBSCRIBE included, so a new one is opened. (A probe Redis refuses starts the count again: a cluster that
 *       refuses commands while it fails over a shard delivers nothing meanwhile, and its subscriptions are fine.)</li>
 *   <li>two probes in a row timing out, or one stuck for two command timeouts: the server holds the connections
 *       without answering (frozen, partitioned, black-holed). {@link Shards#reconnect} finds the server again (new
 *       connections: Sentinel or the cluster may have promoted another primary);</li>
 *   <li>a probe refused at once (disconnected, or the shard moved): {@link Shards#unreachable}; on one server
 *       Lettuce's own reconnect repairs;</li>
 *   <li>after any of these, and after Lettuce re-established the pub/sub connection: every channel that lives on the
 *       link is subscribed again, then the node is told since when events may have been lost (the last probe that
 *       came back, less a margin for clocks), and fills the gaps from the database.</li>
 * </ul>
 */
final class LinkHealth implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LinkHealth.class);
    /** Margin before the last probe seen: other nodes' and the database's clocks may differ a little from ours. */
    private static final long CLOCK_MARGIN_MILLIS = 2_000;
    private static final int STALE_INTERVALS = 3;
    private static final int TIMEOUTS_BEFORE_RECONNECT = 2;

    private final ShardLink link;
    private final ShardLink.Owner owner;
    private final long intervalNanos;
    private final ScheduledExecutorService prober;
    private final ExecutorService surgeon;
    private final AtomicBoolean operating = new AtomicBoolean();
    private final AtomicLong probesSent = new AtomicLong();
    private volatile int consecutiveTimeouts;
    private volatile long probeStartedAt;
    private volatile long probeFinishedAt;
    /** When the oldest probe Redis took since the last one came back was published; 0: none outstanding. */
    private volatile long unansweredSince;
    /** Wall-clock time of the last probe that came back: up to then, the subscription demonstrably worked. */
    private volatile long lastHealthyAtMillis = System.currentTimeMillis();
    private volatile boolean subscriberConnected = true;
    private volatile boolean probeFailing;
    private volatile boolean closed;

    LinkHealth(ShardLink link, ShardLink.Owner owner) {
        this.link = link;
        this.owner = owner;
        this.intervalNanos = owner.settings().probeInterval().toNanos();
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bus-probe"));
        this.surgeon = Executors.newSingleThreadExecutor(r -> daemon(r, "bus-reconnect"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        long period = TimeUnit.NANOSECONDS.toMillis(intervalNanos);
        prober.scheduleAtFixedRate(this::probe, period, period, TimeUnit.MILLISECONDS);
    }

    /** Since when events may have been lost on this link. */
    Instant lostSince() {
        return Instant.ofEpochMilli(lastHealthyAtMillis - CLOCK_MARGIN_MILLIS);
    }

    /** What is wrong with the link, for the bus's status; empty when it works. */
    Optional<String> problem() {
        if (!subscriberConnected || !link.isOpen()) {
            return Optional.of(link.label() + " unreachable; serving local sessions, will fill gaps on return");
        }
        if (probeFailing) {
            return Optional.of(link.label() + " answers but pub/sub probes are not coming back; re-subscribing");
        }
        return Optional.empty();
    }

    void probeSeen() {
        unansweredSince = 0;
        lastHealthyAtMillis = System.currentTimeMillis();
    }

    /** Lettuce re-established the pub/sub connection: its subscriptions may be gone, and what was sent meanwhile is. */
    void connected() {
        subscriberConnected = true;
        owner.control(() -> repair("pub/sub connection re-established"));
    }

    void disconnected() {
        subscriberConnected = false;
        if (!closed) {
            log.warn("bus down: pub/sub connection to {} lost node={}", link.label(), owner.settings().nodeId());
        }
    }

    /** A publish Redis refused; one refused at once (not a timeout) may mean the shard moved. */
    void publishFailed(RuntimeException e) {
        if (!(e instanceof RedisCommandTimeoutException) && !closed) {
            link.shards().unreachable(link, e.toString());
        }
    }

    /** A probe stuck longer than two command timeouts means Redis holds the connection without answering. */
    void watch() {
        long started = probeStartedAt;
        if (!closed && started > probeFinishedAt
                && System.nanoTime() - started > 2 * RedisConnections.COMMAND_TIMEOUT.toNanos()) {
            operate(() -> reconnect("probe stuck"));
        }
    }

    /** Runs connection surgery on the link's own thread, one at a time; a request while one runs is dropped. */
    private void operate(Runnable surgery) {
        if (operating.compareAndSet(false, true)) {
            try {
                surgeon.execute(() -> {
                    try {
                        surgery.run();
                    } finally {
                        operating.set(false);
                    }
                });
            } catch (RejectedExecutionException closing) {
                operating.set(false);
            }
        }
    }

    private void probe() {
        if (closed) {
            return;
        }
        probeStartedAt = System.nanoTime();
        try {
            probeOnce();
        } catch (RuntimeException e) {
            log.error("bus probe of {} failed node={}", link.label(), owner.settings().nodeId(), e); // keeps probing
        } finally {
            probeFinishedAt = System.nanoTime();
        }
    }

    private void probeOnce() {
        long now = System.nanoTime();
        long outstanding = unansweredSince;
        boolean stale = outstanding != 0 && now - outstanding > (STALE_INTERVALS - 1) * intervalNanos;
        if (outstanding == 0) {
            unansweredSince = now; // before publishing: the probe may come back before the publish returns
        }
        try {
            link.publishNow(link.probeChannel(), "probe");
            probesSent.incrementAndGet();
            consecutiveTimeouts = 0;
        } catch (RedisCommandTimeoutException e) {
            owner.counters().probeFailures.incrementAndGet();
            if (outstanding == 0) {
                unansweredSince = 0;
            }
            if (++consecutiveTimeouts >= TIMEOUTS_BEFORE_RECONNECT) {
                int timeouts = consecutiveTimeouts;
                operate(() -> reconnect(timeouts + " probes timed out"));
            }
            return;
        } catch (RuntimeException e) {
            // Refused at once: Redis is not delivering now, and probes it took just before may be lost with it (a
            // cluster going down to fail a shard over). The clock starts again with the next probe it takes.
            owner.counters().probeFailures.incrementAndGet();
            unansweredSince = 0;
            consecutiveTimeouts = 0;
            link.shards().unreachable(link, e.toString());
            return;
        }
        link.flushBacklog();
        if (stale && subscriberConnected && probesSent.get() > STALE_INTERVALS) {
            if (!probeFailing) {
                probeFailing = true;
                owner.counters().silentLossDetected.incrementAndGet();
                log.warn("bus subscription silently lost: probes not received from {} while it answers node={}; "
                        + "re-subscribing", link.label(), owner.settings().nodeId());
            }
            operate(() -> renewSubscriber("silent subscription loss"));
        }
    }

    private void renewSubscriber(String why) {
        if (closed) {
            return;
        }
        try {
            link.renewSubscriber();
        } catch (RuntimeException e) {
            log.warn("opening a new pub/sub connection to {} failed ({}), will retry: {} node={}", link.label(), why,
                    e.toString(), owner.settings().nodeId());
            return;
        }
        subscriberConnected = true;
        log.warn("pub/sub connection to {} replaced ({}) node={}", link.label(), why, owner.settings().nodeId());
        repair("new pub/sub connection after " + why);
    }

    private void reconnect(String why) {
        if (closed) {
            return;
        }
        log.warn("{} does not answer ({}); opening new connections (Sentinel or the cluster may have promoted "
                + "another primary) node={}", link.label(), why, owner.settings().nodeId());
        if (!link.shards().reconnect(link, why)) {
            return;
        }
        consecutiveTimeouts = 0;
        subscriberConnected = true;
        repair("connections re-opened");
    }

    /** Subscribes every channel that lives on the link again, then lets the node fill gaps from the database. */
    void repair(String why) {
        if (closed) {
            return;
        }
        Instant lostSince = lostSince();
        var channels = link.channels();
        try {
            link.resubscribe(channels);
        } catch (RuntimeException e) {
            log.warn("re-subscribe on {} failed ({}), will retry: {}", link.label(), why, e.toString());
            return;
        }
        unansweredSince = 0;
        probeFailing = false;
        log.info("bus up: re-subscribed {} channels on {} after {} node={}; filling gaps", channels.size(),
                link.label(), why, owner.settings().nodeId());
        owner.resync(lostSince);
    }

    @Override
    public void close() {
        closed = true;
        prober.shutdownNow();
        surgeon.shutdownNow();
    }
}
