package com.hotelchat.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redis bus on a Redis Cluster with sharded pub/sub passes the same contract, its groups spread over the shards,
 * and it survives what a cluster does to it: a shard's primary killed or frozen (its replica takes over), slots moved
 * while traffic flows, one shard's connections black-holed. The cluster runs behind proxies (every server announces
 * its proxy's port), so a test can silence one shard's client connections while the cluster stays healthy.
 */
class RedisClusterBusTest extends RedisBusContract {

    private static TestRedisCluster redis;

    @BeforeAll
    static void startCluster() {
        redis = TestRedisCluster.behindProxies();
    }

    @AfterAll
    static void stopCluster() {
        redis.close();
    }

    @Override
    protected String url() {
        return redis.url();
    }

    @Test
    void groupsSpreadOverEveryShardAndEachShardCarriesOnlyItsOwn() {
        Map<TestRedisCluster.Node, Long> before = spublishes();
        List<String> received = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 60; i++) {
            node(1).subscribe(Group.conversation(i), e -> received.add(e.payload()));
        }
        for (int i = 0; i < 60; i++) {
            node(0).publish(Group.conversation(i), envelope("c" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 60);
        Map<TestRedisCluster.Node, Long> expected = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            expected.merge(redis.primaryFor(prefix + "conversation_" + i), 1L, Long::sum);
        }
        assertThat(expected).hasSize(3);
        Map<TestRedisCluster.Node, Long> after = spublishes();
        for (TestRedisCluster.Node primary : redis.primaries()) {
            assertThat(after.get(primary) - before.get(primary))
                    .as("SPUBLISH on %s: the envelopes of its slots and the probes of both nodes", primary)
                    .isGreaterThanOrEqualTo(expected.get(primary));
        }
        assertThat(node(0).status().detail()).contains("redis cluster connected (3 shards)");
    }

    /** A node listening on 90 groups (30 or so on each shard), and what it received and was told to repair. */
    private final class Listener {
        final List<Group> groups = IntStream.range(0, 90).mapToObj(i -> Group.conversation(1000 + i)).toList();
        final Map<Group, List<String>> received = new ConcurrentHashMap<>();
        final List<Instant> resyncs = new CopyOnWriteArrayList<>();

        Listener() {
            for (Group group : groups) {
                received.put(group, new CopyOnWriteArrayList<>());
                node(1).subscribe(group, e -> received.get(group).add(e.payload()));
            }
            node(1).onResync(resyncs::add);
            publishToAll("before");
            await().atMost(Duration.ofSeconds(10)).until(() -> everyGroupGot("before"));
        }

        void publishToAll(String payload) {
            for (Group group : groups) {
                node(0).publish(group, envelope(payload));
            }
        }

        boolean everyGroupGot(String payload) {
            return received.values().stream().allMatch(l -> l.contains(payload));
        }

        /** Publishes a numbered round to every group until every group received one of them, as traffic would. */
        void keepPublishingUntilEveryGroupHearsAgain(String label, Duration atMost) {
            AtomicInteger round = new AtomicInteger();
            await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> {
                publishToAll(label + " " + round.incrementAndGet());
                return received.values().stream().allMatch(l -> l.stream().anyMatch(p -> p.startsWith(label + " ")));
            });
        }

        List<Group> on(TestRedisCluster.Node primary) {
            return groups.stream().filter(g -> redis.primaryFor(prefix + g.name()) == primary).toList();
        }
    }

    @Test
    void aShardWhosePrimaryIsKilledIsFollowedToItsReplicaAndWhatLivedThereIsSubscribedAgainAndResynced() {
        Listener listener = new Listener();
        TestRedisCluster.Node victim = redis.primaryFor(prefix + listener.groups.getFirst().name());
        int slot = SlotHash.getSlot(prefix + listener.groups.getFirst().name());
        assertThat(listener.on(victim)).hasSizeGreaterThan(10);
        Instant killedAt = Instant.now();
        redis.kill(victim);
        try {
            listener.keepPublishingUntilEveryGroupHearsAgain("after the kill", Duration.ofSeconds(40));
            TestRedisCluster.Node successor = redis.awaitNewPrimaryFor(slot, victim);
            assertThat(successor).isNotSameAs(victim);
            assertThat(listener.resyncs).as("told that events since before the kill may be missing")
                    .anyMatch(since -> !since.isAfter(killedAt));
            await().atMost(Duration.ofSeconds(10)).until(() -> node(1).status().up());
        } finally {
            redis.restart(victim); // it rejoins as the new primary's replica
            redis.awaitHealthy();
        }
    }

    @Test
    void aFrozenPrimaryIsLeftForItsPromotedReplica() {
        Listener listener = new Listener();
        TestRedisCluster.Node victim = redis.primaryFor(prefix + listener.groups.getFirst().name());
        int slot = SlotHash.getSlot(prefix + listener.groups.getFirst().name());
        Instant frozenAt = Instant.now();
        redis.freeze(victim);
        try {
            listener.keepPublishingUntilEveryGroupHearsAgain("while frozen", Duration.ofSeconds(40));
            assertThat(redis.awaitNewPrimaryFor(slot, victim)).isNotSameAs(victim);
            assertThat(listener.resyncs).anyMatch(since -> !since.isAfter(frozenAt));
        } finally {
            redis.thaw(victim); // it finds itself replaced and becomes a replica
            redis.awaitHealthy();
        }
    }

    @Test
    void slotsMovedWhileTrafficFlowsTakeTheirChannelsWithThem() throws Exception {
        Listener listener = new Listener();
        TestRedisCluster.Node from = redis.primaryFor(prefix + listener.groups.getFirst().name());
        TestRedisCluster.Node to = redis.primaries().stream().filter(p -> p != from).findFirst().orElseThrow();
        List<Group> before = listener.on(from);
        ExecutorService traffic = Executors.newSingleThreadExecutor();
        AtomicInteger round = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean flowing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Future<?> publishing = traffic.submit(() -> {
            while (flowing.get()) {
                listener.publishToAll("during " + round.incrementAndGet());
                sleep(50);
            }
        });
        Instant movedAt = Instant.now();
        try {
            redis.reshard(from, to, 3000); // more than half of its slots: its lowest ones
        } finally {
            flowing.set(false);
            publishing.get();
            traffic.shutdown();
        }
        List<Group> moved = before.stream().filter(g -> redis.primaryFor(prefix + g.name()) == to).toList();
        assertThat(moved).as("channels whose slots moved").isNotEmpty();
        listener.keepPublishingUntilEveryGroupHearsAgain("after the move", Duration.ofSeconds(20));
        assertThat(listener.resyncs).anyMatch(since -> !since.isAfter(movedAt));
        for (Group group : moved) {
            assertThat(listener.received.get(group)).as("%s lives on another shard now", group)
                    .anyMatch(p -> p.startsWith("after the move"));
        }
        redis.reshard(to, from, 3000);
    }

    @Test
    void aShardWhoseConnectionsAreBlackHoledIsReconnectedAloneAndResynced() {
        Listener listener = new Listener();
        TestRedisCluster.Node victim = redis.primaryFor(prefix + listener.groups.getFirst().name());
        Map<TestRedisCluster.Node, Integer> pubSubLinks = pubSubLinksByPrimary();
        int resyncsBefore = listener.resyncs.size();
        Instant cutAt = Instant.now();
        assertThat(victim.proxy().blackHole(link -> true)).isPositive();
        listener.keepPublishingUntilEveryGroupHearsAgain("after the black hole", Duration.ofSeconds(20));
        assertThat(listener.resyncs.subList(resyncsBefore, listener.resyncs.size()))
                .anyMatch(since -> !since.isAfter(cutAt));
        Map<TestRedisCluster.Node, Integer> after = pubSubLinksByPrimary();
        for (TestRedisCluster.Node primary : redis.primaries()) {
            if (primary == victim) {
                assertThat(after.get(primary)).as("both nodes opened new pub/sub connections to the black-holed shard")
                        .isGreaterThanOrEqualTo(pubSubLinks.get(primary) + 2);
            } else {
                assertThat(after.get(primary)).as("the other shards' pub/sub connections were left alone")
                        .isEqualTo(pubSubLinks.get(primary));
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> node(0).status().up() && node(1).status().up());
    }

    @Test
    void aShardWhosePubSubConnectionsAloneGoSilentIsCaughtByItsProbe() {
        Listener listener = new Listener();
        TestRedisCluster.Node victim = redis.primaryFor(prefix + listener.groups.getFirst().name());
        Map<TestRedisCluster.Node, Integer> pubSubLinks = pubSubLinksByPrimary();
        assertThat(victim.proxy().blackHole(BlackHoleProxy.Link::isPubSub)).isGreaterThanOrEqualTo(2);
        listener.keepPublishingUntilEveryGroupHearsAgain("after the silence", Duration.ofSeconds(20));
        assertThat(((RedisBus) node(1)).counters().silentLossDetected.get()).isPositive();
        Map<TestRedisCluster.Node, Integer> after = pubSubLinksByPrimary();
        for (TestRedisCluster.Node primary : redis.primaries()) {
            if (primary != victim) {
                assertThat(after.get(primary)).isEqualTo(pubSubLinks.get(primary));
            }
        }
    }

    /** Pub/sub connections through each primary's proxy, black-holed ones included. */
    private static Map<TestRedisCluster.Node, Integer> pubSubLinksByPrimary() {
        Map<TestRedisCluster.Node, Integer> counts = new HashMap<>();
        for (TestRedisCluster.Node primary : redis.primaries()) {
            counts.put(primary, (int) primary.proxy().links().stream().filter(BlackHoleProxy.Link::isPubSub).count());
        }
        return counts;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many SPUBLISH each primary has run. */
    private static Map<TestRedisCluster.Node, Long> spublishes() {
        Map<TestRedisCluster.Node, Long> counts = new HashMap<>();
        for (TestRedisCluster.Node primary : redis.primaries()) {
            String stats = TestRedisCluster.cli(primary, "info", "commandstats");
            long calls = stats.lines().filter(l -> l.startsWith("cmdstat_spublish:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("^cmdstat_spublish:calls=([0-9]+),.*", "$1"))).orElse(0L);
            counts.put(primary, calls);
        }
        return counts;
    }
}
