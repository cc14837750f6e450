package com.hotelchat.node;

import com.hotelchat.db.DbSettings;
import com.hotelchat.db.TestPostgres;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** One real node on a fresh database, with two departments; tests make their own users and conversations. */
public final class SingleNodeFixture implements AutoCloseable {

    private static final AtomicInteger GUESTS = new AtomicInteger(1_000_000);

    public final ChatNode node;
    /** The node's database, for statements a test runs behind its back ({@link TestSql}). */
    public final DbSettings db;
    public final Api api;
    public final String admin;

    public SingleNodeFixture() {
        this(java.util.Map.of());
    }

    /** A node with some settings changed from the test defaults. */
    public SingleNodeFixture(java.util.Map<String, String> overrides) {
        db = TestPostgres.freshDatabase();
        java.util.Map<String, String> env = TestNode.environment(db, "node-a");
        env.putAll(overrides);
        node = TestNode.start(env);
        api = new Api(node.port());
        admin = api.adminToken();
        api.department(admin, "reception");
        api.department(admin, "housekeeping");
    }

    /** A new department_staff user; returns a fresh token. */
    public String user(String username, String... departments) {
        api.staff(admin, username, displayName(username), List.of(departments));
        return api.loginStaff(username);
    }

    public static String displayName(String username) {
        return Character.toUpperCase(username.charAt(0)) + username.substring(1) + " Test";
    }

    public long conversation(String token, String department) {
        return api.conversation(token, department, "+1555" + GUESTS.incrementAndGet(), "Guest " + GUESTS.get());
    }

    public WsClient connect(String token) {
        return WsClient.connect(node.port(), token);
    }

    @Override
    public void close() {
        node.close();
    }
}
