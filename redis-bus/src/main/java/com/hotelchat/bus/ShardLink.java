package com.hotelchat.bus;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus's connections to one Redis server: a publisher and a pub/sub connection, to plain Redis, to the primary
 * Sentinel names, or to one primary of a Redis Cluster. It carries the channels {@link Shards} routes to it and its own
 * probe channel. What the server refused to publish is kept here, in order, and published again once it answers
 * (later publishes on this link wait behind it, so order holds per channel; another shard's publishes do not wait).
 * When to replace these connections is decided by its {@link LinkHealth}, the same rules for every kind of Redis.
 */
final class ShardLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShardLink.class);
    private static final int MAX_BACKLOG = 10_000;

    /** What a link needs from its bus. */
    interface Owner {
        /** A message on one of the bus's channels (the probe is the link's own business). */
        void received(String channel, String message);

        /** Every channel handlers need now (wherever it lives). */
        Collection<String> channels();

        /** Subscriptions were restored after a loss: events since {@code lostSince} may be missing. */
        void resync(Instant lostSince);

        /** Publishes again, wherever their channels live now, what a link that was retired still held. */
        void reroute(List<Unsent> unsent);

        /** Runs a repair that must not be dropped (one at a time, in order, for the whole bus). */
        void control(Runnable repair);

        BusCounters counters();

        RedisSettings settings();
    }

    /** A publish not yet accepted by Redis. */
    record Unsent(String channel, String payload) {}

    private final String label;
    private final RedisClient client;
    private final PubSubDialect dialect;
    private final Owner owner;
    private final Shards shards;
    private final LinkHealth health;
    private volatile String probeChannel;
    private volatile StatefulRedisConnection<String, String> publisher;
    private volatile StatefulRedisPubSubConnection<String, String> subscriber;
    /** Channels this node unsubscribed and whose confirmation has not come: an unsubscribe not in here is Redis's own. */
    private final Set<String> leaving = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<Unsent> backlog = new ArrayDeque<>();
    /** Under the backlog's lock: the link no longer leads a shard; what comes its way goes elsewhere. */
    private boolean retired;
    private final RedisPubSubAdapter<String, String> listener = new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
            receive(channel, message);
        }

        @Override
        public void smessage(String channel, String message) {
            receive(channel, message);
        }

        @Override
        public void unsubscribed(String channel, long count) {
            unsubscribedBy(channel);
        }

        @Override
        public void sunsubscribed(String channel, long count) {
            unsubscribedBy(channel);
        }
    };

    /**
     * Opens both connections and subscribes the probe channel; throws if Redis cannot be reached. {@code label} names
     * the server in logs and in the bus's status ("redis", "redis shard 10.0.0.7:6379"), never with a password.
     */
    ShardLink(String label, RedisClient client, PubSubDialect dialect, String probeChannel, Owner owner, Shards shards) {
        this.label = label;
        this.client = client;
        this.dialect = dialect;
        this.probeChannel = probeChannel;
        this.owner = owner;
        this.shards = shards;
        this.health = new LinkHealth(this, owner);
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (connection == subscriber) {
                    health.connected();
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == subscriber) {
                    health.disconnected();
                }
            }
        });
        try {
            reopen();
            resubscribe(List.of());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        health.start();
    }

    String label() {
        return label;
    }

    Shards shards() {
        return shards;
    }

    LinkHealth health() {
        return health;
    }

    String probeChannel() {
        return probeChannel;
    }

    /**
     * A new probe channel (a cluster shard whose slots changed needs one that hashes to a slot it still serves): the
     * old one is left, the new one subscribed; throws if Redis does not confirm.
     */
    void moveProbe(String channel) {
        String old = probeChannel;
        if (old.equals(channel)) {
            return;
        }
        dialect.subscribe(subscriber.async(), List.of(channel));
        leaving.remove(channel);
        probeChannel = channel;
        unsubscribe(old);
    }

    private void receive(String channel, String message) {
        if (channel.equals(probeChannel)) {
            health.probeSeen();
            return;
        }
        owner.received(channel, message);
    }

    /** Redis confirmed an unsubscribe, or unsubscribed a channel on its own (a cluster shard that lost its slot). */
    private void unsubscribedBy(String channel) {
        if (!leaving.remove(channel)) {
            shards.dropped(this, channel);
        }
    }

    // ---- connections ----------------------------------------------------------------------------------------

    private StatefulRedisPubSubConnection<String, String> openSubscriber() {
        StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
        sub.addListener(listener);
        return sub;
    }

    /** Replaces the pub/sub connection (the caller subscribes again); throws if no new one can be opened. */
    void renewSubscriber() {
        StatefulRedisPubSubConnection<String, String> old = subscriber;
        subscriber = openSubscriber();
        leaving.clear();
        old.removeListener(listener);
        old.closeAsync();
    }

    /**
     * Replaces both connections (which, behind a Sentinel URI, asks Sentinel for the current primary); the caller
     * subscribes again. Throws if they cannot be opened; the old ones are kept then.
     */
    void reopen() {
        StatefulRedisPubSubConnection<String, String> sub = openSubscriber();
        StatefulRedisConnection<String, String> pub;
        try {
            pub = client.connect();
        } catch (RuntimeException e) {
            sub.closeAsync();
            throw e;
        }
        StatefulRedisConnection<String, String> oldPublisher = publisher;
        StatefulRedisPubSubConnection<String, String> oldSubscriber = subscriber;
        publisher = pub;
        subscriber = sub;
        leaving.clear();
        if (oldPublisher != null) {
            oldPublisher.closeAsync();
        }
        if (oldSubscriber != null) {
            oldSubscriber.removeListener(listener);
            oldSubscriber.closeAsync();
        }
    }

    /** {@link #reopen()}, or a warning that it failed (the link's health tries again later); true if it worked. */
    boolean tryReopen() {
        try {
            reopen();
            return true;
        } catch (RuntimeException e) {
            log.warn("reconnect to {} failed, will retry: {}", label, e.toString());
            return false;
        }
    }

    boolean isOpen() {
        return subscriber.isOpen() && publisher.isOpen();
    }

    // ---- subscriptions ----------------------------------------------------------------------------------------

    /**
     * Subscribes one channel. If Redis refuses (it is away, or the channel's slot moved to another shard), it is
     * subscribed where it lives once the link is repaired or the layout read again.
     */
    void subscribe(String channel) {
        try {
            dialect.subscribe(subscriber.async(), List.of(channel));
        } catch (RuntimeException e) {
            log.debug("subscribe deferred channel={} {}: {}", channel, label, e.toString());
            shards.dropped(this, channel);
        }
    }

    void unsubscribe(String channel) {
        leaving.add(channel);
        try {
            dialect.unsubscribe(subscriber.async(), channel);
        } catch (RuntimeException e) {
            // Disconnected: nothing to leave; the channel is not subscribed again since no handler needs it here.
            leaving.remove(channel);
        }
    }

    /** Subscribes these channels; throws unless Redis confirmed them all. */
    void subscribeAll(Collection<String> channels) {
        dialect.subscribe(subscriber.async(), channels);
        leaving.removeAll(channels); // an unsubscribe Redis never confirmed (it had lost the slot) is over
    }

    /** The channels handlers need that live on this link now. */
    List<String> channels() {
        List<String> mine = new ArrayList<>();
        for (String channel : owner.channels()) {
            if (shards.route(channel) == this) {
                mine.add(channel);
            }
        }
        return mine;
    }

    /** Subscribes the probe channel and these; throws unless Redis confirmed them all. */
    void resubscribe(Collection<String> channels) {
        List<String> all = new ArrayList<>(channels.size() + 1);
        all.add(probeChannel);
        all.addAll(channels);
        dialect.subscribe(subscriber.async(), all);
        leaving.removeAll(all);
    }

    /** Test hook: makes Redis forget this link's subscriptions while the connection stays open. */
    void forgetSubscriptions() {
        dialect.unsubscribeAll(subscriber.async());
    }

    // ---- publishing -------------------------------------------------------------------------------------------

    /** One try, lost if Redis does not take it (typing: worth nothing late). */
    void publishOnce(String channel, String payload) {
        try {
            publisher.dispatch(dialect.publish(channel, payload));
            owner.counters().published.incrementAndGet();
        } catch (RuntimeException e) {
            owner.counters().publishFailures.incrementAndGet();
        }
    }

    /**
     * Publishes in order, in one write; what Redis refuses is kept and published again once it answers: subscribers on
     * other nodes would otherwise miss the last message of a conversation until the next one reveals the gap.
     * Receivers drop the duplicates a retry may cause.
     */
    void publishInOrder(List<Unsent> unsent) {
        BusCounters counters = owner.counters();
        synchronized (backlog) {
            if (retired) {
                owner.reroute(unsent);
                return;
            }
            if (!backlog.isEmpty()) {
                unsent.forEach(this::enqueue);
                return;
            }
            List<AsyncCommand<String, String, Long>> commands = new ArrayList<>(unsent.size());
            for (Unsent u : unsent) {
                commands.add(dialect.publish(u.channel(), u.payload()));
            }
            try {
                publisher.dispatch(commands);
            } catch (RuntimeException e) {
                counters.publishFailures.addAndGet(unsent.size());
                unsent.forEach(this::enqueue);
                health.publishFailed(e);
                return;
            }
            for (int i = 0; i < commands.size(); i++) {
                Unsent u = unsent.get(i);
                commands.get(i).whenComplete((receivers, failure) -> {
                    if (failure == null) {
                        counters.published.incrementAndGet();
                        return;
                    }
                    counters.publishFailures.incrementAndGet();
                    boolean rerouted;
                    synchronized (backlog) {
                        rerouted = retired;
                        if (!retired) {
                            enqueue(u);
                        }
                    }
                    if (rerouted) {
                        owner.reroute(List.of(u));
                    }
                    health.publishFailed(failure instanceof RuntimeException r ? r : new RuntimeException(failure));
                });
            }
        }
    }

    private void enqueue(Unsent unsent) {
        if (backlog.size() >= MAX_BACKLOG) {
            backlog.pollFirst();
            owner.counters().backlogDropped.incrementAndGet();
        }
        backlog.addLast(unsent);
    }

    /** Publishes what Redis refused earlier, oldest first; stops at the first failure. */
    void flushBacklog() {
        synchronized (backlog) {
            while (!backlog.isEmpty() && !retired) {
                Unsent next = backlog.peekFirst();
                try {
                    publishNow(next.channel(), next.payload());
                } catch (RuntimeException e) {
                    return;
                }
                backlog.pollFirst();
                owner.counters().republished.incrementAndGet();
            }
        }
    }

    /** Publishes and waits for Redis's answer (the probe, the backlog); throws on a failure or a timeout. */
    void publishNow(String channel, String payload) {
        AsyncCommand<String, String, Long> command = dialect.publish(channel, payload);
        publisher.dispatch(command);
        LettuceFutures.awaitOrCancel(command, RedisConnections.COMMAND_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Takes back what waits here but lives elsewhere now (its slot moved), in order, to be published there. */
    List<Unsent> takeMisrouted() {
        synchronized (backlog) {
            List<Unsent> moved = new ArrayList<>();
            backlog.removeIf(u -> {
                boolean elsewhere = shards.route(u.channel()) != this;
                if (elsewhere) {
                    moved.add(u);
                }
                return elsewhere;
            });
            return moved;
        }
    }

    /** The link no longer leads a shard: what it still holds, and anything that comes its way, goes elsewhere. */
    List<Unsent> retire() {
        synchronized (backlog) {
            retired = true;
            List<Unsent> left = List.copyOf(backlog);
            backlog.clear();
            return left;
        }
    }

    @Override
    public void close() {
        health.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Override
    public String toString() {
        return label;
    }
}
