package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hotelchat.bus.TestRedisCluster;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on a Redis Cluster (three primaries, three replicas), a staff member on each, both writing steadily into
 * conversations whose channels live on all three shards. In each test one shard fails mid-traffic: its primary is
 * killed or frozen (its replica takes over), its slots are moved away, or its client connections are black-holed
 * while the cluster itself stays healthy. Every committed message reaches both sessions once, in order, and no socket
 * is closed.
 */
class RedisClusterFailureTest {

    private static final int CONVERSATIONS = 12;
    private static ClusterFixture cluster;
    private static TestRedisCluster redis;

    @BeforeAll
    static void start() {
        cluster = ClusterFixture.onRedisCluster(2, Map.of());
        redis = cluster.redisCluster;
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aShardsPrimaryKilledUnderTrafficLosesNothing() throws Exception {
        underFailover("kill", redis::kill, redis::restart); // restarted, it rejoins as a replica
    }

    @Test
    void aShardsPrimaryFrozenUnderTrafficLosesNothing() throws Exception {
        underFailover("freeze", redis::freeze, redis::thaw);
    }

    /** The victim's primary is stopped until its replica has taken over, and brought back after the test. */
    private static void underFailover(String name, Consumer<TestRedisCluster.Node> stop,
                                      Consumer<TestRedisCluster.Node> back) throws Exception {
        underTraffic(name, victim -> {
            int slot = SlotHash.getSlot(victim.channel());
            stop.accept(victim.primary());
            redis.awaitNewPrimaryFor(slot, victim.primary());
        }, victim -> {
            back.accept(victim.primary());
            redis.awaitHealthy();
        });
    }

    @Test
    void slotsMovedUnderTrafficLoseNothing() throws Exception {
        TestRedisCluster.Node[] to = new TestRedisCluster.Node[1];
        int[] moved = new int[1];
        underTraffic("reshard", victim -> {
            to[0] = redis.primaries().stream().filter(p -> p != victim.primary()).findFirst().orElseThrow();
            moved[0] = redis.slotCount(victim.primary()) - 1; // all but its highest slot: nearly all its channels move
            redis.reshard(victim.primary(), to[0], moved[0]);
            assertThat(redis.primaryFor(victim.channel())).isSameAs(to[0]);
        }, victim -> redis.reshard(to[0], victim.primary(), moved[0]));
    }

    @Test
    void aShardWhoseConnectionsAreBlackHoledUnderTrafficLosesNothing() throws Exception {
        underTraffic("black hole", victim -> assertThat(victim.primary().proxy().blackHole(link -> true)).isPositive(),
                victim -> { });
    }

    /** The shard that fails: the primary serving the first conversation's channel. */
    private record Victim(TestRedisCluster.Node primary, String channel) {}

    private static void underTraffic(String name, Consumer<Victim> failure, Consumer<Victim> restore) throws Exception {
        String alice = cluster.user(name.replace(' ', '_') + "_alice", "reception");
        String bob = cluster.user(name.replace(' ', '_') + "_bob", "reception");
        List<Long> conversations = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            conversations.add(cluster.conversation(alice, "reception"));
        }
        assertThat(conversations.stream().map(c -> redis.primaryFor("conversation_" + c)).distinct())
                .as("the conversations' channels live on every shard").hasSize(3);
        Victim victim = new Victim(redis.primaryFor("conversation_" + conversations.getFirst()),
                "conversation_" + conversations.getFirst());
        try (WsClient a = cluster.connect(0, alice); WsClient b = cluster.connect(1, bob)) {
            for (long conversation : conversations) {
                a.subscribe(conversation);
                b.subscribe(conversation);
            }
            AtomicBoolean flowing = new AtomicBoolean(true);
            ExecutorService senders = Executors.newFixedThreadPool(2);
            Future<?> fromA = senders.submit(() -> send(a, "a " + name, conversations, flowing));
            Future<?> fromB = senders.submit(() -> send(b, "b " + name, conversations, flowing));
            try {
                sleep(2_000);
                failure.accept(victim);
                sleep(3_000);
            } finally {
                flowing.set(false);
                fromA.get();
                fromB.get();
                senders.shutdown();
            }
            for (long conversation : conversations) {
                a.text(conversation, "end " + conversation);
            }
            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> conversations.stream()
                    .allMatch(c -> has(a, "end " + c) && has(b, "end " + c)));
            for (long conversation : conversations) {
                List<Long> stored = cluster.api.storedIds(alice, conversation);
                assertEquals(stored, idsIn(a, conversation), "alice, on node 0: every message once, in order");
                assertEquals(stored, idsIn(b, conversation), "bob, on node 1: every message once, in order");
            }
            assertThat(a.isClosed()).isFalse();
            assertThat(b.isClosed()).isFalse();
        } finally {
            restore.accept(victim);
        }
    }

    /** About 20 texts a second, round the conversations, until told to stop. */
    private static void send(WsClient client, String label, List<Long> conversations, AtomicBoolean flowing) {
        for (int i = 0; flowing.get(); i++) {
            client.text(conversations.get(i % conversations.size()), label + " " + i);
            sleep(50);
        }
    }

    private static boolean has(WsClient client, String content) {
        return client.history().stream().anyMatch(e -> e.path("type").asText().equals("message")
                && e.path("data").path("content").asText().equals(content));
    }

    private static List<Long> idsIn(WsClient client, long conversation) {
        return client.history().stream().filter(e -> e.path("type").asText().equals("message")
                        && e.path("data").path("conversation_id").asLong() == conversation)
                .map(e -> e.path("data").path("id").asLong()).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
