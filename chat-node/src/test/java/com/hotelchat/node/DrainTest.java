package com.hotelchat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hotelchat.bus.TestRedis;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** SIGTERM to a node under load: clients move to another node and lose, repeat or reorder nothing. */
class DrainTest {

    @Test
    void sigtermDrainsSessionsToAnotherNodeWithoutLossOrPresenceFlapping() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(1)) {
            String watcher = cluster.user("dr_watch", "reception");
            String mover = cluster.user("dr_mover", "reception");
            String sender = cluster.user("dr_sender", "reception");
            long conv = cluster.conversation(sender, "reception");
            Map<String, String> env = cluster.environment("draining-node");
            env.put("CHAT_DRAIN_GRACE_MS", "1500");
            File log = Files.createTempFile("drain-node", ".log").toFile();
            NodeProcess draining = NodeProcess.start(env, TestRedis.freePort(), log);
            try (WsClient w = cluster.connect(0, watcher); WsClient s = cluster.connect(0, sender)) {
                WsClient m = WsClient.connect(draining.port, mover);
                w.await("user_status", e -> e.path("data").path("user_name").asText().equals("Dr_mover Test"));
                m.subscribe(conv);
                ExecutorService pool = Executors.newSingleThreadExecutor();
                Future<?> sending = pool.submit(() -> {
                    for (int i = 0; i < 150; i++) {
                        s.text(conv, "d " + i);
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
                Thread.sleep(500);
                draining.terminate();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
                    try {
                        return new Api(draining.port).get("/readyz", null).status() == 503;
                    } catch (RuntimeException gone) {
                        return true;
                    }
                });
                assertEquals(1012, m.awaitClose(), "sessions of a draining node are closed with 1012");
                long last = m.messageIds().stream().mapToLong(Long::longValue).max().orElse(0);
                WsClient resumed = cluster.connect(0, mover);
                resumed.send("{\"type\":\"subscribe_conversation\",\"conversation_id\":" + conv + ",\"last_message_id\":" + last + "}");
                sending.get();
                pool.shutdown();
                resumed.await("message", e -> e.path("data").path("content").asText().equals("d 149"));
                assertTrue(draining.waitForExit(30), "the node exits after draining");

                List<Long> received = new ArrayList<>(m.messageIds());
                received.addAll(resumed.messageIds());
                List<Long> stored = cluster.api.storedIds(sender, conv);
                assertEquals(150, stored.size());
                assertEquals(stored, received, "every message exactly once, in order, across the move");

                long[] marker = new long[1];
                w.assertNoneBefore("user_status", e -> e.path("data").path("user_name").asText().equals("Dr_mover Test"),
                        () -> marker[0] = cluster.conversation(sender, "reception"), "new_conversation",
                        e -> e.path("data").path("id").asLong() == marker[0]);
                resumed.close();
            } finally {
                draining.kill();
            }
        }
    }
}
