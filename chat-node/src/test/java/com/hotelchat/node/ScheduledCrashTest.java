package com.hotelchat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hotelchat.bus.TestRedis;
import java.io.File;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The node that holds a due scheduled message is killed (SIGKILL) in the middle of sending it: nothing of it was
 * committed, another node sends it, and it is in the conversation once and went to WhatsApp once.
 */
class ScheduledCrashTest {

    @Test
    void aScheduledMessageWhoseNodeIsKilledWhileSendingItIsSentOnceByAnotherNode() throws Exception {
        try (FakeCloudApi cloud = new FakeCloudApi();
             // The fixture's own node looks for due messages only once a minute: the doomed node is the one that
             // takes the message.
             ClusterFixture cluster = new ClusterFixture(1, cloud.nodeEnvironment(Map.of("CHAT_SCHEDULE_TICK_MS", "60000")))) {
            String alice = cluster.user("sk_alice", "reception");
            assertEquals(200, Webhooks.post(cluster.nodes.get(0).port(),
                    Webhooks.text("15558000001", "Kai Crash", "wamid.sk.1", "Can I check in early?")));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    cluster.api.get("/chat/conversations/", alice).body().get("conversations").size() == 1);
            long conversation = cluster.api.get("/chat/conversations/", alice).body().get("conversations").get(0)
                    .get("id").asLong();
            Map<String, String> env = cluster.environment("sched-doomed");
            env.put("CHAT_SCHEDULE_TICK_MS", "200");
            File log = Files.createTempFile("scheduled-doomed", ".log").toFile();
            ChatNode survivor = null;
            try (NodeProcess doomed = NodeProcess.start(env, TestRedis.freePort(), log);
                 Connection blocker = DriverManager.getConnection(cluster.db.jdbcUrl(), cluster.db.user(),
                         cluster.db.password())) {
                // Holding the conversation's row (not its key: the message can still be scheduled): the doomed node
                // claims the due message and then waits, mid-send, for the row lock its append needs.
                blocker.setAutoCommit(false);
                try (PreparedStatement lock = blocker.prepareStatement("SELECT id FROM conversations WHERE id = ? FOR NO KEY UPDATE")) {
                    lock.setLong(1, conversation);
                    lock.executeQuery();
                }
                Api.Reply scheduled = new Api(doomed.port).post("/chat/conversations/" + conversation + "/scheduled/",
                        alice, "{\"send_at\":\"" + Instant.now().plusSeconds(1) + "\",\"content\":\"Yes, from noon\"}");
                assertEquals(201, scheduled.status(), scheduled.toString());
                long id = scheduled.body().get("id").asLong();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestSql.queryLong(cluster.db,
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                + "AND query LIKE '%FOR UPDATE OF c%'") == 1);
                doomed.kill();
                survivor = TestNode.start(env(cluster, "sched-survivor"));
                blocker.rollback(); // the doomed node's statement ends, finds no client, and its transaction is undone

                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestSql.queryLong(cluster.db,
                        "SELECT count(*) FROM scheduled_messages WHERE id = ? AND status = 'sent'", id) == 1);
                assertEquals(1, TestSql.queryLong(cluster.db,
                        "SELECT count(*) FROM messages WHERE conversation_id = ? AND content = 'Yes, from noon'", conversation));
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> cloud.accepted().stream()
                        .anyMatch(r -> r.path("text").path("body").asText().equals("Yes, from noon")));
                assertEquals(1, cloud.requests().stream()
                        .filter(r -> r.path("text").path("body").asText().equals("Yes, from noon")).count());
            } finally {
                if (survivor != null) {
                    survivor.close();
                }
            }
        }
    }

    private static Map<String, String> env(ClusterFixture cluster, String nodeId) {
        Map<String, String> env = cluster.environment(nodeId);
        env.put("CHAT_SCHEDULE_TICK_MS", "200");
        return env;
    }
}
