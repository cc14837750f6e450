package com.hotelchat.bus;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;

/**
 * The Lettuce clients with the settings this product relies on: reconnect backoff capped at one second (the
 * default grows to 30 s), commands refused at once while disconnected instead of queued without bound, and a
 * short command timeout.
 */
final class RedisConnections {

    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private RedisConnections() {}

    static ClientResources resources() {
        return resources(io.lettuce.core.tracing.Tracing.disabled());
    }

    /** {@code tracing}: what Lettuce reports each command to (see {@link BusTracing#redisCommands()}). */
    static ClientResources resources(io.lettuce.core.tracing.Tracing tracing) {
        return ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2,
                        java.util.concurrent.TimeUnit.MILLISECONDS))
                .tracing(tracing)
                .build();
    }

    /** {@code uri} is given the command timeout (a copy would lose a Sentinel URI's sentinels). */
    static RedisClient client(ClientResources resources, RedisURI uri) {
        uri.setTimeout(COMMAND_TIMEOUT);
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        return client;
    }

    /**
     * A Redis Cluster client: the same settings, plus a connect timeout as short as the command timeout (a frozen
     * node accepts TCP connections and never answers). {@code followLayout}: the client reads the cluster's layout
     * again by itself when a command is redirected or a node keeps failing to reconnect (at most once a second), and
     * every 30 s; without it, only when asked ({@code refreshPartitions}).
     */
    static RedisClusterClient clusterClient(ClientResources resources, RedisTarget.Cluster cluster, boolean followLayout) {
        cluster.seeds().forEach(seed -> seed.setTimeout(COMMAND_TIMEOUT));
        RedisClusterClient client = RedisClusterClient.create(resources, cluster.seeds());
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).build())
                .topologyRefreshOptions(followLayout
                        ? ClusterTopologyRefreshOptions.builder()
                                .enableAllAdaptiveRefreshTriggers()
                                .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                                .enablePeriodicRefresh(Duration.ofSeconds(30))
                                .build()
                        : ClusterTopologyRefreshOptions.builder().build())
                .build());
        return client;
    }
}
