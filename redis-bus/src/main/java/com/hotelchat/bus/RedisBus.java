package com.hotelchat.bus;

import io.lettuce.core.resource.ClientResources;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster bus: Redis pub/sub, one channel per group (behind the configured prefix), on one Redis (plain or
 * Sentinel: classic pub/sub) or on a Redis Cluster (sharded pub/sub: a channel lives on the shard of its hash slot,
 * so the publishes spread over the shards).
 *
 * <p>A node's own envelopes are delivered to its local handlers directly, on the publishing thread (as the in-process
 * bus does: no hand-off to another thread), so a node keeps serving its own sessions when Redis is away; the copy
 * that comes back from Redis is ignored. Envelopes from other nodes are handed to handlers on a few
 * {@link OrderedLanes}.
 *
 * <p>Where a channel lives is {@link Shards}' business, the connections to each server are a {@link ShardLink}'s,
 * and whether a link's subscription works, and how it is repaired, is its {@link LinkHealth}'s: the same rules for
 * one Redis and for every shard of a cluster. After every repair the node is told since when events may have been
 * lost ({@link #onResync}) and fills the gaps from the database.
 *
 * <p>With {@link BusTracing} on, a publish inside a span carries its trace context to the other nodes, which deliver it
 * inside a span of the same trace.
 */
public final class RedisBus implements Bus {

    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);
    private static final int LANES = 4;

    private final RedisSettings settings;
    private final BusTracing tracing;
    private final ClientResources resources;
    private final Shards shards;
    private final Map<Group, List<Consumer<Envelope>>> handlers = new ConcurrentHashMap<>();
    private final List<ResyncListener> resyncListeners = new CopyOnWriteArrayList<>();
    private final OrderedLanes lanes = new OrderedLanes(LANES);
    private final ExecutorService control = Executors.newSingleThreadExecutor(r -> daemon(r, "bus-control"));
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bus-watchdog"));
    private final BusCounters counters = new BusCounters();
    private final Links links = new Links();
    private volatile boolean closed;

    public RedisBus(RedisSettings settings) {
        this(settings, BusTracing.OFF);
    }

    public RedisBus(RedisSettings settings, BusTracing tracing) {
        this.settings = settings;
        this.tracing = tracing;
        this.resources = RedisConnections.resources(tracing.redisCommands());
        try {
            this.shards = switch (settings.target()) {
                case RedisTarget.Standalone standalone -> new StandaloneShards(shards -> new ShardLink("redis",
                        RedisConnections.client(resources, standalone.uri()), PubSubDialect.CLASSIC,
                        settings.channelPrefix() + "probe_" + settings.nodeId(), links, shards));
                case RedisTarget.Cluster cluster -> new ClusterShards(cluster, resources, links);
            };
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        long period = settings.probeInterval().toMillis();
        watchdog.scheduleAtFixedRate(() -> shards.links().forEach(link -> link.health().watch()), period, period,
                TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void publish(Group group, Envelope envelope) {
        Span span = tracing.startPublish(group, 1);
        if (span == null) {
            send(group, envelope, null);
            return;
        }
        try (Scope scope = span.makeCurrent()) {
            send(group, envelope, BusTracing.traceParent(span));
        } finally {
            span.end();
        }
    }

    /** Publishes, carrying the publishing span's {@code traceParent} unless it is null. */
    private void send(Group group, Envelope envelope, String traceParent) {
        deliverLocally(group, envelope);
        String channel = channel(group);
        String payload = WireFormat.encode(settings.nodeId(), envelope, traceParent);
        if (envelope.kind() == Envelope.Kind.TYPING) {
            shards.route(channel).publishOnce(channel, payload);
        } else {
            sendInOrder(List.of(new ShardLink.Unsent(channel, payload)));
        }
    }

    /** Typing aside, the envelopes go to each Redis server in one write (one task on Lettuce's thread, one system call). */
    @Override
    public void publish(List<Publication> publications) {
        Span span = publications.isEmpty() ? null : tracing.startPublish(publications.getFirst().group(), publications.size());
        if (span == null) {
            sendAll(publications, null);
            return;
        }
        try (Scope scope = span.makeCurrent()) {
            sendAll(publications, BusTracing.traceParent(span));
        } finally {
            span.end();
        }
    }

    private void sendAll(List<Publication> publications, String traceParent) {
        List<ShardLink.Unsent> unsent = new ArrayList<>(publications.size());
        for (Publication p : publications) {
            if (p.envelope().kind() == Envelope.Kind.TYPING) {
                // What came before it goes first: list order is publish order.
                if (!unsent.isEmpty()) {
                    sendInOrder(List.copyOf(unsent));
                    unsent.clear();
                }
                send(p.group(), p.envelope(), traceParent);
                continue;
            }
            deliverLocally(p.group(), p.envelope());
            unsent.add(new ShardLink.Unsent(channel(p.group()),
                    WireFormat.encode(settings.nodeId(), p.envelope(), traceParent)));
        }
        if (!unsent.isEmpty()) {
            sendInOrder(unsent);
        }
    }

    /** Each link gets its share, in list order; what Redis refuses is kept by the link and published again. */
    private void sendInOrder(List<ShardLink.Unsent> unsent) {
        if (shards.links().size() == 1) {
            shards.route(unsent.getFirst().channel()).publishInOrder(unsent);
            return;
        }
        Map<ShardLink, List<ShardLink.Unsent>> byLink = new LinkedHashMap<>();
        for (ShardLink.Unsent u : unsent) {
            byLink.computeIfAbsent(shards.route(u.channel()), link -> new ArrayList<>()).add(u);
        }
        byLink.forEach(ShardLink::publishInOrder);
    }

    @Override
    public Subscription subscribe(Group group, Consumer<Envelope> handler) {
        boolean[] first = {false};
        handlers.compute(group, (g, list) -> {
            List<Consumer<Envelope>> l = list == null ? new CopyOnWriteArrayList<>() : list;
            first[0] = l.isEmpty();
            l.add(handler);
            return l;
        });
        if (first[0]) {
            String channel = channel(group);
            shards.route(channel).subscribe(channel);
        }
        return () -> {
            boolean[] last = {false};
            handlers.computeIfPresent(group, (g, list) -> {
                last[0] = list.remove(handler) && list.isEmpty();
                return list.isEmpty() ? null : list;
            });
            if (last[0]) {
                String channel = channel(group);
                shards.route(channel).unsubscribe(channel);
            }
        };
    }

    @Override
    public void onResync(ResyncListener listener) {
        resyncListeners.add(listener);
    }

    @Override
    public BusStatus status() {
        for (ShardLink link : shards.links()) {
            Optional<String> problem = link.health().problem();
            if (problem.isPresent()) {
                return new BusStatus(false, problem.get());
            }
        }
        return new BusStatus(true, shards.describe() + "; " + handlers.size() + " channels");
    }

    public BusCounters counters() {
        return counters;
    }

    private String channel(Group group) {
        return settings.channelPrefix() + group.name();
    }

    /** This node's own envelope: handled on the publishing thread. */
    private void deliverLocally(Group group, Envelope envelope) {
        List<Consumer<Envelope>> list = handlers.get(group);
        if (list != null) {
            handle(group, envelope, list);
        }
    }

    private static void handle(Group group, Envelope envelope, List<Consumer<Envelope>> list) {
        for (Consumer<Envelope> handler : list) {
            try {
                handler.accept(envelope);
            } catch (RuntimeException e) {
                log.error("bus handler failed group={} kind={}", group, envelope.kind(), e);
            }
        }
    }

    /** What the links need from the bus, kept off its public face. */
    private final class Links implements ShardLink.Owner {

        @Override
        public void received(String channel, String message) {
            WireFormat.Wire wire = WireFormat.decode(message);
            if (wire == null) {
                log.warn("ignoring malformed bus message on channel={}", channel);
                return;
            }
            if (settings.nodeId().equals(wire.node())) {
                return;
            }
            counters.received.incrementAndGet();
            Group group = new Group(channel.substring(settings.channelPrefix().length()));
            List<Consumer<Envelope>> list = handlers.get(group);
            if (list == null) {
                return;
            }
            Span delivery = tracing.startDelivery(channel, wire);
            if (delivery == null) {
                lanes.execute(group, () -> handle(group, wire.envelope(), list));
            } else {
                lanes.execute(group, () -> BusTracing.within(delivery, () -> handle(group, wire.envelope(), list)));
            }
        }

        @Override
        public Collection<String> channels() {
            List<String> channels = new ArrayList<>(handlers.size());
            for (Group group : handlers.keySet()) {
                channels.add(channel(group));
            }
            return channels;
        }

        /** One resync at a time: repairs of several shards at once run the listeners one after the other. */
        @Override
        public synchronized void resync(Instant lostSince) {
            if (closed) {
                return;
            }
            counters.resyncs.incrementAndGet();
            for (ResyncListener listener : resyncListeners) {
                try {
                    listener.resynced(lostSince);
                } catch (RuntimeException e) {
                    log.error("resync listener failed", e);
                }
            }
        }

        @Override
        public void reroute(List<ShardLink.Unsent> unsent) {
            if (!closed && !unsent.isEmpty()) {
                sendInOrder(unsent);
            }
        }

        @Override
        public void control(Runnable repair) {
            if (!closed) {
                control.execute(repair);
            }
        }

        @Override
        public BusCounters counters() {
            return counters;
        }

        @Override
        public RedisSettings settings() {
            return settings;
        }
    }

    /** Test hook: makes Redis forget this node's subscriptions while the connections stay open. */
    void forgetSubscriptionsSilently() {
        shards.links().forEach(ShardLink::forgetSubscriptions);
    }

    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        control.shutdownNow();
        lanes.close();
        try {
            if (shards != null) {
                shards.close();
            }
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
