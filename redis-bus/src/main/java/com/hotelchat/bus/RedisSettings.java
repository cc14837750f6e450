package com.hotelchat.bus;

import java.time.Duration;

/**
 * How a node reaches Redis. {@code url} is a Lettuce URI: {@code redis://host:port} or
 * {@code redis-sentinel://host:port[,host:port]#primaryName}. {@code probeInterval} is how often the node checks
 * its own publish-to-receive path.
 */
public record RedisSettings(String url, String channelPrefix, String nodeId, Duration probeInterval) {}
