package com.hotelchat.db.report;

import java.time.Duration;

/** A report ran longer than it may ({@link DeskReports#TIMEOUT}) and was stopped; nothing else was affected. */
public final class ReportTimeoutException extends RuntimeException {

    public ReportTimeoutException(Duration limit) {
        super("the report ran longer than " + limit.toSeconds() + " s and was stopped", null, false, false);
    }
}
