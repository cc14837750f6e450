package com.hotelchat.node;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link AuthClusterTest} with the three nodes on a Redis Cluster: login failures counted in keys spread over the
 * shards, revocations announced through sharded pub/sub; and the upload limit, the other cluster-wide counter.
 */
class AuthOnRedisClusterTest extends AuthClusterTest {

    private static final int UPLOADS_PER_HOUR = 6;

    @BeforeAll
    static void start() {
        Map<String, String> environment = new HashMap<>(ENVIRONMENT);
        environment.put("CHAT_MEDIA_MAX_UPLOADS_PER_HOUR", Integer.toString(UPLOADS_PER_HOUR));
        cluster = ClusterFixture.onRedisCluster(3, environment);
    }

    @Test
    void uploadsAreCountedOverTheNodesOfARedisCluster() {
        MediaHttp.assertUploadsCountedOverNodes(cluster, UPLOADS_PER_HOUR, "rc");
    }
}
