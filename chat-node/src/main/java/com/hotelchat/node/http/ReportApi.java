package com.hotelchat.node.http;

import com.hotelchat.db.report.DeskReports;
import com.hotelchat.db.report.ReportPeriod;
import com.hotelchat.db.report.ReportTimeoutException;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.staff.StaffDirectory;
import com.hotelchat.domain.Department;
import com.hotelchat.node.report.ReportCsv;
import com.hotelchat.node.report.ReportView;
import com.hotelchat.protocol.Decoded;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;

/**
 * {@code GET /chat/reports/?from=&to=&tz=&department=&format=}: the desk report (see {@code ReportMapper}) as JSON, or
 * as CSV with {@code format=csv} or {@code Accept: text/csv}. Admins see every department; a department's staff see
 * their own departments (with their colleagues' lines: who answered and closed what is in every thread they can read
 * anyway), and asking for another department is a 403. A node computes at most {@link #AT_ONCE} reports at a time
 * (more: 429), each bounded by {@link DeskReports#TIMEOUT} (longer: 503), so that reports never take the connections
 * and the database's CPU that messages need.
 */
public final class ReportApi {

    static final int AT_ONCE = 2;
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm");

    private final DeskReports reports;
    private final StaffDirectory staff;
    private final Semaphore running = new Semaphore(AT_ONCE);

    public ReportApi(DeskReports reports, StaffDirectory staff) {
        this.reports = reports;
        this.staff = staff;
    }

    public ApiResponse report(StaffAccount caller, ApiRequest request) {
        boolean csv = csv(request);
        ReportPeriod period = switch (ReportPeriod.parse(request.query().get("from"), request.query().get("to"),
                request.query().get("tz"))) {
            case Decoded.Ok<ReportPeriod> ok -> ok.value();
            case Decoded.ProtocolError<ReportPeriod> error -> throw ApiError.badRequest(error.message());
        };
        List<String> departments = departments(caller, request.query().get("department"));
        if (!running.tryAcquire()) {
            throw ApiError.tooManyRequests("This node is computing other reports: try again in a few seconds",
                    RETRY_AFTER);
        }
        ReportView view;
        try {
            view = ReportView.of(period, reports.report(departments, period));
        } catch (ReportTimeoutException e) {
            throw new ApiError(503, "The report took longer than " + e.limit().toSeconds()
                    + " s and was stopped: choose a shorter period or one department");
        } finally {
            running.release();
        }
        return csv ? ApiResponse.csv(ReportCsv.write(view), fileName(period)) : ApiResponse.ok(view);
    }

    /** {@code format=csv|json}; without it, CSV when the client accepts text/csv. */
    private static boolean csv(ApiRequest request) {
        String format = request.query().get("format");
        if (format == null || format.isEmpty()) {
            String accept = request.header("Accept");
            return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
        }
        return switch (format) {
            case "csv" -> true;
            case "json" -> false;
            default -> throw ApiError.badRequest("'format' must be json or csv");
        };
    }

    /** The departments the report covers: the one asked for, or all the caller may see. */
    private List<String> departments(StaffAccount caller, String asked) {
        boolean admin = caller.user().isAdmin();
        if (asked == null || asked.isEmpty()) {
            return admin ? staff.departments().stream().map(Department::name).toList() : caller.departments();
        }
        if (staff.departments().stream().noneMatch(d -> d.name().equals(asked))) {
            throw ApiError.notFound("There is no department named '" + asked + "'");
        }
        if (!admin && !caller.departments().contains(asked)) {
            throw ApiError.forbidden("You can only see the reports of your own departments");
        }
        return List.of(asked);
    }

    /** desk-report-2026-03-01-to-2026-04-01.csv: the bounds in the report's time zone, with the time unless midnight. */
    private static String fileName(ReportPeriod period) {
        return "desk-report-" + bound(period.from().atZone(period.zone())) + "-to-"
                + bound(period.to().atZone(period.zone())) + ".csv";
    }

    private static String bound(ZonedDateTime t) {
        return t.toLocalTime().equals(LocalTime.MIDNIGHT) ? DAY.format(t) : MINUTE.format(t);
    }
}
