package com.hotelchat.bus;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster-wide presence in Redis. Each user has a hash of open sessions (session id to node id); each node keeps
 * a set of its sessions and a heartbeat key with a short expiry. A node that dies without a goodbye stops its
 * heartbeat; one surviving node (chosen by a lock) then removes the dead node's sessions and reports the users
 * left with none, within {@code heartbeatTtl + reapInterval}.
 *
 * <p>While Redis is unreachable the answers come from this node's own sessions (a user's sessions elsewhere are
 * unknown then), and once it is back {@link #reassert()} writes this node's sessions again.
 *
 * <p>The scripts change several keys at once, so on a Redis Cluster every presence key carries one hash tag and
 * lives on one shard (presence is small and changes only when sessions open and close; the bus's traffic is what
 * spreads). On one Redis the keys keep the names they always had.
 */
public final class RedisPresence implements Presence {

    private static final Logger log = LoggerFactory.getLogger(RedisPresence.class);

    /** Records a session (it may be there already); answers how many sessions the user had before this one. */
    private static final String OPEN = """
            local added = redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[3])
            redis.call('SADD', KEYS[3], ARGV[2])
            return redis.call('HLEN', KEYS[1]) - added""";
    private static final String CLOSE = """
            local removed = redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('SREM', KEYS[2], ARGV[2])
            if removed == 1 and redis.call('HLEN', KEYS[1]) == 0 then return 1 end
            return 0""";
    private static final String REAP = """
            local gone = {}
            for _, m in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local sep = string.find(m, '|', 1, true)
              local key = ARGV[2] .. string.sub(m, 1, sep - 1)
              local session = string.sub(m, sep + 1)
              if redis.call('HGET', key, session) == ARGV[1] then
                redis.call('HDEL', key, session)
                if redis.call('HLEN', key) == 0 then table.insert(gone, string.sub(m, 1, sep - 1)) end
              end
            end
            redis.call('DEL', KEYS[1])
            redis.call('SREM', KEYS[2], ARGV[1])
            if ARGV[3] == '1' then redis.call('SET', KEYS[3], '1', 'PX', ARGV[4]) end
            return gone""";
    /** The heartbeat; answers 1 when a survivor took this node for dead meanwhile and reported its users gone. */
    private static final String BEAT = """
            redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
            redis.call('SADD', KEYS[2], ARGV[2])
            return redis.call('DEL', KEYS[3])""";

    private static final String HAND_OVER = """
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('SREM', KEYS[2], ARGV[2])
            redis.call('HSET', KEYS[1], 'ghost:' .. ARGV[1], ARGV[3])
            redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
            return 1""";
    private static final String EXPIRE_GHOST = """
            if redis.call('ZREM', KEYS[2], ARGV[2]) == 0 then return 0 end
            redis.call('HDEL', KEYS[1], ARGV[1])
            if redis.call('HLEN', KEYS[1]) == 0 then return 1 end
            return 0""";

    /** Every presence key starts with it: {@code prefix + "presence:"}, or {@code "{" + prefix + "presence}:"} on a cluster. */
    private final String keys;
    private final String nodeId;
    private final Duration heartbeatTtl;
    private final CommandConnection connection;
    /** A reassert failed (Redis did not answer): this node's sessions may be missing there until it succeeds. */
    private volatile boolean reassertPending;
    /** A survivor reaped this node while it lived: its sessions must be written again and their users reported back. */
    private volatile boolean takenForDead;
    private final InProcessPresence local = new InProcessPresence();
    private final List<LongConsumer> goneListeners = new CopyOnWriteArrayList<>();
    private final List<LongConsumer> backListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "presence");
        t.setDaemon(true);
        return t;
    });

    public RedisPresence(RedisSettings settings, Duration heartbeatTtl, Duration reapInterval) {
        this.keys = keyPrefix(settings);
        this.nodeId = settings.nodeId();
        this.heartbeatTtl = heartbeatTtl;
        this.connection = CommandConnection.open(settings, "presence");
        heartbeat();
        reap(nodeId, false);
        long period = tickPeriod(heartbeatTtl, reapInterval).toMillis();
        timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** What every presence key of an install starts with: one hash tag on a Redis Cluster (the scripts need it). */
    static String keyPrefix(RedisSettings settings) {
        return settings.target() instanceof RedisTarget.Cluster
                ? "{" + settings.channelPrefix() + "presence}:"
                : settings.channelPrefix() + "presence:";
    }

    /**
     * The heartbeat must be renewed well within its expiry, or survivors see it missing between two beats and reap
     * a live node: three beats per expiry at least, so one late or failed beat does not kill the node.
     */
    static Duration tickPeriod(Duration heartbeatTtl, Duration reapInterval) {
        Duration third = heartbeatTtl.dividedBy(3);
        return reapInterval.compareTo(third) < 0 ? reapInterval : third;
    }

    private String userKey(long userId) {
        return userKeyPrefix() + userId;
    }

    private String userKeyPrefix() {
        return keys + "user:";
    }

    private String nodeSessionsKey(String node) {
        return keys + "node:" + node + ":sessions";
    }

    private String aliveKey(String node) {
        return keys + "node:" + node + ":alive";
    }

    /** Left by the survivor that reaped a node, for that node to find if it was alive after all. */
    private String reapedKey(String node) {
        return keys + "node:" + node + ":reaped";
    }

    private String nodesKey() {
        return keys + "nodes";
    }

    @Override
    public boolean opened(long userId, String sessionId) {
        boolean firstHere = local.opened(userId, sessionId);
        try {
            return sessionsBefore(userId, sessionId) == 0;
        } catch (RuntimeException e) {
            failed(e);
            log.warn("presence unavailable, answering from this node's sessions: {}", e.toString());
            return firstHere;
        }
    }

    /** Records a session of this node's in Redis; answers how many sessions the user had there before it. */
    private long sessionsBefore(long userId, String sessionId) {
        Long before = redis().eval(OPEN, ScriptOutputType.INTEGER,
                new String[] {userKey(userId), nodeSessionsKey(nodeId), nodesKey()},
                sessionId, nodeId, userId + "|" + sessionId);
        return before == null ? -1 : before;
    }

    @Override
    public boolean closed(long userId, String sessionId) {
        boolean lastHere = local.closed(userId, sessionId);
        try {
            Long last = redis().eval(CLOSE, ScriptOutputType.INTEGER,
                    new String[] {userKey(userId), nodeSessionsKey(nodeId)}, sessionId, userId + "|" + sessionId);
            return last != null && last == 1;
        } catch (RuntimeException e) {
            failed(e);
            log.warn("presence unavailable, answering from this node's sessions: {}", e.toString());
            return lastHere;
        }
    }

    @Override
    public java.util.Optional<java.util.Set<Long>> onlineNow(java.util.Collection<Long> userIds) {
        try {
            return java.util.Optional.of(readOnline(userIds));
        } catch (RuntimeException e) {
            failed(e);
            return java.util.Optional.empty();
        }
    }

    private java.util.Set<Long> readOnline(java.util.Collection<Long> userIds) {
        java.util.Set<Long> online = new java.util.HashSet<>();
        for (Long id : userIds) {
            if (redis().hlen(userKey(id)) > 0) {
                online.add(id);
            }
        }
        return online;
    }

    @Override
    public java.util.Set<Long> online(java.util.Collection<Long> userIds) {
        try {
            return readOnline(userIds);
        } catch (RuntimeException e) {
            failed(e);
            log.warn("presence unavailable, answering from this node's sessions: {}", e.toString());
            return local.online(userIds);
        }
    }

    @Override
    public void handOver(long userId, String sessionId, Duration grace) {
        local.closed(userId, sessionId);
        long expiry = System.currentTimeMillis() + grace.toMillis();
        try {
            redis().eval(HAND_OVER, ScriptOutputType.INTEGER,
                    new String[] {userKey(userId), nodeSessionsKey(nodeId), ghostsKey()},
                    sessionId, userId + "|" + sessionId, Long.toString(expiry), userId + "|ghost:" + sessionId);
        } catch (RuntimeException e) {
            failed(e);
            log.warn("presence hand-over failed user={}: {}", userId, e.toString());
        }
    }

    private String ghostsKey() {
        return keys + "ghosts";
    }

    /** Ends hand-overs whose grace is over; a user left with no session is reported gone (by one node only). */
    private void expireGhosts() {
        for (String member : redis().zrangebyscore(ghostsKey(),
                io.lettuce.core.Range.create(0, (double) System.currentTimeMillis()))) {
            int sep = member.indexOf('|');
            long userId = Long.parseLong(member.substring(0, sep));
            Long gone = redis().eval(EXPIRE_GHOST, ScriptOutputType.INTEGER,
                    new String[] {userKey(userId), ghostsKey()}, member.substring(sep + 1), member);
            if (gone != null && gone == 1) {
                announceGone(userId);
            }
        }
    }

    private void announceGone(long userId) {
        notify(goneListeners, userId);
    }

    private static void notify(List<LongConsumer> listeners, long userId) {
        for (LongConsumer listener : listeners) {
            try {
                listener.accept(userId);
            } catch (RuntimeException e) {
                log.error("presence listener failed user={}", userId, e);
            }
        }
    }

    @Override
    public void onUserGone(LongConsumer listener) {
        goneListeners.add(listener);
    }

    @Override
    public void onUserBack(LongConsumer listener) {
        backListeners.add(listener);
    }

    /** Writes this node's sessions to Redis again (after Redis lost them, e.g. a restart without persistence). */
    public void reassert() {
        try {
            noteIfTakenForDead(heartbeat());
            writeSessionsAgain();
        } catch (RuntimeException e) {
            failed(e);
            reassertPending = true;
            log.warn("presence reassert failed, will retry with the next heartbeat that succeeds: {}", e.toString());
        }
    }

    private void noteIfTakenForDead(boolean reaped) {
        if (reaped) {
            takenForDead = true;
            log.warn("node {} was taken for dead while alive: writing its sessions again", nodeId);
        }
    }

    /**
     * Writes every session of this node to Redis. If a survivor took this node for dead (its heartbeat lapsed: a long
     * pause, a slow or unreachable Redis) and reported its users gone, those who are present again are reported back.
     */
    private void writeSessionsAgain() {
        boolean reportBack = takenForDead;
        List<Long> back = new java.util.ArrayList<>();
        for (var entry : local.snapshot().entrySet()) {
            for (String session : entry.getValue()) {
                // None before: the user was absent (a session opened here since, and announced then, counts).
                if (sessionsBefore(entry.getKey(), session) == 0) {
                    back.add(entry.getKey());
                }
            }
        }
        reassertPending = false;
        takenForDead = false;
        if (reportBack) {
            back.forEach(userId -> notify(backListeners, userId));
        }
    }

    private RedisClusterCommands<String, String> redis() {
        return connection.sync();
    }

    /** Every failed Redis call goes through here, so that a connection that went silent is replaced. */
    private RuntimeException failed(RuntimeException e) {
        connection.failed(e);
        return e;
    }

    /** Renews this node's heartbeat; true when a survivor reaped this node since the last beat. */
    private boolean heartbeat() {
        Long reaped = redis().eval(BEAT, ScriptOutputType.INTEGER,
                new String[] {aliveKey(nodeId), nodesKey(), reapedKey(nodeId)},
                Long.toString(heartbeatTtl.toMillis()), nodeId);
        return reaped != null && reaped == 1;
    }

    private void tick() {
        try {
            noteIfTakenForDead(heartbeat());
            connection.succeeded();
            if (reassertPending || takenForDead) {
                writeSessionsAgain();
            }
            for (String node : redis().smembers(nodesKey())) {
                if (!node.equals(nodeId) && redis().exists(aliveKey(node)) == 0) {
                    String lock = redis().set(keys + "reap:" + node, nodeId,
                            SetArgs.Builder.nx().px(30_000));
                    if ("OK".equals(lock)) {
                        reap(node, true);
                    }
                }
            }
            expireGhosts();
        } catch (RuntimeException e) {
            failed(e);
            log.debug("presence tick skipped: {}", e.toString());
        }
    }

    /** Removes a node's sessions; {@code other}: a survivor reaps, and leaves word in case the node still lives. */
    private void reap(String node, boolean other) {
        List<String> gone = redis().eval(REAP, ScriptOutputType.MULTI,
                new String[] {nodeSessionsKey(node), nodesKey(), reapedKey(node)}, node, userKeyPrefix(),
                other ? "1" : "0", Long.toString(Duration.ofMinutes(10).toMillis()));
        if (!node.equals(nodeId) || !gone.isEmpty()) {
            log.warn("node {} stopped without a goodbye: {} users left with no session", node, gone.size());
        }
        for (String user : gone) {
            announceGone(Long.parseLong(user));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        connection.close();
    }
}
