package com.hotelchat.node.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportCsvTest {

    @Test
    void fieldsWithSeparatorsQuotesOrLineBreaksAreQuotedWithTheirQuotesDoubled() {
        assertEquals("plain name", ReportCsv.text("plain name"));
        assertEquals("\"Smith, Anna\"", ReportCsv.text("Smith, Anna"));
        assertEquals("\"Anna \"\"Annie\"\" Smith\"", ReportCsv.text("Anna \"Annie\" Smith"));
        assertEquals("\"two\nlines\"", ReportCsv.text("two\nlines"));
        assertEquals("\"two\r\nlines\"", ReportCsv.text("two\r\nlines"));
        assertEquals("", ReportCsv.text(null));
    }

    @Test
    void aTextASpreadsheetWouldTakeForAFormulaStartsWithAnApostrophe() {
        assertEquals("'=1+1", ReportCsv.text("=1+1"));
        assertEquals("'+44 20", ReportCsv.text("+44 20"));
        assertEquals("'-night", ReportCsv.text("-night"));
        assertEquals("'@SUM(A1)", ReportCsv.text("@SUM(A1)"));
        assertEquals("'\tx", ReportCsv.text("\tx"));
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\"), a\"", ReportCsv.text("=HYPERLINK(\"http://x\"), a"));
        assertEquals("a=b", ReportCsv.text("a=b"));
    }

    @Test
    void aDepartmentRowIsFollowedByItsAgentsRowsAndEmptyFiguresAreEmptyFields() {
        ReportView.Timing none = new ReportView.Timing(0, null, null);
        ReportView.Timing some = new ReportView.Timing(3, 90.0, 171.25);
        ReportView report = new ReportView(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"),
                "UTC", List.of(
                        new ReportView.Department("reception", 600, 4, some, none, 7, 2,
                                List.of(new ReportView.Agent(5, "Ann", some, none, 7))),
                        new ReportView.Department("spa", 300, 0, none, none, 0, 0, List.of())));
        assertEquals(String.join("\r\n",
                String.join(",", ReportCsv.HEADER),
                "department,reception,,,4,3,90,171.25,0,,,7,2",
                "agent,reception,5,Ann,,3,90,171.25,0,,,7,",
                "department,spa,,,0,0,,,0,,,0,0") + "\r\n", ReportCsv.write(report));
    }
}
