package com.hotelchat.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The embedded server a node runs when no database is configured keeps what it commits through a machine crash. */
class EmbeddedPostgresServerTest {

    @Test
    void theNodesOwnServerFlushesEveryCommit() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Files.createTempDirectory("embedded-pg"));
             Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "postgres");
             Statement st = c.createStatement()) {
            assertEquals("on", setting(st, "fsync"));
            assertEquals("on", setting(st, "synchronous_commit"));
            assertEquals("on", setting(st, "full_page_writes"));
        }
    }

    /**
     * A node killed with SIGKILL runs no shutdown hook, so its PostgreSQL outlives it and holds the directory; the
     * next start stops that server and serves the directory again, with what it had committed.
     */
    @Test
    void aServerLeftRunningByAKilledProcessIsStoppedAndItsDataServedAgain() throws Exception {
        Path directory = Files.createTempDirectory("embedded-pg");
        String java = ProcessHandle.current().info().command().orElse("java");
        // started on a relative directory, as the README's command does (CHAT_DATA_DIR defaults to chat-data)
        Process owner = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LeftOverServer.class.getName(), directory.getFileName().toString()))
                .directory(directory.getParent().toFile()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                // the child's log
            }
            assertEquals("ready", line, "the first server did not start");
        }
        owner.destroyForcibly();
        assertEquals(true, owner.waitFor(10, TimeUnit.SECONDS));
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(directory);
             Connection c = DriverManager.getConnection(again.jdbcUrl("postgres"), "postgres", "postgres");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT v FROM kept")) {
            rs.next();
            assertEquals(42, rs.getInt(1));
        }
    }

    private static String setting(Statement st, String name) throws Exception {
        try (ResultSet rs = st.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
