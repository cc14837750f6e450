package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The delivery table across three nodes sharing Redis and PostgreSQL, and what happens when Redis misbehaves. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

    static ClusterFixture cluster;

    @BeforeAll
    static void start() {
        cluster = new ClusterFixture(3);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static boolean content(JsonNode e, String text) {
        return e.path("data").path("content").asText().equals(text);
    }

    private static boolean update(JsonNode e, String kind, long conversationId) {
        JsonNode inner = e.path("data").path("data");
        return e.path("type").asText().equals("conversation_update") && e.path("data").path("type").asText().equals(kind)
                && (inner.path("conversation_id").asLong() == conversationId || inner.path("id").asLong() == conversationId);
    }

    @Test
    @Order(1)
    void messagesUpdatesAndTypingFollowTheRulesAcrossNodes() {
        String alice = cluster.user("k_alice", "reception");
        String bob = cluster.user("k_bob", "reception");
        String carol = cluster.user("k_carol", "reception");
        String dave = cluster.user("k_dave", "housekeeping");
        try (WsClient a = cluster.connect(0, alice); WsClient b = cluster.connect(1, bob);
             WsClient c = cluster.connect(2, carol); WsClient d = cluster.connect(2, dave)) {
            long conv = cluster.conversation(alice, "reception");
            for (WsClient client : List.of(a, b, c)) {
                client.await("new_conversation", e -> e.path("data").path("id").asLong() == conv);
            }
            a.subscribe(conv);
            b.subscribe(conv);
            c.text(conv, "from node 2");
            a.await("message", e -> content(e, "from node 2"));
            b.await("message", e -> content(e, "from node 2"));
            JsonNode upd = c.await("conversation_update", e -> update(e, "new_message", conv));
            assertEquals("K_carol Test", upd.get("data").get("data").get("message_from").asText());

            a.send("{\"type\":\"typing\",\"conversation_id\":" + conv + ",\"is_typing\":true}");
            b.await("typing", e -> e.path("data").path("user_name").asText().equals("K_alice Test"));
            a.assertNoneBefore("typing", e -> e.path("data").path("user_name").asText().equals("K_alice Test"),
                    () -> b.send("{\"type\":\"typing\",\"conversation_id\":" + conv + ",\"is_typing\":true}"),
                    "typing", e -> e.path("data").path("user_name").asText().equals("K_bob Test"));

            for (WsClient subscriber : List.of(a, b)) {
                subscriber.assertNoneBefore("conversation_update", e -> update(e, "new_message", conv),
                        () -> c.text(conv, "marker " + subscriber.hashCode()), "message",
                        e -> content(e, "marker " + subscriber.hashCode()));
            }

            c.send("{\"type\":\"close_conversation\",\"conversation_id\":" + conv + "}");
            for (WsClient client : List.of(a, b, c)) {
                client.await("conversation_update", e -> update(e, "closed", conv));
            }
            long marker = cluster.conversation(alice, "reception");
            for (WsClient client : List.of(a, b, c)) {
                client.await("new_conversation", e -> e.path("data").path("id").asLong() == marker);
                assertThat(client.history()).filteredOn(e -> update(e, "closed", conv)).hasSize(1);
            }
            long housekeeping = cluster.conversation(dave, "housekeeping");
            d.await("new_conversation", e -> e.path("data").path("id").asLong() == housekeeping);
            assertThat(d.history()).noneMatch(e -> e.path("data").path("id").asLong() == conv
                    || e.path("data").path("conversation_id").asLong() == conv);
        }
    }

    @Test
    @Order(2)
    void presenceIsClusterWide() {
        String watcher = cluster.user("q_watch", "reception");
        String erin = cluster.user("q_erin", "reception");
        String fred = cluster.user("q_fred", "reception");
        try (WsClient w = cluster.connect(0, watcher)) {
            WsClient e1 = cluster.connect(1, erin);
            e1.roundTrip();
            JsonNode on = w.await("user_status", e -> e.path("data").path("user_name").asText().equals("Q_erin Test"));
            assertEquals("user_connected", on.get("data").get("type").asText());
            JsonNode online = cluster.api(2).get("/chat/presence/", watcher).body().get("online");
            assertThat(online.toString()).contains("Q_erin Test").doesNotContain("Q_watch Test");
            WsClient e2 = cluster.connect(2, erin);
            e2.roundTrip();
            e1.close();
            WsClient[] f = new WsClient[1];
            w.assertNoneBefore("user_status", e -> e.path("data").path("user_name").asText().equals("Q_erin Test"),
                    () -> f[0] = cluster.connect(1, fred), "user_status",
                    e -> e.path("data").path("user_name").asText().equals("Q_fred Test"));
            e2.close();
            JsonNode off = w.await("user_status", e -> e.path("data").path("user_name").asText().equals("Q_erin Test"));
            assertEquals("user_disconnected", off.get("data").get("type").asText());
            assertThat(e2.history()).noneMatch(e -> e.path("data").path("user_name").asText().equals("Q_erin Test"));
            assertThat(cluster.api(1).get("/chat/presence/", watcher).body().get("online").toString()).doesNotContain("Q_erin Test");
            f[0].close();
        }
    }

    @Test
    @Order(3)
    void concurrentSendersOnDifferentNodesAreSeenInIdOrderWithoutGapsEverywhere() throws Exception {
        String watcher = cluster.user("o2_watch", "reception");
        long conv = cluster.conversation(watcher, "reception");
        List<String> senders = List.of(cluster.user("o2_s0", "reception"), cluster.user("o2_s1", "reception"),
                cluster.user("o2_s2", "reception"));
        List<WsClient> watchers = List.of(cluster.connect(0, watcher), cluster.connect(1, watcher), cluster.connect(2, watcher));
        try {
            for (WsClient w : watchers) {
                w.subscribe(conv);
            }
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                int node = s;
                running.add(pool.submit(() -> {
                    try (WsClient client = cluster.connect(node, senders.get(node))) {
                        for (int i = 0; i < 40; i++) {
                            client.text(conv, "n" + node + " " + i);
                        }
                        client.subscribe(conv);
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            pool.shutdown();
            List<Long> stored = cluster.api.storedIds(watcher, conv);
            assertEquals(120, stored.size());
            for (WsClient w : watchers) {
                w.await("message", e -> e.path("data").path("id").asLong() == stored.get(stored.size() - 1));
                assertEquals(stored, w.messageIds());
            }
        } finally {
            watchers.forEach(WsClient::close);
        }
    }

    @Test
    @Order(3)
    void guestsReachStaffOnOtherNodesOverWhatsAppAndWebChat() {
        String desk = cluster.user("w_desk", "reception");
        try (WsClient d = cluster.connect(0, desk)) {
            assertEquals(200, Webhooks.post(cluster.nodes.get(2).port(),
                    Webhooks.text("15557770001", "Cluster Guest", "wamid.cluster.1", "Hello from WhatsApp")));
            long conv = d.await("new_conversation", e -> e.path("data").path("guest_name").asText().equals("Cluster Guest"))
                    .get("data").get("id").asLong();
            d.subscribe(conv);
            String token = cluster.api.post("/chat/guest-tokens/", desk, "{\"conversation_id\":" + conv + "}").body()
                    .get("token").asText();
            try (WsClient guest = WsClient.connect(java.net.URI.create("ws://127.0.0.1:" + cluster.nodes.get(1).port()
                    + "/ws/guest/?token=" + token), null)) {
                guest.roundTrip();
                d.text(conv, "Hi, desk here");
                guest.await("message", e -> content(e, "Hi, desk here"));
                guest.send("{\"type\":\"text\",\"content\":\"Web chat reply\"}");
                JsonNode fromGuest = d.await("message", e -> content(e, "Web chat reply"));
                assertEquals("guest", fromGuest.get("data").get("sender_type").asText());
                assertEquals(200, Webhooks.post(cluster.nodes.get(1).port(),
                        Webhooks.text("15557770001", "Cluster Guest", "wamid.cluster.2", "And from WhatsApp again")));
                d.await("message", e -> content(e, "And from WhatsApp again"));
                guest.await("message", e -> content(e, "And from WhatsApp again"));
            }
        }
    }

    @Test
    @Order(3)
    void aGuestGetsTheHistoryOnOpenAndWhatItMissedOnReconnectingToAnyNode() {
        String desk = cluster.user("gr_desk", "reception");
        long conv = cluster.conversation(desk, "reception");
        String token = cluster.api.post("/chat/guest-tokens/", desk, "{\"conversation_id\":" + conv + "}").body()
                .get("token").asText();
        try (WsClient d = cluster.connect(0, desk)) {
            d.subscribe(conv);
            d.text(conv, "before the link 1");
            d.text(conv, "before the link 2");
            d.await("message", e -> content(e, "before the link 2"));

            WsClient first = guest(1, token, "&last_message_id=0");
            first.await("message", e -> content(e, "before the link 2"));
            List<Long> shown = first.messageIds();
            assertEquals(cluster.api.storedIds(desk, conv), shown, "the whole history, in order, once");
            first.close();

            for (int i = 0; i < 3; i++) {
                d.text(conv, "while away " + i);
            }
            d.await("message", e -> content(e, "while away 2"));
            try (WsClient back = guest(2, token, "&last_message_id=" + shown.get(shown.size() - 1))) {
                back.await("message", e -> content(e, "while away 2"));
                d.text(conv, "live again");
                back.await("message", e -> content(e, "live again"));
                List<Long> stored = cluster.api.storedIds(desk, conv);
                assertEquals(stored.subList(shown.size(), stored.size()), back.messageIds(),
                        "what was missed, then live, once each and in order");
            }
            try (WsClient plain = guest(0, token, "")) {
                d.text(conv, "only live for a client that asks for nothing");
                plain.await("message", e -> content(e, "only live for a client that asks for nothing"));
                assertEquals(1, plain.messageIds().size());
            }
            int refused = WsClient.handshakeStatus(java.net.URI.create("ws://127.0.0.1:" + cluster.nodes.get(0).port()
                    + "/ws/guest/?token=" + token + "&last_message_id=-3"), null);
            assertEquals(400, refused);
        }
    }

    private static WsClient guest(int node, String token, String query) {
        return WsClient.connect(java.net.URI.create("ws://127.0.0.1:" + cluster.nodes.get(node).port()
                + "/ws/guest/?token=" + token + query), null);
    }

    @Test
    @Order(4)
    void redisOutageKeepsSessionsServingAndFillsTheGapWhenRedisReturns() {
        try (ClusterFixture.SubscribedPair pair = cluster.subscribedPair("x", 0, 1)) {
            WsClient a = pair.first();
            WsClient b = pair.second();
            long conv = pair.conversation();
            String alice = pair.firstToken();
            a.text(conv, "before");
            b.await("message", e -> content(e, "before"));

            cluster.stopRedis();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    cluster.api(0).get("/readyz", null).body().get("bus").asText().equals("down"));
            Api.Reply ready = cluster.api(1).get("/readyz", null);
            assertEquals(200, ready.status(), "an outage of Redis must not make nodes unready");

            for (int i = 0; i < 10; i++) {
                a.text(conv, "during " + i);
            }
            a.await("message", e -> content(e, "during 9"));
            b.text(conv, "bob during");
            b.await("message", e -> content(e, "bob during"));

            cluster.startRedis();
            a.await("message", e -> content(e, "bob during"));
            a.text(conv, "after");
            a.await("message", e -> content(e, "after"));
            b.await("message", e -> content(e, "after"));
            List<Long> stored = cluster.api.storedIds(alice, conv);
            assertEquals(13, stored.size());
            assertEquals(stored, a.messageIds());
            assertEquals(stored, b.messageIds());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    cluster.api(0).get("/readyz", null).body().get("bus").asText().equals("up"));
        }
    }

    @Test
    @Order(5)
    void killedPubSubConnectionsLoseNothing() throws Exception {
        try (ClusterFixture.SubscribedPair pair = cluster.subscribedPair("y", 0, 2)) {
            WsClient a = pair.first();
            WsClient b = pair.second();
            long conv = pair.conversation();
            String alice = pair.firstToken();
            ExecutorService sender = Executors.newSingleThreadExecutor();
            Future<?> sending = sender.submit(() -> {
                for (int i = 0; i < 60; i++) {
                    a.text(conv, "k " + i);
                }
            });
            cluster.killPubSubConnections();
            sending.get();
            sender.shutdown();
            b.await("message", e -> content(e, "k 59"));
            List<Long> stored = cluster.api.storedIds(alice, conv);
            assertEquals(stored, b.messageIds());
            assertEquals(stored, a.messageIds());
        }
    }
}
