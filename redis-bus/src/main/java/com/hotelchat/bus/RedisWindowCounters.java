package com.hotelchat.bus;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
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
    private final CommandConnection connection;

    public RedisWindowCounters(RedisSettings settings) {
        this.prefix = settings.channelPrefix() + "counter:";
        this.resources = RedisConnections.resources();
        this.client = RedisConnections.client(resources, settings.url());
        this.connection = new CommandConnection(client, "counters");
    }

    @Override
    public long increment(String key, Duration window) {
        Long n = call(r -> r.eval(INCREMENT, ScriptOutputType.INTEGER, new String[]{prefix + key},
                Long.toString(Math.max(1, window.toMillis()))));
        return n == null ? 0 : n;
    }

    @Override
    public long count(String key) {
        String value = call(r -> r.get(prefix + key));
        return value == null ? 0 : Long.parseLong(value);
    }

    @Override
    public Duration remaining(String key) {
        Long millis = call(r -> r.pttl(prefix + key));
        return millis == null || millis < 0 ? Duration.ZERO : Duration.ofMillis(millis);
    }

    @Override
    public void reset(String key) {
        call(r -> r.del(prefix + key));
    }

    private <T> T call(java.util.function.Function<io.lettuce.core.api.sync.RedisCommands<String, String>, T> command) {
        try {
            T result = command.apply(connection.sync());
            connection.succeeded();
            return result;
        } catch (RuntimeException e) {
            connection.failed(e);
            throw e;
        }
    }

    @Override
    public void close() {
        connection.close();
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
