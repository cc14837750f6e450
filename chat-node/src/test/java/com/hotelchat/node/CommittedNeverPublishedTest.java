package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.bus.BlackHoleProxy;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a node commits and never publishes (it died between the two, or its bus swallowed the publish) still reaches
 * every connected session, once, within the bound docs/design.md states: about two repair intervals (1 s each by
 * default) after the commit, even when nothing follows it in the conversation. A retry of the same
 * {@code client_message_id} on another node publishes the original again at once.
 *
 * <p>The changes "committed by a node that died" are written here the way a node writes them (the same database
 * function, in one transaction) and announced to nobody; the last test kills a real node process between its commit
 * and its publish.
 */
class CommittedNeverPublishedTest {

    /** The bound of docs/design.md (two repair intervals) with room for a loaded test machine. */
    private static final Duration BOUND = Duration.ofSeconds(5);

    @Test
    void aMessageCommittedButNeverPublishedReachesEverySessionOnce() {
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            String alice = cluster.user("lost_alice", "reception");
            long aliceId = TestSql.queryLong(cluster.db, "SELECT id FROM staff_users WHERE username = 'lost_alice'");
            String bob = cluster.user("lost_bob", "reception");
            String carol = cluster.user("lost_carol", "reception");
            long conversation = cluster.conversation(alice, "reception");
            String guestToken = cluster.api.post("/chat/guest-tokens/", alice, "{\"conversation_id\":" + conversation + "}")
                    .body().get("token").asText();
            try (WsClient a = cluster.connect(0, alice); WsClient b = cluster.connect(1, bob);
                 WsClient watcher = cluster.connect(1, carol);
                 WsClient guest = WsClient.connect(URI.create("ws://localhost:" + cluster.nodes.get(0).port()
                         + "/ws/guest/?token=" + guestToken), Map.of())) {
                a.subscribe(conversation);
                b.subscribe(conversation);
                watcher.roundTrip();
                guest.roundTrip();

                long committed = appendBehindTheNodesBacks(cluster, conversation, aliceId, "I am locked out of my room", null);

                for (WsClient staff : List.of(a, b)) {
                    JsonNode message = staff.await("message", e -> e.path("data").path("id").asLong() == committed, BOUND);
                    assertEquals("I am locked out of my room", message.path("data").path("content").asText());
                }
                guest.await("message", e -> e.path("data").path("id").asLong() == committed, BOUND);
                JsonNode update = watcher.await("conversation_update",
                        e -> e.path("data").path("data").path("conversation_id").asLong() == conversation, BOUND);
                assertEquals("I am locked out of my room", update.path("data").path("data").path("last_message_preview").asText());

                // Once each: a later message shows nothing was delivered twice, and the order held.
                a.text(conversation, "We are on our way");
                for (WsClient staff : List.of(a, b)) {
                    staff.await("message", e -> e.path("data").path("content").asText().equals("We are on our way"));
                    List<Long> ids = staff.messageIds();
                    assertThat(ids).doesNotHaveDuplicates().isSorted();
                    assertThat(ids).contains(committed);
                }
                guest.await("message", e -> e.path("data").path("content").asText().equals("We are on our way"));
                assertThat(guest.messageIds()).doesNotHaveDuplicates().isSorted().contains(committed);
                watcher.await("conversation_update",
                        e -> e.path("data").path("data").path("last_message_preview").asText().equals("We are on our way"));
                assertEquals(1, watcher.history().stream().filter(e -> e.path("data").path("data")
                        .path("last_message_preview").asText().equals("I am locked out of my room")).count());
            }
        }
    }

    @Test
    void aRetryOfAMessageWhoseNodeDiedPublishesTheOriginalAgainAtOnce() {
        // A slow repair (5 s, settled 5 s): whatever arrives sooner came from the retry.
        try (ClusterFixture cluster = new ClusterFixture(2, Map.of("CHAT_REPAIR_INTERVAL_MS", "5000"))) {
            String alice = cluster.user("retry_alice", "reception");
            long aliceId = TestSql.queryLong(cluster.db, "SELECT id FROM staff_users WHERE username = 'retry_alice'");
            String bob = cluster.user("retry_bob", "reception");
            long conversation = cluster.conversation(alice, "reception");
            try (WsClient a = cluster.connect(0, alice); WsClient b = cluster.connect(1, bob)) {
                b.subscribe(conversation);
                a.subscribe(conversation);
                long committed = appendBehindTheNodesBacks(cluster, conversation, aliceId, "Locked out, room 12", "c-77");

                a.send("{\"type\":\"text\",\"conversation_id\":" + conversation
                        + ",\"content\":\"Locked out, room 12\",\"client_message_id\":\"c-77\"}");
                JsonNode answer = a.await("message", e -> e.path("data").path("id").asLong() == committed,
                        Duration.ofSeconds(2));
                assertEquals("Locked out, room 12", answer.path("data").path("content").asText());
                b.await("message", e -> e.path("data").path("id").asLong() == committed, Duration.ofSeconds(2));

                a.text(conversation, "marker");
                b.await("message", e -> e.path("data").path("content").asText().equals("marker"));
                assertThat(b.messageIds()).doesNotHaveDuplicates().isSorted().contains(committed);
                assertEquals(2, TestSql.queryLong(cluster.db, "SELECT count(*) FROM messages WHERE conversation_id = ?",
                        conversation), "stored once");
            }
        }
    }

    @Test
    void aConversationChangeNeverAnnouncedReachesItsDepartment() {
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            String alice = cluster.user("unsaid_alice", "reception");
            String bob = cluster.user("unsaid_bob", "reception");
            long bobId = TestSql.queryLong(cluster.db, "SELECT id FROM staff_users WHERE username = 'unsaid_bob'");
            try (WsClient a = cluster.connect(0, alice); WsClient b = cluster.connect(1, bob)) {
                a.roundTrip();
                b.roundTrip();
                long conversation = cluster.conversation(alice, "reception");
                a.await("new_conversation", e -> e.path("data").path("id").asLong() == conversation);
                b.await("new_conversation", e -> e.path("data").path("id").asLong() == conversation);
                TestSql.update(cluster.db, "UPDATE conversations SET assignee_id = ? WHERE id = ?", bobId, conversation);
                for (WsClient session : List.of(a, b)) {
                    JsonNode state = session.await("conversation_state",
                            e -> e.path("data").path("conversation_id").asLong() == conversation, BOUND);
                    assertEquals(bobId, state.path("data").path("conversation").path("assignee").path("id").asLong());
                    assertEquals(2, state.path("data").path("version").asLong());
                }
                // The change announced later by the bus, or by another repair, is not delivered again.
                TestSql.update(cluster.db, "UPDATE conversations SET status = 'pending' WHERE id = ?", conversation);
                for (WsClient session : List.of(a, b)) {
                    session.await("conversation_state", e -> e.path("data").path("version").asLong() == 3, BOUND);
                    assertEquals(1, session.history().stream()
                            .filter(e -> e.path("data").path("version").asLong() == 2).count());
                }
            }
        }
    }

    @Test
    void whatEverySessionHeardIsNotDeliveredAgain() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2)) {
            String alice = cluster.user("quiet_alice", "reception");
            String bob = cluster.user("quiet_bob", "reception");
            long bobId = TestSql.queryLong(cluster.db, "SELECT id FROM staff_users WHERE username = 'quiet_bob'");
            long before = cluster.conversation(alice, "reception");
            // Opened an hour before anyone connected: the sessions have it from the list.
            TestSql.update(cluster.db, "UPDATE conversations SET created_at = created_at - interval '1 hour', "
                    + "version_at = version_at - interval '1 hour' WHERE id = ?", before);
            try (WsClient a = cluster.connect(0, alice); WsClient b = cluster.connect(1, bob)) {
                a.roundTrip();
                b.roundTrip();
                long during = cluster.conversation(alice, "reception");
                b.await("new_conversation", e -> e.path("data").path("id").asLong() == during);
                a.subscribe(before);
                for (long id : List.of(before, during)) {
                    a.text(id, "hello " + id);
                    a.send("{\"type\":\"note\",\"conversation_id\":" + id + ",\"content\":\"a note\"}");
                    b.await("conversation_update", e -> e.path("data").path("data").path("conversation_id").asLong() == id);
                }
                // Only the second one changes state; the first is only written to.
                cluster.api(1).post("/chat/conversations/" + during + "/assign/", bob, "{\"user_id\":" + bobId + "}");
                b.await("conversation_assigned", e -> e.path("data").path("conversation_id").asLong() == during);
                // A change behind the nodes' backs, made after all that: once both nodes repaired it, their passes have
                // looked at everything before it too.
                long marker = cluster.conversation(alice, "reception");
                b.await("new_conversation", e -> e.path("data").path("id").asLong() == marker);
                TestSql.update(cluster.db, "UPDATE conversations SET status = 'pending' WHERE id = ?", marker);
                a.await("conversation_state", e -> e.path("data").path("conversation_id").asLong() == marker, BOUND);
                b.await("conversation_state", e -> e.path("data").path("conversation_id").asLong() == marker, BOUND);
                for (int node = 0; node < 2; node++) {
                    String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                    URI.create(cluster.api(node).base() + "/metrics")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                    assertThat(metrics.lines().filter(l -> l.startsWith("chat_repairs_total")))
                            .as("repairs on node %d", node).singleElement().asString().contains("what=\"state\"")
                            .endsWith(" 1.0");
                }
            }
        }
    }

    @Test
    void aNodeKilledBetweenCommitAndPublishLosesNothing() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(1); BlackHoleProxy proxy = BlackHoleProxy.to(cluster.redis.port())) {
            String alice = cluster.user("killed_alice", "reception");
            String bob = cluster.user("killed_bob", "reception");
            long conversation = cluster.conversation(alice, "reception");
            File log = Files.createTempFile("doomed-node", ".log").toFile();
            Map<String, String> env = cluster.environment("doomed");
            env.put("CHAT_REDIS_URL", proxy.url());
            try (NodeProcess doomed = NodeProcess.start(env, com.hotelchat.bus.TestRedis.freePort(), log);
                 WsClient b = cluster.connect(0, bob)) {
                b.subscribe(conversation);
                WsClient a = WsClient.connect(doomed.port, alice);
                a.subscribe(conversation);
                a.text(conversation, "before");
                b.await("message", e -> e.path("data").path("content").asText().equals("before"));

                // Its bus goes silent, so what it commits now it cannot publish; then it is killed outright.
                proxy.cutOff();
                a.send("{\"type\":\"text\",\"conversation_id\":" + conversation
                        + ",\"content\":\"committed, then the node died\",\"client_message_id\":\"k-1\"}");
                long committed = a.await("message",
                        e -> e.path("data").path("content").asText().equals("committed, then the node died"))
                        .path("data").path("id").asLong();
                doomed.kill();
                a.close();

                b.await("message", e -> e.path("data").path("id").asLong() == committed, BOUND);

                // The sender reconnects elsewhere and retries: the original, stored once, reaches nobody twice.
                try (WsClient again = cluster.connect(0, alice)) {
                    again.subscribe(conversation);
                    again.send("{\"type\":\"text\",\"conversation_id\":" + conversation
                            + ",\"content\":\"committed, then the node died\",\"client_message_id\":\"k-1\"}");
                    again.await("message", e -> e.path("data").path("id").asLong() == committed);
                    again.text(conversation, "after");
                    b.await("message", e -> e.path("data").path("content").asText().equals("after"));
                }
                assertThat(b.messageIds()).doesNotHaveDuplicates().isSorted().contains(committed);
                assertEquals(3, TestSql.queryLong(cluster.db, "SELECT count(*) FROM messages WHERE conversation_id = ?",
                        conversation));
            }
        }
    }

    /**
     * Appends a staff message exactly as a node does (its row locked, the same function), in a transaction of its own,
     * and announces it to nobody: what a node that died right after its commit leaves behind.
     */
    private static long appendBehindTheNodesBacks(ClusterFixture cluster, long conversation, long senderId,
                                                  String content, String clientMessageId) {
        return TestSql.queryLong(cluster.db, "WITH locked AS (SELECT id FROM conversations WHERE id = " + conversation
                + " FOR UPDATE) SELECT m.id FROM locked, append_message(locked.id, 'staff', " + senderId
                + ", 'A colleague', " + literal(content) + ", " + (clientMessageId == null ? "NULL" : literal(clientMessageId))
                + ", NULL, FALSE, NULL, " + literal(content) + ") m");
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
