package com.hotelchat.bus;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis Cluster with sharded pub/sub: a channel lives on the shard that serves its hash slot, so each group's
 * messages go through one shard and the groups spread over all of them. One {@link ShardLink} per primary, each with
 * its own probe channel (a hash tag that falls on one of that primary's slots) and its own {@link LinkHealth}, so the
 * node notices a failing shard by itself and repairs only what lived there.
 *
 * <p>The layout changes under the bus: a failover makes a replica the primary of a shard, resharding moves slots
 * between primaries (the shard that loses a slot unsubscribes its clients from that slot's channels). The layout is
 * read again when a link cannot reach its server, when a server drops a channel, when probes time out, and every
 * {@link #PERIODIC_REFRESH}. Then every channel whose slot moved (or was dropped) is subscribed where it lives now, a
 * link whose server leads nothing any more is retired (what it had not published yet goes to the new owners), and the
 * node resyncs from when the moved channels may have stopped delivering.
 */
final class ClusterShards implements Shards {

    private static final Logger log = LoggerFactory.getLogger(ClusterShards.class);
    private static final Duration PERIODIC_REFRESH = Duration.ofSeconds(10);
    /** Margin before the last layout read: other nodes' and the database's clocks may differ a little from ours. */
    private static final long CLOCK_MARGIN_MILLIS = 2_000;

    private final RedisTarget.Cluster target;
    private final ClientResources resources;
    private final ShardLink.Owner owner;
    private final RedisClusterClient layoutClient;
    private final String probeBase;
    private final long minRefreshGapMillis;
    /** Links by primary address ({@code host:port}). */
    private final Map<String, ShardLink> links = new ConcurrentHashMap<>();
    /** Each slot's link; a slot with no reachable primary keeps the link it had (or any), and publishes there wait. */
    private volatile ShardLink[] bySlot = new ShardLink[SlotHash.SLOT_COUNT];
    /** Channels whose slot moved, or that a server dropped: to be subscribed where they live now (under this). */
    private final Set<String> pending = new HashSet<>();
    /** Since when the pending channels may have missed events (under this). */
    private Instant pendingLostSince;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bus-cluster-layout");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean refreshPending = new AtomicBoolean();
    private volatile long lastRefreshAtMillis = System.currentTimeMillis();
    private volatile boolean closed;

    /** Reads the layout and opens a link to every primary; throws when no primary can be reached. */
    ClusterShards(RedisTarget.Cluster target, ClientResources resources, ShardLink.Owner owner) {
        this.target = target;
        this.resources = resources;
        this.owner = owner;
        this.layoutClient = RedisConnections.clusterClient(resources, target, false);
        this.probeBase = owner.settings().channelPrefix() + "probe_" + owner.settings().nodeId();
        this.minRefreshGapMillis = owner.settings().probeInterval().toMillis();
        try {
            refresher.submit(() -> refresh("start")).get();
            if (links.isEmpty()) {
                throw new IllegalStateException("no primary of the Redis Cluster at " + seeds() + " could be reached");
            }
            try (var connection = layoutClient.connect()) {
                ShardedPubSubSupport.require(connection.sync().info("server"), seeds().toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while reading the Redis Cluster layout", e);
        } catch (ExecutionException e) {
            close();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        refresher.scheduleWithFixedDelay(() -> refreshQuietly("periodic check"), PERIODIC_REFRESH.toMillis(),
                PERIODIC_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    private String seeds() {
        return target.seeds().stream().map(u -> u.getHost() + ":" + u.getPort()).toList().toString();
    }

    @Override
    public ShardLink route(String channel) {
        ShardLink link = bySlot[SlotHash.getSlot(channel)];
        if (link != null) {
            return link;
        }
        // No primary was ever reachable for this slot: any link takes it, and what it refuses waits for the layout.
        return links.values().iterator().next();
    }

    @Override
    public Collection<ShardLink> links() {
        return Collections.unmodifiableCollection(links.values());
    }

    @Override
    public boolean reconnect(ShardLink link, String why) {
        // On the layout thread, never on the link's own: retiring the link stops its threads.
        try {
            refresher.submit(() -> refreshQuietly(link.label() + ": " + why)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | RejectedExecutionException e) {
            return false;
        }
        if (!links.containsValue(link)) {
            return false; // retired: its channels live elsewhere now, subscribed and resynced by the refresh
        }
        return link.tryReopen();
    }

    @Override
    public void unreachable(ShardLink link, String why) {
        refreshSoon(link.label() + " unreachable: " + why);
    }

    @Override
    public void dropped(ShardLink link, String channel) {
        if (closed) {
            return;
        }
        if (!channel.equals(link.probeChannel())) { // a probe is moved with its shard's slots, by the refresh
            toSubscribe(List.of(channel), link.health().lostSince());
        }
        refreshSoon(link.label() + " unsubscribed " + channel);
    }

    @Override
    public String describe() {
        return "redis cluster connected (" + links.size() + " shards)";
    }

    /** Reads the layout on the refresher thread, at most once per probe interval. */
    private void refreshSoon(String why) {
        if (closed || !refreshPending.compareAndSet(false, true)) {
            return;
        }
        long wait = Math.max(0, lastRefreshAtMillis + minRefreshGapMillis - System.currentTimeMillis());
        try {
            refresher.schedule(() -> {
                refreshPending.set(false);
                refreshQuietly(why);
            }, wait, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            refreshPending.set(false);
        }
    }

    /** Runs on the refresher thread only. */
    private void refreshQuietly(String why) {
        if (closed) {
            return;
        }
        try {
            refresh(why);
        } catch (RuntimeException e) {
            log.warn("reading the Redis Cluster layout failed ({}), will retry: {} node={}", why, e.toString(),
                    owner.settings().nodeId());
            refreshSoon("retry after " + why);
        }
    }

    /** Notes channels to subscribe where they live now, and since when they may have missed events. */
    private synchronized void toSubscribe(Collection<String> channels, Instant lostSince) {
        pending.addAll(channels);
        pendingLostSince = earliest(pendingLostSince, lostSince);
    }

    /**
     * Reads the layout and moves to it: links for new primaries, retired links for servers that lead nothing, probes
     * on slots their shard still serves, and every channel whose slot moved (or that a server dropped) subscribed
     * where it lives now. What could not be done is kept for the next refresh.
     */
    private void refresh(String why) {
        long readAt = System.currentTimeMillis();
        Instant layoutLostSince = Instant.ofEpochMilli(lastRefreshAtMillis - CLOCK_MARGIN_MILLIS);
        layoutClient.refreshPartitions();
        List<RedisClusterNode> nodes = List.copyOf(layoutClient.getPartitions().getPartitions());
        lastRefreshAtMillis = readAt;

        ShardLink[] before = bySlot;
        ShardLink[] after = new ShardLink[SlotHash.SLOT_COUNT];
        boolean incomplete = false;
        for (RedisClusterNode node : nodes) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.hasNoSlots()) {
                ShardLink link = linkTo(node);
                if (link == null) {
                    incomplete = true;
                } else {
                    node.forEachSlot(slot -> after[slot] = link);
                }
            }
        }
        Map<ShardLink, Boolean> leading = new IdentityHashMap<>();
        for (int slot = 0; slot < after.length; slot++) {
            if (after[slot] == null && before[slot] != null && links.containsValue(before[slot])) {
                after[slot] = before[slot]; // no reachable primary serves it: publishes wait where they were
            }
            if (after[slot] != null) {
                leading.put(after[slot], true);
            }
        }
        List<String> moved = new ArrayList<>();
        for (String channel : owner.channels()) {
            int slot = SlotHash.getSlot(channel);
            if (before[slot] != after[slot] && after[slot] != null) {
                moved.add(channel);
                if (before[slot] != null) {
                    toSubscribe(List.of(), before[slot].health().lostSince());
                }
            }
        }
        toSubscribe(moved, layoutLostSince);
        bySlot = after;

        List<ShardLink.Unsent> homeless = new ArrayList<>();
        int retired = 0;
        for (Map.Entry<String, ShardLink> entry : List.copyOf(links.entrySet())) {
            ShardLink link = entry.getValue();
            if (!leading.containsKey(link)) {
                links.remove(entry.getKey());
                homeless.addAll(link.retire());
                link.close();
                retired++;
                log.warn("{} leads no shard any more (failover or resharding); its channels move node={}",
                        link.label(), owner.settings().nodeId());
            }
        }
        for (ShardLink link : leading.keySet()) {
            if (after[SlotHash.getSlot(link.probeChannel())] != link) {
                try {
                    link.moveProbe(probeChannel(after, link));
                } catch (RuntimeException e) {
                    incomplete = true;
                    log.warn("moving the probe of {} failed, will retry: {}", link.label(), e.toString());
                }
            }
        }
        owner.reroute(homeless);
        for (ShardLink link : leading.keySet()) {
            owner.reroute(link.takeMisrouted());
        }
        incomplete |= !subscribePending(why);
        if (incomplete) {
            refreshSoon("retry after " + why);
        }
        if (retired > 0 && moved.isEmpty()) {
            owner.resync(layoutLostSince); // a retired link whose channels nobody needs: nothing to subscribe
        }
    }

    /** Subscribes the pending channels where they live now; resyncs once they all are. False if some failed. */
    private boolean subscribePending(String why) {
        List<String> channels;
        Instant lostSince;
        synchronized (this) {
            channels = List.copyOf(pending);
            lostSince = pendingLostSince;
        }
        if (channels.isEmpty()) {
            return true;
        }
        Map<ShardLink, List<String>> byLink = new LinkedHashMap<>();
        for (String channel : channels) {
            byLink.computeIfAbsent(route(channel), l -> new ArrayList<>()).add(channel);
        }
        boolean all = true;
        for (Map.Entry<ShardLink, List<String>> entry : byLink.entrySet()) {
            try {
                entry.getKey().subscribeAll(entry.getValue());
                synchronized (this) {
                    pending.removeAll(entry.getValue());
                }
            } catch (RuntimeException e) {
                all = false;
                log.warn("subscribing {} channels on {} failed, will retry: {}", entry.getValue().size(),
                        entry.getKey().label(), e.toString());
            }
        }
        if (all) {
            synchronized (this) {
                if (pending.isEmpty()) {
                    pendingLostSince = null;
                }
            }
            log.info("bus up: {} channels subscribed where their slots live now, after {} node={}; filling gaps",
                    channels.size(), why, owner.settings().nodeId());
            owner.resync(lostSince);
        }
        return all;
    }

    /** The link to a primary, opened if new; null when it cannot be reached now (retried with the next refresh). */
    private ShardLink linkTo(RedisClusterNode node) {
        RedisURI uri = node.getUri();
        String address = uri.getHost() + ":" + uri.getPort();
        ShardLink existing = links.get(address);
        if (existing != null) {
            return existing;
        }
        try {
            ShardLink link = new ShardLink("redis shard " + address,
                    RedisConnections.client(resources, target.node(uri.getHost(), uri.getPort())),
                    PubSubDialect.SHARDED, probeBase + "{" + tagFor(node::hasSlot) + "}", owner, this);
            links.put(address, link);
            log.info("bus: linked to Redis Cluster primary {} ({} slots) node={}", address, node.getSlots().size(),
                    owner.settings().nodeId());
            return link;
        } catch (RuntimeException e) {
            log.warn("cannot reach Redis Cluster primary {}, will retry: {}", address, e.toString());
            return null;
        }
    }

    private String probeChannel(ShardLink[] layout, ShardLink link) {
        return probeBase + "{" + tagFor(slot -> layout[slot] == link) + "}";
    }

    /**
     * The smallest number whose hash slot passes {@code owned}: a hash tag that puts a channel on that shard (a few
     * tries for a shard of a few thousand slots; a million numbers cover every slot many times over).
     */
    private static String tagFor(IntPredicate owned) {
        for (int i = 0; i < 1_000_000; i++) {
            String tag = Integer.toString(i);
            if (owned.test(SlotHash.getSlot(tag))) {
                return tag;
            }
        }
        throw new IllegalStateException("no hash tag falls on the shard's slots");
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    @Override
    public void close() {
        closed = true;
        refresher.shutdownNow();
        for (ShardLink link : links.values()) {
            link.close();
        }
        layoutClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
