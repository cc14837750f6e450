package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.bus.BlackHoleProxy;
import com.hotelchat.db.DbSettings;
import com.hotelchat.db.TestPostgres;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The application-level heartbeat: {@code ping} is answered with {@code pong} to the session that sent it and nobody
 * else, on the staff and the guest socket alike, without the database (it is answered while the node's PostgreSQL
 * connections are black-holed) and counted against the flood limit like any command.
 */
class HeartbeatTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    /** A node whose database connections go through a proxy the test can black-hole. */
    private record Node(ChatNode node, Api api, String admin, BlackHoleProxy toDatabase) implements AutoCloseable {
        static Node start(Map<String, String> overrides) {
            DbSettings db = TestPostgres.freshDatabase();
            int port = URI.create(db.jdbcUrl().substring("jdbc:".length())).getPort();
            BlackHoleProxy proxy = BlackHoleProxy.to(port);
            Map<String, String> env = TestNode.environment(db, "heartbeat");
            env.put("CHAT_DB_URL", db.jdbcUrl().replace(":" + port + "/", ":" + proxy.port() + "/"));
            env.putAll(overrides);
            ChatNode node = TestNode.start(env);
            Api api = new Api(node.port());
            String admin = api.adminToken();
            api.department(admin, "reception");
            return new Node(node, api, admin, proxy);
        }

        String user(String username) {
            api.staff(admin, username, SingleNodeFixture.displayName(username), List.of("reception"));
            return api.loginStaff(username);
        }

        WsClient guest(String staffToken, long conversation) {
            return WsClient.guest(node.port(), api.guestToken(staffToken, conversation), null);
        }

        /** The proxy first: whatever waits on a black-holed connection fails at once, and the node can stop. */
        @Override
        public void close() {
            toDatabase.close();
            node.close();
        }
    }

    private static boolean isMarker(JsonNode e) {
        return e.path("data").path("content").asText().equals("marker");
    }

    @Test
    void aPingIsAnsweredToItsOwnSessionOnlyWithItsIdOnBothSockets() {
        try (Node n = Node.start(Map.of())) {
            String alice = n.user("hb_alice");
            String bob = n.user("hb_bob");
            long conversation = n.api.conversation(alice, "reception", "+15550001001", "Heartbeat Guest");
            try (WsClient a = WsClient.connect(n.node.port(), alice); WsClient b = WsClient.connect(n.node.port(), bob);
                 WsClient guest = n.guest(alice, conversation)) {
                a.subscribe(conversation);
                b.subscribe(conversation);
                a.send("{\"type\":\"ping\",\"id\":\"a-1\"}");
                assertEquals("{\"type\":\"pong\",\"id\":\"a-1\"}", a.await("pong").toString());
                a.send("{\"type\":\"ping\"}");
                assertThat(a.await("pong").has("id")).as("a ping without an id gets a pong without one").isFalse();
                guest.send("{\"type\":\"ping\",\"id\":\"guest-7\"}");
                assertEquals("guest-7", guest.await("pong").get("id").asText());
                guest.send("{\"type\":\"ping\",\"id\":" + Api.quote("x".repeat(65)) + "}");
                assertEquals("'id' of a ping must be a string of at most 64 characters", guest.await("error").get("message").asText());

                // Nobody else hears of them: not a colleague in the same conversation, not the guest, not the sender twice.
                b.assertNoneBefore("pong", e -> true, () -> a.text(conversation, "marker"), "message", HeartbeatTest::isMarker);
                guest.assertNoneBefore("pong", e -> true, () -> { }, "message", HeartbeatTest::isMarker);
                a.assertNoneBefore("pong", e -> true, () -> { }, "message", HeartbeatTest::isMarker);
            }
        }
    }

    @Test
    void aPingIsAnsweredWhileTheDatabaseIsUnreachable() {
        try (Node n = Node.start(Map.of())) {
            String alice = n.user("hb_carol");
            long conversation = n.api.conversation(alice, "reception", "+15550001002", "Offline Guest");
            try (WsClient a = WsClient.connect(n.node.port(), alice); WsClient guest = n.guest(alice, conversation)) {
                a.subscribe(conversation);
                n.toDatabase.cutOff(); // every database connection of the node now hangs
                for (int i = 0; i < 5; i++) {
                    a.send("{\"type\":\"ping\",\"id\":\"staff-" + i + "\"}");
                    String id = "staff-" + i;
                    a.await("pong", e -> e.path("id").asText().equals(id), PROMPTLY);
                    guest.send("{\"type\":\"ping\",\"id\":\"guest-" + i + "\"}");
                    String guestId = "guest-" + i;
                    guest.await("pong", e -> e.path("id").asText().equals(guestId), PROMPTLY);
                }
            }
        }
    }

    @Test
    void pingsCountAgainstTheFloodLimit() {
        try (Node n = Node.start(Map.of("CHAT_WS_MAX_COMMANDS_PER_SECOND", "5"))) {
            String alice = n.user("hb_dave");
            try (WsClient a = WsClient.connect(n.node.port(), alice)) {
                for (int i = 0; i < 40; i++) {
                    a.send("{\"type\":\"ping\",\"id\":\"" + i + "\"}");
                }
                assertThat(a.await("error").get("message").asText()).startsWith("Too many commands");
                assertEquals(1008, a.awaitClose());
            }
        }
    }
}
