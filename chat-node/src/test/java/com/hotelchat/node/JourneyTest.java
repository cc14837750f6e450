package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guest journey rules on two nodes that both plan them: off until switched on; a pre-arrival template N days before
 * check-in and a check-out morning one, each to a guest at most once, in the guest's conversation of the rule's
 * department (opened when there is none); paused rules send nothing; the report counts sent, delivered, read and
 * answered. The hotel's time zone is chosen so that it is midday there: the test never straddles a local midnight.
 */
class JourneyTest {

    private static FakeCloudApi cloud;
    private static ClusterFixture cluster;
    private static ApiDocuments docs;
    private static String alice;
    private static LocalDate today;

    @BeforeAll
    static void start() {
        cloud = new FakeCloudApi();
        ZoneOffset midday = ZoneOffset.ofHours(12 - ZonedDateTime.now(ZoneOffset.UTC).getHour());
        today = LocalDate.now(midday);
        cluster = new ClusterFixture(2, cloud.nodeEnvironment(Map.of("CHAT_SCHEDULE_TICK_MS", "100",
                "CHAT_HOTEL_TIME_ZONE", midday.getId())));
        docs = ApiDocuments.servedBy(cluster.nodes.get(0).port());
        alice = cluster.user("jr_alice", "reception", "housekeeping");
    }

    @AfterAll
    static void stop() {
        cluster.close();
        cloud.close();
    }

    private static Api.Reply call(int node, String method, String template, String path, String token, String body) {
        return docs.call(cluster.api(node), method, template, path, token, body);
    }

    private static long template(String name, String body, String prefill) {
        cloud.templates.hold(name, "en", "UTILITY", "APPROVED", null, body, null, List.of());
        Api.Reply reply = cluster.api.post("/admin/templates", cluster.admin, "{\"name\":\"" + name + "\",\"language\":"
                + "\"en\",\"category\":\"UTILITY\",\"body\":\"" + body + "\",\"prefill\":" + prefill + "}");
        assertEquals(201, reply.status(), reply.toString());
        return reply.body().get("id").asLong();
    }

    /** A guest who wrote in over WhatsApp, with a check-in and check-out date; returns the conversation. */
    private static long guest(WsClient desk, String number, String name, LocalDate checkIn, LocalDate checkOut) {
        long conversation = cluster.whatsAppConversation(desk, number, name, "Hi, I booked a room");
        assertEquals(200, cluster.api.call("PATCH", "/chat/conversations/" + conversation + "/guest/", alice,
                "{\"check_in\":\"" + checkIn + "\",\"check_out\":\"" + checkOut + "\"}").status());
        return conversation;
    }

    private static long planned(long rule, String number) {
        return TestSql.queryLong(cluster.db, "SELECT count(*) FROM scheduled_messages sm JOIN guests g ON g.id = sm.guest_id "
                + "WHERE sm.journey_rule_id = ? AND g.whatsapp_number = '+" + number + "'", rule);
    }

    private static long templateSendsTo(String number) {
        return cloud.accepted().stream().filter(r -> r.path("to").asText().equals(number)
                && r.path("type").asText().equals("template")).count();
    }

    /** Waits until the guest's template went to WhatsApp. */
    private static void awaitSentTo(String number) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> templateSendsTo(number) >= 1);
    }

    @Test
    void rulesSendOncePerGuestWhenSwitchedOnNothingWhenPausedAndReportWhatCameOfIt() {
        long prearrival = template("jr_prearrival", "Hello {{1}}, we look forward to seeing you on {{2}}.",
                "{\"1\":\"guest_name\",\"2\":\"check_in\"}");
        long checkout = template("jr_checkout", "Good morning {{1}}, checkout is until 11:00 today.",
                "{\"1\":\"guest_name\"}");
        try (WsClient desk = cluster.connect(0, alice)) {
            long ada = guest(desk, "15559000001", "Ada Early", today.plusDays(2), today.plusDays(5));
            guest(desk, "15559000002", "Ben Later", today.plusDays(3), today.plusDays(6));

            Api.Reply created = call(1, "POST", "/admin/journeys", "/admin/journeys", cluster.admin,
                    "{\"department\":\"reception\",\"name\":\"Pre-arrival\",\"template_id\":" + prearrival
                            + ",\"occasion\":\"before_check_in\",\"days_before\":2,\"send_time\":\"00:00\"}");
            assertEquals(201, created.status(), created.toString());
            assertEquals(false, created.body().get("active").asBoolean(), "off by default");
            long rule = created.body().get("id").asLong();
            assertEquals(409, call(0, "POST", "/admin/journeys", "/admin/journeys", cluster.admin,
                    "{\"department\":\"reception\",\"name\":\"Pre-arrival\",\"template_id\":" + prearrival
                            + ",\"occasion\":\"before_check_in\",\"days_before\":2}").status());
            assertEquals(400, call(0, "POST", "/admin/journeys", "/admin/journeys", cluster.admin,
                    "{\"department\":\"reception\",\"name\":\"Bad\",\"template_id\":" + prearrival
                            + ",\"occasion\":\"on_arrival\"}").status());
            assertEquals(400, call(0, "POST", "/admin/journeys", "/admin/journeys", cluster.admin,
                    "{\"department\":\"reception\",\"name\":\"Bad\",\"template_id\":" + prearrival
                            + ",\"occasion\":\"check_out\",\"send_time\":\"25:00\"}").status());
            assertEquals(409, call(0, "DELETE", "/admin/templates/{id}", "/admin/templates/" + prearrival,
                    cluster.admin, null).status()); // the rule uses it

            // The check-out rule, on at once, in housekeeping where Cleo has no conversation: one is opened for her.
            // Its message is the marker that the planners ran while the pre-arrival rule was off.
            long cleoConversation = cluster.api.conversation(alice, "reception", "+15559000003", "Cleo Leaving");
            cluster.api.call("PATCH", "/chat/conversations/" + cleoConversation + "/guest/", alice,
                    "{\"check_in\":\"" + today.minusDays(2) + "\",\"check_out\":\"" + today + "\"}");
            long checkoutRule = call(0, "POST", "/admin/journeys", "/admin/journeys", cluster.admin,
                    "{\"department\":\"housekeeping\",\"name\":\"Checkout morning\",\"template_id\":" + checkout
                            + ",\"occasion\":\"check_out\",\"send_time\":\"00:00\",\"active\":true}").body().get("id").asLong();
            JsonNode opened = desk.await("new_conversation", e -> e.path("data").path("guest_name").asText()
                    .equals("Cleo Leaving") && e.path("data").path("department").asText().equals("housekeeping"),
                    Duration.ofSeconds(30));
            awaitSentTo("15559000003");
            assertEquals(0, planned(rule, "15559000001"), "a rule that is off sends nothing");
            JsonNode cleoMessages = cluster.api.get("/chat/conversations/" + opened.path("data").path("id").asLong()
                    + "/messages/", alice).body().get("messages");
            assertEquals("Good morning Cleo Leaving, checkout is until 11:00 today.",
                    cleoMessages.get(0).path("content").asText());
            assertEquals("Checkout morning (automatic)", cleoMessages.get(0).path("sender_name").asText());

            assertEquals(200, call(0, "PATCH", "/admin/journeys/{id}", "/admin/journeys/" + rule, cluster.admin,
                    "{\"active\":true}").status());
            awaitSentTo("15559000001");
            JsonNode adaMessage = cluster.api.get("/chat/conversations/" + ada + "/messages/", alice).body()
                    .get("messages").get(0);
            assertThat(adaMessage.path("content").asText()).startsWith("Hello Ada Early, we look forward to seeing you on ");
            assertEquals("jr_prearrival", adaMessage.path("template").path("name").asText());
            // Dan arrives on the same day: planned by a later round, which must not send Ada's again.
            guest(desk, "15559000004", "Dan Same Day", today.plusDays(2), today.plusDays(4));
            awaitSentTo("15559000004");
            assertEquals(1, templateSendsTo("15559000001"), "once per guest and rule");
            assertEquals(1, planned(rule, "15559000001"));
            assertEquals(0, planned(rule, "15559000002"), "three days before: not this rule's day");

            // Paused: Eve, due the same day, gets nothing; Fay's check-out message marks the round that saw Eve.
            call(1, "PATCH", "/admin/journeys/{id}", "/admin/journeys/" + rule, cluster.admin, "{\"active\":false}");
            guest(desk, "15559000005", "Eve Paused", today.plusDays(2), today.plusDays(3));
            guest(desk, "15559000006", "Fay Leaving", today.minusDays(1), today);
            awaitSentTo("15559000006");
            assertEquals(0, planned(rule, "15559000005"), "a paused rule sends nothing");

            // What came of it: Ada's was delivered and read, and she answered; Dan's is only sent.
            long adaMessageId = adaMessage.path("id").asLong();
            String wamid = TestSql.queryText(cluster.db, "SELECT external_id FROM whatsapp_outbox WHERE message_id = ?",
                    adaMessageId);
            assertEquals(200, Webhooks.post(cluster.nodes.get(1).port(), Webhooks.status(wamid, "delivered", null)));
            assertEquals(200, Webhooks.post(cluster.nodes.get(1).port(), Webhooks.status(wamid, "read", null)));
            assertEquals(200, Webhooks.post(cluster.nodes.get(1).port(),
                    Webhooks.text("15559000001", "Ada Early", "wamid.jr.answer", "Can't wait!")));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> report(rule).path("answered").asInt() == 1
                    && report(rule).path("read").asInt() == 1);
            JsonNode report = report(rule);
            assertEquals(2, report.path("sent").asInt());
            assertEquals(1, report.path("delivered").asInt());
            assertEquals(0, report.path("failed").asInt());
            assertEquals(0, report.path("pending").asInt());
            assertEquals(2, report(checkoutRule).path("sent").asInt());
        }
    }

    private static JsonNode report(long rule) {
        for (JsonNode r : call(0, "GET", "/admin/journeys", "/admin/journeys", cluster.admin, null).body().get("rules")) {
            if (r.path("id").asLong() == rule) {
                return r.path("report");
            }
        }
        throw new AssertionError("no rule " + rule);
    }
}
