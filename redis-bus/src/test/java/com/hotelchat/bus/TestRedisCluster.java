package com.hotelchat.bus;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A throwaway Redis Cluster the test starts itself: three primaries and three replicas ({@code redis-server
 * --cluster-enabled yes} on free ports in temp directories, joined by {@code redis-cli --cluster create
 * --cluster-replicas 1}), with a short node timeout so that a replica takes over within a few seconds. Servers can be
 * killed, frozen, restarted, and slots moved between primaries while traffic flows.
 *
 * <p>{@link #behindProxies()}: every server announces the port of a {@link BlackHoleProxy} in front of it, so every
 * client connection to it (never the cluster's own gossip, which has its own port) goes through the proxy, and a test
 * can silence one shard's client connections while the cluster itself stays healthy.
 */
public final class TestRedisCluster implements AutoCloseable {

    /** A cluster node: its server, and the proxy clients reach it through (or none). */
    public static final class Node {
        private final TestRedis server;
        private final BlackHoleProxy proxy;
        private volatile boolean frozen;

        private Node(TestRedis server, BlackHoleProxy proxy) {
            this.server = server;
            this.proxy = proxy;
        }

        /** The port clients use: the proxy's, if there is one. */
        public int port() {
            return proxy == null ? server.port() : proxy.port();
        }

        public BlackHoleProxy proxy() {
            return proxy;
        }

        public TestRedis server() {
            return server;
        }

        @Override
        public String toString() {
            return "127.0.0.1:" + port();
        }
    }

    private static final String NODE_TIMEOUT_MILLIS = "2000";
    private final List<Node> nodes;

    private TestRedisCluster(List<Node> nodes) {
        this.nodes = nodes;
    }

    public static TestRedisCluster start() {
        return start(false);
    }

    public static TestRedisCluster behindProxies() {
        return start(true);
    }

    private static TestRedisCluster start(boolean proxied) {
        List<Node> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                int port = TestRedis.freePort();
                int busPort = TestRedis.freePort();
                BlackHoleProxy proxy = proxied ? BlackHoleProxy.to(port) : null;
                List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes", "--cluster-config-file",
                        "nodes.conf", "--cluster-node-timeout", NODE_TIMEOUT_MILLIS, "--cluster-port",
                        Integer.toString(busPort)));
                if (proxied) {
                    args.addAll(List.of("--cluster-announce-ip", "127.0.0.1", "--cluster-announce-port",
                            Integer.toString(proxy.port()), "--cluster-announce-bus-port", Integer.toString(busPort)));
                }
                nodes.add(new Node(TestRedis.startOn(port, args.toArray(String[]::new)), proxy));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (Node node : nodes) {
                create.add("127.0.0.1:" + node.server.port());
            }
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            run(create, 60);
            TestRedisCluster cluster = new TestRedisCluster(nodes);
            cluster.awaitHealthy();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(TestRedisCluster::stop);
            throw e;
        }
    }

    /** {@code redis-cluster://} with the three primaries' client ports. */
    public String url() {
        return "redis-cluster://" + primaries().stream().map(Node::toString).collect(Collectors.joining(","));
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** Waits until every live node says the cluster is ok, every slot is served and every replica is in sync. */
    public void awaitHealthy() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (Node node : live()) {
                String info = cli(node, "cluster", "info");
                if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_ok:16384")) {
                    return false;
                }
                String replication = cli(node, "info", "replication");
                if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
                    return false;
                }
            }
            return primaries().size() == 3;
        });
    }

    private List<Node> live() {
        return nodes.stream().filter(n -> n.server.isRunning() && !n.frozen).toList();
    }

    /** The primaries that serve slots now, as a live node sees them. */
    public List<Node> primaries() {
        List<Node> primaries = new ArrayList<>();
        for (String line : clusterNodes()) {
            String[] f = line.split(" ");
            if (f.length > 8 && f[2].contains("master") && !f[2].contains("fail")) {
                primaries.add(byAnnouncedPort(announcedPort(f[1])));
            }
        }
        return primaries;
    }

    /** The primary that serves {@code key}'s (or channel's) hash slot now. */
    public Node primaryFor(String key) {
        return primaryForSlot(SlotHash.getSlot(key));
    }

    public Node primaryForSlot(int slot) {
        for (String line : clusterNodes()) {
            String[] f = line.split(" ");
            if (!f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                String[] range = f[i].split("-");
                if (range[0].startsWith("[")) {
                    continue; // a slot being migrated or imported
                }
                int low = Integer.parseInt(range[0]);
                int high = range.length > 1 ? Integer.parseInt(range[1]) : low;
                if (slot >= low && slot <= high) {
                    return byAnnouncedPort(announcedPort(f[1]));
                }
            }
        }
        throw new IllegalStateException("no live primary serves slot " + slot);
    }

    /** How many slots a primary serves now. */
    public int slotCount(Node primary) {
        int count = 0;
        for (String line : clusterNodes()) {
            String[] f = line.split(" ");
            if (announcedPort(f[1]) != primary.port()) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                String[] range = f[i].split("-");
                if (!range[0].startsWith("[")) {
                    count += range.length > 1 ? Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1 : 1;
                }
            }
        }
        return count;
    }

    private List<String> clusterNodes() {
        for (Node node : live()) {
            try {
                String out = cli(node, "cluster", "nodes");
                if (!out.isBlank() && !out.startsWith("ERR") && !out.startsWith("Could not connect")) {
                    return Arrays.stream(out.split("\n")).filter(l -> !l.isBlank()).toList();
                }
            } catch (RuntimeException tryAnother) {
                // frozen or gone: ask the next one
            }
        }
        throw new IllegalStateException("no live cluster node answers");
    }

    private static int announcedPort(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1, address.indexOf('@')));
    }

    private Node byAnnouncedPort(int port) {
        return nodes.stream().filter(n -> n.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node announces port " + port));
    }

    public String nodeId(Node node) {
        return cli(node, "cluster", "myid").trim();
    }

    /** SIGKILL: the server vanishes; its replica takes over after the node timeout. */
    public void kill(Node node) {
        node.server.kill();
    }

    /** Starts a killed server again on its port and directory: it rejoins (as a replica, if it was replaced). */
    public void restart(Node node) {
        node.server.startProcess();
    }

    /** SIGSTOP: connections stay open and nothing answers. */
    public void freeze(Node node) {
        node.frozen = true;
        node.server.signal("STOP");
    }

    public void thaw(Node node) {
        node.server.signal("CONT");
        node.frozen = false;
    }

    /** Waits until a primary other than {@code old} serves {@code slot} and the cluster is ok again. */
    public Node awaitNewPrimaryFor(int slot, Node old) {
        Node[] now = new Node[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            now[0] = primaryForSlot(slot);
            return now[0] != old && live().stream().filter(n -> n != old)
                    .allMatch(n -> cli(n, "cluster", "info").contains("cluster_state:ok"));
        });
        return now[0];
    }

    /**
     * {@code redis-cli --cluster reshard}: moves {@code slots} slots (with their keys) from one primary to another, its
     * lowest ones. (A primary left with none becomes a replica of the new owner: keep it at least one.)
     */
    public void reshard(Node from, Node to, int slots) {
        run(List.of("redis-cli", "--cluster", "reshard", "127.0.0.1:" + from.server.port(), "--cluster-from",
                nodeId(from), "--cluster-to", nodeId(to), "--cluster-slots", Integer.toString(slots), "--cluster-yes"),
                120);
    }

    /** Runs redis-cli against a node's own port (never through its proxy); answers its output. */
    public static String cli(Node node, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(node.server.port())));
        command.addAll(List.of(args));
        return run(command, 5);
    }

    private static String run(List<String> command, int timeoutSeconds) {
        try {
            java.nio.file.Path output = java.nio.file.Files.createTempFile("redis-cli", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("timed out: " + command);
                }
                return check(command, process, java.nio.file.Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                java.nio.file.Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run redis-cli (is the redis-tools package installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String check(List<String> command, Process process, String text) {
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + text);
        }
        return text;
    }

    private static void stop(Node node) {
        if (node.proxy != null) {
            node.proxy.close();
        }
        node.server.close();
    }

    @Override
    public void close() {
        nodes.forEach(n -> {
            if (n.server.isRunning()) {
                n.server.signal("CONT");
            }
        });
        nodes.forEach(TestRedisCluster::stop);
    }
}
