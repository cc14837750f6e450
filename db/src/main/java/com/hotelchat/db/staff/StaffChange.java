package com.hotelchat.db.staff;

import java.util.List;

/**
 * A partial update of a staff user; null fields are left as they are. A new {@code passwordHash} comes with
 * {@code changedAt}: every token issued before it is withdrawn.
 */
public record StaffChange(Boolean active, List<String> departments, String passwordHash, String name,
                          java.time.Instant changedAt) {

    public static StaffChange password(String passwordHash, java.time.Instant changedAt) {
        return new StaffChange(null, null, passwordHash, null, changedAt);
    }
}
