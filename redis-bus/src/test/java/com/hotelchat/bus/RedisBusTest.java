package com.hotelchat.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis bus passes the same contract as the in-process one, and survives what Redis does to it. */
class RedisBusTest extends RedisBusContract {

    private static TestRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected String url() {
        return redis.url();
    }

    @Test
    void localHandlersKeepReceivingWhileRedisIsDownAndResyncRunsWhenItReturns() {
        List<String> local = new CopyOnWriteArrayList<>();
        AtomicInteger resyncs = new AtomicInteger();
        node(0).subscribe(Group.department("reception"), e -> local.add(e.payload()));
        node(0).onResync(since -> resyncs.incrementAndGet());
        redis.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> !node(0).status().up());
        node(0).publish(Group.department("reception"), envelope("during outage"));
        await().atMost(Duration.ofSeconds(5)).until(() -> local.contains("during outage"));
        redis.startProcess();
        await().atMost(Duration.ofSeconds(15)).until(() -> resyncs.get() > 0 && node(0).status().up());
        List<String> remote = new CopyOnWriteArrayList<>();
        node(1).subscribe(Group.department("reception"), e -> remote.add(e.payload()));
        node(0).publish(Group.department("reception"), envelope("after"));
        await().atMost(Duration.ofSeconds(10)).until(() -> remote.contains("after"));
    }

    @Test
    void silentlyLostSubscriptionIsDetectedByTheProbeAndRepaired() {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger resyncs = new AtomicInteger();
        RedisBus listener = (RedisBus) node(1);
        listener.subscribe(Group.conversation(42), e -> received.add(e.payload()));
        listener.onResync(since -> resyncs.incrementAndGet());
        node(0).publish(Group.conversation(42), envelope("before"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("before"));

        listener.forgetSubscriptionsSilently();
        await().atMost(Duration.ofSeconds(15)).until(() -> resyncs.get() > 0);
        assertThat(listener.counters().silentLossDetected.get()).isPositive();
        node(0).publish(Group.conversation(42), envelope("after repair"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("after repair"));
    }

    @Test
    void pubSubConnectionKilledByTheServerIsRestoredAndResynced() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger resyncs = new AtomicInteger();
        node(1).subscribe(Group.conversation(43), e -> received.add(e.payload()));
        node(1).onResync(since -> resyncs.incrementAndGet());
        node(0);
        try (var admin = io.lettuce.core.RedisClient.create(redis.url()).connect()) {
            admin.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> resyncs.get() > 0);
        node(0).publish(Group.conversation(43), envelope("after kill"));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("after kill"));
    }

    @Test
    void blackHoledPubSubConnectionIsReplacedSubscribedAgainAndResynced() {
        try (BlackHoleProxy proxy = BlackHoleProxy.to(redis.port())) {
            RedisBus listener = new RedisBus(new RedisSettings(proxy.url(), prefix, "behind-proxy", Duration.ofMillis(200)));
            nodes.add(listener);
            List<String> received = new CopyOnWriteArrayList<>();
            AtomicInteger resyncs = new AtomicInteger();
            listener.subscribe(Group.conversation(44), e -> received.add(e.payload()));
            listener.onResync(since -> resyncs.incrementAndGet());
            node(0).publish(Group.conversation(44), envelope("before"));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("before"));

            int before = resyncs.get();
            assertThat(proxy.blackHole(BlackHoleProxy.Link::isPubSub)).isEqualTo(1);
            long cut = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> resyncs.get() > before);
            // Three probe intervals to notice, one command timeout at most to open and subscribe anew.
            assertThat(Duration.ofNanos(System.nanoTime() - cut)).isLessThan(Duration.ofMillis(3 * 200 + 2_000 + 1_000));
            assertThat(listener.counters().silentLossDetected.get()).isPositive();
            node(0).publish(Group.conversation(44), envelope("after"));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("after"));
            assertThat(proxy.links()).filteredOn(BlackHoleProxy.Link::isPubSub).hasSizeGreaterThanOrEqualTo(2);
        }
    }
}
