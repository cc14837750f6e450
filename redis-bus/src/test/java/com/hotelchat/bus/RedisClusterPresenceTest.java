package com.hotelchat.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Presence on a Redis Cluster passes the same contract: its scripts open and close sessions, reap dead nodes and end
 * hand-overs atomically, which a cluster allows only when their keys share a hash slot.
 */
class RedisClusterPresenceTest extends PresenceContract {

    private static TestRedisCluster redis;
    private static RedisClusterClient admin;

    @BeforeAll
    static void startCluster() {
        redis = TestRedisCluster.start();
        admin = RedisClusterClient.create(redis.url().replace("redis-cluster://", "redis://").split(",")[0]);
    }

    @AfterAll
    static void stopCluster() {
        admin.shutdown();
        redis.close();
    }

    @Override
    protected String url() {
        return redis.url();
    }

    @Test
    void everyPresenceKeyOfAnInstallLivesInOneSlotAndInstallsSpreadOverSlots() {
        try (RedisPresence a = node("s1:", "a"); RedisPresence b = node("s1:", "b")) {
            a.opened(1, "a-1");
            b.opened(2, "b-2");
            b.handOver(2, "b-2", Duration.ofMinutes(1));
            try (var connection = admin.connect()) {
                List<String> keys = connection.sync().keys("{s1:presence}:*");
                assertThat(keys).hasSizeGreaterThanOrEqualTo(6)
                        .allMatch(k -> SlotHash.getSlot(k) == SlotHash.getSlot("s1:presence"));
            }
        }
        assertThat(SlotHash.getSlot("{s1:presence}:x")).isNotEqualTo(SlotHash.getSlot("{s2:presence}:x"));
    }
}
