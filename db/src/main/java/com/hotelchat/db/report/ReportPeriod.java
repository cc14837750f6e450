package com.hotelchat.db.report;

import com.hotelchat.protocol.Decoded;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The period a report covers, {@code [from, to)}: from what a caller wrote, each bound a date ({@code 2026-03-01}: its
 * midnight in {@code zone}), a local time ({@code 2026-03-01T08:00}, in {@code zone}) or a time with its offset
 * ({@code 2026-03-01T08:00:00Z}). {@code to} is not included: March is {@code from=2026-03-01&to=2026-04-01}. At most
 * {@link #MAX_DAYS} days long, counted in {@code zone}'s calendar (a day of a daylight-saving change is one day).
 */
public record ReportPeriod(Instant from, Instant to, ZoneId zone) {

    public static final int MAX_DAYS = 366;
    private static final int MAX_CHARS = 64;
    private static final ZoneId UTC = ZoneId.of("UTC");

    /** The period, or a sentence saying what is wrong; {@code tz} null or empty is UTC. */
    public static Decoded<ReportPeriod> parse(String from, String to, String tz) {
        if (from == null || from.isEmpty() || to == null || to.isEmpty()) {
            return Decoded.error("'from' and 'to' are required: dates such as 2026-03-01 (in 'tz', UTC if not given) "
                    + "or times such as 2026-03-01T08:00:00Z; 'to' is not included");
        }
        ZoneId zone;
        try {
            zone = tz == null || tz.isEmpty() ? UTC : ZoneId.of(tz.length() > MAX_CHARS ? "?" : tz);
        } catch (DateTimeException e) {
            return Decoded.error("'tz' must be a time zone such as UTC or Europe/Rome");
        }
        Instant start = instant(from, zone);
        if (start == null) {
            return Decoded.error(notATime("from"));
        }
        Instant end = instant(to, zone);
        if (end == null) {
            return Decoded.error(notATime("to"));
        }
        if (!start.isBefore(end)) {
            return Decoded.error("'from' must be before 'to' (the period runs from 'from' up to, not including, 'to')");
        }
        if (end.isAfter(start.atZone(zone).plusDays(MAX_DAYS).toInstant())) {
            return Decoded.error("The period may be at most " + MAX_DAYS + " days long");
        }
        return Decoded.ok(new ReportPeriod(start, end, zone));
    }

    private static String notATime(String name) {
        return "'" + name + "' must be a date such as 2026-03-01, or a time such as 2026-03-01T08:00:00Z (with its "
                + "offset) or 2026-03-01T08:00 (in 'tz')";
    }

    /** Null when {@code text} is none of the three forms, or a year PostgreSQL and people would not mean. */
    private static Instant instant(String text, ZoneId zone) {
        if (text.length() > MAX_CHARS) {
            return null;
        }
        Instant instant;
        try {
            if (text.indexOf('T') < 0) {
                instant = LocalDate.parse(text).atStartOfDay(zone).toInstant();
            } else if (hasOffset(text)) {
                instant = OffsetDateTime.parse(text).toInstant();
            } else {
                instant = LocalDateTime.parse(text).atZone(zone).toInstant();
            }
        } catch (DateTimeParseException e) {
            return null;
        }
        int year = instant.atZone(ZoneOffset.UTC).getYear();
        return year < 1970 || year > 9999 ? null : instant;
    }

    private static boolean hasOffset(String text) {
        String time = text.substring(text.indexOf('T'));
        return time.endsWith("Z") || time.endsWith("z") || time.indexOf('+') >= 0 || time.indexOf('-') >= 0;
    }
}
