package com.hotelchat.db.report;

/**
 * One line of a desk report: a department's totals ({@code agentId} null) or one staff member's share of them. Times
 * are in seconds, null when there is nothing to measure. An agent's line has no conversations opened and no waits:
 * a conversation and its waits belong to the department (the waiting alert goes to the department, not a person).
 *
 * @param firstResponses conversations opened in the period whose guest got a reply (an agent: the first reply was theirs)
 * @param resolved conversations opened in the period and closed since (an agent: they closed it, the first time)
 * @param messagesSent replies the guest sees, sent in the period
 * @param waitedPastThreshold conversations in which a wait that began in the period lasted the department's threshold
 */
public record ReportRow(long departmentId, Long agentId, String agentName, long conversationsOpened,
                        long firstResponses, Double firstResponseMedian, Double firstResponseP90,
                        long resolved, Double resolutionMedian, Double resolutionP90,
                        long messagesSent, long waitedPastThreshold) {

    /** A department's totals, not one agent's share. */
    public boolean departmentTotal() {
        return agentId == null;
    }

    /** The totals of a department with nothing in the period. */
    public static ReportRow empty(long departmentId) {
        return new ReportRow(departmentId, null, null, 0, 0, null, null, 0, null, null, 0, 0);
    }
}
