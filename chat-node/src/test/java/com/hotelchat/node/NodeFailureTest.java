package com.hotelchat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.bus.TestRedis;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node process killed with SIGKILL, and a Redis primary killed under Sentinel. */
class NodeFailureTest {

    @Test
    void usersOfAKilledNodeAreAnnouncedDisconnectedBySurvivorsWithin30Seconds() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(1)) {
            String watcher = cluster.user("kill_watch", "reception");
            String victim = cluster.user("kill_victim", "reception");
            File log = Files.createTempFile("node-process", ".log").toFile();
            Map<String, String> env = cluster.environment("doomed-node");
            try (NodeProcess doomed = NodeProcess.start(env, TestRedis.freePort(), log);
                 WsClient w = cluster.connect(0, watcher)) {
                WsClient v = WsClient.connect(doomed.port, victim);
                JsonNode on = w.await("user_status", e -> e.path("data").path("user_name").asText().equals("Kill_victim Test"));
                assertEquals("user_connected", on.get("data").get("type").asText());
                doomed.kill();
                JsonNode off = w.await("user_status",
                        e -> e.path("data").path("user_name").asText().equals("Kill_victim Test"), Duration.ofSeconds(30));
                assertEquals("user_disconnected", off.get("data").get("type").asText());
                v.close();
            }
        }
    }

    @Test
    void deliveryResumesAfterSentinelPromotesTheReplicaWithNothingLost() {
        try (TestRedis primary = TestRedis.start();
             TestRedis replica = TestRedis.start("--replicaof", "127.0.0.1", Integer.toString(primary.port()));
             TestRedis sentinel = TestRedis.sentinel(primary.port());
             ClusterFixture cluster = new ClusterFixture(0)) {
            String url = "redis-sentinel://127.0.0.1:" + sentinel.port() + "#mymaster";
            List<ChatNode> nodes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Map<String, String> env = cluster.environment("sentinel-node-" + i);
                env.put("CHAT_REDIS_URL", url);
                nodes.add(TestNode.start(env));
            }
            try {
                Api api = new Api(nodes.get(0).port());
                String admin = api.adminToken();
                api.department(admin, "reception");
                api.staff(admin, "sn_alice", "Alice", List.of("reception"));
                api.staff(admin, "sn_bob", "Bob", List.of("reception"));
                String alice = api.loginStaff("sn_alice");
                String bob = api.loginStaff("sn_bob");
                long conv = api.conversation(alice, "reception", "+17770001111", "Sentinel Guest");
                try (WsClient a = WsClient.connect(nodes.get(0).port(), alice);
                     WsClient b = WsClient.connect(nodes.get(1).port(), bob)) {
                    a.subscribe(conv);
                    b.subscribe(conv);
                    a.text(conv, "before failover");
                    b.await("message", e -> e.path("data").path("content").asText().equals("before failover"));
                    awaitSentinelKnowsTheReplica(sentinel);
                    primary.kill();
                    for (int i = 0; i < 20; i++) {
                        a.text(conv, "during " + i);
                    }
                    b.await("message", e -> e.path("data").path("content").asText().equals("during 19"), Duration.ofSeconds(60));
                    a.text(conv, "after failover");
                    b.await("message", e -> e.path("data").path("content").asText().equals("after failover"),
                            Duration.ofSeconds(60));
                    List<Long> received = b.messageIds();
                    List<Long> sent = a.messageIds();
                    assertEquals(22, received.size());
                    assertEquals(sent, received);
                }
            } finally {
                nodes.forEach(ChatNode::close);
            }
        }
    }

    /** Sentinel learns replicas from the primary's INFO every few seconds; a failover before that has nothing to promote. */
    private static void awaitSentinelKnowsTheReplica(TestRedis sentinel) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + sentinel.port());
        try (var connection = client.connectSentinel()) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> connection.sync().replicas("mymaster").stream()
                            .anyMatch(r -> "ok".equals(r.get("master-link-status")) && !r.get("flags").contains("down")));
        } finally {
            client.shutdown();
        }
    }
}
