package com.hotelchat.bus;

/**
 * Sharded pub/sub ({@code SSUBSCRIBE}, {@code SPUBLISH}) came with Redis 7.0: a cluster of older servers would refuse
 * every subscription the bus makes, after start-up, one channel at a time. The version a server reports in
 * {@code INFO server} is checked once at start-up instead, so the node refuses to start with the reason.
 */
final class ShardedPubSubSupport {

    private static final String VERSION_FIELD = "redis_version:";

    private ShardedPubSubSupport() {}

    /** Throws, naming the version found, unless {@code infoServer} reports Redis 7.0 or later (or no version). */
    static void require(String infoServer, String where) {
        String version = version(infoServer);
        if (version == null) {
            return; // not Redis's own INFO (a compatible server that does not say): let the subscriptions tell
        }
        int major;
        try {
            major = Integer.parseInt(version.split("\\.")[0]);
        } catch (NumberFormatException e) {
            return;
        }
        if (major < 7) {
            throw new IllegalStateException("the Redis Cluster at " + where + " runs Redis " + version
                    + ": sharded pub/sub (SSUBSCRIBE, SPUBLISH) needs Redis 7.0 or later");
        }
    }

    /** The {@code redis_version} field of an {@code INFO server} answer, or null. */
    static String version(String infoServer) {
        for (String line : infoServer.split("\r?\n")) {
            if (line.startsWith(VERSION_FIELD)) {
                return line.substring(VERSION_FIELD.length()).trim();
            }
        }
        return null;
    }
}
