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
        String alice = cluster.user("bh_alice", "reception");
        String bob = cluster.user("bh_bob", "reception");
        long conv = cluster.conversation(alice, "reception");
        try (WsClient a = cluster.connect(0, alice); WsClient b = cluster.connect(1, bob)) {
            a.subscribe(conv);
            b.subscribe(conv);
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
            sleep(1_000);
            assertThat(w.history()).noneMatch(e -> e.path("data").path("id").asLong() == opened);
            cluster.proxies.get(1).restore();

            JsonNode created = w.await("new_conversation", e -> e.path("data").path("id").asLong() == opened,
                    Duration.ofSeconds(20));
            assertEquals("reception", created.get("data").get("department").asText());
            assertEquals("active", created.get("data").get("status").asText());
            JsonNode update = w.await("conversation_update", e -> e.path("data").path("type").asText().equals("new_message")
                    && e.path("data").path("data").path("conversation_id").asLong() == busy, Duration.ofSeconds(20));
            assertEquals("while you were away 2", update.get("data").get("data").get("last_message_preview").asText());
            assertEquals("Cut_colleague Test", update.get("data").get("data").get("message_from").asText());
            JsonNode left = w.await("user_status", e -> e.path("data").path("user_name").asText().equals("Cut_colleague Test"),
                    Duration.ofSeconds(20));
            assertEquals("user_disconnected", left.get("data").get("type").asText());
            assertEquals("reception", left.get("data").get("department").asText());
            assertThat(w.isClosed()).isFalse();
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
