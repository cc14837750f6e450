package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every node serves /api/openapi.yaml and /api/asyncapi.yaml; what two nodes really answer and send, over REST and
 * both sockets, validates against them (a JSON Schema validator, not hand-written checks), including errors. Every
 * event type the staff channel documents is produced and checked, except {@code message_status}, which needs WhatsApp
 * sending configured (GuestTest covers it with its fake Cloud API).
 */
class ApiDocumentsTest {

    private static ClusterFixture cluster;
    private static ApiDocuments docs;

    @BeforeAll
    static void start() {
        cluster = new ClusterFixture(2, Map.of("CHAT_DESK_TICK_MS", "200"));
        docs = ApiDocuments.servedBy(cluster.nodes.get(1).port());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** Calls a node and checks the answer against the OpenAPI document; {@code template} as the document writes it. */
    private static JsonNode parse(byte[] body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Api.Reply call(int node, String method, String template, String path, String token, String body) {
        return docs.call(cluster.api(node), method, template, path, token, body);
    }

    @Test
    void bothDocumentsAreServedByEveryNodeAndAreTheOnesInTheJar() {
        ApiDocuments other = ApiDocuments.servedBy(cluster.nodes.get(0).port());
        assertEquals(docs.openApi(), other.openApi());
        assertEquals(docs.asyncApi(), other.asyncApi());
        assertEquals("3.1.0", docs.openApi().get("openapi").asText());
        assertEquals("3.0.0", docs.asyncApi().get("asyncapi").asText());
    }

    /** The seed's own examples (websocket-api.md) are valid events of the document: it only adds to them. */
    @Test
    void theSeedsExampleEventsAreValidUnderTheAsyncApiDocument() throws Exception {
        List<String> examples = List.of(
                "{\"type\":\"message\",\"data\":{\"id\":456,\"conversation_id\":123,\"sender_type\":\"staff\","
                        + "\"sender_name\":\"John Doe\",\"content\":\"Hello!\",\"created_at\":\"2024-01-01T12:00:00Z\","
                        + "\"guest_info\":{\"id\":789,\"name\":\"Guest Name\",\"room_number\":\"101\"}}}",
                "{\"type\":\"new_conversation\",\"data\":{\"id\":123,\"guest_name\":\"Guest Name\",\"department\":"
                        + "\"reception\",\"conversation_type\":\"general\",\"status\":\"active\",\"created_at\":"
                        + "\"2024-01-01T12:00:00Z\",\"last_message_preview\":\"Hello, I need help\"}}",
                "{\"type\":\"conversation_update\",\"data\":{\"type\":\"new_message\",\"data\":{\"conversation_id\":123,"
                        + "\"guest_name\":\"Guest Name\",\"department\":\"reception\",\"last_message_preview\":\"Thank you!\","
                        + "\"last_message_at\":\"2024-01-01T12:05:00Z\",\"message_from\":\"Guest Name\"}}}",
                "{\"type\":\"conversation_update\",\"data\":{\"type\":\"closed\",\"data\":{\"id\":123,\"guest_name\":"
                        + "\"Guest Name\",\"department\":\"reception\",\"status\":\"closed\",\"updated_at\":\"2024-01-01T12:10:00Z\"}}}",
                "{\"type\":\"user_status\",\"data\":{\"type\":\"user_connected\",\"user_id\":456,\"user_name\":\"John Doe\","
                        + "\"department\":\"reception\"}}",
                "{\"type\":\"typing\",\"data\":{\"conversation_id\":123,\"user_id\":456,\"user_name\":\"John Doe\","
                        + "\"is_typing\":true}}",
                "{\"type\":\"subscribed\",\"data\":{\"conversation_id\":123,\"message\":"
                        + "\"Successfully subscribed to conversation\"}}",
                "{\"type\":\"unsubscribed\",\"data\":{\"conversation_id\":123,\"message\":"
                        + "\"Successfully unsubscribed from conversation\"}}",
                "{\"type\":\"error\",\"message\":\"Error description\"}");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String example : examples) {
            docs.checkEvent("staff", json.readTree(example));
        }
    }

    @Test
    void everyRestAnswerMatchesTheOpenApiDocument() {
        String admin = cluster.admin;
        call(0, "POST", "/admin/departments", "/admin/departments", admin, "{\"name\":\"docs-spa\"}");
        call(0, "POST", "/admin/departments", "/admin/departments", admin, "{\"name\":\"docs-spa\"}"); // 409
        call(1, "GET", "/admin/departments", "/admin/departments", admin, null);
        Api.Reply created = call(0, "POST", "/admin/staff", "/admin/staff", admin, "{\"username\":\"docs_rest\","
                + "\"password\":\"password-docs_rest\",\"name\":\"Docs Rest\",\"user_type\":\"department_staff\","
                + "\"departments\":[\"reception\",\"docs-spa\"]}");
        long userId = created.body().get("id").asLong();
        call(1, "GET", "/admin/staff", "/admin/staff", admin, null);
        call(1, "PATCH", "/admin/staff/{id}", "/admin/staff/" + userId, admin, "{\"name\":\"Docs Rest\"}");
        call(1, "GET", "/admin/departments/{name}/settings", "/admin/departments/docs-spa/settings", admin, null);
        call(0, "PATCH", "/admin/departments/{name}/settings", "/admin/departments/docs-spa/settings", admin,
                "{\"auto_assign\":false,\"waiting_alert_seconds\":600}");
        call(0, "PATCH", "/admin/departments/{name}/settings", "/admin/departments/docs-spa/settings", admin,
                "{\"auto_assign_cap\":0}"); // 400
        call(0, "GET", "/admin/departments/{name}/settings", "/admin/departments/nowhere/settings", admin, null); // 404

        Api.Reply login = call(1, "POST", "/auth/login", "/auth/login", null,
                "{\"username\":\"docs_rest\",\"password\":\"password-docs_rest\"}");
        call(1, "POST", "/auth/login", "/auth/login", null, "{\"username\":\"docs_rest\",\"password\":\"wrong\"}"); // 401
        String token = login.body().get("token").asText();

        Api.Reply conversation = call(0, "POST", "/chat/conversations/create/", "/chat/conversations/create/", token,
                "{\"guest\":{\"whatsapp_number\":\"+14155550990\",\"name\":\"Docs Guest\",\"room_number\":\"12\"},"
                        + "\"department\":\"reception\",\"conversation_type\":\"general\",\"content\":\"Welcome!\"}");
        assertEquals(201, conversation.status());
        long id = conversation.body().get("id").asLong();
        call(0, "POST", "/chat/conversations/create/", "/chat/conversations/create/", token,
                "{\"guest\":{\"whatsapp_number\":\"nope\",\"name\":\"X\"},\"department\":\"reception\"}"); // 400
        call(1, "GET", "/chat/conversations/", "/chat/conversations/?limit=1", token, null);
        call(1, "GET", "/chat/conversations/", "/chat/conversations/?status=snoozed&assignee=me&sort=waiting", token, null);
        call(1, "GET", "/chat/conversations/", "/chat/conversations/?sort=sideways", token, null); // 400
        call(1, "GET", "/chat/conversations/{id}/messages/", "/chat/conversations/" + id + "/messages/", token, null);
        call(1, "GET", "/chat/conversations/{id}/messages/", "/chat/conversations/999999/messages/", token, null); // 404
        call(0, "POST", "/chat/conversations/{id}/assign/", "/chat/conversations/" + id + "/assign/", token,
                "{\"user_id\":" + userId + "}");
        call(0, "POST", "/chat/conversations/{id}/assign/", "/chat/conversations/" + id + "/assign/", token,
                "{\"user_id\":null,\"expected_version\":1}"); // 409: the assignment moved it on
        call(0, "POST", "/chat/conversations/{id}/status/", "/chat/conversations/" + id + "/status/", token,
                "{\"status\":\"snoozed\",\"snoozed_until\":\"" + Instant.now().plusSeconds(3600) + "\"}");
        call(0, "POST", "/chat/conversations/{id}/status/", "/chat/conversations/" + id + "/status/", token,
                "{\"status\":\"snoozed\",\"snoozed_until\":\"yesterday\"}"); // 400
        Api.Reply listed = call(1, "GET", "/chat/conversations/", "/chat/conversations/?status=snoozed", token, null);
        assertThat(listed.body().get("conversations").get(0).has("snoozed_until")).isTrue();
        call(0, "POST", "/chat/guest-tokens/", "/chat/guest-tokens/", token, "{\"conversation_id\":" + id + "}");
        call(0, "GET", "/chat/presence/", "/chat/presence/", token, null);
        call(1, "GET", "/chat/departments/", "/chat/departments/", token, null);
        call(1, "GET", "/chat/departments/{name}/members/", "/chat/departments/reception/members/", token, null);
        call(1, "GET", "/chat/departments/{name}/members/", "/chat/departments/housekeeping/members/", token, null);
        Api.Reply label = call(0, "POST", "/admin/labels", "/admin/labels", admin, "{\"name\":\"docs-vip\",\"color\":\"#123abc\"}");
        call(0, "POST", "/admin/labels", "/admin/labels", admin, "{\"name\":\"docs-vip\",\"color\":\"#123abc\"}"); // 409
        long labelId = label.body().get("id").asLong();
        call(1, "PATCH", "/admin/labels/{id}", "/admin/labels/" + labelId, admin, "{\"color\":\"#654321\"}");
        call(1, "GET", "/chat/labels/", "/chat/labels/", token, null);
        call(0, "POST", "/chat/conversations/{id}/labels/", "/chat/conversations/" + id + "/labels/", token,
                "{\"label_id\":" + labelId + "}");
        call(0, "GET", "/chat/conversations/", "/chat/conversations/?label=docs-vip", token, null);
        call(0, "DELETE", "/chat/conversations/{id}/labels/{label_id}", "/chat/conversations/" + id + "/labels/" + labelId,
                token, null);
        Api.Reply canned = call(1, "POST", "/chat/canned-replies/", "/chat/canned-replies/", token,
                "{\"code\":\"docs\",\"text\":\"Hi {guest_name}\",\"department\":\"reception\"}");
        call(1, "POST", "/chat/canned-replies/", "/chat/canned-replies/", token,
                "{\"code\":\"docs\",\"text\":\"again\",\"department\":\"reception\"}"); // 409
        call(1, "GET", "/chat/canned-replies/", "/chat/canned-replies/", token, null);
        call(0, "PATCH", "/chat/canned-replies/{id}", "/chat/canned-replies/" + canned.body().get("id").asLong(), token,
                "{\"text\":\"Hello {guest_name}\"}");
        call(0, "GET", "/chat/conversations/{id}/canned-replies/{code}", "/chat/conversations/" + id + "/canned-replies/docs",
                token, null);
        call(0, "DELETE", "/chat/canned-replies/{id}", "/chat/canned-replies/" + canned.body().get("id").asLong(), token, null);
        call(1, "GET", "/chat/conversations/{id}/guest/", "/chat/conversations/" + id + "/guest/", token, null);
        call(1, "PATCH", "/chat/conversations/{id}/guest/", "/chat/conversations/" + id + "/guest/", token,
                "{\"check_in\":\"2026-12-01\",\"language\":\"fr\"}");
        call(1, "PATCH", "/chat/conversations/{id}/guest/", "/chat/conversations/" + id + "/guest/", token,
                "{\"check_in\":\"soon\"}"); // 400
        call(0, "GET", "/chat/search/", "/chat/search/?q=welcome", token, null);
        call(0, "GET", "/chat/search/", "/chat/search/?q=", token, null); // 400
        call(0, "GET", "/chat/search/", "/chat/search/?q=welc%20%22docs%22", token, null); // prefix and phrase
        call(1, "GET", "/chat/search/", "/chat/search/?q=%00", token, null); // 400: a control character
        call(1, "GET", "/chat/search/", "/chat/search/?q=" + "-".repeat(120), token, null); // 400: no word
        call(1, "GET", "/chat/search/", "/chat/search/?q=%ED%A0%80", token, null); // 400: not UTF-8
        call(0, "GET", "/chat/search/", "/chat/search/?q=" + "a".repeat(10_000), token, null); // 400 from the codec
        call(0, "GET", "/chat/conversations/{id}/messages/", "/chat/conversations/" + id + "/messages/?around_id=1", token, null);
        call(1, "GET", "/chat/reports/", "/chat/reports/?from=2026-01-01&to=2026-02-01", admin, null);
        Api.Reply report = call(0, "GET", "/chat/reports/", "/chat/reports/?from=" + Instant.now().minusSeconds(3600)
                + "&to=" + Instant.now().plusSeconds(60) + "&department=reception", token, null);
        assertThat(report.body().get("departments").get(0).get("agents")).isNotEmpty(); // the welcome was sent
        call(0, "GET", "/chat/reports/", "/chat/reports/?from=2026-02-01&to=2026-01-01", token, null); // 400
        call(0, "GET", "/chat/reports/", "/chat/reports/?from=2026-01-01&to=2026-02-01&department=housekeeping",
                token, null); // 403
        call(0, "GET", "/chat/reports/", "/chat/reports/?from=2026-01-01&to=2026-02-01&department=nowhere", admin,
                null); // 404
        Api.TextReply csv = cluster.api(1).getText("/chat/reports/?from=2026-01-01&to=2026-02-01&format=csv", token,
                Map.of());
        assertEquals(200, csv.status());
        docs.checkRestText("GET", "/chat/reports/", csv.status(), csv.headers().firstValue("Content-Type").orElseThrow());
        call(0, "DELETE", "/admin/labels/{id}", "/admin/labels/" + labelId, admin, null);
        call(1, "POST", "/chat/conversations/{id}/transfer/", "/chat/conversations/" + id + "/transfer/", token,
                "{\"department\":\"docs-spa\",\"note\":\"Massage booking\"}");
        call(1, "POST", "/chat/conversations/close/", "/chat/conversations/close/", token, "{\"conversation_id\":" + id + "}");
        call(1, "POST", "/chat/conversations/close/", "/chat/conversations/close/", token, "{\"conversation_id\":\"x\"}");
        MediaHttp.Uploaded upload = MediaHttp.upload(cluster.nodes.get(0).port(), token, TestFiles.png(), "room.png",
                "image/png");
        docs.checkRest("POST", "/media/", upload.status(), upload.body());
        assertEquals(201, upload.status());
        MediaHttp.Uploaded refused = MediaHttp.upload(cluster.nodes.get(1).port(), token,
                "<html><body>hi</body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8), "a.png", "image/png");
        docs.checkRest("POST", "/media/", refused.status(), refused.body()); // 415
        MediaHttp.Uploaded anonymous = MediaHttp.upload(cluster.nodes.get(1).port(), null, TestFiles.png(), "a.png",
                "image/png");
        docs.checkRest("POST", "/media/", anonymous.status(), anonymous.body()); // 401
        var missing = MediaHttp.get(cluster.nodes.get(1).port(), "/media/" + "x".repeat(24), token);
        docs.checkRest("GET", "/media/{mediaId}", missing.statusCode(), parse(missing.body()));
        var unsigned = MediaHttp.get(cluster.nodes.get(1).port(), "/media/" + upload.id(), null);
        docs.checkRest("GET", "/media/{mediaId}", unsigned.statusCode(), parse(unsigned.body()));
        call(0, "GET", "/healthz", "/healthz", null, null);
        call(0, "GET", "/readyz", "/readyz", null, null);
        Api.Reply password = call(0, "POST", "/auth/password", "/auth/password", token,
                "{\"old_password\":\"password-docs_rest\",\"new_password\":\"password-docs_rest-2\"}");
        call(0, "POST", "/auth/logout", "/auth/logout", password.body().get("token").asText(), null);
        call(0, "POST", "/auth/logout", "/auth/logout", token, null); // 401: revoked by the password change
    }

    @Test
    void everyEventBothSocketsSendMatchesTheAsyncApiDocument() throws Exception {
        cluster.api.department(cluster.admin, "docs-laundry");
        String alice = cluster.user("docs_alice", "reception");
        String bob = cluster.user("docs_bob", "reception");
        String hk = cluster.user("docs_hk", "docs-laundry");
        long bobId = cluster.api.get("/admin/staff", cluster.admin).body().findValues("staff").get(0).findParents("username")
                .stream().filter(u -> u.get("username").asText().equals("docs_bob")).findFirst().orElseThrow().get("id").asLong();
        assertEquals(200, cluster.api.call("PATCH", "/admin/departments/reception/settings", cluster.admin,
                "{\"waiting_alert_seconds\":5}").status());
        List<WsClient> staff = new ArrayList<>();
        try (WsClient a = cluster.connect(0, alice); WsClient h = cluster.connect(0, hk)) {
            WsClient b = cluster.connect(1, bob); // connects after alice: alice hears user_connected
            staff.addAll(List.of(a, b, h));
            a.await("user_status");
            long id = cluster.api.conversation(alice, "reception", "+14155550991", "Docs Socket Guest");
            b.await("new_conversation");
            a.subscribe(id);
            a.send("{\"type\":\"typing\",\"conversation_id\":" + id + ",\"is_typing\":true}");
            a.send("{\"type\":\"text\",\"conversation_id\":" + id + ",\"content\":\"How can we help?\","
                    + "\"client_message_id\":\"docs-1\"}");
            a.await("message", e -> e.path("data").has("client_message_id"));
            a.send("{\"type\":\"ping\",\"id\":\"docs-ping\"}");
            a.await("pong");
            a.send("{\"type\":\"ping\"}");
            a.await("pong");
            b.await("conversation_update", e -> e.path("data").path("type").asText().equals("new_message"));
            b.subscribe(id);
            b.send("{\"type\":\"typing\",\"conversation_id\":" + id + ",\"is_typing\":true}");
            a.await("typing");
            a.send("{\"type\":\"note\",\"conversation_id\":" + id + ",\"content\":\"@docs_bob the towels\"}");
            b.await("mention");
            MediaHttp.Uploaded notePhoto = MediaHttp.upload(cluster.nodes.get(0).port(), alice, TestFiles.png(),
                    "stain.png", "image/png");
            a.send("{\"type\":\"note\",\"conversation_id\":" + id + ",\"attachments\":[\"" + notePhoto.id() + "\"]}");
            b.await("message", e -> e.path("data").path("private").asBoolean() && e.path("data").has("attachments"));
            b.send("{\"type\":\"typing\",\"conversation_id\":" + id + ",\"is_typing\":true,\"private\":true}");
            a.await("typing", e -> e.path("data").path("private").asBoolean());
            long docsLabel = cluster.api.post("/admin/labels", cluster.admin, "{\"name\":\"docs-ws\",\"color\":\"#00aa00\"}")
                    .body().get("id").asLong();
            cluster.api.post("/chat/conversations/" + id + "/labels/", alice, "{\"label_id\":" + docsLabel + "}");
            b.await("conversation_labels");
            cluster.api.call("DELETE", "/chat/conversations/" + id + "/labels/" + docsLabel, alice, null);
            b.await("conversation_labels", e -> e.path("data").path("labels").isEmpty());
            cluster.api.call("PATCH", "/chat/conversations/" + id + "/guest/", alice, "{\"room_number\":\"77\"}");
            b.await("guest_updated");
            a.send("{\"type\":\"assign_conversation\",\"conversation_id\":" + id + ",\"user_id\":" + bobId + "}");
            b.await("conversation_assigned");
            a.send("{\"type\":\"assign_conversation\",\"conversation_id\":" + id + ",\"user_id\":null}");
            a.await("message", e -> e.path("data").path("activity").path("kind").asText().equals("unassigned"));
            a.send("{\"type\":\"assign_conversation\",\"conversation_id\":" + id + ",\"user_id\":" + bobId + "}");
            b.await("conversation_assigned", e -> !e.path("data").path("assignee").isNull());
            a.send("{\"type\":\"set_conversation_status\",\"conversation_id\":" + id + ",\"status\":\"pending\"}");
            b.await("conversation_status");
            // A scheduled message: announced when scheduled and when cancelled.
            long scheduled = cluster.api.post("/chat/conversations/" + id + "/scheduled/", alice, "{\"send_at\":\""
                    + Instant.now().plusSeconds(3600) + "\",\"content\":\"Your spa slot is at 5\"}").body().get("id").asLong();
            b.await("scheduled_message", e -> e.path("data").path("id").asLong() == scheduled);
            cluster.api.call("DELETE", "/chat/scheduled/" + scheduled, alice, null);
            b.await("scheduled_message", e -> e.path("data").path("status").asText().equals("cancelled"));

            // The guest's page on the other node, resuming from the start; the guest writes: the conversation reopens.
            String guestToken = cluster.api.post("/chat/guest-tokens/", alice, "{\"conversation_id\":" + id + "}")
                    .body().get("token").asText();
            try (WsClient guest = WsClient.connect(URI.create("ws://localhost:" + cluster.nodes.get(1).port()
                    + "/ws/guest/?token=" + guestToken + "&last_message_id=0"), Map.of())) {
                guest.await("message", e -> e.path("data").path("content").asText().equals("How can we help?"));
                guest.send("{\"type\":\"typing\",\"is_typing\":true}");
                guest.send("{\"type\":\"text\",\"content\":\"Two towels, please\",\"client_message_id\":\"g-1\"}");
                guest.send("{\"type\":\"ping\",\"id\":\"guest-ping\"}");
                guest.await("pong");
                MediaHttp.Uploaded photo = MediaHttp.upload(cluster.nodes.get(1).port(), guestToken, TestFiles.png(),
                        "towels.png", "image/png");
                guest.send("{\"type\":\"text\",\"attachments\":[\"" + photo.id() + "\"]}");
                guest.send("{\"type\":\"text\",\"content\":\"\"}");
                guest.await("error");
                a.await("conversation_status", e -> e.path("data").path("reason").asText().equals("guest_message"));
                a.await("message", e -> e.path("data").has("attachments"));
                a.send("{\"type\":\"typing\",\"conversation_id\":" + id + ",\"is_typing\":false}");
                guest.await("typing");
                b.await("waiting_alert", e -> true, Duration.ofSeconds(15));
                for (JsonNode event : guest.history()) {
                    docs.checkEvent("guest", event);
                }
            }
            a.send("{\"type\":\"transfer_conversation\",\"conversation_id\":" + id + ",\"department\":\"docs-laundry\","
                    + "\"note\":\"Two towels to room 77\"}");
            a.await("conversation_transferred");
            h.await("new_conversation", e -> e.path("data").path("id").asLong() == id
                    && e.path("data").has("transferred_from"));
            // The timeline in history, as the department it was transferred to reads it.
            Set<String> kinds = new HashSet<>();
            Api.Reply history = call(0, "GET", "/chat/conversations/{id}/messages/", "/chat/conversations/" + id
                    + "/messages/", hk, null);
            history.body().get("messages").forEach(m -> kinds.add(m.path("activity").path("kind").asText()));
            // A change committed by a node that died before announcing it: the department hears it from the database.
            TestSql.update(cluster.db, "UPDATE conversations SET status = 'pending' WHERE id = ?", id);
            h.await("conversation_state", e -> e.path("data").path("conversation_id").asLong() == id);
            long second = cluster.api.conversation(alice, "reception", "+14155550992", "Docs Closing Guest");
            a.subscribe(second);
            a.send("{\"type\":\"close_conversation\",\"conversation_id\":" + second + "}");
            a.await("conversation_update", e -> e.path("data").path("type").asText().equals("closed"));
            a.send("{\"type\":\"unsubscribe_conversation\",\"conversation_id\":" + second + "}");
            a.await("unsubscribed");
            a.send("{\"type\":\"fly\",\"conversation_id\":1}");
            a.await("error");
            b.close();
            a.await("user_status", e -> e.path("data").path("type").asText().equals("user_disconnected"));

            Set<String> checked = new HashSet<>();
            for (WsClient client : staff) {
                for (JsonNode event : client.history()) {
                    docs.checkEvent("staff", event);
                    checked.add(event.path("type").asText());
                    kinds.add(event.path("data").path("activity").path("kind").asText());
                }
            }
            // Every kind of timeline entry the document describes was sent and checked, live or in history.
            Set<String> documentedKinds = new HashSet<>();
            docs.asyncApi().path("components").path("schemas").path("Activity").path("oneOf").forEach(kind -> {
                JsonNode k = kind.path("properties").path("kind");
                if (k.has("const")) {
                    documentedKinds.add(k.get("const").asText());
                }
                k.path("enum").forEach(v -> documentedKinds.add(v.asText()));
            });
            assertThat(documentedKinds).hasSize(7);
            assertThat(kinds).containsAll(documentedKinds);
            Set<String> documented = new HashSet<>();
            docs.asyncApi().path("operations").path("staffEvents").path("messages").forEach(m ->
                    documented.add(m.get("$ref").asText().replace("#/channels/staff/messages/", "")));
            documented.remove("message_status"); // WhatsApp sending; not configured in this cluster
            assertThat(checked).containsAll(documented);
        }
    }
}
