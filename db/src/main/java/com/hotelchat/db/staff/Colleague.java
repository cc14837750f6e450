package com.hotelchat.db.staff;

/**
 * A staff member in one of the departments a user belongs to: id, login name (what an {@code @} mention names) and
 * display name. (Not {@code userName}: MyBatis matches columns to components ignoring case, so {@code username} and
 * {@code userName} would both take both columns.)
 */
public record Colleague(long userId, String username, String displayName, String department) {}
