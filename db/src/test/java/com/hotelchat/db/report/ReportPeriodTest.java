package com.hotelchat.db.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hotelchat.protocol.Decoded;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportPeriodTest {

    private static ReportPeriod period(String from, String to, String tz) {
        Decoded<ReportPeriod> parsed = ReportPeriod.parse(from, to, tz);
        assertThat(parsed).isInstanceOf(Decoded.Ok.class);
        return ((Decoded.Ok<ReportPeriod>) parsed).value();
    }

    private static String refusal(String from, String to, String tz) {
        Decoded<ReportPeriod> parsed = ReportPeriod.parse(from, to, tz);
        assertThat(parsed).isInstanceOf(Decoded.ProtocolError.class);
        return ((Decoded.ProtocolError<ReportPeriod>) parsed).message();
    }

    @Test
    void datesAreMidnightsInUtcUnlessAZoneIsGiven() {
        ReportPeriod utc = period("2026-03-01", "2026-04-01", null);
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), utc.from());
        assertEquals(Instant.parse("2026-04-01T00:00:00Z"), utc.to());
        assertEquals("UTC", utc.zone().getId());
        // New York changes to summer time on 8 March 2026: the two midnights are an hour apart in UTC terms
        ReportPeriod newYork = period("2026-03-01", "2026-04-01", "America/New_York");
        assertEquals(Instant.parse("2026-03-01T05:00:00Z"), newYork.from());
        assertEquals(Instant.parse("2026-04-01T04:00:00Z"), newYork.to());
    }

    @Test
    void timesWithAnOffsetAreThatInstantAndLocalTimesAreInTheZone() {
        ReportPeriod p = period("2026-03-01T08:00:00+01:00", "2026-03-01T18:30", "Asia/Tokyo");
        assertEquals(Instant.parse("2026-03-01T07:00:00Z"), p.from());
        assertEquals(Instant.parse("2026-03-01T09:30:00Z"), p.to());
        assertEquals(Instant.parse("2026-03-02T00:00:00Z"),
                period("2026-03-01T23:00:00Z", "2026-03-01T19:00:00-05:00", null).to());
    }

    @Test
    void aYearIsAllowedInTheZonesCalendarAndADayMoreIsNot() {
        period("2028-01-01", "2029-01-01", null); // 366 days, a leap year
        // from summer time to winter time: 366 days and an hour in UTC terms, 366 days on the calendar
        ReportPeriod rome = period("2027-10-30", "2028-10-30", "Europe/Rome");
        assertEquals(366 * 24 + 1, java.time.Duration.between(rome.from(), rome.to()).toHours());
        assertThat(refusal("2025-01-01", "2026-01-03", null)).contains("at most 366 days");
        assertThat(refusal("2027-10-30", "2028-10-31", "Europe/Rome")).contains("at most 366 days");
    }

    @Test
    void eachMistakeIsNamed() {
        assertThat(refusal(null, "2026-04-01", null)).contains("'from' and 'to' are required");
        assertThat(refusal("2026-03-01", "", null)).contains("'from' and 'to' are required");
        assertThat(refusal("2026-04-01", "2026-03-01", null)).contains("'from' must be before 'to'");
        assertThat(refusal("2026-03-01", "2026-03-01", null)).contains("'from' must be before 'to'");
        assertThat(refusal("yesterday", "2026-03-01", null)).startsWith("'from' must be a date");
        assertThat(refusal("2026-03-01", "2026-02-30", null)).startsWith("'to' must be a date");
        assertThat(refusal("2026-03-01", "2026-03-02T25:00", null)).startsWith("'to' must be a date");
        assertThat(refusal("1900-01-01", "1900-02-01", null)).startsWith("'from' must be a date");
        assertThat(refusal("2026-03-01", "2026-04-01", "Mars/Olympus")).startsWith("'tz' must be a time zone");
        assertThat(refusal("2026-03-01", "2026-04-01", "x".repeat(100))).startsWith("'tz' must be a time zone");
        assertThat(refusal("2026-03-01" + " ".repeat(100), "2026-04-01", null)).startsWith("'from' must be a date");
    }
}
