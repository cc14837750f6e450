package com.hotelchat.bus;

import java.time.Duration;

/**
 * How a node reaches Redis. {@code url} is read by {@link RedisTarget#parse}: {@code redis://host:port},
 * {@code redis-sentinel://host:port[,host:port]#primaryName} or {@code redis-cluster://host:port[,host:port...]}.
 * {@code probeInterval} is how often the node checks its own publish-to-receive path (on each shard of a cluster).
 */
public record RedisSettings(String url, String channelPrefix, String nodeId, Duration probeInterval) {

    public RedisSettings {
        if (target(url) instanceof RedisTarget.Cluster && (channelPrefix.contains("{") || channelPrefix.contains("}"))) {
            throw new IllegalArgumentException("the channel prefix must not contain '{' or '}' on a Redis Cluster: "
                    + "a hash tag in it would put every channel and key on one shard");
        }
    }

    /** A fresh parse of the URL (Lettuce's URIs are mutable: each client gets its own). */
    public RedisTarget target() {
        return target(url);
    }

    private static RedisTarget target(String url) {
        return RedisTarget.parse(url);
    }
}
