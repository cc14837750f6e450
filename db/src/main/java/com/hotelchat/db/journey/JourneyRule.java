package com.hotelchat.db.journey;

import java.time.LocalTime;

/**
 * A guest journey rule of a department: template {@code templateId} sent automatically to each guest once,
 * {@code daysBefore} days before their check-in ({@link #BEFORE_CHECK_IN}) or on their check-out day
 * ({@link #CHECK_OUT}), at {@code sendTime} in the hotel's time zone. Off ({@code active} false) until switched on.
 */
public record JourneyRule(long id, long departmentId, String department, String name, long templateId,
                          String templateName, String occasion, int daysBefore, LocalTime sendTime, boolean active) {

    public static final String BEFORE_CHECK_IN = "before_check_in";
    public static final String CHECK_OUT = "check_out";

    /** The name its messages are sent under. */
    public String senderName() {
        return name + " (automatic)";
    }
}
