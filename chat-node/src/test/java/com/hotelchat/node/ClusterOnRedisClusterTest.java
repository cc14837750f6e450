package com.hotelchat.node;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ClusterTest} with the three nodes on a Redis Cluster (sharded pub/sub): the delivery table, presence, ordering
 * under concurrent senders, guests, the whole cluster away and back, and pub/sub connections killed on every server.
 */
class ClusterOnRedisClusterTest extends ClusterTest {

    @BeforeAll
    static void start() {
        cluster = ClusterFixture.onRedisCluster(3, Map.of());
    }
}
