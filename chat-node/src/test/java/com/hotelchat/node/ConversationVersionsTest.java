package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Conversation state changed from two nodes at the same moment: every session on both nodes receives each
 * conversation's state events in ascending version order and, applying them as they come, ends with exactly what the
 * database has.
 */
class ConversationVersionsTest {

    /** The events that carry a conversation's state (with {@code version} and {@code conversation}). */
    private static final Set<String> STATE_EVENTS = Set.of("new_conversation", "conversation_assigned",
            "conversation_status", "conversation_labels", "conversation_state", "guest_updated", "conversation_update",
            "conversation_transferred");

    private static ClusterFixture cluster;
    private static String reader;

    @BeforeAll
    static void start() {
        cluster = new ClusterFixture(2);
        reader = cluster.user("versions_reader", "reception");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void concurrentChangesFromTwoNodesLeaveEverySessionWithTheDatabasesState() throws Exception {
        List<String> tokens = new ArrayList<>();
        List<Long> staffIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String username = "race_" + i;
            staffIds.add(cluster.api.staff(cluster.admin, username, "Racer " + i, List.of("reception")));
            tokens.add(cluster.api.loginStaff(username));
        }
        List<Long> labels = new ArrayList<>();
        for (String name : List.of("race-vip", "race-late", "race-towels")) {
            labels.add(cluster.api.post("/admin/labels", cluster.admin,
                    "{\"name\":\"" + name + "\",\"color\":\"#aa0000\"}").body().get("id").asLong());
        }
        List<Long> conversations = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            conversations.add(cluster.conversation(tokens.get(0), "reception"));
        }
        // On each node: a session subscribed to every conversation and one that only watches the department.
        List<WsClient> sessions = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            WsClient subscriber = cluster.connect(node, tokens.get(node));
            conversations.forEach(subscriber::subscribe);
            sessions.add(subscriber);
            WsClient watcher = cluster.connect(node, tokens.get(2));
            watcher.roundTrip();
            sessions.add(watcher);
        }

        Random random = new Random(26);
        ExecutorService pool = Executors.newFixedThreadPool(2 * conversations.size());
        try {
            for (int round = 0; round < 50; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Api.Reply>> calls = new ArrayList<>();
                for (int i = 0; i < 2 * conversations.size(); i++) {
                    long conversation = conversations.get(i / 2);
                    int node = i % 2;
                    String path = "/chat/conversations/" + conversation;
                    String[] change = change(random, path, staffIds, labels, node);
                    Api api = cluster.api(node);
                    String token = tokens.get(node);
                    calls.add(pool.submit(() -> {
                        go.await();
                        return api.call(change[0], change[1], token, change[2]);
                    }));
                }
                go.countDown();
                for (Future<Api.Reply> call : calls) {
                    assertThat(call.get().status()).as("every change is accepted").isEqualTo(200);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        for (long conversation : conversations) {
            long version = stored(conversation).get("version").asLong();
            for (WsClient session : sessions) {
                awaitVersion(session, conversation, version);
            }
        }
        for (WsClient session : sessions) {
            Map<Long, JsonNode> lastView = new HashMap<>();
            Map<Long, Long> lastVersion = new HashMap<>();
            for (JsonNode event : session.history()) {
                JsonNode state = state(event);
                if (state == null) {
                    continue;
                }
                long id = conversationId(state);
                long version = state.get("version").asLong();
                assertThat(version).as("versions of conversation %d ascend for a session", id)
                        .isGreaterThan(lastVersion.getOrDefault(id, 0L));
                lastVersion.put(id, version);
                lastView.put(id, state.has("conversation") ? state.get("conversation") : state);
            }
            for (long conversation : conversations) {
                JsonNode stored = stored(conversation);
                JsonNode seen = lastView.get(conversation);
                assertThat(seen).as("conversation %d seen by a session", conversation).isNotNull();
                assertEquals(stored.get("version"), seen.get("version"));
                assertEquals(stored.path("assignee"), seen.path("assignee"), "assignee of " + conversation);
                assertEquals(stored.get("status"), seen.get("status"), "status of " + conversation);
                assertEquals(stored.get("labels"), seen.get("labels"), "labels of " + conversation);
            }
        }
        sessions.forEach(WsClient::close);
    }

    @Test
    void aChangeForAVersionThatMovedOnChangesNothing() {
        String token = cluster.user("stale_alice", "reception");
        long id = cluster.conversation(token, "reception");
        long version = stored(id).get("version").asLong();
        Api.Reply first = cluster.api(0).post("/chat/conversations/" + id + "/status/", token,
                "{\"status\":\"pending\",\"expected_version\":" + version + "}");
        assertEquals(200, first.status());
        assertEquals(version + 1, first.body().get("version").asLong());
        Api.Reply stale = cluster.api(1).post("/chat/conversations/" + id + "/status/", token,
                "{\"status\":\"active\",\"expected_version\":" + version + "}");
        assertEquals(409, stale.status());
        assertThat(stale.body().get("error").asText()).contains("version " + (version + 1));
        try (WsClient ws = cluster.connect(1, token)) {
            ws.send("{\"type\":\"set_conversation_status\",\"conversation_id\":" + id
                    + ",\"status\":\"active\",\"expected_version\":" + version + "}");
            assertThat(ws.await("error").get("message").asText()).contains("changed meanwhile");
            ws.send("{\"type\":\"assign_conversation\",\"conversation_id\":" + id
                    + ",\"user_id\":null,\"expected_version\":\"x\"}");
            assertThat(ws.await("error").get("message").asText()).contains("'expected_version'");
        }
        JsonNode now = stored(id);
        assertEquals("pending", now.get("status").asText());
        assertEquals(version + 1, now.get("version").asLong());
    }

    /** The data of a state event (one that carries a version), or null. */
    private static JsonNode state(JsonNode event) {
        String type = event.path("type").asText();
        if (!STATE_EVENTS.contains(type)) {
            return null;
        }
        JsonNode data = type.equals("conversation_update") ? event.path("data").path("data") : event.path("data");
        return data.has("version") ? data : null;
    }

    private static long conversationId(JsonNode state) {
        return state.has("conversation_id") ? state.get("conversation_id").asLong() : state.get("id").asLong();
    }

    /** Waits until the session has received a state event of the conversation at this version (or a later one). */
    private static void awaitVersion(WsClient session, long conversation, long version) throws InterruptedException {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        while (session.history().stream().map(ConversationVersionsTest::state)
                .noneMatch(s -> s != null && conversationId(s) == conversation && s.get("version").asLong() >= version)) {
            assertThat(System.nanoTime()).as("conversation %d at version %d reached the session", conversation, version)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** One change, as {method, path, body}: an assignment, a status or a label, chosen at random per node. */
    private static String[] change(Random random, String path, List<Long> staffIds, List<Long> labels, int node) {
        return switch (random.nextInt(4)) {
            case 0 -> new String[] {"POST", path + "/assign/",
                    "{\"user_id\":" + staffIds.get(random.nextInt(staffIds.size())) + "}"};
            case 1 -> new String[] {"POST", path + "/status/",
                    "{\"status\":\"" + (node == 0 ? "pending" : "active") + "\"}"};
            case 2 -> new String[] {"POST", path + "/labels/",
                    "{\"label_id\":" + labels.get(random.nextInt(labels.size())) + "}"};
            default -> new String[] {"DELETE", path + "/labels/" + labels.get(random.nextInt(labels.size())), null};
        };
    }

    /** The conversation as the database has it now (through the history endpoint's {@code conversation}). */
    private static JsonNode stored(long id) {
        return cluster.api.get("/chat/conversations/" + id + "/messages/?limit=1", reader).body().get("conversation");
    }
}
