package com.hotelchat.node.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A desk report as CSV (RFC 4180): a header row, then per department its totals ({@code row_type} {@code department})
 * followed by one row per agent ({@code agent}: their first responses, closings and messages; the department's
 * conversations and waits are left empty there). Lines end with CRLF. A field with a comma, a quote or a line break is
 * quoted, its quotes doubled; a text that a spreadsheet would take for a formula (starting with =, +, -, @, a tab or
 * a carriage return) gets a leading apostrophe, so a staff member's name can never run in the reader's spreadsheet.
 */
public final class ReportCsv {

    static final List<String> HEADER = List.of("row_type", "department", "agent_id", "agent_name",
            "conversations_opened", "first_responses", "first_response_median_seconds", "first_response_p90_seconds",
            "resolved", "resolution_median_seconds", "resolution_p90_seconds", "messages_sent", "waited_past_threshold");

    private ReportCsv() {}

    public static String write(ReportView report) {
        StringBuilder csv = new StringBuilder();
        line(csv, HEADER);
        for (ReportView.Department d : report.departments()) {
            line(csv, row("department", d.department(), null, null, d.conversationsOpened(), d.firstResponse(),
                    d.resolution(), d.messagesSent(), d.waitedPastThreshold()));
            for (ReportView.Agent a : d.agents()) {
                line(csv, row("agent", d.department(), a.id(), a.name(), null, a.firstResponse(), a.resolution(),
                        a.messagesSent(), null));
            }
        }
        return csv.toString();
    }

    private static List<String> row(String type, String department, Long agentId, String agentName, Long opened,
                                    ReportView.Timing firstResponse, ReportView.Timing resolution, long sent,
                                    Long waited) {
        List<String> fields = new ArrayList<>(Arrays.asList(text(type), text(department), number(agentId),
                text(agentName), number(opened)));
        fields.addAll(timing(firstResponse));
        fields.addAll(timing(resolution));
        fields.add(number(sent));
        fields.add(number(waited));
        return fields;
    }

    private static List<String> timing(ReportView.Timing t) {
        return List.of(number(t.count()), seconds(t.medianSeconds()), seconds(t.p90Seconds()));
    }

    private static void line(StringBuilder csv, List<String> fields) {
        csv.append(String.join(",", fields)).append("\r\n");
    }

    private static String number(Long n) {
        return n == null ? "" : Long.toString(n);
    }

    private static String seconds(Double s) {
        return s == null ? "" : BigDecimal.valueOf(s).stripTrailingZeros().toPlainString();
    }

    /** One text field, escaped. */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
