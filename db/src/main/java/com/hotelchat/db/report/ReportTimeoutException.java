package com.hotelchat.db.report;

import java.time.Duration;

/** A report ran longer than it may and was stopped; nothing else was affected. */
public final class ReportTimeoutException extends RuntimeException {

    private final Duration limit;

    public ReportTimeoutException(Duration limit) {
        super("the report ran longer than " + limit.toMillis() + " ms and was stopped", null, false, false);
        this.limit = limit;
    }

    /** How long the report was allowed to run. */
    public Duration limit() {
        return limit;
    }
}
