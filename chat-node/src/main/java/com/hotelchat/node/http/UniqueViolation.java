package com.hotelchat.node.http;

import java.sql.SQLException;

/**
 * Turns PostgreSQL's unique violation (SQLSTATE 23505), or with {@link #stillReferenced} its foreign key violation
 * (23503: a row something still refers to), into a 409; anything else stays what it was.
 */
final class UniqueViolation {

    private UniqueViolation() {}

    static RuntimeException asConflict(RuntimeException e, String message) {
        return asConflict(e, "23505", message);
    }

    static RuntimeException stillReferenced(RuntimeException e, String message) {
        return asConflict(e, "23503", message);
    }

    private static RuntimeException asConflict(RuntimeException e, String sqlState, String message) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sqlState.equals(sql.getSQLState())) {
                return ApiError.conflict(message);
            }
        }
        return e;
    }
}
