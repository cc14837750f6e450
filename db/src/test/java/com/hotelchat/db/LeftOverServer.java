package com.hotelchat.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** Run in a process of its own by {@link EmbeddedPostgresServerTest}: starts the server, writes a row, waits to be killed. */
public final class LeftOverServer {

    private LeftOverServer() {}

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]));
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "postgres");
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (v INT)");
            st.execute("INSERT INTO kept VALUES (42)");
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
