package com.hotelchat.node;

import com.hotelchat.db.DbSettings;
import com.hotelchat.node.config.NodeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** Starts real nodes in this JVM, each on its own free port, against a database the test run created itself. */
public final class TestNode {

    public static final String SECRET = "test-secret-that-is-long-enough-0123456789";
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-password";

    private TestNode() {}

    public static Map<String, String> environment(DbSettings db, String nodeId) {
        Map<String, String> env = embeddedDatabaseEnvironment(nodeId);
        env.put("CHAT_DB_URL", db.jdbcUrl());
        env.put("CHAT_DB_USER", db.user());
        env.put("CHAT_DB_PASSWORD", db.password());
        env.put("CHAT_DB_POOL_SIZE", "8");
        return env;
    }

    /** A node with no database configured: it runs its own PostgreSQL in its (fresh, temporary) data directory. */
    public static Map<String, String> embeddedDatabaseEnvironment(String nodeId) {
        Map<String, String> env = new HashMap<>();
        env.put("CHAT_PORT", "0");
        env.put("CHAT_NODE_ID", nodeId);
        env.put("CHAT_AUTH_SECRET", SECRET);
        env.put("CHAT_ADMIN_USERNAME", ADMIN);
        env.put("CHAT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("CHAT_PASSWORD_HASH_ITERATIONS", "1000");
        try {
            env.put("CHAT_DATA_DIR", Files.createTempDirectory("chat-node-test").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return env;
    }

    public static ChatNode start(Map<String, String> env) {
        return ChatNode.start(NodeConfig.from(env));
    }
}
