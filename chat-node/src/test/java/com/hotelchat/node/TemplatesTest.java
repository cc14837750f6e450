package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WhatsApp templates across two nodes and a fake Cloud API that checks template sends as WhatsApp does: admins register
 * and import them, staff send one into a conversation whose 24-hour window is closed (free text is refused there), it
 * goes out once through the outbox and shows as the text the guest reads; WhatsApp's refusals (paused, unknown,
 * wrong parameter count, a closed window reported later) reach the sender as readable reasons. Every REST answer is
 * checked against the OpenAPI document.
 */
class TemplatesTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final AtomicInteger NUMBERS = new AtomicInteger(4_000_000);
    private static FakeCloudApi cloud;
    private static ClusterFixture cluster;
    private static ApiDocuments docs;
    private static String alice;

    @BeforeAll
    static void start() {
        cloud = new FakeCloudApi();
        cluster = new ClusterFixture(2, cloud.nodeEnvironment(Map.of("CHAT_WHATSAPP_BUSINESS_ACCOUNT_ID", "waba-77")));
        cloud.windows.webhooksTo(cluster.nodes.get(1).port());
        docs = ApiDocuments.servedBy(cluster.nodes.get(0).port());
        alice = cluster.user("tp_alice", "reception");
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
        return "1556" + NUMBERS.incrementAndGet();
    }

    /** Registers a template (admin, node 0) and returns its id. */
    private static long register(String json) {
        Api.Reply reply = call(0, "POST", "/admin/templates", "/admin/templates", cluster.admin, json);
        assertEquals(201, reply.status(), reply.toString());
        return reply.body().get("id").asLong();
    }

    /** A WhatsApp guest who wrote more than 24 hours ago: their window is closed. */
    private static long quietGuest(WsClient desk, String number, String name) {
        long id = cluster.whatsAppConversation(desk, number, name, "Hello");
        TestSql.update(cluster.db, "UPDATE conversations SET last_guest_message_at = now() - interval '25 hours' "
                + "WHERE id = ?", id);
        return id;
    }

    private static String sendTemplate(long conversation, long template, String parameters, String clientMessageId) {
        return "{\"template_id\":" + template + ",\"parameters\":" + parameters
                + (clientMessageId == null ? "" : ",\"client_message_id\":\"" + clientMessageId + "\"") + "}";
    }

    @Test
    void adminsRegisterTemplatesCheckedAgainstWhatsAppsRules() {
        String admin = cluster.admin;
        long id = register("{\"name\":\"tp_rules\",\"language\":\"en_US\",\"category\":\"UTILITY\","
                + "\"header\":{\"format\":\"TEXT\",\"text\":\"Hello {{1}}\"},\"body\":\"Room {{1}} is ready, {{2}}.\","
                + "\"footer\":\"Hotel Example\",\"buttons\":[{\"type\":\"QUICK_REPLY\",\"text\":\"Thanks\"}],"
                + "\"prefill\":{\"1\":\"room_number\"}}");
        String clash = "{\"name\":\"tp_rules\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"body\":\"x\"}";
        assertEquals(409, call(1, "POST", "/admin/templates", "/admin/templates", admin, clash).status());
        List<String> refused = List.of(
                "{\"name\":\"tp_gap\",\"language\":\"en\",\"category\":\"UTILITY\",\"body\":\"{{1}} and {{3}}\"}",
                "{\"name\":\"tp_mixed\",\"language\":\"en\",\"category\":\"UTILITY\",\"body\":\"{{1}} and {{name}}\"}",
                "{\"name\":\"tp_header\",\"language\":\"en\",\"category\":\"UTILITY\",\"body\":\"x\","
                        + "\"header\":{\"format\":\"TEXT\",\"text\":\"{{1}} {{2}}\"}}",
                "{\"name\":\"tp_cat\",\"language\":\"en\",\"category\":\"PROMO\",\"body\":\"x\"}",
                "{\"name\":\"Not A Name\",\"language\":\"en\",\"category\":\"UTILITY\",\"body\":\"x\"}",
                "{\"name\":\"tp_lang\",\"language\":\"English\",\"category\":\"UTILITY\",\"body\":\"x\"}",
                "{\"name\":\"tp_prefill\",\"language\":\"en\",\"category\":\"UTILITY\",\"body\":\"{{1}}\","
                        + "\"prefill\":{\"2\":\"guest_name\"}}",
                "{\"name\":\"tp_field\",\"language\":\"en\",\"category\":\"UTILITY\",\"body\":\"{{1}}\","
                        + "\"prefill\":{\"1\":\"passport\"}}",
                "{\"name\":\"tp_long\",\"language\":\"en\",\"category\":\"UTILITY\",\"body\":\"" + "x".repeat(1025) + "\"}");
        for (String body : refused) {
            Api.Reply reply = call(1, "POST", "/admin/templates", "/admin/templates", admin, body);
            assertEquals(400, reply.status(), body);
        }
        Api.Reply patched = call(1, "PATCH", "/admin/templates/{id}", "/admin/templates/" + id, admin,
                "{\"prefill\":{\"1\":\"room_number\",\"2\":\"guest_name\"},\"status\":\"PAUSED\"}");
        assertEquals(200, patched.status());
        assertEquals("guest_name", patched.body().path("prefill").path("2").asText());
        assertEquals(List.of("1", "2"), List.of(patched.body().path("parameters").get(0).asText(),
                patched.body().path("parameters").get(1).asText()));
        assertEquals(400, call(1, "PATCH", "/admin/templates/{id}", "/admin/templates/" + id, admin,
                "{\"body\":\"only {{1}} now\"}").status()); // the prefill names {{2}}
        assertEquals(404, call(1, "PATCH", "/admin/templates/{id}", "/admin/templates/999999", admin,
                "{\"status\":\"APPROVED\"}").status());
        assertThat(call(0, "GET", "/admin/templates", "/admin/templates", admin, null).body().toString())
                .contains("tp_rules");
        assertEquals(403, call(0, "GET", "/admin/templates", "/admin/templates", alice, null).status());
        assertEquals(200, call(0, "DELETE", "/admin/templates/{id}", "/admin/templates/" + id, admin, null).status());
        assertEquals(404, call(0, "DELETE", "/admin/templates/{id}", "/admin/templates/" + id, admin, null).status());
    }

    @Test
    void oneActionImportsEveryPageAndAgainUpdatesWhatWhatsAppChangedKeepingThePrefill() {
        for (int i = 0; i < 5; i++) {
            cloud.templates.hold("tp_import_" + i, "en_US", "UTILITY", "APPROVED", null,
                    "Hello {{1}}, this is message " + i, null, List.of());
        }
        cloud.templates.hold("tp_import_header", "de", "MARKETING", "APPROVED", "Willkommen {{1}}",
                "Ihr Zimmer {{1}} ist bereit", "Hotel", List.of("Danke", "Frage"));
        int before = cloud.templates.listRequests.get();
        Api.Reply first = call(1, "POST", "/admin/templates/import", "/admin/templates/import", cluster.admin, null);
        assertEquals(200, first.status(), first.toString());
        assertThat(first.body().get("added").asInt() + first.body().get("updated").asInt()).isGreaterThanOrEqualTo(6);
        // pages of two: at least three pages for the six templates held here (other tests hold more)
        assertThat(cloud.templates.listRequests.get() - before).isGreaterThanOrEqualTo(3);
        JsonNode imported = find(first.body().get("templates"), "tp_import_header", "de");
        assertEquals("Willkommen {{1}}", imported.path("header").path("text").asText());
        assertEquals("MARKETING", imported.path("category").asText());
        assertEquals(2, imported.path("buttons").size());
        long id = find(first.body().get("templates"), "tp_import_2", "en_US").get("id").asLong();
        call(0, "PATCH", "/admin/templates/{id}", "/admin/templates/" + id, cluster.admin, "{\"prefill\":{\"1\":\"guest_name\"}}");

        cloud.templates.setStatus("tp_import_2", "en_US", "PAUSED");
        Api.Reply again = call(0, "POST", "/admin/templates/import", "/admin/templates/import", cluster.admin, null);
        assertEquals(0, again.body().get("added").asInt(), "nothing new: known templates are updated, not doubled");
        JsonNode paused = find(again.body().get("templates"), "tp_import_2", "en_US");
        assertEquals(id, paused.get("id").asLong());
        assertEquals("PAUSED", paused.get("status").asText());
        assertEquals("guest_name", paused.path("prefill").path("1").asText());
    }

    @Test
    void aTemplateReachesAGuestWhoseWindowIsClosedOnceAndShowsAsTheTextTheGuestReads() throws Exception {
        cloud.templates.hold("tp_welcome", "en_GB", "UTILITY", "APPROVED", "Welcome {{1}}",
                "Dear {{1}}, room {{2}} is yours from {{3}}. Reply to this message for anything.", "Hotel Example",
                List.of("Thanks"));
        long template = register("{\"name\":\"tp_welcome\",\"language\":\"en_GB\",\"category\":\"UTILITY\","
                + "\"header\":{\"format\":\"TEXT\",\"text\":\"Welcome {{1}}\"},"
                + "\"body\":\"Dear {{1}}, room {{2}} is yours from {{3}}. Reply to this message for anything.\","
                + "\"footer\":\"Hotel Example\",\"buttons\":[{\"type\":\"QUICK_REPLY\",\"text\":\"Thanks\"}],"
                + "\"prefill\":{\"1\":\"guest_name\",\"2\":\"room_number\",\"3\":\"check_in\"}}");
        String number = number();
        String bob = cluster.user("tp_bob", "reception");
        try (WsClient desk = cluster.connect(0, alice); WsClient colleague = cluster.connect(1, bob)) {
            long id = quietGuest(desk, number, "Mia Quiet");
            colleague.subscribe(id);
            cluster.api.call("PATCH", "/chat/conversations/" + id + "/guest/", alice,
                    "{\"room_number\":\"214\",\"check_in\":\"2026-12-24\"}");

            desk.send("{\"type\":\"text\",\"conversation_id\":" + id + ",\"content\":\"Are you there?\"}");
            String refusal = desk.await("error").get("message").asText();
            assertThat(refusal).contains("24-hour WhatsApp window is closed").contains("template");

            Api.Reply options = call(1, "GET", "/chat/conversations/{id}/templates/",
                    "/chat/conversations/" + id + "/templates/", alice, null);
            assertEquals(false, options.body().path("window").path("open").asBoolean());
            assertEquals(true, options.body().path("window").path("whatsapp").asBoolean());
            JsonNode offered = find(options.body().get("templates"), "tp_welcome", "en_GB");
            assertEquals("Mia Quiet", offered.path("prefilled").path("body").path("1").asText());
            assertEquals("214", offered.path("prefilled").path("body").path("2").asText());
            assertEquals("24 December 2026", offered.path("prefilled").path("body").path("3").asText());
            assertEquals("Mia Quiet", offered.path("prefilled").path("header").path("1").asText());

            Api.Reply sent = call(0, "POST", "/chat/conversations/{id}/templates/",
                    "/chat/conversations/" + id + "/templates/", alice,
                    sendTemplate(id, template, "{\"2\":\"215\"}", "tp-welcome-1"));
            assertEquals(201, sent.status(), sent.toString());
            String text = "Welcome Mia Quiet\n\nDear Mia Quiet, room 215 is yours from 24 December 2026. Reply to this "
                    + "message for anything.\n\nHotel Example\n\n[Thanks]";
            assertEquals(text, sent.body().get("content").asText());
            long messageId = sent.body().get("id").asLong();
            JsonNode live = colleague.await("message", e -> e.path("data").path("id").asLong() == messageId);
            assertEquals(text, live.path("data").path("content").asText());
            assertEquals("tp_welcome", live.path("data").path("template").path("name").asText());
            colleague.await("message_status", e -> e.path("data").path("message_id").asLong() == messageId
                    && e.path("data").path("status").asText().equals("sent"), Duration.ofSeconds(15));

            Api.Reply retry = call(1, "POST", "/chat/conversations/{id}/templates/",
                    "/chat/conversations/" + id + "/templates/", alice,
                    sendTemplate(id, template, "{\"2\":\"215\"}", "tp-welcome-1"));
            assertEquals(200, retry.status());
            assertEquals(messageId, retry.body().get("id").asLong());
            List<JsonNode> templateSends = cloud.accepted().stream()
                    .filter(r -> r.path("to").asText().equals(number) && r.path("type").asText().equals("template"))
                    .toList();
            assertEquals(1, templateSends.size(), "sent exactly once");
            JsonNode payload = templateSends.get(0).path("template");
            assertEquals("en_GB", payload.path("language").path("code").asText());
            assertEquals(JSON.readTree("[{\"type\":\"header\",\"parameters\":[{\"type\":\"text\",\"text\":\"Mia Quiet\"}]},"
                    + "{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Mia Quiet\"},"
                    + "{\"type\":\"text\",\"text\":\"215\"},{\"type\":\"text\",\"text\":\"24 December 2026\"}]}]"),
                    payload.path("components"));
            assertThat(cloud.requests()).noneMatch(r -> r.path("to").asText().equals(number)
                    && r.path("type").asText().equals("text"));
            JsonNode history = cluster.api(1).get("/chat/conversations/" + id + "/messages/", alice).body();
            assertEquals(text, history.path("messages").get(0).path("content").asText());
        }
    }

    @Test
    void aParameterNobodyFilledIsRefusedAndNothingIsSent() {
        long template = register("{\"name\":\"tp_unfilled\",\"language\":\"en\",\"category\":\"UTILITY\","
                + "\"body\":\"Your table is booked for {{1}}.\"}");
        String number = number();
        try (WsClient desk = cluster.connect(0, alice)) {
            long id = quietGuest(desk, number, "Noor Unfilled");
            int before = cloud.requests().size();
            Api.Reply refused = call(0, "POST", "/chat/conversations/{id}/templates/",
                    "/chat/conversations/" + id + "/templates/", alice, sendTemplate(id, template, "{}", null));
            assertEquals(400, refused.status());
            assertThat(refused.body().get("error").asText()).contains("{{1}}");
            assertEquals(400, call(0, "POST", "/chat/conversations/{id}/templates/",
                    "/chat/conversations/" + id + "/templates/", alice,
                    sendTemplate(id, template, "{\"1\":\"8 pm\\nand more\"}", null)).status());
            assertEquals(404, call(0, "POST", "/chat/conversations/{id}/templates/",
                    "/chat/conversations/999999/templates/", alice, sendTemplate(id, template, "{\"1\":\"8 pm\"}", null))
                    .status());
            assertEquals(1, cluster.api.get("/chat/conversations/" + id + "/messages/", alice).body()
                    .get("messages").size());
            assertEquals(before, cloud.requests().size());
        }
    }

    @Test
    void whatsAppsRefusalsReachTheSenderAsReadableReasons() {
        cloud.templates.hold("tp_paused", "en", "MARKETING", "PAUSED", null, "Spa offer for {{1}}", null, List.of());
        cloud.templates.hold("tp_count", "en", "UTILITY", "APPROVED", null, "Hi {{1}}, checkout at {{2}}", null, List.of());
        long paused = register("{\"name\":\"tp_paused\",\"language\":\"en\",\"category\":\"MARKETING\","
                + "\"body\":\"Spa offer for {{1}}\"}");
        long unknown = register("{\"name\":\"tp_never_approved\",\"language\":\"en\",\"category\":\"UTILITY\","
                + "\"body\":\"Hello {{1}}\"}");
        long count = register("{\"name\":\"tp_count\",\"language\":\"en\",\"category\":\"UTILITY\","
                + "\"body\":\"Hi {{1}}\"}"); // WhatsApp's has two parameters
        String number = number();
        try (WsClient desk = cluster.connect(0, alice)) {
            long id = quietGuest(desk, number, "Omar Refused");
            Map<Long, String> expected = Map.of(paused, "paused it for low quality",
                    unknown, "no approved template of that name in that language",
                    count, "number of parameters does not match");
            for (var entry : expected.entrySet()) {
                Api.Reply sent = cluster.api.post("/chat/conversations/" + id + "/templates/", alice,
                        sendTemplate(id, entry.getKey(), "{\"1\":\"Omar\"}", null));
                assertEquals(201, sent.status(), sent.toString());
                long messageId = sent.body().get("id").asLong();
                JsonNode failed = desk.await("message_status", e -> e.path("data").path("message_id").asLong() == messageId
                        && e.path("data").path("status").asText().equals("failed"), Duration.ofSeconds(15));
                assertThat(failed.path("data").path("error").asText()).contains(entry.getValue());
            }
            // The node thought the window open, WhatsApp knew better: accepted, then failed in a status webhook.
            String late = number();
            long open = cluster.whatsAppConversation(desk, late, "Pia Late", "Hi");
            cloud.windows.close(late);
            desk.text(open, "Your taxi is here");
            long textId = desk.await("message", e -> e.path("data").path("content").asText().equals("Your taxi is here"))
                    .path("data").path("id").asLong();
            JsonNode failed = desk.await("message_status", e -> e.path("data").path("message_id").asLong() == textId
                    && e.path("data").path("status").asText().equals("failed"), Duration.ofSeconds(15));
            assertThat(failed.path("data").path("error").asText()).contains("24-hour WhatsApp window is closed")
                    .contains("131047");
        }
    }

    private static JsonNode find(JsonNode templates, String name, String language) {
        for (JsonNode t : templates) {
            if (t.path("name").asText().equals(name) && t.path("language").asText().equals(language)) {
                return t;
            }
        }
        throw new AssertionError(name + " (" + language + ") not in " + templates);
    }
}
