package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Two nodes reach Redis through a proxy that, under traffic, stops forwarding their pub/sub connections in both
 * directions while the sockets stay open (a firewall or NAT that forgot them). The command connections keep working.
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
                        assertEquals(2, cluster.proxy.blackHole(BlackHoleProxy.Link::isPubSub),
                                "each node's pub/sub connection is silenced");
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
            assertThat(cluster.proxy.links()).filteredOn(l -> l.isPubSub() && !l.isBlackHoled()).hasSizeGreaterThanOrEqualTo(2);
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
