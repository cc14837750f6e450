package com.hotelchat.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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

    private static String setting(Statement st, String name) throws Exception {
        try (ResultSet rs = st.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
