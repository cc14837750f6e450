package com.hotelchat.bus;

import io.lettuce.core.ScriptOutputType;
import java.time.Duration;

/**
 * {@link WindowCounters} in Redis, shared by every node: one key per counter, expiring with its window. Every
 * operation touches one key, so on a Redis Cluster the counters spread over the shards as their keys hash.
 */
public final class RedisWindowCounters implements WindowCounters {

    private static final String INCREMENT = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return n""";

    private final String prefix;
    private final CommandConnection connection;

    public RedisWindowCounters(RedisSettings settings) {
        this.prefix = settings.channelPrefix() + "counter:";
        this.connection = CommandConnection.open(settings, "counters");
    }

    @Override
    public long increment(String key, Duration window) {
        Long n = connection.call(r -> r.eval(INCREMENT, ScriptOutputType.INTEGER, new String[]{prefix + key},
                Long.toString(Math.max(1, window.toMillis()))));
        return n == null ? 0 : n;
    }

    @Override
    public long count(String key) {
        String value = connection.call(r -> r.get(prefix + key));
        return value == null ? 0 : Long.parseLong(value);
    }

    @Override
    public Duration remaining(String key) {
        Long millis = connection.call(r -> r.pttl(prefix + key));
        return millis == null || millis < 0 ? Duration.ZERO : Duration.ofMillis(millis);
    }

    @Override
    public void reset(String key) {
        connection.call(r -> r.del(prefix + key));
    }

    @Override
    public void close() {
        connection.close();
    }
}
