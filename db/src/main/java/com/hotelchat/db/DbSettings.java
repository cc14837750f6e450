package com.hotelchat.db;

/**
 * Where the database is (a JDBC URL, one host or several: {@link DatabaseUrl}) and how many connections a node may hold.
 * The password is never logged, neither this one nor one written in the URL.
 */
public record DbSettings(String jdbcUrl, String user, String password, int poolSize) {

    @Override
    public String toString() {
        return "DbSettings[jdbcUrl=" + DatabaseUrl.mask(jdbcUrl) + ", user=" + user + ", password=***, poolSize=" + poolSize + "]";
    }
}
