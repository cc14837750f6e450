package com.hotelchat.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisPresenceTest {

    private static TestRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static RedisPresence node(String prefix, String id) {
        return new RedisPresence(new RedisSettings(redis.url(), prefix, id, Duration.ofSeconds(1)),
                Duration.ofMillis(1500), Duration.ofMillis(300));
    }

    @Test
    void firstAndLastSessionAreCountedAcrossNodes() {
        try (RedisPresence a = node("p1:", "a"); RedisPresence b = node("p1:", "b")) {
            assertThat(a.opened(7, "a-1")).isTrue();
            assertThat(b.opened(7, "b-1")).isFalse();
            assertThat(a.closed(7, "a-1")).isFalse();
            assertThat(b.closed(7, "b-1")).isTrue();
            assertThat(b.closed(7, "b-1")).isFalse();
        }
    }

    @Test
    void usersOfANodeThatDiesWithoutGoodbyeAreReportedGoneBySurvivors() {
        List<Long> gone = new CopyOnWriteArrayList<>();
        try (RedisPresence survivor = node("p2:", "survivor")) {
            survivor.onUserGone(gone::add);
            RedisPresence doomed = node("p2:", "doomed");
            doomed.opened(1, "d-1");
            doomed.opened(2, "d-2");
            survivor.opened(2, "s-1");
            doomed.close(); // stops the heartbeat; no session is closed: as if the process were killed
            await().atMost(Duration.ofSeconds(10)).until(() -> gone.contains(1L));
            assertThat(gone).containsExactly(1L);
            assertThat(survivor.opened(1, "s-2")).isTrue();
        }
    }

    @Test
    void aLiveNodeWhoseExpiryIsShorterThanTheReapIntervalIsNeverReaped() {
        List<Long> gone = new CopyOnWriteArrayList<>();
        try (RedisPresence survivor = node("p4:", "survivor");
             RedisPresence live = new RedisPresence(new RedisSettings(redis.url(), "p4:", "live", Duration.ofSeconds(1)),
                     Duration.ofMillis(900), Duration.ofSeconds(3))) {
            survivor.onUserGone(gone::add);
            live.opened(4, "l-1");
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(gone::isEmpty);
            assertThat(survivor.online(List.of(4L))).containsExactly(4L);
        }
        assertThat(RedisPresence.tickPeriod(Duration.ofSeconds(15), Duration.ofSeconds(3))).hasSeconds(3);
        assertThat(RedisPresence.tickPeriod(Duration.ofSeconds(3), Duration.ofSeconds(3))).hasSeconds(1);
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
    void aNodeTakenForDeadReportsBackOnlyUsersWhoHaveNoSessionMeanwhile() {
        List<Long> gone = new CopyOnWriteArrayList<>();
        List<Long> back = new CopyOnWriteArrayList<>();
        try (RedisPresence survivor = node("p6:", "survivor");
             RedisPresence slow = new RedisPresence(new RedisSettings(redis.url(), "p6:", "slow", Duration.ofSeconds(1)),
                     Duration.ofSeconds(24), Duration.ofSeconds(30))) { // beats every 8 s
            survivor.onUserGone(gone::add);
            slow.onUserBack(back::add);
            // Users 20-29 each have a session before the node is taken for dead and open another one before it beats
            // again (ten of them: the order the node writes a user's two sessions back in is the set's, unknown).
            List<Long> returning = java.util.stream.LongStream.range(20, 30).boxed().toList();
            returning.forEach(u -> slow.opened(u, "s-" + u + "a"));
            slow.opened(10, "s-10");
            try (var admin = io.lettuce.core.RedisClient.create(redis.url()).connect()) {
                admin.sync().del("p6:presence:node:slow:alive"); // as if its beat had lapsed
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> gone.contains(10L) && gone.containsAll(returning));
            returning.forEach(u -> assertThat(slow.opened(u, "s-" + u + "b"))
                    .as("user %d comes back by a new session, announced as such", u).isTrue());
            await().atMost(Duration.ofSeconds(15)).until(() -> back.contains(10L));
            assertThat(back).containsExactly(10L);
            assertThat(survivor.online(List.of(10L, 20L, 29L))).containsExactlyInAnyOrder(10L, 20L, 29L);
            assertThat(survivor.closed(20, "s-20a")).isFalse();
        }
    }

    @Test
    void reassertRestoresSessionsAfterRedisForgotThem() {
        try (RedisPresence a = node("p3:", "a"); RedisPresence b = node("p3:", "b")) {
            a.opened(5, "a-1");
            try (var admin = io.lettuce.core.RedisClient.create(redis.url()).connect()) {
                admin.sync().del("p3:presence:user:5");
            }
            a.reassert();
            assertThat(b.opened(5, "b-1")).isFalse();
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
