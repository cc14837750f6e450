package com.hotelchat.node;

import com.hotelchat.db.DbSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Statements a test runs on the database behind the nodes' backs: a change committed by a node that died before it
 * could announce it looks exactly like this to the others.
 */
final class TestSql {

    private TestSql() {}

    /** Runs one statement with long parameters; answers the number of rows it changed. */
    static int update(DbSettings db, String statement, long... parameters) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement st = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setLong(i + 1, parameters[i]);
            }
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    /** Runs a script of statements (dollar-quoted bodies may hold semicolons) on one connection, in order. */
    static void execute(DbSettings db, String script) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             java.sql.Statement st = c.createStatement()) {
            st.execute(script);
        } catch (SQLException e) {
            throw new IllegalStateException(script.substring(0, Math.min(200, script.length())), e);
        }
    }

    /** The single long the query answers. */
    static long queryLong(DbSettings db, String query, long... parameters) {
        return single(db, query, rs -> rs.getLong(1), parameters);
    }

    /** The single text the query answers. */
    static String queryText(DbSettings db, String query, long... parameters) {
        return single(db, query, rs -> rs.getString(1), parameters);
    }

    private interface Column<T> {
        T read(java.sql.ResultSet row) throws SQLException;
    }

    /** The first column of the query's single row, read by {@code column}; the parameters are bound as longs. */
    private static <T> T single(DbSettings db, String query, Column<T> column, long... parameters) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement st = c.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setLong(i + 1, parameters[i]);
            }
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no row: " + query);
                }
                return column.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
    }
}
