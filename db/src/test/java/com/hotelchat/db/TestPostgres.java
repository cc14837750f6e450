package com.hotelchat.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One throwaway PostgreSQL server per test JVM, in a temp directory on a free port, and a fresh database
 * for each caller, so test classes never see each other's rows. The machine's own PostgreSQL is never used.
 */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgresServer server;

    private TestPostgres() {}

    private static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("chat-test-pg");
                server = EmbeddedPostgresServer.startThrowaway(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // no hook of ours: the server stops itself when the test JVM exits
        }
        return server;
    }

    /** Creates an empty database and returns settings that point at it. */
    public static DbSettings freshDatabase() {
        String name = "chat_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(server().jdbcUrl("postgres"), "postgres", "postgres");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new DbSettings(server().jdbcUrl(name), "postgres", "postgres", 10);
    }
}
