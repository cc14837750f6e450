package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The contract's "Permissions and bad input" section, case by case, against a real node. */
class BadInputTest {

    private static SingleNodeFixture fx;
    private static String alice;
    private static String carol;
    private static long receptionConversation;
    private static long housekeepingConversation;

    @BeforeAll
    static void start() {
        fx = new SingleNodeFixture();
        alice = fx.user("b_alice", "reception");
        carol = fx.user("b_carol", "housekeeping");
        receptionConversation = fx.conversation(alice, "reception");
        housekeepingConversation = fx.conversation(carol, "housekeeping");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static String errorFor(WsClient client, String frame) {
        client.send(frame);
        return client.await("error").get("message").asText();
    }

    /** The connection is still usable after an error. */
    private static void stillOpen(WsClient client) {
        client.subscribe(receptionConversation);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {oops                                                     | Invalid JSON: the frame could not be parsed
            {"conversation_id": 1}                                    | Missing 'type': every command needs a type
            {"type": "fly", "conversation_id": 1}                     | Unknown command type 'fly'
            {"type": "mark_read"}                                     | 'conversation_id' is required
            {"type": "mark_read", "conversation_id": "7"}             | 'conversation_id' must be a positive integer
            {"type": "typing", "conversation_id": 1, "is_typing": 1}  | 'is_typing' must be true or false
            """)
    void malformedCommandsGetAClearErrorAndTheConnectionStaysOpen(String frame, String expected) {
        try (WsClient a = fx.connect(alice)) {
            assertEquals(expected, errorFor(a, frame));
            stillOpen(a);
        }
    }

    @Test
    void invalidTextIsRefusedAndNothingIsStored() {
        long c = fx.conversation(alice, "reception");
        try (WsClient a = fx.connect(alice)) {
            assertEquals("Message content must not be empty",
                    errorFor(a, "{\"type\":\"text\",\"conversation_id\":" + c + ",\"content\":\"\"}"));
            assertEquals("Message content must not be empty",
                    errorFor(a, "{\"type\":\"text\",\"conversation_id\":" + c + ",\"content\":\"   \\n \"}"));
            assertEquals("Message content must be at most 4096 characters",
                    errorFor(a, "{\"type\":\"text\",\"conversation_id\":" + c + ",\"content\":\"" + "x".repeat(4097) + "\"}"));
            assertEquals("Message content must not contain the NUL character (U+0000)",
                    errorFor(a, "{\"type\":\"text\",\"conversation_id\":" + c + ",\"content\":\"a\\u0000b\"}"));
            stillOpen(a);
        }
        assertThat(history(alice, c)).isEmpty();
    }

    @Test
    void textToAClosedConversationIsRefusedAndNothingIsStored() {
        long c = fx.conversation(alice, "reception");
        fx.api.post("/chat/conversations/close/", alice, "{\"conversation_id\":" + c + "}");
        try (WsClient a = fx.connect(alice)) {
            assertEquals("Conversation is closed",
                    errorFor(a, "{\"type\":\"text\",\"conversation_id\":" + c + ",\"content\":\"hello?\"}"));
        }
        // Only the closing's own timeline entry is there: the refused text stored nothing.
        assertThat(history(alice, c)).singleElement()
                .satisfies(entry -> assertEquals("closed", entry.path("activity").path("kind").asText()));
    }

    @Test
    void anotherDepartmentsConversationLooksExactlyLikeAMissingOne() {
        try (WsClient a = fx.connect(alice)) {
            for (long id : List.of(housekeepingConversation, 987_654_321L)) {
                for (String frame : List.of(
                        "{\"type\":\"subscribe_conversation\",\"conversation_id\":%d}",
                        "{\"type\":\"unsubscribe_conversation\",\"conversation_id\":%d}",
                        "{\"type\":\"text\",\"conversation_id\":%d,\"content\":\"peek\"}",
                        "{\"type\":\"mark_read\",\"conversation_id\":%d}",
                        "{\"type\":\"typing\",\"conversation_id\":%d,\"is_typing\":true}",
                        "{\"type\":\"close_conversation\",\"conversation_id\":%d}")) {
                    assertEquals("Conversation not found", errorFor(a, frame.formatted(id)));
                }
            }
        }
        assertThat(history(carol, housekeepingConversation)).isEmpty();
        assertEquals(404, fx.api.get("/chat/conversations/" + housekeepingConversation + "/messages/", alice).status());
        assertEquals(404, fx.api.post("/chat/conversations/close/", alice,
                "{\"conversation_id\":" + housekeepingConversation + "}").status());
        assertEquals("active", fx.api.get("/chat/conversations/", carol).body().get("conversations").get(0).get("status").asText());
    }

    @Test
    void frameOver64KiBClosesWith1009() {
        try (WsClient a = fx.connect(alice)) {
            a.send("{\"type\":\"text\",\"conversation_id\":1,\"content\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(1009, a.awaitClose());
        }
    }

    @Test
    void floodingGetsAnErrorThenClose1008() {
        try (WsClient a = fx.connect(fx.user("b_flood", "reception"))) {
            for (int i = 0; i < 400 && !a.isClosed(); i++) {
                a.send("{\"type\":\"typing\",\"conversation_id\":" + receptionConversation + ",\"is_typing\":true}");
            }
            JsonNode error = a.await("error", e -> e.get("message").asText().startsWith("Too many commands"));
            assertThat(error).isNotNull();
            assertEquals(1008, a.awaitClose());
        }
    }

    @Test
    void shortBurstsAboveTheRateAreFine() {
        try (WsClient a = fx.connect(fx.user("b_burst", "reception"))) {
            for (int i = 0; i < 60; i++) {
                a.send("{\"type\":\"typing\",\"conversation_id\":" + receptionConversation + ",\"is_typing\":true}");
            }
            stillOpen(a);
        }
    }

    private static URI ws(String query) {
        return URI.create("ws://127.0.0.1:" + fx.node.port() + "/ws/chat/" + query);
    }

    @Test
    void handshakeWithoutOrWithABadTokenIs401() {
        assertEquals(401, WsClient.handshakeStatus(ws(""), null));
        assertEquals(401, WsClient.handshakeStatus(ws("?token=v1.bogus.token"), null));
        String tampered = alice.substring(0, alice.length() - 2) + (alice.endsWith("AA") ? "BB" : "AA");
        assertEquals(401, WsClient.handshakeStatus(ws("?token=" + tampered), null));
    }

    @Test
    void adminIsNotDepartmentStaffSoHandshakeIs403() {
        assertEquals(403, WsClient.handshakeStatus(ws("?token=" + fx.admin), null));
    }

    @Test
    void tokenWorksInHeaderQueryAndCookieButCookieNeedsOurOrigin() {
        assertEquals(101, WsClient.handshakeStatus(ws(""), Map.of("Authorization", "Bearer " + alice)));
        assertEquals(101, WsClient.handshakeStatus(ws("?token=" + alice), null));
        String host = "127.0.0.1:" + fx.node.port();
        assertEquals(101, WsClient.handshakeStatus(ws(""), Map.of("Cookie", "chat_token=" + alice, "Origin", "http://" + host)));
        assertEquals(403, WsClient.handshakeStatus(ws(""), Map.of("Cookie", "chat_token=" + alice, "Origin", "https://evil.example")));
        assertEquals(403, WsClient.handshakeStatus(ws(""), Map.of("Cookie", "chat_token=" + alice)));
    }

    @Test
    void deactivatingAUserClosesTheirSocketsWith4401AndRefusesReconnects() {
        long id = fx.api.staff(fx.admin, "b_leaver", "Leaver", List.of("reception"));
        String token = fx.api.loginStaff("b_leaver");
        try (WsClient a = fx.connect(token)) {
            a.subscribe(receptionConversation);
            assertEquals(200, fx.api.call("PATCH", "/admin/staff/" + id, fx.admin, "{\"active\":false}").status());
            assertEquals(4401, a.awaitClose());
        }
        assertEquals(401, WsClient.handshakeStatus(ws("?token=" + token), null));
        assertEquals(401, fx.api.post("/auth/login", null, Api.json("username", "b_leaver", "password", "password-b_leaver")).status());
    }

    @Test
    void membershipChangeMovesOpenSocketsBetweenDepartmentGroups() {
        long id = fx.api.staff(fx.admin, "b_mover", "Mover", List.of("reception"));
        String token = fx.api.loginStaff("b_mover");
        try (WsClient a = fx.connect(token)) {
            assertEquals(200, fx.api.call("PATCH", "/admin/staff/" + id, fx.admin, "{\"departments\":[\"housekeeping\"]}").status());
            long c = fx.conversation(carol, "housekeeping");
            a.await("new_conversation", e -> e.path("data").path("id").asLong() == c);
            long r = fx.conversation(alice, "reception");
            long[] marker = new long[1];
            a.assertNoneBefore("new_conversation", e -> e.path("data").path("id").asLong() == r,
                    () -> marker[0] = fx.conversation(carol, "housekeeping"), "new_conversation",
                    e -> e.path("data").path("id").asLong() == marker[0]);
        }
    }

    @Test
    void restRefusesBadInputWithClearErrors() {
        Api api = fx.api;
        assertEquals(401, api.get("/chat/conversations/", null).status());
        assertEquals(401, api.get("/chat/conversations/", "v1.bad.token").status());
        assertEquals(403, api.post("/admin/departments", alice, Api.json("name", "spa")).status());
        assertEquals(400, api.post("/admin/departments", fx.admin, "{not json").status());
        Api.Reply badName = api.post("/admin/departments", fx.admin, Api.json("name", "Front Desk!"));
        assertEquals(400, badName.status());
        assertThat(badName.body().get("error").asText()).contains("lowercase");
        assertEquals(409, api.post("/admin/departments", fx.admin, Api.json("name", "reception")).status());
        assertEquals(409, api.post("/admin/staff", fx.admin, "{\"username\":\"b_alice\",\"password\":\"long-enough\","
                + "\"name\":\"x\",\"user_type\":\"department_staff\",\"departments\":[]}").status());
        assertEquals(400, api.post("/admin/staff", fx.admin, "{\"username\":\"b_new\",\"password\":\"long-enough\","
                + "\"name\":\"x\",\"user_type\":\"department_staff\",\"departments\":[\"nowhere\"]}").status());
        assertEquals(400, api.post("/admin/staff", fx.admin, "{\"username\":\"b_new\",\"password\":\"long-enough\","
                + "\"name\":\"x\",\"user_type\":\"superuser\"}").status());
        assertEquals(400, api.post("/admin/staff", fx.admin, "{\"username\":\"b_new\",\"password\":\"short\","
                + "\"name\":\"x\",\"user_type\":\"department_staff\"}").status());
        Api.Reply nul = api.post("/admin/staff", fx.admin, "{\"username\":\"b_nul\",\"password\":\"long-enough\","
                + "\"name\":\"a\\u0000b\",\"user_type\":\"department_staff\"}");
        assertEquals(400, nul.status());
        assertEquals("'name' must not contain the NUL character (U+0000)", nul.body().get("error").asText());
        assertEquals(404, api.call("PATCH", "/admin/staff/999999", fx.admin, "{\"active\":false}").status());
        assertEquals(403, api.post("/chat/conversations/create/", alice, "{\"guest\":{\"whatsapp_number\":\"+15550009999\","
                + "\"name\":\"G\"},\"department\":\"housekeeping\"}").status());
        assertEquals(400, api.post("/chat/conversations/create/", alice, "{\"guest\":{\"whatsapp_number\":\"12345\","
                + "\"name\":\"G\"},\"department\":\"reception\"}").status());
        assertEquals(400, api.post("/chat/conversations/create/", alice, "{\"department\":\"reception\"}").status());
        assertEquals(400, api.post("/chat/conversations/close/", alice, "{\"conversation_id\":\"x\"}").status());
        assertEquals(400, api.get("/chat/conversations/" + receptionConversation + "/messages/?limit=201", alice).status());
        assertEquals(400, api.get("/chat/conversations/?status=maybe", alice).status());
        assertEquals(404, api.get("/chat/conversations/abc/messages/", alice).status());
        assertEquals(404, api.get("/no/such/thing", alice).status());
        assertEquals(405, api.call("DELETE", "/chat/conversations/", alice, null).status());
        Api.Reply tooBig = api.post("/chat/conversations/close/", alice, "{\"x\":\"" + "y".repeat(1_100_000) + "\"}");
        assertEquals(413, tooBig.status());
        assertThat(tooBig.body().get("error").asText()).isNotBlank();
    }

    @Test
    void repeatedFailedLoginsAreThrottled() {
        fx.user("b_target", "reception");
        int last = 0;
        for (int i = 0; i < 11; i++) {
            last = fx.api.post("/auth/login", null, Api.json("username", "b_target", "password", "wrong-" + i)).status();
        }
        assertEquals(429, last);
        assertEquals(429, fx.api.post("/auth/login", null, Api.json("username", "b_target", "password", "password-b_target")).status());
    }

    @Test
    void historyPagesBackwardsNewestFirst() {
        long c = fx.conversation(alice, "reception");
        try (WsClient a = fx.connect(alice)) {
            a.subscribe(c);
            for (int i = 0; i < 5; i++) {
                a.text(c, "h" + i);
            }
            a.await("message", e -> e.path("data").path("content").asText().equals("h4"));
        }
        List<JsonNode> firstPage = history(alice, c, "?limit=2");
        assertThat(firstPage).extracting(m -> m.get("content").asText()).containsExactly("h4", "h3");
        List<JsonNode> next = history(alice, c, "?limit=2&before_id=" + firstPage.get(1).get("id").asLong());
        assertThat(next).extracting(m -> m.get("content").asText()).containsExactly("h2", "h1");
    }

    private static List<JsonNode> history(String token, long conversationId) {
        return history(token, conversationId, "");
    }

    private static List<JsonNode> history(String token, long conversationId, String query) {
        Api.Reply reply = fx.api.get("/chat/conversations/" + conversationId + "/messages/" + query, token);
        assertEquals(200, reply.status(), reply.toString());
        List<JsonNode> messages = new java.util.ArrayList<>();
        reply.body().get("messages").forEach(messages::add);
        return messages;
    }
}
