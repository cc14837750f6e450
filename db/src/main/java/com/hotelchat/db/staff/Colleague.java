package com.hotelchat.db.staff;

/** A staff member in one of the departments a user belongs to. */
public record Colleague(long userId, String userName, String department) {}
