package com.hotelchat.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Presence on one Redis passes the contract, and survives a connection cut off or black-holed by the network. */
class RedisPresenceTest extends PresenceContract {

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
    void aNodeTakenForDeadWhileAliveWritesItsSessionsAgainAndReportsItsUsersBack() {
        List<Long> gone = new CopyOnWriteArrayList<>();
        List<Long> back = new CopyOnWriteArrayList<>();
        try (BlackHoleProxy proxy = BlackHoleProxy.to(redis.port());
             RedisPresence survivor = node("p5:", "survivor");
             RedisPresence stalled = new RedisPresence(new RedisSettings(proxy.url(), "p5:", "stalled",
                     Duration.ofSeconds(1)), Duration.ofMillis(1500), Duration.ofMillis(300))) {
            survivor.onUserGone(gone::add);
            stalled.onUserBack(back::add);
            stalled.opened(6, "s-6");
            survivor.opened(8, "v-8");
            proxy.cutOff();
            await().atMost(Duration.ofSeconds(10)).until(() -> gone.contains(6L));
            assertThat(survivor.online(List.of(6L))).isEmpty();
            proxy.restore();
            await().atMost(Duration.ofSeconds(20)).until(() -> back.contains(6L));
            assertThat(back).containsExactly(6L);
            assertThat(survivor.online(List.of(6L, 8L))).containsExactlyInAnyOrder(6L, 8L);
            assertThat(survivor.closed(8, "v-8")).isTrue();
        }
    }

    @Test
    void aCommandConnectionThatWentSilentIsReplacedAndPresenceIsReadableAgain() {
        try (BlackHoleProxy proxy = BlackHoleProxy.to(redis.port());
             RedisPresence presence = new RedisPresence(new RedisSettings(proxy.url(), "bh:", "bh-node",
                     Duration.ofSeconds(1)), Duration.ofSeconds(15), Duration.ofSeconds(3));
             RedisPresence other = node("bh:", "other-node")) {
            other.opened(7, "s-7");
            assertThat(presence.onlineNow(java.util.List.of(7L))).contains(java.util.Set.of(7L));
            assertThat(proxy.blackHole(link -> true)).isPositive();
            assertThat(presence.onlineNow(java.util.List.of(7L))).as("unreadable, not a partial answer").isEmpty();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    presence.onlineNow(java.util.List.of(7L)).equals(java.util.Optional.of(java.util.Set.of(7L))));
        }
    }
}
