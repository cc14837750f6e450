package com.hotelchat.bus;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster bus: Redis pub/sub, one channel per group (behind the configured prefix).
 *
 * <p>A node's own envelopes are delivered to its local handlers directly, on the publishing thread (as the in-process
 * bus does: no hand-off to another thread), so a node keeps serving its own sessions when Redis is away; the copy
 * that comes back from Redis is ignored. Envelopes from other nodes arrive on one pub/sub connection and are handed
 * to handlers on a few ordered lanes (one lane per group, so per-group order holds, the connection's thread never
 * runs a handler, and a slow handler of one group delays only the groups sharing its lane).
 *
 * <p>Redis drops what is published while a node is disconnected, and a subscription can silently stop
 * delivering. So: after every reconnect the node re-subscribes every channel and runs the resync listeners
 * (which fill gaps from the database), and every {@code probeInterval} it publishes a probe to its own probe
 * channel; probes that stop coming back while Redis still answers mean the subscription is broken, and the
 * node re-subscribes and resyncs the same way.
 */
public final class RedisBus implements Bus {

    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);
    private static final int LANES = 4;


    private final RedisSettings settings;
    private final ClientResources resources;
    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> publisher;
    private volatile StatefulRedisPubSubConnection<String, String> subscriber;
    private final RedisPubSubAdapter<String, String> listener = new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
            receive(channel, message);
        }
    };
    private volatile int consecutiveTimeouts;
    private final Map<Group, List<Consumer<Envelope>>> handlers = new ConcurrentHashMap<>();
    private final List<ResyncListener> resyncListeners = new CopyOnWriteArrayList<>();
    /** Margin before the last probe seen: other nodes' and the database's clocks may differ a little from ours. */
    private static final long CLOCK_MARGIN_MILLIS = 2_000;
    /** Wall-clock time of the last probe that came back: up to then, the subscription demonstrably worked. */
    private volatile long lastHealthyAtMillis = System.currentTimeMillis();
    private final ExecutorService[] lanes = new ExecutorService[LANES];
    private final ExecutorService control = Executors.newSingleThreadExecutor(r -> daemon(r, "bus-control"));
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bus-probe"));
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bus-watchdog"));
    private final ExecutorService reconnector = Executors.newSingleThreadExecutor(r -> daemon(r, "bus-reconnect"));
    private volatile long probeStartedAt;
    private volatile long probeFinishedAt;
    private final java.util.concurrent.atomic.AtomicBoolean reconnecting = new java.util.concurrent.atomic.AtomicBoolean();
    private final String probeChannel;
    private final AtomicLong probesSent = new AtomicLong();
    private final AtomicLong probesReceived = new AtomicLong();
    private final BusCounters counters = new BusCounters();
    private static final int MAX_BACKLOG = 10_000;
    private final java.util.ArrayDeque<Unsent> backlog = new java.util.ArrayDeque<>();
    private volatile long lastProbeSeenAt = System.nanoTime();
    private volatile boolean subscriberConnected = true;
    private volatile boolean probeFailing;
    private volatile boolean closed;

    public RedisBus(RedisSettings settings) {
        this.settings = settings;
        this.probeChannel = settings.channelPrefix() + "probe_" + settings.nodeId();
        for (int i = 0; i < LANES; i++) {
            int lane = i;
            lanes[i] = Executors.newSingleThreadExecutor(r -> daemon(r, "bus-lane-" + lane));
        }
        this.resources = RedisConnections.resources();
        this.client = RedisConnections.client(resources, settings.url());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (connection == subscriberHandler()) {
                    subscriberConnected = true;
                    control.execute(() -> repair("pub/sub connection re-established"));
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == subscriberHandler()) {
                    subscriberConnected = false;
                    if (!closed) {
                        log.warn("bus down: pub/sub connection to Redis lost node={}", settings.nodeId());
                    }
                }
            }
        });
        try {
            openConnections();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        subscriber.sync().subscribe(probeChannel);
        long period = settings.probeInterval().toMillis();
        prober.scheduleAtFixedRate(this::probe, period, period, TimeUnit.MILLISECONDS);
        watchdog.scheduleAtFixedRate(this::watch, period, period, TimeUnit.MILLISECONDS);
    }

    /** A probe stuck longer than two command timeouts means Redis holds the connection without answering. */
    private void watch() {
        long started = probeStartedAt;
        if (!closed && started > probeFinishedAt
                && System.nanoTime() - started > 2 * RedisConnections.COMMAND_TIMEOUT.toNanos()) {
            reconnectSoon("probe stuck");
        }
    }

    private void reconnectSoon(String why) {
        onReconnector(() -> reconnect(why));
    }

    /** Runs connection surgery on its own thread, one at a time; a request while one runs is dropped. */
    private void onReconnector(Runnable surgery) {
        if (reconnecting.compareAndSet(false, true)) {
            reconnector.execute(() -> {
                try {
                    surgery.run();
                } finally {
                    reconnecting.set(false);
                }
            });
        }
    }

    private void openConnections() {
        StatefulRedisPubSubConnection<String, String> sub = openSubscriber();
        this.publisher = client.connect();
        this.subscriber = sub;
    }

    private StatefulRedisPubSubConnection<String, String> openSubscriber() {
        StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
        sub.addListener(listener);
        return sub;
    }

    /**
     * Probes stopped coming back while Redis answers commands: the pub/sub connection looks open but carries nothing
     * (a firewall, NAT or load balancer forgot it, or Redis dropped the subscriptions). Nothing sent on it can be
     * trusted to arrive, a SUBSCRIBE included, so it is thrown away: a new one is opened, every channel subscribed on
     * it, and the node fills the gaps from the database.
     */
    private void renewSubscriber(String why) {
        if (closed) {
            return;
        }
        StatefulRedisPubSubConnection<String, String> old = subscriber;
        StatefulRedisPubSubConnection<String, String> fresh;
        try {
            fresh = openSubscriber();
        } catch (RuntimeException e) {
            log.warn("opening a new pub/sub connection failed ({}), will retry: {} node={}", why, e.toString(),
                    settings.nodeId());
            return;
        }
        subscriber = fresh;
        subscriberConnected = true;
        old.removeListener(listener);
        old.closeAsync();
        log.warn("pub/sub connection replaced ({}) node={}", why, settings.nodeId());
        repair("new pub/sub connection after " + why);
    }

    /**
     * A primary that stops answering without closing its connections (frozen, partitioned) is never left by
     * Lettuce's own reconnect: new connections are opened, which asks Sentinel for the current primary.
     */
    private void reconnect(String why) {
        if (closed) {
            return;
        }
        log.warn("Redis does not answer ({}); opening new connections (Sentinel may have promoted another primary) node={}",
                why, settings.nodeId());
        StatefulRedisConnection<String, String> oldPublisher = publisher;
        StatefulRedisPubSubConnection<String, String> oldSubscriber = subscriber;
        try {
            openConnections();
        } catch (RuntimeException e) {
            log.warn("reconnect failed, will retry: {}", e.toString());
            return;
        }
        consecutiveTimeouts = 0;
        subscriberConnected = true;
        oldPublisher.closeAsync();
        oldSubscriber.closeAsync();
        repair("connections re-opened");
    }

    private Object subscriberHandler() {
        return subscriber;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void publish(Group group, Envelope envelope) {
        deliverLocally(group, envelope);
        String payload = WireFormat.encode(settings.nodeId(), envelope);
        if (envelope.kind() == Envelope.Kind.TYPING) {
            sendOnce(channel(group), payload);
        } else {
            sendInOrder(List.of(new Unsent(channel(group), payload)));
        }
    }

    /** Typing aside, the envelopes go to Redis in one write (one task on Lettuce's thread, one system call). */
    @Override
    public void publish(List<Publication> publications) {
        List<Unsent> unsent = new java.util.ArrayList<>(publications.size());
        for (Publication p : publications) {
            if (p.envelope().kind() == Envelope.Kind.TYPING) {
                // What came before it goes first: list order is publish order.
                if (!unsent.isEmpty()) {
                    sendInOrder(List.copyOf(unsent));
                    unsent.clear();
                }
                publish(p.group(), p.envelope());
                continue;
            }
            deliverLocally(p.group(), p.envelope());
            unsent.add(new Unsent(channel(p.group()), WireFormat.encode(settings.nodeId(), p.envelope())));
        }
        if (!unsent.isEmpty()) {
            sendInOrder(unsent);
        }
    }

    /** Typing is worth nothing late: one try, lost if Redis is away. */
    private void sendOnce(String channel, String payload) {
        try {
            publisher.async().publish(channel, payload);
            counters.published.incrementAndGet();
        } catch (RuntimeException e) {
            counters.publishFailures.incrementAndGet();
        }
    }

    /**
     * Everything else is published in order, and what Redis refused is kept and published again once it answers:
     * subscribers on other nodes would otherwise miss the last message of a conversation until the next one
     * reveals the gap. Receivers drop the duplicates a retry may cause.
     */
    private void sendInOrder(List<Unsent> unsent) {
        synchronized (backlog) {
            if (!backlog.isEmpty()) {
                unsent.forEach(this::enqueue);
                return;
            }
            List<AsyncCommand<String, String, Long>> commands = unsent.stream().map(RedisBus::publishCommand).toList();
            try {
                publisher.dispatch(commands);
            } catch (RuntimeException e) {
                counters.publishFailures.addAndGet(unsent.size());
                unsent.forEach(this::enqueue);
                return;
            }
            for (int i = 0; i < commands.size(); i++) {
                Unsent u = unsent.get(i);
                commands.get(i).whenComplete((receivers, failure) -> {
                    if (failure != null) {
                        counters.publishFailures.incrementAndGet();
                        synchronized (backlog) {
                            enqueue(u);
                        }
                    } else {
                        counters.published.incrementAndGet();
                    }
                });
            }
        }
    }

    private static AsyncCommand<String, String, Long> publishCommand(Unsent unsent) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(unsent.channel())
                .addValue(unsent.payload());
        return new AsyncCommand<>(new Command<>(CommandType.PUBLISH, new IntegerOutput<>(StringCodec.UTF8), args));
    }

    private void enqueue(Unsent unsent) {
        if (backlog.size() >= MAX_BACKLOG) {
            backlog.pollFirst();
            counters.backlogDropped.incrementAndGet();
        }
        backlog.addLast(unsent);
    }

    /** Publishes what Redis refused earlier, oldest first; stops at the first failure. */
    private void flushBacklog() {
        synchronized (backlog) {
            while (!backlog.isEmpty()) {
                Unsent next = backlog.peekFirst();
                try {
                    publisher.sync().publish(next.channel(), next.payload());
                } catch (RuntimeException e) {
                    return;
                }
                backlog.pollFirst();
                counters.republished.incrementAndGet();
            }
        }
    }

    private record Unsent(String channel, String payload) {}

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
            redisSubscribe(group);
        }
        return () -> {
            boolean[] last = {false};
            handlers.computeIfPresent(group, (g, list) -> {
                last[0] = list.remove(handler) && list.isEmpty();
                return list.isEmpty() ? null : list;
            });
            if (last[0]) {
                try {
                    subscriber.async().unsubscribe(channel(group));
                } catch (RuntimeException e) {
                    // Disconnected: the channel is not re-subscribed after reconnect since no handler remains.
                }
            }
        };
    }

    private void redisSubscribe(Group group) {
        try {
            subscriber.sync().subscribe(channel(group));
        } catch (RuntimeException e) {
            // Redis is away: the channel is subscribed with all others once the connection is back.
            log.debug("subscribe deferred group={} : {}", group, e.toString());
        }
    }

    @Override
    public void onResync(ResyncListener listener) {
        resyncListeners.add(listener);
    }

    @Override
    public BusStatus status() {
        if (!subscriberConnected || !subscriber.isOpen() || !publisher.isOpen()) {
            return new BusStatus(false, "redis unreachable; serving local sessions, will fill gaps on return");
        }
        if (probeFailing) {
            return new BusStatus(false, "redis answers but pub/sub probes are not coming back; re-subscribing");
        }
        return new BusStatus(true, "redis connected; " + handlers.size() + " channels");
    }

    public BusCounters counters() {
        return counters;
    }

    private String channel(Group group) {
        return settings.channelPrefix() + group.name();
    }

    private void receive(String channel, String message) {
        if (channel.equals(probeChannel)) {
            probesReceived.incrementAndGet();
            lastProbeSeenAt = System.nanoTime();
            lastHealthyAtMillis = System.currentTimeMillis();
            return;
        }
        WireFormat.Wire wire = WireFormat.decode(message);
        if (wire == null) {
            log.warn("ignoring malformed bus message on channel={}", channel);
            return;
        }
        if (settings.nodeId().equals(wire.node())) {
            return;
        }
        counters.received.incrementAndGet();
        dispatch(new Group(channel.substring(settings.channelPrefix().length())), wire.envelope());
    }

    /** An envelope from another node: handled on its group's lane. */
    private void dispatch(Group group, Envelope envelope) {
        List<Consumer<Envelope>> list = handlers.get(group);
        if (list != null) {
            lanes[Math.floorMod(group.hashCode(), LANES)].execute(() -> handle(group, envelope, list));
        }
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

    /** Publishes a probe to our own channel and checks that earlier ones came back. */
    private void probe() {
        if (closed) {
            return;
        }
        probeStartedAt = System.nanoTime();
        try {
            probeOnce();
        } finally {
            probeFinishedAt = System.nanoTime();
        }
    }

    private void probeOnce() {
        long interval = settings.probeInterval().toNanos();
        boolean stale = System.nanoTime() - lastProbeSeenAt > 3 * interval;
        try {
            publisher.sync().publish(probeChannel, "probe");
            probesSent.incrementAndGet();
            consecutiveTimeouts = 0;
        } catch (io.lettuce.core.RedisCommandTimeoutException e) {
            if (++consecutiveTimeouts >= 2) {
                reconnectSoon(consecutiveTimeouts + " probes timed out");
            }
            return;
        } catch (RuntimeException e) {
            consecutiveTimeouts = 0;
            return; // Redis is away and the connection knows it: Lettuce's reconnect path repairs, not the probe.
        }
        flushBacklog();
        if (stale && subscriberConnected && probesSent.get() > 3) {
            if (!probeFailing) {
                probeFailing = true;
                counters.silentLossDetected.incrementAndGet();
                log.warn("bus subscription silently lost: probes not received while Redis answers node={}; re-subscribing",
                        settings.nodeId());
            }
            onReconnector(() -> renewSubscriber("silent subscription loss"));
        }
    }

    /** Re-subscribes every channel this node needs, then lets the node fill gaps from the database. */
    private void repair(String why) {
        if (closed) {
            return;
        }
        java.time.Instant lostSince = java.time.Instant.ofEpochMilli(lastHealthyAtMillis - CLOCK_MARGIN_MILLIS);
        try {
            var commands = subscriber.sync();
            commands.subscribe(probeChannel);
            String[] channels = handlers.keySet().stream().map(this::channel).toArray(String[]::new);
            if (channels.length > 0) {
                commands.subscribe(channels);
            }
        } catch (RuntimeException e) {
            log.warn("re-subscribe failed ({}), will retry: {}", why, e.toString());
            return;
        }
        lastProbeSeenAt = System.nanoTime();
        probeFailing = false;
        counters.resyncs.incrementAndGet();
        log.info("bus up: re-subscribed {} channels after {} node={}; filling gaps", handlers.size(), why,
                settings.nodeId());
        for (ResyncListener listener : resyncListeners) {
            try {
                listener.resynced(lostSince);
            } catch (RuntimeException e) {
                log.error("resync listener failed", e);
            }
        }
    }

    /** Test hook: makes Redis forget this node's subscriptions while the connection stays open. */
    void forgetSubscriptionsSilently() {
        subscriber.sync().unsubscribe();
    }

    @Override
    public void close() {
        closed = true;
        prober.shutdownNow();
        watchdog.shutdownNow();
        reconnector.shutdownNow();
        control.shutdownNow();
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
        try {
            client.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
