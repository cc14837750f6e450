package com.hotelchat.db;

/** Where the database is and how many connections a node may hold. The password is never logged. */
public record DbSettings(String jdbcUrl, String user, String password, int poolSize) {

    @Override
    public String toString() {
        return "DbSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***, poolSize=" + poolSize + "]";
    }
}
