package com.hotelchat.protocol;

/** A staff member as shown beside a conversation: its assignee, or who changed it. */
public record AssigneeData(long id, String name) {

    /** Null when {@code id} is null (nobody). */
    public static AssigneeData of(Long id, String name) {
        return id == null ? null : new AssigneeData(id, name);
    }
}
