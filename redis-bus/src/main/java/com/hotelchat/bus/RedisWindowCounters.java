package com.hotelchat.bus;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** {@link WindowCounters} in Redis, shared by every node: one key per counter, expiring with its window. */
public final class RedisWindowCounters implements WindowCounters {

    private static final String INCREMENT = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return n""";

    private final String prefix;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    public RedisWindowCounters(RedisSettings settings) {
        this.prefix = settings.channelPrefix() + "counter:";
        this.resources = RedisConnections.resources();
        this.client = RedisConnections.client(resources, settings.url());
        this.connection = client.connect();
    }

    @Override
    public long increment(String key, Duration window) {
        Long n = connection.sync().eval(INCREMENT, ScriptOutputType.INTEGER, new String[]{prefix + key},
                Long.toString(Math.max(1, window.toMillis())));
        return n == null ? 0 : n;
    }

    @Override
    public long count(String key) {
        String value = connection.sync().get(prefix + key);
        return value == null ? 0 : Long.parseLong(value);
    }

    @Override
    public Duration remaining(String key) {
        Long millis = connection.sync().pttl(prefix + key);
        return millis == null || millis < 0 ? Duration.ZERO : Duration.ofMillis(millis);
    }

    @Override
    public void reset(String key) {
        connection.sync().del(prefix + key);
    }

    @Override
    public void close() {
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
