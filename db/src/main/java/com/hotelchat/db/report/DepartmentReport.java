package com.hotelchat.db.report;

import com.hotelchat.db.desk.DepartmentSettings;
import java.util.List;

/** A department's part of a report: its totals and each staff member's share, by name. */
public record DepartmentReport(DepartmentSettings department, ReportRow totals, List<ReportRow> agents) {}
