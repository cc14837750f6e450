package com.hotelchat.bus;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis command connection that is replaced when its commands keep timing out. Lettuce reconnects only when the
 * socket closes; a connection that a firewall or NAT black-holed, or a frozen primary, stays open and silent, and
 * every command on it times out for as long as TCP takes to give up (minutes). After two timeouts in a row a new
 * connection is opened in the background (which also follows Sentinel to a new primary) and takes over.
 */
final class CommandConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommandConnection.class);
    private static final int TIMEOUTS_BEFORE_REPLACING = 2;

    private final RedisClient client;
    private final String purpose;
    private volatile StatefulRedisConnection<String, String> connection;
    private final AtomicInteger timeouts = new AtomicInteger();
    private final AtomicBoolean replacing = new AtomicBoolean();
    private final ExecutorService replacer;

    CommandConnection(RedisClient client, String purpose) {
        this.client = client;
        this.purpose = purpose;
        this.connection = client.connect();
        this.replacer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "redis-" + purpose + "-replacer");
            t.setDaemon(true);
            return t;
        });
    }

    RedisCommands<String, String> sync() {
        return connection.sync();
    }

    /** A command answered: the connection works. */
    void succeeded() {
        timeouts.set(0);
    }

    /** A command failed; timeouts in a row mean the connection is dead without knowing it. */
    void failed(RuntimeException e) {
        if (e instanceof RedisCommandTimeoutException && timeouts.incrementAndGet() >= TIMEOUTS_BEFORE_REPLACING
                && replacing.compareAndSet(false, true)) {
            replacer.execute(this::replace);
        }
    }

    private void replace() {
        try {
            StatefulRedisConnection<String, String> fresh = client.connect();
            StatefulRedisConnection<String, String> old = connection;
            connection = fresh;
            timeouts.set(0);
            old.closeAsync();
            log.warn("Redis {} connection replaced: its commands kept timing out", purpose);
        } catch (RuntimeException e) {
            log.warn("replacing the Redis {} connection failed, will retry on the next timeouts: {}", purpose, e.toString());
        } finally {
            replacing.set(false);
        }
    }

    @Override
    public void close() {
        replacer.shutdownNow();
    }
}
