package com.hotelchat.db;

/**
 * Where the database is (a JDBC URL, one host or several: {@link DatabaseUrl}), how many connections a node may hold,
 * and how long a caller waits for a connection while there is none (a failover): no longer than a send may wait for
 * the database, so that the send's bound holds. The password is never logged, neither this one nor one written in the
 * URL.
 */
public record DbSettings(String jdbcUrl, String user, String password, int poolSize, java.time.Duration connectionWait) {

    /** The longest a caller waits for a connection, and the shortest the pool allows. */
    public static final java.time.Duration MAX_CONNECTION_WAIT = java.time.Duration.ofSeconds(5);
    private static final java.time.Duration MIN_CONNECTION_WAIT = java.time.Duration.ofMillis(250);

    public DbSettings {
        connectionWait = connectionWait.compareTo(MAX_CONNECTION_WAIT) > 0 ? MAX_CONNECTION_WAIT
                : connectionWait.compareTo(MIN_CONNECTION_WAIT) < 0 ? MIN_CONNECTION_WAIT : connectionWait;
    }

    public DbSettings(String jdbcUrl, String user, String password, int poolSize) {
        this(jdbcUrl, user, password, poolSize, MAX_CONNECTION_WAIT);
    }

    @Override
    public String toString() {
        return "DbSettings[jdbcUrl=" + DatabaseUrl.mask(jdbcUrl) + ", user=" + user + ", password=***, poolSize=" + poolSize
                + ", connectionWait=" + connectionWait.toMillis() + " ms]";
    }
}
