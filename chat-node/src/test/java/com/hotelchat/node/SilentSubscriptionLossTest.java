package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.bus.BlackHoleProxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes reach Redis each through a proxy that can stop forwarding chosen connections in both directions while the
 * sockets stay open (a firewall or NAT that forgot them), or cut a node off from Redis altogether for a while.
 */
class SilentSubscriptionLossTest {

    private static ClusterFixture cluster;

    @BeforeAll
    static void start() {
        cluster = ClusterFixture.behindProxy(2);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void blackHoledSubscriptionsAreReplacedAndNothingIsLostUnderTraffic() throws Exception {
        try (ClusterFixture.SubscribedPair pair = cluster.subscribedPair("bh", 0, 1)) {
            WsClient a = pair.first();
            WsClient b = pair.second();
            long conv = pair.conversation();
            String alice = pair.firstToken();
            a.text(conv, "m 0");
            b.await("message", e -> e.path("data").path("content").asText().equals("m 0"));

            ExecutorService sender = Executors.newSingleThreadExecutor();
            Future<?> sending = sender.submit(() -> {
                for (int i = 1; i < 80; i++) {
                    a.text(conv, "m " + i);
                    if (i == 20) {
                        for (BlackHoleProxy proxy : cluster.proxies) {
                            assertEquals(1, proxy.blackHole(BlackHoleProxy.Link::isPubSub),
                                    "each node's pub/sub connection is silenced");
                        }
                    }
                    sleep(40);
                }
            });
            sending.get();
            sender.shutdown();

            b.await("message", e -> e.path("data").path("content").asText().equals("m 79"), Duration.ofSeconds(15));
            List<Long> stored = cluster.api.storedIds(alice, conv);
            assertEquals(80, stored.size());
            assertEquals(stored, b.messageIds(), "every message once, in order, on the other node");
            assertEquals(stored, a.messageIds());
            assertThat(a.isClosed()).isFalse();
            assertThat(b.isClosed()).isFalse();

            // Recovered for good: live delivery through the new connections, not only gap fill.
            a.text(conv, "after recovery");
            b.await("message", e -> e.path("data").path("content").asText().equals("after recovery"));
            for (BlackHoleProxy proxy : cluster.proxies) {
                assertThat(proxy.links()).filteredOn(l -> l.isPubSub() && !l.isBlackHoled()).hasSize(1);
            }
        }
    }

    @Test
    void whatASessionMissedWhileItsNodeWasCutOffIsToldAfterwards() {
        String watcher = cluster.user("cut_watcher", "reception");
        String colleague = cluster.user("cut_colleague", "reception");
        long busy = cluster.conversation(colleague, "reception");
        try (WsClient w = cluster.connect(1, watcher)) {
            // its session is open (and its node subscribed to the department) before the colleague comes online
            w.roundTrip();
            WsClient c = cluster.connect(0, colleague);
            w.await("user_status", e -> e.path("data").path("user_name").asText().equals("Cut_colleague Test")
                    && e.path("data").path("type").asText().equals("user_connected"));
            c.subscribe(busy);

            cluster.proxies.get(1).cutOff();
            long opened = cluster.conversation(colleague, "reception");
            c.text(busy, "while you were away 1");
            c.text(busy, "while you were away 2");
            c.await("message", e -> e.path("data").path("content").asText().equals("while you were away 2"));
            c.close();
            cluster.proxies.get(1).restore();

            // The three may come in any order: the conversation changes from the database (the periodic repair, even
            // while Redis is away, or the resync), presence once it is readable.
            java.util.function.Predicate<JsonNode> isCreated = e -> e.path("type").asText().equals("new_conversation")
                    && e.path("data").path("id").asLong() == opened;
            java.util.function.Predicate<JsonNode> isUpdate = e -> e.path("type").asText().equals("conversation_update")
                    && e.path("data").path("type").asText().equals("new_message")
                    && e.path("data").path("data").path("conversation_id").asLong() == busy;
            java.util.function.Predicate<JsonNode> isLeft = e -> e.path("type").asText().equals("user_status")
                    && e.path("data").path("user_name").asText().equals("Cut_colleague Test")
                    && e.path("data").path("type").asText().equals("user_disconnected");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> w.history().stream().anyMatch(isCreated)
                    && w.history().stream().anyMatch(isUpdate) && w.history().stream().anyMatch(isLeft));
            JsonNode created = w.history().stream().filter(isCreated).findFirst().orElseThrow();
            assertEquals("reception", created.get("data").get("department").asText());
            assertEquals("active", created.get("data").get("status").asText());
            JsonNode update = w.history().stream().filter(isUpdate).reduce((first, last) -> last).orElseThrow();
            assertEquals("while you were away 2", update.get("data").get("data").get("last_message_preview").asText());
            assertEquals("Cut_colleague Test", update.get("data").get("data").get("message_from").asText());
            JsonNode left = w.history().stream().filter(isLeft).findFirst().orElseThrow();
            assertEquals("reception", left.get("data").get("department").asText());
            assertThat(w.isClosed()).isFalse();
        }
    }

    @Test
    void colleaguesOfANodeCutOffLongerThanItsHeartbeatSeeItsUsersLeaveAndComeBack() {
        String watcher = cluster.user("lapse_watcher", "reception");
        String away = cluster.user("lapse_away", "reception");
        java.util.function.Predicate<JsonNode> aboutAway = e -> e.path("data").path("user_name").asText()
                .equals("Lapse_away Test");
        try (WsClient w = cluster.connect(0, watcher); WsClient a = cluster.connect(1, away)) {
            w.await("user_status", e -> aboutAway.test(e) && e.path("data").path("type").asText().equals("user_connected"));
            cluster.proxies.get(1).cutOff();
            w.await("user_status", e -> aboutAway.test(e)
                    && e.path("data").path("type").asText().equals("user_disconnected"), Duration.ofSeconds(20));
            cluster.proxies.get(1).restore();
            w.await("user_status", e -> aboutAway.test(e)
                    && e.path("data").path("type").asText().equals("user_connected"), Duration.ofSeconds(40));
            assertThat(cluster.api.get("/chat/presence/", watcher).body().toString()).contains("Lapse_away Test");
            assertThat(a.isClosed()).isFalse();
        }
    }

    @Test
    void aTransferMadeWhileANodeWasCutOffReachesBothDepartmentsThereAfterwards() {
        cluster.api.department(cluster.admin, "cut-laundry");
        String mover = cluster.user("cut_mover", "reception");
        String watcher = cluster.user("cut_reception", "reception");
        String laundry = cluster.user("cut_laundry", "cut-laundry");
        long moved = cluster.conversation(mover, "reception");
        try (WsClient w = cluster.connect(1, watcher); WsClient l = cluster.connect(1, laundry);
             WsClient m = cluster.connect(0, mover)) {
            w.subscribe(moved);
            cluster.proxies.get(1).cutOff();
            m.send("{\"type\":\"transfer_conversation\",\"conversation_id\":" + moved
                    + ",\"department\":\"cut-laundry\",\"note\":\"Ironing\"}");
            m.await("conversation_transferred");
            // The node is still cut off from Redis: its sessions hear of the transfer from the database (the repair).
            JsonNode left = w.await("conversation_transferred", e -> true, Duration.ofSeconds(5));
            cluster.proxies.get(1).restore();

            assertEquals(moved, left.path("data").path("conversation_id").asLong());
            assertEquals("Ironing", left.path("data").path("note").asText());
            assertEquals("cut-laundry", left.path("data").path("to_department").asText());
            l.await("new_conversation", e -> e.path("data").path("id").asLong() == moved, Duration.ofSeconds(40));
            // The reception session's subscription ended: the laundry's messages never reach it.
            l.subscribe(moved);
            l.text(moved, "Shirt ironed");
            l.await("message", e -> e.path("data").path("content").asText().equals("Shirt ironed"));
            w.roundTrip();
            assertThat(w.history()).noneMatch(e -> e.toString().contains("Shirt ironed"));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
