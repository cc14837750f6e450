package com.hotelchat.bus;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis command connection, to one Redis (plain or Sentinel's primary) or to a Redis Cluster (commands go to the
 * shard of their key's slot; keys used together share a hash tag), that is replaced when its commands keep timing
 * out. Lettuce reconnects only when the socket closes; a connection that a firewall or NAT black-holed, or a frozen
 * primary, stays open and silent, and every command on it times out for as long as TCP takes to give up (minutes).
 * After two timeouts in a row a new connection is opened in the background (which also follows Sentinel to a new
 * primary, or reads the cluster's layout again) and takes over.
 */
final class CommandConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommandConnection.class);
    private static final int TIMEOUTS_BEFORE_REPLACING = 2;

    /** An open connection and its commands (a cluster connection's and a plain one's share this interface). */
    private record Opened(StatefulConnection<String, String> connection, RedisClusterCommands<String, String> commands) {}

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final Supplier<Opened> connector;
    /** Connects ahead what a cluster connection would connect on first use (and refuse a command meanwhile). */
    private final Runnable warmUp;
    private final String purpose;
    private volatile Opened current;
    private final AtomicInteger timeouts = new AtomicInteger();
    private final AtomicBoolean replacing = new AtomicBoolean();
    private final ExecutorService replacer;

    private CommandConnection(ClientResources resources, AbstractRedisClient client, Supplier<Opened> connector,
                              String purpose) {
        this.resources = resources;
        this.client = client;
        this.connector = connector;
        this.warmUp = client instanceof RedisClusterClient ? this::connectEveryPrimary : () -> { };
        this.purpose = purpose;
        this.replacer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "redis-" + purpose + "-replacer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens a connection with a client and resources of its own, which {@link #close()} shuts down. */
    static CommandConnection open(RedisSettings settings, String purpose) {
        ClientResources resources = RedisConnections.resources();
        CommandConnection connection = switch (settings.target()) {
            case RedisTarget.Standalone standalone -> {
                RedisClient client = RedisConnections.client(resources, standalone.uri());
                yield new CommandConnection(resources, client, () -> {
                    var c = client.connect();
                    return new Opened(c, c.sync());
                }, purpose);
            }
            case RedisTarget.Cluster cluster -> {
                RedisClusterClient client = RedisConnections.clusterClient(resources, cluster, true);
                yield new CommandConnection(resources, client, () -> {
                    client.refreshPartitions(); // a replacement must not trust the layout the timeouts came from
                    var c = client.connect();
                    return new Opened(c, c.sync());
                }, purpose);
            }
        };
        try {
            connection.current = connection.connector.get();
            connection.warmUp.run();
            return connection;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    RedisClusterCommands<String, String> sync() {
        return current.commands();
    }

    /** Runs a command, noting whether the connection answered. */
    <T> T call(Function<RedisClusterCommands<String, String>, T> command) {
        try {
            T result = command.apply(sync());
            succeeded();
            return result;
        } catch (RuntimeException e) {
            failed(e);
            throw e;
        }
    }

    /** A command answered: the connection works. */
    void succeeded() {
        timeouts.set(0);
    }

    /**
     * A command failed; timeouts in a row mean the connection is dead without knowing it. Any other failure on a
     * cluster connection may be a primary it has not connected to yet (a failover's new one): that is done ahead now.
     */
    void failed(RuntimeException e) {
        boolean timeout = e instanceof RedisCommandTimeoutException;
        if (timeout && timeouts.incrementAndGet() >= TIMEOUTS_BEFORE_REPLACING && replacing.compareAndSet(false, true)) {
            replacer.execute(this::replace);
        } else if (!timeout && replacing.compareAndSet(false, true)) {
            replacer.execute(() -> {
                try {
                    warmUp.run();
                } finally {
                    replacing.set(false);
                }
            });
        }
    }

    /**
     * A Redis Cluster connection connects to each primary on its first command there, and refuses the commands that
     * come meanwhile (commands are refused, not queued, while disconnected): so it is connected to all of them at once.
     * A primary that cannot be reached now is connected on a later try.
     */
    private void connectEveryPrimary() {
        if (!(current.connection() instanceof StatefulRedisClusterConnection<String, String> cluster)) {
            return;
        }
        for (RedisClusterNode node : cluster.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.hasNoSlots()) {
                try {
                    cluster.getConnection(node.getUri().getHost(), node.getUri().getPort()); // as commands look it up
                } catch (RuntimeException e) {
                    log.debug("Redis {} connection to primary {} not open yet: {}", purpose, node.getUri(), e.toString());
                }
            }
        }
    }

    private void replace() {
        try {
            Opened fresh = connector.get();
            Opened old = current;
            current = fresh;
            warmUp.run();
            timeouts.set(0);
            old.connection().closeAsync();
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
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
