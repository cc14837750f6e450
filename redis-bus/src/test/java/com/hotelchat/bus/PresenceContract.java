package com.hotelchat.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What {@link RedisPresence} promises on any Redis it runs on (one server, or a Redis Cluster, where its scripts need
 * their keys on one shard). A test of one kind of Redis extends this class.
 */
public abstract class PresenceContract {

    /** The Redis the nodes use. */
    protected abstract String url();

    /** Settings of node {@code nodeId} of an install whose keys start with {@code prefix}. */
    protected RedisSettings settings(String prefix, String nodeId, Duration probeInterval) {
        return new RedisSettings(url(), prefix, nodeId, probeInterval);
    }

    /** Deletes a presence key behind the nodes' backs ({@code rest}: what follows the install's key prefix). */
    private void deletePresenceKey(String prefix, String rest) {
        RedisSettings settings = settings(prefix, "admin", Duration.ofSeconds(1));
        try (CommandConnection admin = CommandConnection.open(settings, "test")) {
            admin.call(redis -> redis.del(RedisPresence.keyPrefix(settings) + rest));
        }
    }

    protected RedisPresence node(String prefix, String id) {
        return new RedisPresence(settings(prefix, id, Duration.ofSeconds(1)), Duration.ofMillis(1500), Duration.ofMillis(300));
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
             RedisPresence live = new RedisPresence(settings("p4:", "live", Duration.ofSeconds(1)),
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
    void aNodeTakenForDeadReportsBackOnlyUsersWhoHaveNoSessionMeanwhile() {
        List<Long> gone = new CopyOnWriteArrayList<>();
        List<Long> back = new CopyOnWriteArrayList<>();
        try (RedisPresence survivor = node("p6:", "survivor");
             RedisPresence slow = new RedisPresence(settings("p6:", "slow", Duration.ofSeconds(1)),
                     Duration.ofSeconds(24), Duration.ofSeconds(30))) { // beats every 8 s
            survivor.onUserGone(gone::add);
            slow.onUserBack(back::add);
            // Users 20-29 each have a session before the node is taken for dead and open another one before it beats
            // again (ten of them: the order the node writes a user's two sessions back in is the set's, unknown).
            List<Long> returning = java.util.stream.LongStream.range(20, 30).boxed().toList();
            returning.forEach(u -> slow.opened(u, "s-" + u + "a"));
            slow.opened(10, "s-10");
            deletePresenceKey("p6:", "node:slow:alive"); // as if its beat had lapsed
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
            deletePresenceKey("p3:", "user:5");
            a.reassert();
            assertThat(b.opened(5, "b-1")).isFalse();
        }
    }


    @Test
    void aHandedOverSessionKeepsItsUserPresentUntilTheGraceEndsThenOneSurvivorReportsTheUserGone() {
        List<Long> gone = new CopyOnWriteArrayList<>();
        try (RedisPresence draining = node("p7:", "draining"); RedisPresence survivor = node("p7:", "survivor")) {
            survivor.onUserGone(gone::add);
            draining.onUserGone(gone::add);
            assertThat(draining.opened(11, "d-11")).isTrue();
            assertThat(draining.opened(12, "d-12")).isTrue();
            draining.handOver(11, "d-11", Duration.ofMillis(800));
            draining.handOver(12, "d-12", Duration.ofMillis(800));
            assertThat(survivor.opened(12, "s-12")).as("reconnected elsewhere within the grace: not a new arrival").isFalse();
            assertThat(survivor.online(List.of(11L, 12L))).containsExactlyInAnyOrder(11L, 12L);
            await().atMost(Duration.ofSeconds(10)).until(() -> gone.contains(11L));
            assertThat(gone).containsExactly(11L);
            assertThat(survivor.online(List.of(11L, 12L))).containsExactly(12L);
        }
    }
}
