package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Desk reports over conversations made through the real API (REST, the staff and guest sockets) on a real node and
 * PostgreSQL; as each step commits, the test moves its rows to the step's planned time in March 2026 by SQL, as if it
 * had happened then. Every expected figure is computed here from that plan ({@link Desk}), by the report's definitions
 * (README, "Reports"), never read from the node or written down by hand.
 */
class ReportsTest {

    private static final int RECEPTION_THRESHOLD = 600;
    private static final int HOUSEKEEPING_THRESHOLD = 300; // the default

    private static SingleNodeFixture node;
    private static Desk desk;
    private static String carol;
    private static long bobId;

    @BeforeAll
    static void playTheMonth() {
        node = new SingleNodeFixture();
        node.api.department(node.admin, "spa"); // nothing happens there
        assertEquals(200, node.api.call("PATCH", "/admin/departments/reception/settings", node.admin,
                "{\"waiting_alert_seconds\":" + RECEPTION_THRESHOLD + "}").status());
        String alice = node.user("rep_alice", "reception");
        // a name that is CSV and a spreadsheet formula at once
        bobId = node.api.staff(node.admin, "rep_bob", "=HYPERLINK(\"x\"), Bob", List.of("reception"));
        String bob = node.api.loginStaff("rep_bob");
        carol = node.user("rep_carol", "housekeeping");
        String olga = node.user("rep_olga", "reception", "housekeeping");
        desk = new Desk(node, olga, Map.of("alice", alice, "bob", bob, "carol", carol));

        Desk.Conversation c0 = desk.open("reception", "alice", "2026-02-28T23:30:00Z", false);
        desk.guest(c0, "2026-02-28T23:30:00Z");
        desk.reply("alice", c0, "2026-02-28T23:50:00Z");

        Desk.Conversation c1 = desk.open("reception", "alice", "2026-03-02T09:00:00Z", false);
        desk.guest(c1, "2026-03-02T09:00:00Z");
        desk.reply("alice", c1, "2026-03-02T09:01:30Z");
        desk.guest(c1, "2026-03-02T10:00:00Z");
        desk.reply("bob", c1, "2026-03-02T10:20:00Z");
        desk.close("alice", c1, "2026-03-02T11:00:00Z");

        Desk.Conversation c2 = desk.open("reception", "alice", "2026-03-03T10:00:00Z", false);
        desk.guest(c2, "2026-03-03T10:00:00Z");
        desk.note("alice", c2, "2026-03-03T10:00:30Z");
        desk.assign("alice", c2, bobId, "2026-03-03T10:01:00Z");
        desk.reply("bob", c2, "2026-03-03T10:03:00Z");
        desk.guest(c2, "2026-03-03T10:03:20Z");
        desk.reply("alice", c2, "2026-03-03T10:04:20Z");
        desk.close("bob", c2, "2026-03-03T11:00:00Z");

        Desk.Conversation c3 = desk.open("reception", "alice", "2026-03-04T08:00:00Z", true); // with a welcome
        desk.guest(c3, "2026-03-04T08:10:00Z");
        desk.reply("alice", c3, "2026-03-04T08:25:00Z");

        Desk.Conversation c4 = desk.open("reception", "bob", "2026-03-05T14:00:00Z", false);
        desk.guest(c4, "2026-03-05T14:00:00Z"); // never answered: still waiting

        Desk.Conversation c5 = desk.open("reception", "alice", "2026-02-20T10:00:00Z", false);
        desk.guest(c5, "2026-02-20T10:00:00Z");
        desk.reply("alice", c5, "2026-02-20T10:05:00Z");
        desk.guest(c5, "2026-03-06T12:00:00Z");
        desk.reply("bob", c5, "2026-03-06T12:02:00Z");

        Desk.Conversation c6 = desk.open("reception", "alice", "2026-03-07T16:00:00Z", false);
        desk.guest(c6, "2026-03-07T16:00:00Z");
        desk.reply("alice", c6, "2026-03-07T16:00:45Z");
        desk.close("alice", c6, "2026-03-07T16:01:40Z");
        desk.guest(c6, "2026-03-07T17:00:00Z"); // reopens it
        desk.reply("alice", c6, "2026-03-07T17:05:00Z");
        desk.close("bob", c6, "2026-03-07T18:00:00Z");

        Desk.Conversation c8 = desk.open("reception", "bob", "2026-03-08T09:00:00Z", false);
        desk.guest(c8, "2026-03-08T09:00:00Z");
        desk.reply("bob", c8, "2026-03-08T09:01:00Z");
        desk.failLastReply(c8); // WhatsApp said it never reached the guest
        desk.reply("alice", c8, "2026-03-08T09:06:40Z");

        Desk.Conversation c9 = desk.open("reception", "bob", "2026-03-30T23:00:00Z", false);
        desk.guest(c9, "2026-03-30T23:00:00Z");
        desk.reply("bob", c9, "2026-03-30T23:04:00Z");

        Desk.Conversation c7 = desk.open("reception", "alice", "2026-04-09T10:00:00Z", false);
        desk.guest(c7, "2026-04-09T10:00:00Z");
        desk.reply("alice", c7, "2026-04-09T10:01:00Z");

        Desk.Conversation h1 = desk.open("housekeeping", "carol", "2026-03-03T12:00:00Z", false);
        desk.guest(h1, "2026-03-03T12:00:00Z");
        desk.reply("carol", h1, "2026-03-03T12:05:00Z"); // exactly the threshold
        desk.close("carol", h1, "2026-03-03T12:15:00Z");

        Desk.Conversation h2 = desk.open("housekeeping", "carol", "2026-03-09T07:00:00Z", false);
        desk.guest(h2, "2026-03-09T07:00:00Z");
        desk.reply("carol", h2, "2026-03-09T07:04:59Z"); // a second short of it
    }

    @AfterAll
    static void stop() {
        if (desk != null) {
            desk.close();
        }
        node.close();
    }

    private static Map<String, Integer> thresholds() {
        return Map.of("reception", RECEPTION_THRESHOLD, "housekeeping", HOUSEKEEPING_THRESHOLD, "spa", 300);
    }

    @Test
    void aMonthInUtcHasTheFiguresOfThePlanForEveryDepartmentAndAgent() {
        JsonNode report = ok(node.admin, "/chat/reports/?from=2026-03-01&to=2026-04-01");
        assertEquals("2026-03-01T00:00:00Z", report.get("from").asText());
        assertEquals("2026-04-01T00:00:00Z", report.get("to").asText());
        assertEquals("UTC", report.get("time_zone").asText());
        assertMatchesPlan(report, Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"),
                List.of("housekeeping", "reception", "spa"));
        // the plan has something of everything the report measures, so no figure above was a trivial zero
        JsonNode reception = department(report, "reception");
        assertThat(reception.get("first_response").get("count").asLong()).isGreaterThan(4);
        assertThat(reception.get("resolution").get("count").asLong()).isGreaterThan(2);
        assertThat(reception.get("waited_past_threshold").asLong()).isGreaterThan(1);
        assertThat(reception.get("agents")).hasSize(2);
    }

    @Test
    void datesAreMidnightsInTheTimeZoneAsked() {
        JsonNode report = ok(node.admin, "/chat/reports/?from=2026-03-01&to=2026-03-31&tz=Europe/Rome");
        ZoneId rome = ZoneId.of("Europe/Rome");
        Instant from = LocalDate.parse("2026-03-01").atStartOfDay(rome).toInstant();
        Instant to = LocalDate.parse("2026-03-31").atStartOfDay(rome).toInstant();
        assertEquals(from.toString(), report.get("from").asText());
        assertEquals(to.toString(), report.get("to").asText()); // after the change to summer time
        assertEquals("Europe/Rome", report.get("time_zone").asText());
        assertMatchesPlan(report, from, to, List.of("housekeeping", "reception", "spa"));
        // a time with its offset means that instant, whatever tz says
        JsonNode exact = ok(node.admin, "/chat/reports/?from=2026-03-02T09:00:00%2B01:00&to=2026-03-02T11:00:00Z&tz=Asia/Tokyo");
        assertEquals("2026-03-02T08:00:00Z", exact.get("from").asText());
        assertMatchesPlan(exact, Instant.parse("2026-03-02T08:00:00Z"), Instant.parse("2026-03-02T11:00:00Z"),
                List.of("housekeeping", "reception", "spa"));
    }

    @Test
    void aDepartmentsStaffSeeOnlyTheirDepartments() {
        JsonNode own = ok(carol, "/chat/reports/?from=2026-03-01&to=2026-04-01");
        assertMatchesPlan(own, Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"),
                List.of("housekeeping"));
        JsonNode filtered = ok(node.admin, "/chat/reports/?from=2026-03-01&to=2026-04-01&department=housekeeping");
        assertEquals(own.get("departments"), filtered.get("departments"));
        assertError(403, carol, "/chat/reports/?from=2026-03-01&to=2026-04-01&department=reception", "own departments");
        assertError(404, carol, "/chat/reports/?from=2026-03-01&to=2026-04-01&department=nowhere", "no department");
        assertError(404, node.admin, "/chat/reports/?from=2026-03-01&to=2026-04-01&department=nowhere", "no department");
        assertError(401, null, "/chat/reports/?from=2026-03-01&to=2026-04-01", "token");
    }

    @Test
    void aBadPeriodIsRefusedSayingWhy() {
        String admin = node.admin;
        assertError(400, admin, "/chat/reports/?to=2026-04-01", "'from' and 'to' are required");
        assertError(400, admin, "/chat/reports/?from=2026-04-01&to=2026-03-01", "'from' must be before 'to'");
        assertError(400, admin, "/chat/reports/?from=2026-03-01&to=2026-03-01", "'from' must be before 'to'");
        assertError(400, admin, "/chat/reports/?from=2025-01-01&to=2026-01-03", "at most 366 days");
        assertError(400, admin, "/chat/reports/?from=2026-03-01&to=2026-04-01&tz=Mars/Olympus", "'tz' must be");
        assertError(400, admin, "/chat/reports/?from=March&to=2026-04-01", "'from' must be a date");
        assertError(400, admin, "/chat/reports/?from=2026-03-01&to=2026-02-30", "'to' must be a date");
        assertError(400, admin, "/chat/reports/?from=2026-03-01&to=2026-04-01&format=xml", "'format' must be");
        // a leap year's whole year is 366 days: allowed
        assertEquals(200, node.api.get("/chat/reports/?from=2028-01-01&to=2029-01-01", admin).status());
    }

    @Test
    void csvHasAHeaderAndOneRowPerDepartmentAndAgentWithTheJsonsFiguresEscaped() {
        String query = "/chat/reports/?from=2026-03-01&to=2026-04-01";
        JsonNode json = ok(node.admin, query);
        Api.TextReply byFormat = node.api.getText(query + "&format=csv", node.admin, Map.of());
        Api.TextReply byAccept = node.api.getText(query, node.admin, Map.of("Accept", "text/csv"));
        assertEquals(200, byFormat.status());
        assertEquals(byFormat.body(), byAccept.body());
        assertThat(byFormat.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertEquals("attachment; filename=\"desk-report-2026-03-01-to-2026-04-01.csv\"",
                byFormat.headers().firstValue("Content-Disposition").orElseThrow());
        assertThat(byFormat.body()).endsWith("\r\n");

        List<List<String>> rows = Csv.parse(byFormat.body());
        assertEquals(List.of("row_type", "department", "agent_id", "agent_name", "conversations_opened",
                "first_responses", "first_response_median_seconds", "first_response_p90_seconds", "resolved",
                "resolution_median_seconds", "resolution_p90_seconds", "messages_sent", "waited_past_threshold"),
                rows.get(0));
        List<List<String>> expected = new ArrayList<>();
        for (JsonNode d : json.get("departments")) {
            expected.add(csvRow("department", d.get("department").asText(), "", "", d.get("conversations_opened").asText(),
                    d, d.get("waited_past_threshold").asText()));
            for (JsonNode a : d.get("agents")) {
                expected.add(csvRow("agent", d.get("department").asText(), a.get("id").asText(), a.get("name").asText(),
                        "", a, ""));
            }
        }
        assertEquals(expected, rows.subList(1, rows.size()));
        // the name with a quote, a comma and a leading '=' is quoted and can never be read as a formula
        assertThat(byFormat.body()).contains(",\"'=HYPERLINK(\"\"x\"\"), Bob\",");
    }

    private static List<String> csvRow(String type, String department, String id, String name, String opened,
                                       JsonNode figures, String waited) {
        List<String> row = new ArrayList<>(List.of(type, department, id, name.startsWith("=") ? "'" + name : name, opened));
        for (String timing : List.of("first_response", "resolution")) {
            JsonNode t = figures.get(timing);
            row.add(t.get("count").asText());
            row.add(csvSeconds(t.get("median_seconds")));
            row.add(csvSeconds(t.get("p90_seconds")));
        }
        row.add(figures.get("messages_sent").asText());
        row.add(waited);
        return row;
    }

    private static String csvSeconds(JsonNode seconds) {
        return seconds.isNull() ? "" : seconds.decimalValue().stripTrailingZeros().toPlainString();
    }

    /** Compares every figure of every department and agent of the report with what the plan gives for the period. */
    private static void assertMatchesPlan(JsonNode report, Instant from, Instant to, List<String> departments) {
        List<String> listed = new ArrayList<>();
        report.get("departments").forEach(d -> listed.add(d.get("department").asText()));
        assertEquals(departments, listed);
        for (String name : departments) {
            JsonNode d = department(report, name);
            Desk.Figures expected = desk.figures(name, from, to, thresholds().get(name));
            String where = name + " over " + from + " .. " + to;
            assertEquals(thresholds().get(name).intValue(), d.get("waiting_alert_seconds").asInt(), where);
            assertEquals(expected.opened(), d.get("conversations_opened").asLong(), where + " opened");
            assertTiming(expected.firstResponses().values().stream().flatMap(List::stream).toList(),
                    d.get("first_response"), where + " first response");
            assertTiming(expected.resolutions().values().stream().flatMap(List::stream).toList(),
                    d.get("resolution"), where + " resolution");
            assertEquals(expected.sent().values().stream().mapToLong(Long::longValue).sum(),
                    d.get("messages_sent").asLong(), where + " sent");
            assertEquals(expected.waited(), d.get("waited_past_threshold").asLong(), where + " waited");

            Map<Long, JsonNode> agents = new TreeMap<>();
            d.get("agents").forEach(a -> agents.put(a.get("id").asLong(), a));
            assertEquals(expected.agents(), agents.keySet(), where + " agents");
            for (JsonNode a : agents.values()) {
                long id = a.get("id").asLong();
                String who = where + " agent " + desk.nameOf(id);
                assertEquals(desk.displayNameOf(id), a.get("name").asText(), who);
                assertTiming(expected.firstResponses().getOrDefault(id, List.of()), a.get("first_response"),
                        who + " first response");
                assertTiming(expected.resolutions().getOrDefault(id, List.of()), a.get("resolution"), who + " resolution");
                assertEquals(expected.sent().getOrDefault(id, 0L), a.get("messages_sent").asLong(), who + " sent");
            }
        }
    }

    private static void assertTiming(List<Double> seconds, JsonNode timing, String what) {
        assertEquals(seconds.size(), timing.get("count").asLong(), what + " count");
        assertEquals(Percentile.millis(Percentile.of(seconds, 0.5)), number(timing.get("median_seconds")), what + " median");
        assertEquals(Percentile.millis(Percentile.of(seconds, 0.9)), number(timing.get("p90_seconds")), what + " p90");
    }

    private static Double number(JsonNode n) {
        return n.isNull() ? null : n.asDouble();
    }

    private static JsonNode department(JsonNode report, String name) {
        for (JsonNode d : report.get("departments")) {
            if (d.get("department").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no department " + name + " in " + report);
    }

    private static JsonNode ok(String token, String path) {
        Api.Reply reply = node.api.get(path, token);
        assertEquals(200, reply.status(), path + ": " + reply.body());
        assertThat(reply.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        return reply.body();
    }

    private static void assertError(int status, String token, String path, String says) {
        Api.Reply reply = node.api.get(path, token);
        assertEquals(status, reply.status(), path + ": " + reply.body());
        assertThat(reply.body().get("error").asText()).containsIgnoringCase(says);
    }

    /** Percentiles as PostgreSQL's percentile_cont takes them: linear interpolation between the closest ranks. */
    static final class Percentile {

        private Percentile() {}

        static Double of(List<Double> values, double p) {
            if (values.isEmpty()) {
                return null;
            }
            List<Double> sorted = values.stream().sorted().toList();
            double position = p * (sorted.size() - 1);
            int below = (int) Math.floor(position);
            int above = (int) Math.ceil(position);
            return sorted.get(below) + (sorted.get(above) - sorted.get(below)) * (position - below);
        }

        static Double millis(Double seconds) {
            return seconds == null ? null : Math.round(seconds * 1000) / 1000.0;
        }
    }

    /** RFC 4180 fields of a CSV text: quoted fields may hold commas, doubled quotes and line breaks. */
    static final class Csv {

        private Csv() {}

        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    i++;
                } else {
                    field.append(c);
                }
            }
            return rows;
        }
    }

    /**
     * Plays a desk through the node (each step through the API, awaited until committed, then moved to its planned
     * time) and keeps the plan, from which {@link #figures} computes what a report must say.
     */
    static final class Desk implements AutoCloseable {

        enum Kind { GUEST, REPLY, NOTE, CLOSE, OTHER }

        record Step(Kind kind, Long agent, Instant at, boolean failed) {}

        static final class Conversation {
            final long id;
            final String department;
            final Instant opened;
            final List<Step> steps = new ArrayList<>();
            final WsClient guest;
            boolean closed;

            Conversation(long id, String department, Instant opened, WsClient guest) {
                this.id = id;
                this.department = department;
                this.opened = opened;
                this.guest = guest;
            }
        }

        /** What a report over a period must say of one department: agents by id. */
        record Figures(long opened, Map<Long, List<Double>> firstResponses, Map<Long, List<Double>> resolutions,
                       Map<Long, Long> sent, long waited) {

            java.util.Set<Long> agents() {
                java.util.Set<Long> ids = new java.util.TreeSet<>(firstResponses.keySet());
                ids.addAll(resolutions.keySet());
                ids.addAll(sent.keySet());
                return ids;
            }
        }

        private final SingleNodeFixture node;
        private final WsClient observer;
        private final Map<String, String> tokens;
        private final Map<String, WsClient> sockets = new HashMap<>();
        private final Map<String, Long> ids = new HashMap<>();
        private final Map<Long, String> displayNames = new HashMap<>();
        private final List<Conversation> conversations = new ArrayList<>();

        /** {@code observer}: a member of every department, subscribed to each conversation, to see each step commit. */
        Desk(SingleNodeFixture node, String observer, Map<String, String> tokens) {
            this.node = node;
            this.observer = node.connect(observer);
            this.tokens = tokens;
            tokens.forEach((name, token) -> sockets.put(name, node.connect(token)));
            node.api.get("/admin/staff", node.admin).body().get("staff").forEach(u -> {
                String username = u.get("username").asText();
                if (username.startsWith("rep_")) {
                    ids.put(username.substring(4), u.get("id").asLong());
                    displayNames.put(u.get("id").asLong(), u.get("name").asText());
                }
            });
        }

        String nameOf(long id) {
            return ids.entrySet().stream().filter(e -> e.getValue() == id).map(Map.Entry::getKey).findFirst().orElseThrow();
        }

        String displayNameOf(long id) {
            return displayNames.get(id);
        }

        Conversation open(String department, String opener, String at, boolean welcome) {
            String body = "{\"guest\":{\"whatsapp_number\":\"+1444" + (1_000_000 + conversations.size())
                    + "\",\"name\":\"Report Guest " + conversations.size() + "\"},\"department\":\"" + department + "\""
                    + (welcome ? ",\"content\":\"Welcome to the hotel\"" : "") + "}";
            Api.Reply created = node.api.post("/chat/conversations/create/", tokens.get(opener), body);
            assertEquals(201, created.status(), created.body().toString());
            long id = created.body().get("id").asLong();
            Instant opened = Instant.parse(at);
            TestSql.update(node.db, "UPDATE conversations SET created_at = to_timestamp(?::float8 / 1000) WHERE id = ?",
                    opened.toEpochMilli(), id);
            moveTo(id, 0, opened); // the welcome, if any
            observer.subscribe(id);
            Conversation c = new Conversation(id, department, opened,
                    WsClient.guest(node.node.port(), node.api.guestToken(tokens.get(opener), id), null));
            if (welcome) {
                c.steps.add(new Step(Kind.REPLY, ids.get(opener), opened, false));
            }
            conversations.add(c);
            return c;
        }

        void guest(Conversation c, String at) {
            String text = "guest " + at;
            step(c, at, () -> {
                c.guest.send("{\"type\":\"text\",\"content\":" + Api.quote(text) + "}");
                observer.await("message", e -> e.path("data").path("content").asText().equals(text));
                if (c.closed) { // its reopening's timeline entry follows the message
                    observer.await("message", e -> e.path("data").path("conversation_id").asLong() == c.id
                            && e.path("data").path("activity").path("kind").asText().equals("status"));
                }
            });
            c.closed = false;
            c.steps.add(new Step(Kind.GUEST, null, Instant.parse(at), false));
        }

        void reply(String agent, Conversation c, String at) {
            String text = agent + " " + at;
            step(c, at, () -> {
                sockets.get(agent).text(c.id, text);
                observer.await("message", e -> e.path("data").path("content").asText().equals(text));
            });
            c.steps.add(new Step(Kind.REPLY, ids.get(agent), Instant.parse(at), false));
        }

        void note(String agent, Conversation c, String at) {
            String text = "note by " + agent + " " + at;
            step(c, at, () -> {
                sockets.get(agent).send("{\"type\":\"note\",\"conversation_id\":" + c.id + ",\"content\":"
                        + Api.quote(text) + "}");
                observer.await("message", e -> e.path("data").path("content").asText().equals(text));
            });
            c.steps.add(new Step(Kind.NOTE, ids.get(agent), Instant.parse(at), false));
        }

        void assign(String agent, Conversation c, long assignee, String at) {
            step(c, at, () -> assertEquals(200, node.api.post("/chat/conversations/" + c.id + "/assign/",
                    tokens.get(agent), "{\"user_id\":" + assignee + "}").status()));
            c.steps.add(new Step(Kind.OTHER, ids.get(agent), Instant.parse(at), false));
        }

        void close(String agent, Conversation c, String at) {
            step(c, at, () -> assertEquals(200, node.api.post("/chat/conversations/close/", tokens.get(agent),
                    "{\"conversation_id\":" + c.id + "}").status()));
            c.closed = true;
            c.steps.add(new Step(Kind.CLOSE, ids.get(agent), Instant.parse(at), false));
        }

        /** The last reply is marked failed, as a WhatsApp status webhook would. */
        void failLastReply(Conversation c) {
            assertEquals(1, TestSql.update(node.db, "UPDATE messages SET delivery_status = 'failed' WHERE id = (SELECT "
                    + "max(id) FROM messages WHERE conversation_id = ? AND sender_type = 'staff' AND NOT private)", c.id));
            Step last = c.steps.removeLast();
            c.steps.add(new Step(last.kind(), last.agent(), last.at(), true));
        }

        /** Runs a step that commits rows to the conversation, then moves every row it wrote to {@code at}. */
        private void step(Conversation c, String at, Runnable action) {
            long before = TestSql.queryLong(node.db, "SELECT COALESCE(max(id), 0) FROM messages WHERE conversation_id = ?",
                    c.id);
            action.run();
            assertThat(moveTo(c.id, before, Instant.parse(at))).isPositive();
        }

        private int moveTo(long conversation, long afterId, Instant at) {
            return TestSql.update(node.db, "UPDATE messages SET created_at = to_timestamp(?::float8 / 1000) "
                    + "WHERE conversation_id = ? AND id > ?", at.toEpochMilli(), conversation, afterId);
        }

        /**
         * The report's definitions applied to the plan: conversations opened in the period, their first response
         * (guest's first message to the first reply after it that did not fail) and first closing, by whom; replies
         * sent in the period; waits (from a guest's message while none goes on, to the next reply or closing, or now)
         * that began in the period and lasted the threshold.
         */
        Figures figures(String department, Instant from, Instant to, int threshold) {
            long opened = 0;
            long waited = 0;
            Map<Long, List<Double>> firstResponses = new TreeMap<>();
            Map<Long, List<Double>> resolutions = new TreeMap<>();
            Map<Long, Long> sent = new TreeMap<>();
            Instant now = Instant.now();
            for (Conversation c : conversations) {
                if (!c.department.equals(department)) {
                    continue;
                }
                if (within(c.opened, from, to)) {
                    opened++;
                    Step guest = c.steps.stream().filter(s -> s.kind() == Kind.GUEST).findFirst().orElse(null);
                    if (guest != null) {
                        c.steps.stream().skip(c.steps.indexOf(guest))
                                .filter(s -> s.kind() == Kind.REPLY && !s.failed()).findFirst()
                                .ifPresent(r -> firstResponses.computeIfAbsent(r.agent(), k -> new ArrayList<>())
                                        .add(seconds(guest.at(), r.at())));
                    }
                    c.steps.stream().filter(s -> s.kind() == Kind.CLOSE).findFirst().ifPresent(
                            x -> resolutions.computeIfAbsent(x.agent(), k -> new ArrayList<>()).add(seconds(c.opened, x.at())));
                }
                c.steps.stream().filter(s -> s.kind() == Kind.REPLY && within(s.at(), from, to))
                        .forEach(s -> sent.merge(s.agent(), 1L, Long::sum));
                boolean longWait = false;
                Instant waiting = null;
                for (Step s : c.steps) {
                    if (s.kind() == Kind.GUEST && waiting == null) {
                        waiting = s.at();
                    } else if ((s.kind() == Kind.REPLY || s.kind() == Kind.CLOSE) && waiting != null) {
                        longWait |= within(waiting, from, to) && seconds(waiting, s.at()) >= threshold;
                        waiting = null;
                    }
                }
                longWait |= waiting != null && within(waiting, from, to) && seconds(waiting, now) >= threshold;
                waited += longWait ? 1 : 0;
            }
            return new Figures(opened, firstResponses, resolutions, sent, waited);
        }

        private static boolean within(Instant t, Instant from, Instant to) {
            return !t.isBefore(from) && t.isBefore(to);
        }

        private static double seconds(Instant from, Instant to) {
            return java.time.Duration.between(from, to).toMillis() / 1000.0;
        }

        @Override
        public void close() {
            observer.close();
            sockets.values().forEach(WsClient::close);
            conversations.forEach(c -> c.guest.close());
        }
    }
}
