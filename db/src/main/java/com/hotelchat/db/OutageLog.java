package com.hotelchat.db;

import org.slf4j.Logger;

/**
 * The log of a background round that runs every second or so (timers, the outbox, the repair): while the database is
 * away (a failover) every round fails the same way, so the first failure is logged in one line and the rest of the
 * outage is quiet until a round works again, which is logged too. A failure that is not the database's (a bug) is
 * logged every time, with its stack trace.
 */
public final class OutageLog {

    private final Logger log;
    private final String round;
    private boolean failing;

    /** {@code round}: what fails, for the log line ("desk timers"). */
    public OutageLog(Logger log, String round) {
        this.log = log;
        this.round = round;
    }

    /** After a round that worked. */
    public synchronized void worked() {
        if (failing) {
            log.info("{} work again: the database is back", round);
            failing = false;
        }
    }

    /** After a round that failed with {@code failure}; the round is tried again. */
    public synchronized void failed(RuntimeException failure) {
        if (!DatabaseFailure.of(failure).unavailable()) {
            log.warn("{} failed; trying again", round, failure);
            return;
        }
        if (!failing) {
            log.warn("{} failed: database unavailable ({}); trying again, quietly until it works",
                    round, DatabaseFailure.describe(failure));
            failing = true;
        }
    }
}
