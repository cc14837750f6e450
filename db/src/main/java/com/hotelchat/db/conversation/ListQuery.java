package com.hotelchat.db.conversation;

import java.time.Instant;

/**
 * What a staff member asks of the conversation list, all optional but the user: a status, an assignee (a user id, or
 * {@code unassigned}), one of their departments, the order ({@code waiting}: guests waiting for an answer, longest
 * wait first; otherwise newest activity first) and where the previous page ended.
 */
public record ListQuery(long userId, String status, Long assigneeId, boolean unassigned, String department,
                        String label, boolean byWaiting, Instant afterAt, Long afterId, int limit) {

    public static ListQuery of(long userId, String status, int limit) {
        return new ListQuery(userId, status, null, false, null, null, false, null, null, limit);
    }

    public ListQuery withLimit(int max) {
        return new ListQuery(userId, status, assigneeId, unassigned, department, label, byWaiting, afterAt, afterId, max);
    }
}
