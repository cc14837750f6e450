package com.hotelchat.node.report;

import com.hotelchat.db.report.DepartmentReport;
import com.hotelchat.db.report.ReportPeriod;
import com.hotelchat.db.report.ReportRow;
import java.time.Instant;
import java.util.List;

/**
 * A desk report as {@code GET /chat/reports/} answers it in JSON (snake_case, as the codec writes records) and as
 * {@link ReportCsv} lays it out. Times are seconds to the millisecond; null when nothing was measured.
 */
public record ReportView(Instant from, Instant to, String timeZone, List<Department> departments) {

    public record Department(String department, int waitingAlertSeconds, long conversationsOpened, Timing firstResponse,
                             Timing resolution, long messagesSent, long waitedPastThreshold, List<Agent> agents) {}

    public record Agent(long id, String name, Timing firstResponse, Timing resolution, long messagesSent) {}

    /** How many were measured, their median and 90th percentile. */
    public record Timing(long count, Double medianSeconds, Double p90Seconds) {}

    public static ReportView of(ReportPeriod period, List<DepartmentReport> report) {
        return new ReportView(period.from(), period.to(), period.zone().getId(),
                report.stream().map(ReportView::department).toList());
    }

    private static Department department(DepartmentReport d) {
        ReportRow t = d.totals();
        return new Department(d.department().name(), d.department().waitingAlertSeconds(), t.conversationsOpened(),
                firstResponse(t), resolution(t), t.messagesSent(), t.waitedPastThreshold(),
                d.agents().stream().map(a -> new Agent(a.agentId(),
                        a.agentName() == null ? "Staff member " + a.agentId() : a.agentName(),
                        firstResponse(a), resolution(a), a.messagesSent())).toList());
    }

    private static Timing firstResponse(ReportRow r) {
        return new Timing(r.firstResponses(), millis(r.firstResponseMedian()), millis(r.firstResponseP90()));
    }

    private static Timing resolution(ReportRow r) {
        return new Timing(r.resolved(), millis(r.resolutionMedian()), millis(r.resolutionP90()));
    }

    /** Seconds rounded to the millisecond: the clock's own resolution is a microsecond, nobody reads past a ms. */
    static Double millis(Double seconds) {
        return seconds == null ? null : Math.round(seconds * 1000) / 1000.0;
    }
}
