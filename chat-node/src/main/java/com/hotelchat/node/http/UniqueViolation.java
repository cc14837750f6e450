package com.hotelchat.node.http;

import java.sql.SQLException;

/** Turns PostgreSQL's unique violation (SQLSTATE 23505) into a 409; anything else stays what it was. */
final class UniqueViolation {

    private UniqueViolation() {}

    static RuntimeException asConflict(RuntimeException e, String message) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return ApiError.conflict(message);
            }
        }
        return e;
    }
}
