package com.hotelchat.db.staff;

import java.util.List;

/** A partial update of a staff user; null fields are left as they are. */
public record StaffChange(Boolean active, List<String> departments, String passwordHash, String name) {}
