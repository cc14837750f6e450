package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scheduled messages on two nodes that both look for due ones: each goes out once at its time and appears in the
 * thread; it can be listed, changed and cancelled until it goes; a time in the past is refused; a text whose guest's
 * window closed meanwhile is recorded failed with why (a template is not); staff hear of every change. REST answers
 * and events are checked against the API documents.
 */
class ScheduledMessagesTest {

    private static final AtomicInteger NUMBERS = new AtomicInteger(5_000_000);
    private static FakeCloudApi cloud;
    private static ClusterFixture cluster;
    private static ApiDocuments docs;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void start() {
        cloud = new FakeCloudApi();
        cluster = new ClusterFixture(2, cloud.nodeEnvironment(Map.of("CHAT_SCHEDULE_TICK_MS", "200")));
        docs = ApiDocuments.servedBy(cluster.nodes.get(1).port());
        alice = cluster.user("sc_alice", "reception");
        bob = cluster.user("sc_bob", "reception");
    }

    @AfterAll
    static void stop() {
        cluster.close();
        cloud.close();
    }

    private static Api.Reply call(int node, String method, String template, String path, String token, String body) {
        return docs.call(cluster.api(node), method, template, path, token, body);
    }

    private static String number() {
        return "1557" + NUMBERS.incrementAndGet();
    }

    private static Api.Reply schedule(int node, long conversation, String body) {
        return call(node, "POST", "/chat/conversations/{id}/scheduled/", "/chat/conversations/" + conversation
                + "/scheduled/", alice, body);
    }

    private static String at(Duration fromNow) {
        return Instant.now().plus(fromNow).toString();
    }

    /** An event the client received, now or within 15 s, in whatever order it came among the others. */
    private static JsonNode seen(WsClient client, String type, java.util.function.Predicate<JsonNode> match) {
        return Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> client.history().stream()
                .filter(e -> e.path("type").asText().equals(type) && match.test(e)).findFirst().orElse(null),
                java.util.Objects::nonNull);
    }

    private static void checkEvents(WsClient client) {
        client.history().forEach(e -> docs.checkEvent("staff", e));
    }

    @Test
    void aScheduledTextGoesOnceAtItsTimeAndAppearsInTheThreadOnEveryNode() {
        String number = number();
        try (WsClient desk = cluster.connect(0, alice); WsClient colleague = cluster.connect(1, bob)) {
            long id = cluster.whatsAppConversation(desk, number, "Sam Scheduled", "When is breakfast?");
            colleague.subscribe(id);
            Instant due = Instant.now().plusSeconds(2);
            Api.Reply created = schedule(1, id, "{\"send_at\":\"" + due + "\",\"content\":\"Breakfast is 7 to 10\"}");
            assertEquals(201, created.status(), created.toString());
            long scheduledId = created.body().get("id").asLong();
            assertEquals("scheduled", created.body().get("status").asText());
            desk.await("scheduled_message", e -> e.path("data").path("id").asLong() == scheduledId
                    && e.path("data").path("status").asText().equals("scheduled"));

            JsonNode message = colleague.await("message", e -> e.path("data").path("content").asText()
                    .equals("Breakfast is 7 to 10"), Duration.ofSeconds(15));
            Instant createdAt = Instant.parse(message.path("data").path("created_at").asText());
            assertThat(createdAt).isAfterOrEqualTo(due.minusMillis(50)); // never early (50 ms of clock difference)
            assertEquals("Sc_alice Test", message.path("data").path("sender_name").asText());
            // The message (to the conversation's group) and the new state (to the department's) in either order.
            JsonNode sent = seen(desk, "scheduled_message", e -> e.path("data").path("id").asLong() == scheduledId
                    && e.path("data").path("status").asText().equals("sent"));
            seen(desk, "message", e -> e.path("data").path("content").asText().equals("Breakfast is 7 to 10"));
            assertEquals(message.path("data").path("id").asLong(), sent.path("data").path("message_id").asLong());
            seen(desk, "message_status", e -> e.path("data").path("message_id").asLong() == sent.path("data")
                    .path("message_id").asLong() && e.path("data").path("status").asText().equals("sent"));
            assertEquals(1, cloud.accepted().stream().filter(r -> r.path("text").path("body").asText()
                    .equals("Breakfast is 7 to 10")).count());
            List<JsonNode> listed = new ArrayList<>();
            call(0, "GET", "/chat/conversations/{id}/scheduled/", "/chat/conversations/" + id + "/scheduled/", bob, null)
                    .body().get("scheduled").forEach(listed::add);
            assertEquals(1, listed.size());
            assertEquals("sent", listed.get(0).path("status").asText());
            checkEvents(desk);
            checkEvents(colleague);
        }
    }

    @Test
    void untilItGoesAScheduledMessageCanBeListedChangedAndCancelled() {
        long id = cluster.conversation(alice, "reception");
        assertEquals(400, schedule(0, id, "{\"send_at\":\"" + at(Duration.ofMinutes(-1)) + "\",\"content\":\"late\"}")
                .status());
        assertThat(schedule(0, id, "{\"send_at\":\"" + at(Duration.ofMinutes(-1)) + "\",\"content\":\"late\"}").body()
                .get("error").asText()).contains("in the past");
        assertEquals(400, schedule(0, id, "{\"send_at\":\"tomorrow\",\"content\":\"x\"}").status());
        assertEquals(400, schedule(0, id, "{\"send_at\":\"" + at(Duration.ofDays(400)) + "\",\"content\":\"x\"}").status());
        assertEquals(400, schedule(0, id, "{\"send_at\":\"" + at(Duration.ofHours(1)) + "\",\"content\":\" \"}").status());
        assertEquals(404, schedule(0, 999_999, "{\"send_at\":\"" + at(Duration.ofHours(1)) + "\",\"content\":\"x\"}")
                .status());

        long scheduled = schedule(0, id, "{\"send_at\":\"" + at(Duration.ofHours(1)) + "\",\"content\":\"See you at 9\"}")
                .body().get("id").asLong();
        String later = Instant.now().plus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        Api.Reply changed = call(1, "PATCH", "/chat/scheduled/{id}", "/chat/scheduled/" + scheduled, bob,
                "{\"send_at\":\"" + later + "\",\"content\":\"See you at 11\"}");
        assertEquals(200, changed.status());
        assertEquals("See you at 11", changed.body().get("content").asText());
        assertEquals(Instant.parse(later), Instant.parse(changed.body().get("send_at").asText()));
        Api.Reply pending = call(0, "GET", "/chat/scheduled/", "/chat/scheduled/", alice, null);
        assertThat(pending.body().get("scheduled").findValues("id").stream().map(JsonNode::asLong).toList())
                .contains(scheduled);
        String outsider = cluster.user("sc_hk", "housekeeping");
        assertEquals(404, call(0, "PATCH", "/chat/scheduled/{id}", "/chat/scheduled/" + scheduled, outsider,
                "{\"content\":\"mine\"}").status());
        assertThat(call(0, "GET", "/chat/scheduled/", "/chat/scheduled/", outsider, null).body().get("scheduled"))
                .isEmpty();
        assertEquals(400, call(0, "GET", "/chat/scheduled/", "/chat/scheduled/?status=soon", alice, null).status());

        Api.Reply cancelled = call(1, "DELETE", "/chat/scheduled/{id}", "/chat/scheduled/" + scheduled, alice, null);
        assertEquals("cancelled", cancelled.body().get("status").asText());
        assertEquals(409, call(0, "DELETE", "/chat/scheduled/{id}", "/chat/scheduled/" + scheduled, alice, null).status());
        assertEquals(409, call(0, "PATCH", "/chat/scheduled/{id}", "/chat/scheduled/" + scheduled, alice,
                "{\"content\":\"again\"}").status());
        assertThat(call(0, "GET", "/chat/scheduled/", "/chat/scheduled/?status=cancelled", alice, null).body()
                .get("scheduled").findValues("id").stream().map(JsonNode::asLong).toList()).contains(scheduled);
    }

    @Test
    void aTextWhoseWindowClosedBeforeItWasDueIsRecordedFailedAndATemplateStillGoes() {
        cloud.templates.hold("sc_checkout", "en", "UTILITY", "APPROVED", null,
                "Good morning {{1}}, checkout is until 11 today.", null, List.of());
        long template = cluster.api.post("/admin/templates", cluster.admin, "{\"name\":\"sc_checkout\",\"language\":\"en\","
                + "\"category\":\"UTILITY\",\"body\":\"Good morning {{1}}, checkout is until 11 today.\","
                + "\"prefill\":{\"1\":\"guest_name\"}}").body().get("id").asLong();
        String number = number();
        try (WsClient desk = cluster.connect(0, alice)) {
            long id = cluster.whatsAppConversation(desk, number, "Tia Window", "Thanks!");
            long text = schedule(0, id, "{\"send_at\":\"" + at(Duration.ofSeconds(2)) + "\",\"content\":\"Enjoy your day\"}")
                    .body().get("id").asLong();
            long templated = schedule(1, id, "{\"send_at\":\"" + at(Duration.ofSeconds(2)) + "\",\"template_id\":"
                    + template + "}").body().get("id").asLong();
            TestSql.update(cluster.db, "UPDATE conversations SET last_guest_message_at = now() - interval '25 hours' "
                    + "WHERE id = ?", id);
            JsonNode failed = desk.await("scheduled_message", e -> e.path("data").path("id").asLong() == text
                    && e.path("data").path("status").asText().equals("failed"), Duration.ofSeconds(15));
            assertThat(failed.path("data").path("failure").asText()).contains("24-hour WhatsApp window was closed")
                    .contains("template");
            JsonNode message = seen(desk, "message", e -> e.path("data").has("template"));
            JsonNode sent = seen(desk, "scheduled_message", e -> e.path("data").path("id").asLong() == templated
                    && e.path("data").path("status").asText().equals("sent"));
            assertEquals(message.path("data").path("id").asLong(), sent.path("data").path("message_id").asLong());
            assertEquals("Good morning Tia Window, checkout is until 11 today.", message.path("data").path("content").asText());
            assertEquals("sc_checkout", message.path("data").path("template").path("name").asText());
            seen(desk, "message_status", e -> e.path("data").path("message_id").asLong()
                    == sent.path("data").path("message_id").asLong() && e.path("data").path("status").asText().equals("sent"));
            assertThat(cloud.requests()).noneMatch(r -> r.path("to").asText().equals(number)
                    && r.path("text").path("body").asText().equals("Enjoy your day"));
            assertThat(cluster.api.get("/chat/conversations/" + id + "/messages/", alice).body().toString())
                    .doesNotContain("Enjoy your day");
            checkEvents(desk);
        }
    }

    @Test
    void manyMessagesDueTogetherOnTwoNodesGoOnceEach() {
        long id = cluster.conversation(alice, "reception");
        String due = at(Duration.ofSeconds(2));
        int count = 30;
        for (int i = 0; i < count; i++) {
            assertEquals(201, schedule(i % 2, id, "{\"send_at\":\"" + due + "\",\"content\":\"batch " + i + "\"}").status());
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestSql.queryLong(cluster.db,
                "SELECT count(*) FROM scheduled_messages WHERE conversation_id = ? AND status = 'scheduled'", id) == 0);
        assertEquals(count, TestSql.queryLong(cluster.db,
                "SELECT count(*) FROM messages WHERE conversation_id = ? AND content LIKE 'batch %'", id));
        assertEquals(count, TestSql.queryLong(cluster.db,
                "SELECT count(DISTINCT content) FROM messages WHERE conversation_id = ? AND content LIKE 'batch %'", id));
        assertEquals(count, TestSql.queryLong(cluster.db, "SELECT count(*) FROM scheduled_messages sm JOIN messages m "
                + "ON m.id = sm.message_id WHERE sm.conversation_id = ? AND sm.status = 'sent' AND m.content = sm.content", id));
    }
}
