package com.hotelchat.node;

import com.hotelchat.bus.BlackHoleProxy;
import com.hotelchat.bus.TestRedis;
import com.hotelchat.bus.TestRedisCluster;
import com.hotelchat.db.DbSettings;
import com.hotelchat.db.TestPostgres;
import com.hotelchat.node.config.NodeConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real nodes (own ports, own Redis connections, own sessions) sharing one database and one test Redis: one server, or
 * a Redis Cluster of three primaries and three replicas ({@link #onRedisCluster}).
 */
public final class ClusterFixture implements AutoCloseable {

    private static final AtomicInteger GUESTS = new AtomicInteger(2_000_000);

    /** The one Redis server; null on a Redis Cluster. */
    public final TestRedis redis;
    /** The Redis Cluster; null on one server. */
    public final TestRedisCluster redisCluster;
    /** One per node, between it and Redis, when the fixture was made {@link #behindProxy}; else empty. */
    public final List<BlackHoleProxy> proxies = new ArrayList<>();
    public final DbSettings db;
    public final List<ChatNode> nodes = new ArrayList<>();
    public final Api api;
    public final String admin;

    private final Map<String, String> extraEnvironment;

    public ClusterFixture(int size) {
        this(size, false, Map.of());
    }

    /** One node per SDK, each tracing into its own. */
    public static ClusterFixture traced(List<OpenTelemetry> telemetry) {
        return new ClusterFixture(telemetry.size(), TestRedis.start(), null, false, Map.of(), telemetry);
    }

    /** Nodes with these settings on top of the usual test ones. */
    public ClusterFixture(int size, Map<String, String> extraEnvironment) {
        this(size, false, extraEnvironment);
    }

    /** Nodes that reach Redis through a {@link BlackHoleProxy}, so a test can silence chosen connections. */
    public static ClusterFixture behindProxy(int size) {
        return new ClusterFixture(size, true, Map.of());
    }

    /**
     * Nodes on a Redis Cluster (sharded pub/sub), whose servers are each behind a proxy
     * ({@link TestRedisCluster#behindProxies()}), so a test can silence one shard.
     */
    public static ClusterFixture onRedisCluster(int size, Map<String, String> extraEnvironment) {
        return new ClusterFixture(size, TestRedisCluster.behindProxies(), extraEnvironment);
    }

    private ClusterFixture(int size, boolean proxied, Map<String, String> extraEnvironment) {
        this(size, TestRedis.start(), null, proxied, extraEnvironment, List.of());
    }

    private ClusterFixture(int size, TestRedisCluster redisCluster, Map<String, String> extraEnvironment) {
        this(size, null, redisCluster, false, extraEnvironment, List.of());
    }

    private ClusterFixture(int size, TestRedis redis, TestRedisCluster redisCluster, boolean proxied,
                           Map<String, String> extraEnvironment, List<OpenTelemetry> telemetry) {
        this.extraEnvironment = extraEnvironment;
        this.redis = redis;
        this.redisCluster = redisCluster;
        for (int i = 0; proxied && i < size; i++) {
            proxies.add(BlackHoleProxy.to(redis.port()));
        }
        db = TestPostgres.freshDatabase();
        for (int i = 0; i < size; i++) { // node i traces into the i-th SDK, if there is one
            Map<String, String> env = environment("node-" + i);
            nodes.add(i < telemetry.size() ? ChatNode.start(NodeConfig.from(env), telemetry.get(i)) : TestNode.start(env));
        }
        if (nodes.isEmpty()) {
            api = null;
            admin = null;
            return;
        }
        api = new Api(nodes.get(0).port());
        admin = api.adminToken();
        api.department(admin, "reception");
        api.department(admin, "housekeeping");
    }

    public Map<String, String> environment(String nodeId) {
        Map<String, String> env = TestNode.environment(db, nodeId);
        env.put("CHAT_REDIS_URL", redisUrlFor(nodeId));
        env.put("CHAT_BUS_PROBE_INTERVAL_MS", "300");
        env.put("CHAT_PRESENCE_HEARTBEAT_TTL", "3");
        env.put("CHAT_WHATSAPP_APP_SECRET", Webhooks.APP_SECRET);
        env.put("CHAT_WHATSAPP_VERIFY_TOKEN", Webhooks.VERIFY_TOKEN);
        env.putAll(extraEnvironment);
        return env;
    }

    /** A node of the fixture reaches Redis through its own proxy, if there are proxies. */
    private String redisUrlFor(String nodeId) {
        if (redisCluster != null) {
            return redisCluster.url();
        }
        for (int i = 0; i < proxies.size(); i++) {
            if (nodeId.equals("node-" + i)) {
                return proxies.get(i).url();
            }
        }
        return redis.url();
    }

    /** Every Redis server killed: Redis is away. */
    public void stopRedis() {
        if (redisCluster != null) {
            redisCluster.nodes().forEach(redisCluster::kill);
        } else {
            redis.kill();
        }
    }

    /** Redis back (a cluster: every server restarted, and the cluster serving every slot again). */
    public void startRedis() {
        if (redisCluster != null) {
            redisCluster.nodes().forEach(redisCluster::restart);
            redisCluster.awaitHealthy();
        } else {
            redis.startProcess();
        }
    }

    /** Redis closes every pub/sub connection (CLIENT KILL TYPE pubsub, on every server of a cluster). */
    public void killPubSubConnections() {
        if (redisCluster != null) {
            redisCluster.nodes().forEach(n -> TestRedisCluster.cli(n, "client", "kill", "type", "pubsub"));
            return;
        }
        try (var admin = io.lettuce.core.RedisClient.create(redis.url()).connect()) {
            admin.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
        }
    }

    public Api api(int node) {
        return new Api(nodes.get(node).port());
    }

    public String user(String username, String... departments) {
        api.staff(admin, username, SingleNodeFixture.displayName(username), List.of(departments));
        return api.loginStaff(username);
    }

    /** A WhatsApp guest writes in (a webhook to node 1); {@code staff} hears of the new conversation and subscribes. */
    public long whatsAppConversation(WsClient staff, String number, String name, String firstText) {
        if (Webhooks.post(nodes.get(1).port(), Webhooks.text(number, name, "wamid." + number + ".0", firstText)) != 200) {
            throw new IllegalStateException("the webhook for " + number + " was refused");
        }
        long id = staff.await("new_conversation", e -> e.path("data").path("guest_name").asText().equals(name))
                .path("data").path("id").asLong();
        staff.subscribe(id);
        return id;
    }

    public long conversation(String token, String department) {
        return api.conversation(token, department, "+1666" + GUESTS.incrementAndGet(), "Guest " + GUESTS.get());
    }

    /** Two reception staff members on two nodes, both subscribed to a new conversation opened by the first. */
    public record SubscribedPair(WsClient first, WsClient second, long conversation, String firstToken)
            implements AutoCloseable {
        @Override
        public void close() {
            first.close();
            second.close();
        }
    }

    public SubscribedPair subscribedPair(String prefix, int firstNode, int secondNode) {
        String first = user(prefix + "_alice", "reception");
        String second = user(prefix + "_bob", "reception");
        long conversation = conversation(first, "reception");
        SubscribedPair pair = new SubscribedPair(connect(firstNode, first), connect(secondNode, second), conversation, first);
        pair.first().subscribe(conversation);
        pair.second().subscribe(conversation);
        return pair;
    }

    public WsClient connect(int node, String token) {
        return WsClient.connect(nodes.get(node).port(), token);
    }

    @Override
    public void close() {
        nodes.forEach(ChatNode::close);
        proxies.forEach(BlackHoleProxy::close);
        if (redisCluster != null) {
            redisCluster.close();
        } else {
            redis.close();
        }
    }
}
