package com.hotelchat.db.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hotelchat.db.Database;
import com.hotelchat.db.DbSettings;
import com.hotelchat.db.TestPostgres;
import com.hotelchat.protocol.Decoded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A report's bounds on a real PostgreSQL holding a month of two desks (bench/report-data.sql), through a pool of one
 * connection, so that what a report leaves on its connection is what the next caller gets.
 */
class DeskReportsTest {

    private static Database database;
    private static ReportPeriod month;

    @BeforeAll
    static void start() throws IOException {
        DbSettings fresh = TestPostgres.freshDatabase();
        database = Database.open(new DbSettings(fresh.jdbcUrl(), fresh.user(), fresh.password(), 1));
        String seed = Files.readString(Path.of("..", "bench", "report-data.sql"))
                + ";\nSELECT pg_temp.seed_desk(ARRAY['concierge', 'valet'], 3, 400, 8, 30, now())";
        database.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                return st.execute(seed);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Instant now = Instant.now();
        month = ((Decoded.Ok<ReportPeriod>) ReportPeriod.parse(now.minus(Duration.ofDays(31)).toString(),
                now.plusSeconds(60).toString(), null)).value();
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    private static int socketTimeoutMs() {
        return database.withConnection(c -> {
            try {
                return c.getNetworkTimeout();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aReportOverItsTimeIsStoppedAndSaysSo() {
        DeskReports hasty = new DeskReports(database, Duration.ofMillis(1));
        assertThatThrownBy(() -> hasty.report(List.of("concierge", "valet"), month))
                .isInstanceOf(ReportTimeoutException.class);
        // the connection serves the next caller as the pool left it: no statement timeout, its usual socket timeout
        assertEquals(30_000, socketTimeoutMs());
        assertEquals("0", database.withConnection(c -> {
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SHOW statement_timeout")) {
                rs.next();
                return rs.getString(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    @Test
    void aReportHasTheDepartmentsAskedForByNameAndLeavesItsConnectionAsItFoundIt() {
        List<DepartmentReport> report = new DeskReports(database).report(List.of("valet", "concierge", "nowhere"), month);
        assertEquals(List.of("concierge", "valet"), report.stream().map(d -> d.department().name()).toList());
        assertThat(report.get(0).totals().conversationsOpened()).isPositive();
        assertThat(report.get(0).agents()).hasSize(3);
        assertEquals(30_000, socketTimeoutMs());
    }
}
