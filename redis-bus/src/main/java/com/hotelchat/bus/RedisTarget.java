package com.hotelchat.bus;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;

/**
 * Which Redis a node uses: one server (plain Redis, or the primary Sentinel names), or a Redis Cluster. Read from a
 * URL: {@code redis://host:port}, {@code rediss://...}, {@code redis-sentinel://host:port[,host:port]#primary}, or
 * {@code redis-cluster://[user:password@]host:port[,host:port...]} ({@code rediss-cluster://} with TLS), whose hosts
 * are where the node first asks for the cluster's layout (any reachable one will do; name several).
 */
public sealed interface RedisTarget {

    /** Plain Redis or Sentinel: Lettuce's own URI, which follows Sentinel to the current primary. */
    record Standalone(RedisURI uri) implements RedisTarget {}

    /** A Redis Cluster, found through these seed nodes. */
    record Cluster(List<RedisURI> seeds) implements RedisTarget {

        /** A cluster node the seeds led to, with the seeds' credentials and TLS setting. */
        public RedisURI node(String host, int port) {
            return RedisURI.builder(seeds.getFirst()).withHost(host).withPort(port).build();
        }
    }

    String CLUSTER = "redis-cluster://";
    String CLUSTER_TLS = "rediss-cluster://";

    /** The forms a node accepts, for error messages. */
    String FORMS = "redis://host:port, rediss://host:port, redis-sentinel://host:port[,host:port]#primary or "
            + "redis-cluster://host:port[,host:port...]";

    /** Reads a URL; a clear {@link IllegalArgumentException} (never naming a password) for anything else. */
    static RedisTarget parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no Redis URL; expected " + FORMS);
        }
        if (url.startsWith(CLUSTER) || url.startsWith(CLUSTER_TLS)) {
            return parseCluster(url);
        }
        try {
            return new Standalone(RedisURI.create(url));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + masked(url) + "' is not a Redis URL (" + e.getMessage()
                    + "); expected " + FORMS);
        }
    }

    private static Cluster parseCluster(String url) {
        boolean tls = url.startsWith(CLUSTER_TLS);
        String rest = url.substring(tls ? CLUSTER_TLS.length() : CLUSTER.length());
        String credentials = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            credentials = rest.substring(0, at + 1);
            rest = rest.substring(at + 1);
        }
        if (rest.contains("/") || rest.contains("?") || rest.contains("#")) {
            throw new IllegalArgumentException("'" + masked(url) + "': a Redis Cluster URL names only hosts and ports "
                    + "(a cluster has no database number and no primary name); expected redis-cluster://host:port[,host:port...]");
        }
        List<RedisURI> seeds = new ArrayList<>();
        for (String hostPort : rest.split(",")) {
            String node = hostPort.trim();
            if (!node.matches("(\\[[0-9a-fA-F:.]+\\]|[^:\\[\\]]+):[0-9]{1,5}")) {
                throw new IllegalArgumentException("'" + masked(url) + "': '" + node + "' is not host:port; expected "
                        + "redis-cluster://host:port[,host:port...]");
            }
            int port = Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("'" + masked(url) + "': port " + port + " is out of range");
            }
            seeds.add(RedisURI.create((tls ? "rediss://" : "redis://") + credentials + node));
        }
        return new Cluster(List.copyOf(seeds));
    }

    /** The URL with any password replaced, for logs and messages. */
    static String masked(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}
