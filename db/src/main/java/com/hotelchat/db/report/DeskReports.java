package com.hotelchat.db.report;

import com.hotelchat.db.Database;
import com.hotelchat.db.desk.DepartmentSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.exceptions.PersistenceException;

/**
 * Desk reports, read from the database by {@link ReportMapper}'s one statement, with bounds that keep a report from
 * slowing the live path: at most {@link #TIMEOUT} by default (then {@link ReportTimeoutException}), one backend's CPU (no
 * parallel workers). A report of a year of every department at 10 million messages takes tens of seconds
 * (docs/benchmarks.md, "Reports at 10 million messages"), longer than the pool's socket timeout (30 s) allows any statement: its connection
 * gets a socket timeout above {@link #TIMEOUT} for the report, which the pool puts back when the connection returns.
 */
public final class DeskReports {

    public static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Above the statement timeout on the report's connection: the statement timeout ends a long report first, cleanly. */
    private static final Duration SOCKET_MARGIN = Duration.ofSeconds(10);
    /** query_canceled: the statement timeout ran out. */
    private static final String CANCELED = "57014";

    private final Database database;
    private final Duration timeout;

    public DeskReports(Database database) {
        this(database, TIMEOUT);
    }

    /** Reports that may run {@code timeout} each. */
    public DeskReports(Database database, Duration timeout) {
        this.database = database;
        this.timeout = timeout;
    }

    /**
     * The report of these departments (names; unknown ones are left out) over the period, by department name; a
     * department with nothing in the period has zeros.
     */
    public List<DepartmentReport> report(Collection<String> departments, ReportPeriod period) {
        if (departments.isEmpty()) {
            return List.of();
        }
        try {
            return database.inTransaction(s -> {
                allowLongStatements(s.getConnection(), timeout.plus(SOCKET_MARGIN));
                ReportMapper mapper = s.getMapper(ReportMapper.class);
                mapper.bound(Long.toString(timeout.toMillis()));
                List<DepartmentSettings> scope = mapper.departments(departments.toArray(String[]::new));
                if (scope.isEmpty()) {
                    return List.of();
                }
                List<ReportRow> rows = mapper.rows(scope.stream().map(DepartmentSettings::id).toArray(Long[]::new),
                        period.from(), period.to());
                return byDepartment(scope, rows);
            });
        } catch (RuntimeException e) {
            if (canceled(e)) {
                throw new ReportTimeoutException(timeout);
            }
            throw e;
        }
    }

    private static List<DepartmentReport> byDepartment(List<DepartmentSettings> scope, List<ReportRow> rows) {
        Map<Long, ReportRow> totals = new HashMap<>();
        Map<Long, List<ReportRow>> agents = new HashMap<>();
        for (ReportRow row : rows) {
            if (row.departmentTotal()) {
                totals.put(row.departmentId(), row);
            } else {
                agents.computeIfAbsent(row.departmentId(), id -> new ArrayList<>()).add(row);
            }
        }
        return scope.stream().map(d -> new DepartmentReport(d, totals.getOrDefault(d.id(), ReportRow.empty(d.id())),
                agents.getOrDefault(d.id(), List.of()))).toList();
    }

    private static void allowLongStatements(Connection connection, Duration socketTimeout) {
        try {
            connection.setNetworkTimeout(Runnable::run, (int) socketTimeout.toMillis());
        } catch (SQLException e) {
            throw new PersistenceException("cannot set the report's socket timeout", e);
        }
    }

    private static boolean canceled(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && CANCELED.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
