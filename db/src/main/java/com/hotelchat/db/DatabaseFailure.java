package com.hotelchat.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * What a failed database call says about the database rather than about the call, so that a caller can tell a
 * failover (wait for the new primary, then try again) from a bad request (answer it), and knows whether trying again
 * could write twice.
 */
public enum DatabaseFailure {

    /** Not the database's availability: a constraint, a conflict, a bug. Trying again the same way fails the same way. */
    NONE,

    /**
     * The database could not be reached or refused to write, and nothing was written: no connection within the pool's
     * timeout, a server starting up or shutting down, or a read-only server (a standby, or a demoted or fenced primary
     * that still accepts connections) that refused the statement and rolled its transaction back.
     */
    NOTHING_WRITTEN,

    /**
     * The connection broke while the call was under way (the primary died, was stopped, or the network dropped it):
     * its transaction may or may not have committed. A commit that waited for a synchronous standby is the classic
     * case: the primary had written it and died before it could answer. Only an idempotent retry is safe.
     */
    OUTCOME_UNKNOWN;

    /** SQLSTATEs of a server that refused before writing: cannot connect now, no connection could be made. */
    private static final Set<String> REFUSED = Set.of("57P03", "08001", "08004");
    /** read_only_sql_transaction: a standby, or a primary demoted or fenced while this connection stayed open. */
    public static final String READ_ONLY = "25006";
    /** admin_shutdown, crash_shutdown: the server ended this connection, maybe in the middle of a commit. */
    private static final Set<String> ENDED = Set.of("57P01", "57P02");

    /** Classifies {@code failure} by the first SQL state along its causes that says something about the database. */
    public static DatabaseFailure of(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof SQLTransientConnectionException) {
                // HikariCP's "Connection is not available": no statement was sent
                return NOTHING_WRITTEN;
            }
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null && depth < 16; e = e.getNextException(), depth++) {
                    DatabaseFailure kind = ofState(e.getSQLState());
                    if (kind != NONE) {
                        return kind;
                    }
                }
            }
        }
        return NONE;
    }

    private static DatabaseFailure ofState(String state) {
        if (state == null) {
            return NONE;
        }
        if (READ_ONLY.equals(state) || REFUSED.contains(state)) {
            return NOTHING_WRITTEN;
        }
        if (state.startsWith("08") || ENDED.contains(state)) {
            return OUTCOME_UNKNOWN;
        }
        return NONE;
    }

    /** The database's availability, not the request, failed this call. */
    public boolean unavailable() {
        return this != NONE;
    }

    /** A short description of {@code failure} for a log line: SQL state and message, without a stack trace. */
    public static String describe(Throwable failure) {
        Throwable deepest = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return (sql.getSQLState() != null ? "SQLSTATE " + sql.getSQLState() + ": " : "") + sql.getMessage();
            }
            deepest = t;
        }
        return deepest.toString();
    }
}
