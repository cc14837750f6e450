package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.DbSettings;
import com.hotelchat.db.TestPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The guest side: WhatsApp in (webhook) and out (outbox to a fake Cloud API), and the guest web chat. */
class GuestTest {

    private static final AtomicInteger NUMBERS = new AtomicInteger(3_000_000);
    private static FakeCloudApi cloud;
    private static DbSettings db;
    private static ChatNode node;
    private static Api api;
    private static String admin;
    private static String alice;

    static Map<String, String> whatsAppEnvironment(DbSettings db, String nodeId, FakeCloudApi cloud) {
        Map<String, String> env = TestNode.environment(db, nodeId);
        env.put("CHAT_WHATSAPP_APP_SECRET", Webhooks.APP_SECRET);
        env.put("CHAT_WHATSAPP_VERIFY_TOKEN", Webhooks.VERIFY_TOKEN);
        env.putAll(cloud.nodeEnvironment());
        return env;
    }

    @BeforeAll
    static void start() {
        cloud = new FakeCloudApi();
        db = TestPostgres.freshDatabase();
        node = TestNode.start(whatsAppEnvironment(db, "guest-node", cloud));
        api = new Api(node.port());
        admin = api.adminToken();
        api.department(admin, "housekeeping");
        api.staff(admin, "g_alice", "Alice Desk", List.of("reception"));
        alice = api.loginStaff("g_alice");
    }

    @AfterAll
    static void stop() {
        node.close();
        cloud.close();
    }

    private static String number() {
        return "1555" + NUMBERS.incrementAndGet();
    }

    /** A guest writes in over WhatsApp; returns the conversation it landed in, seen by a connected desk client. */
    private static long guestWritesIn(WsClient desk, String from, String name, String wamid, String body) {
        assertEquals(200, Webhooks.post(node.port(), Webhooks.text(from, name, wamid, body)));
        JsonNode created = desk.await("new_conversation", e -> e.path("data").path("guest_name").asText().equals(name));
        return created.get("data").get("id").asLong();
    }

    @Test
    void verificationHandshakeEchoesTheChallengeOnlyForOurToken() {
        Api.Reply ok = api.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=" + Webhooks.VERIFY_TOKEN
                + "&hub.challenge=1158201444", null);
        assertEquals(200, ok.status());
        assertEquals(1158201444L, ok.body().asLong());
        assertEquals(403, api.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1", null).status());
    }

    @Test
    void webhookWithAWrongOrMissingSignatureIs401AndStoresNothing() {
        String from = number();
        String body = Webhooks.text(from, "Mallory", "wamid.bad." + from, "hi");
        assertEquals(401, Webhooks.post(node.port(), body, Webhooks.signature(body, "wrong-secret")));
        assertEquals(401, Webhooks.post(node.port(), body, null));
        assertEquals(401, Webhooks.post(node.port(), body, "sha256=zz"));
        try (WsClient desk = WsClient.connect(node.port(), alice)) {
            String marker = number();
            guestWritesIn(desk, marker, "Marker " + marker, "wamid.m." + marker, "marker");
            assertThat(desk.history()).noneMatch(e -> e.path("data").path("guest_name").asText().equals("Mallory"));
        }
        assertThat(api.get("/chat/conversations/", alice).body().get("conversations").toString()).doesNotContain("Mallory");
    }

    @Test
    void inboundMessageOpensAConversationInTheDefaultDepartmentAndRetriedWebhooksStoreOnce() {
        String from = number();
        try (WsClient desk = WsClient.connect(node.port(), alice)) {
            String first = Webhooks.text(from, "Jane Guest", "wamid.1." + from, "Is breakfast included?");
            long conversation = guestWritesIn(desk, from, "Jane Guest", "wamid.1." + from, "Is breakfast included?");
            assertEquals(200, Webhooks.post(node.port(), first));
            desk.subscribe(conversation);
            assertEquals(200, Webhooks.post(node.port(), Webhooks.text(from, "Jane Guest", "wamid.2." + from, "Thanks")));
            JsonNode message = desk.await("message", e -> e.path("data").path("content").asText().equals("Thanks"));
            assertEquals("guest", message.get("data").get("sender_type").asText());
            assertEquals("Jane Guest", message.get("data").get("sender_name").asText());
            JsonNode history = api.get("/chat/conversations/" + conversation + "/messages/", alice).body().get("messages");
            assertEquals(2, history.size(), "the retried webhook stored nothing new");
            JsonNode listed = find(api.get("/chat/conversations/", alice).body().get("conversations"), conversation);
            assertEquals("reception", listed.get("department").asText());
            assertThat(listed.get("window_expires_at").asText()).endsWith("Z");
            assertThat(desk.history()).filteredOn(e -> e.path("type").asText().equals("new_conversation")
                    && e.path("data").path("id").asLong() == conversation).hasSize(1);
        }
    }

    @Test
    void anImageWithoutItsFileALocationAndATypeWeDoNotHandleAreAllKept() {
        String from = number();
        try (WsClient desk = WsClient.connect(node.port(), alice)) {
            String image = Webhooks.message(from, "Pat", "{\"from\":\"" + from + "\",\"id\":\"wamid.i." + from
                    + "\",\"type\":\"image\",\"image\":{\"caption\":\"the stain\",\"id\":\"m1\"}}");
            assertEquals(200, Webhooks.post(node.port(), image));
            long conversation = desk.await("new_conversation", e -> e.path("data").path("guest_name").asText().equals("Pat"))
                    .get("data").get("id").asLong();
            String location = Webhooks.message(from, "Pat", "{\"from\":\"" + from + "\",\"id\":\"wamid.l." + from
                    + "\",\"type\":\"location\",\"location\":{\"latitude\":48.85,\"longitude\":2.35}}");
            String reaction = Webhooks.message(from, "Pat", "{\"from\":\"" + from + "\",\"id\":\"wamid.r." + from
                    + "\",\"type\":\"reaction\",\"reaction\":{\"emoji\":\"+1\"}}");
            desk.subscribe(conversation);
            assertEquals(200, Webhooks.post(node.port(), location));
            assertEquals(200, Webhooks.post(node.port(), reaction));
            desk.await("message", e -> e.path("data").path("content").asText().startsWith("[unsupported"));
            List<String> contents = new ArrayList<>();
            JsonNode messages = api.get("/chat/conversations/" + conversation + "/messages/", alice).body().get("messages");
            messages.forEach(m -> contents.add(0, m.get("content").asText()));
            // The caption is the text; the file (unknown to the Cloud API here) is kept as an unavailable attachment.
            assertEquals(List.of("the stain", "[location] 48.85, 2.35", "[unsupported message type: reaction]"), contents);
            JsonNode photo = messages.get(2).path("attachments").path(0);
            assertEquals("image", photo.path("type").asText());
            assertEquals(false, photo.path("available").asBoolean(true));
            assertEquals(48.85, messages.get(1).path("location").path("latitude").asDouble(), 1e-9);
        }
    }

    @Test
    void staffReplyIsSentOnceThroughTheOutboxAndDeliveryStatesOnlyMoveForward() throws Exception {
        String from = number();
        try (WsClient desk = WsClient.connect(node.port(), alice)) {
            long conversation = guestWritesIn(desk, from, "Omar", "wamid.o." + from, "Towels please");
            desk.subscribe(conversation);
            desk.text(conversation, "On their way!");
            long messageId = desk.await("message", e -> e.path("data").path("content").asText().equals("On their way!"))
                    .get("data").get("id").asLong();
            JsonNode sent = desk.await("message_status", e -> e.path("data").path("message_id").asLong() == messageId);
            assertEquals("sent", sent.get("data").get("status").asText());
            List<JsonNode> toGuest = cloud.accepted().stream().filter(r -> r.path("to").asText().equals(from)).toList();
            assertEquals(1, toGuest.size());
            assertEquals("On their way!", toGuest.get(0).path("text").path("body").asText());

            String outboundId = whatsappIdOf(messageId);
            assertEquals(200, Webhooks.post(node.port(), Webhooks.status(outboundId, "read", null)));
            desk.await("message_status", e -> e.path("data").path("status").asText().equals("read"));
            assertEquals(200, Webhooks.post(node.port(), Webhooks.status(outboundId, "delivered", null)));
            desk.assertNoneBefore("message_status", e -> e.path("data").path("status").asText().equals("delivered"),
                    () -> Webhooks.post(node.port(), Webhooks.text(from, "Omar", "wamid.o2." + from, "thanks")),
                    "message", e -> e.path("data").path("content").asText().equals("thanks"));
        }
    }

    @Test
    void aStatusThatArrivesBeforeItsMessageIdIsCommittedIsAppliedWhenItIs() throws Exception {
        String from = number();
        try (WsClient desk = WsClient.connect(node.port(), alice)) {
            long conversation = guestWritesIn(desk, from, "Early Bird", "wamid.e." + from, "hello");
            desk.subscribe(conversation);
            desk.text(conversation, "Breakfast is at seven");
            long messageId = desk.await("message", e -> e.path("data").path("content").asText().equals("Breakfast is at seven"))
                    .get("data").get("id").asLong();
            desk.await("message_status", e -> e.path("data").path("message_id").asLong() == messageId
                    && e.path("data").path("status").asText().equals("sent"));
            String early = "wamid.early." + from;
            assertEquals(200, Webhooks.post(node.port(), Webhooks.status(early, "read", null)));
            // Only now does an outbox row carry that id, as if the sending node's commit had come late.
            sql("UPDATE whatsapp_outbox SET external_id = '" + early + "' WHERE message_id = ?", messageId);
            JsonNode read = desk.await("message_status", e -> e.path("data").path("message_id").asLong() == messageId
                    && e.path("data").path("status").asText().equals("read"));
            assertThat(read).isNotNull();
        }
    }

    @Test
    void aSlowCloudApiDoesNotHoldUpIncomingGuestMessages() {
        String from = number();
        try (WsClient desk = WsClient.connect(node.port(), alice)) {
            long conversation = guestWritesIn(desk, from, "Slow Sam", "wamid.s1." + from, "hello");
            desk.subscribe(conversation);
            cloud.answer(new FakeCloudApi.Answer(200,
                    "{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.slow." + from + "\"}]}", 6_000));
            desk.text(conversation, "Let me check");
            desk.await("message", e -> e.path("data").path("content").asText().equals("Let me check"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> cloud.requests().stream()
                    .anyMatch(r -> r.toString().contains("Let me check"))); // the send is under way, and slow
            assertEquals(200, Webhooks.post(node.port(), Webhooks.text(from, "Slow Sam", "wamid.s2." + from, "Still there?")));
            desk.await("message", e -> e.path("data").path("content").asText().equals("Still there?"), Duration.ofSeconds(3));
            desk.await("message_status", e -> e.path("data").path("status").asText().equals("sent"), Duration.ofSeconds(15));
        }
    }

    @Test
    void rejectedSendReachesStaffWithWhatsAppsReason() {
        String from = number();
        try (WsClient desk = WsClient.connect(node.port(), alice)) {
            long conversation = guestWritesIn(desk, from, "Nina", "wamid.n." + from, "hello");
            desk.subscribe(conversation);
            cloud.answer(new FakeCloudApi.Answer(400,
                    "{\"error\":{\"message\":\"Recipient phone number not in allowed list\",\"code\":131030}}", 0));
            desk.text(conversation, "Welcome");
            JsonNode failed = desk.await("message_status", e -> e.path("data").path("status").asText().equals("failed"));
            assertThat(failed.get("data").get("error").asText()).contains("Recipient phone number not in allowed list");
        }
    }

    @Test
    void transientFailuresAndSlowAnswersAreRetriedUntilSentExactlyOnce() {
        String from = number();
        try (WsClient desk = WsClient.connect(node.port(), alice)) {
            long conversation = guestWritesIn(desk, from, "Ravi", "wamid.v." + from, "hello");
            desk.subscribe(conversation);
            cloud.answer(new FakeCloudApi.Answer(500, "{\"error\":{\"message\":\"temporarily unavailable\"}}", 0));
            cloud.answer(new FakeCloudApi.Answer(503, "{\"error\":{\"message\":\"overloaded\"}}", 300));
            desk.text(conversation, "Retry me");
            JsonNode sent = desk.await("message_status", e -> e.path("data").path("status").asText().equals("sent"),
                    Duration.ofSeconds(20));
            assertThat(sent).isNotNull();
            assertEquals(3, cloud.requests().stream().filter(r -> r.path("to").asText().equals(from)).count());
            assertEquals(1, cloud.accepted().stream().filter(r -> r.path("to").asText().equals(from)).count());
        }
    }

    @Test
    void replyOutsideThe24HourWindowIsRefusedAndNotQueued() throws Exception {
        String from = number();
        try (WsClient desk = WsClient.connect(node.port(), alice)) {
            long conversation = guestWritesIn(desk, from, "Old Timer", "wamid.t." + from, "hello");
            sql("UPDATE conversations SET last_guest_message_at = now() - interval '25 hours' WHERE id = ?", conversation);
            desk.send("{\"type\":\"text\",\"conversation_id\":" + conversation + ",\"content\":\"too late\"}");
            assertThat(desk.await("error").get("message").asText()).contains("24-hour WhatsApp window is closed");
            assertEquals(1, api.get("/chat/conversations/" + conversation + "/messages/", alice).body().get("messages").size());
            assertThat(cloud.requests()).noneMatch(r -> r.path("to").asText().equals(from));
        }
    }

    @Test
    void guestWebChatTalksWithTheDeskAndSeesNothingElse() {
        long conversation = api.conversation(alice, "reception", "+" + number(), "Web Guest");
        long other = api.conversation(alice, "reception", "+" + number(), "Other Guest");
        Api.Reply link = api.post("/chat/guest-tokens/", alice, "{\"conversation_id\":" + conversation + "}");
        assertEquals(201, link.status());
        assertThat(link.body().get("url").asText()).contains("/guest/#token=");
        String token = link.body().get("token").asText();
        URI guestUri = URI.create("ws://127.0.0.1:" + node.port() + "/ws/guest/?token=" + token);
        assertEquals(401, WsClient.handshakeStatus(URI.create("ws://127.0.0.1:" + node.port() + "/ws/guest/?token=nope"), null));
        assertEquals(401, WsClient.handshakeStatus(URI.create("ws://127.0.0.1:" + node.port() + "/ws/guest/?token=" + alice), null));
        try (WsClient desk = WsClient.connect(node.port(), alice); WsClient guest = WsClient.connect(guestUri, null)) {
            desk.subscribe(conversation);
            guest.roundTrip();
            desk.text(conversation, "Hello from the desk");
            desk.await("message", e -> e.path("data").path("content").asText().equals("Hello from the desk"));
            JsonNode atGuest = guest.await("message", e -> e.path("data").path("content").asText().equals("Hello from the desk"));
            assertEquals("staff", atGuest.get("data").get("sender_type").asText());
            guest.send("{\"type\":\"text\",\"content\":\"Hi desk, room 12 here\"}");
            JsonNode atDesk = desk.await("message", e -> e.path("data").path("content").asText().equals("Hi desk, room 12 here"));
            assertEquals("guest", atDesk.get("data").get("sender_type").asText());
            assertEquals("Web Guest", atDesk.get("data").get("sender_name").asText());
            guest.await("message", e -> e.path("data").path("content").asText().equals("Hi desk, room 12 here"));
            guest.send("{\"type\":\"typing\",\"is_typing\":true}");
            desk.await("typing", e -> e.path("data").path("user_name").asText().equals("Web Guest"));
            desk.send("{\"type\":\"typing\",\"conversation_id\":" + conversation + ",\"is_typing\":true}");
            guest.await("typing", e -> e.path("data").path("user_name").asText().equals("Alice Desk"));
            desk.text(other, "for someone else");
            desk.text(conversation, "marker");
            guest.await("message", e -> e.path("data").path("content").asText().equals("marker"));
            assertThat(guest.history()).extracting(e -> e.get("type").asText()).containsOnly("error", "message", "typing");
            assertThat(guest.history()).noneMatch(e -> e.path("data").path("conversation_id").asLong() == other);
            guest.send("{\"type\":\"close_conversation\",\"conversation_id\":" + conversation + "}");
            assertEquals("Unknown command type 'close_conversation'", guest.await("error").get("message").asText());
        }
    }

    private static JsonNode find(JsonNode conversations, long id) {
        for (JsonNode c : conversations) {
            if (c.get("id").asLong() == id) {
                return c;
            }
        }
        throw new AssertionError("conversation " + id + " not listed in " + conversations);
    }

    private static String whatsappIdOf(long messageId) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement st = c.prepareStatement("SELECT external_id FROM whatsapp_outbox WHERE message_id = ?")) {
            st.setLong(1, messageId);
            var rs = st.executeQuery();
            rs.next();
            return rs.getString(1);
        }
    }

    private static void sql(String statement, long id) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement st = c.prepareStatement(statement)) {
            st.setLong(1, id);
            st.executeUpdate();
        }
    }

    @Test
    void twoNodesSendingOneOutboxSendEachMessageExactlyOnce() {
        try (FakeCloudApi shared = new FakeCloudApi()) {
            DbSettings sharedDb = TestPostgres.freshDatabase();
            ChatNode first = TestNode.start(whatsAppEnvironment(sharedDb, "outbox-a", shared));
            ChatNode second = TestNode.start(whatsAppEnvironment(sharedDb, "outbox-b", shared));
            try {
                Api a = new Api(first.port());
                String token = a.adminToken();
                a.staff(token, "ob_alice", "Alice", List.of("reception"));
                String staff = a.loginStaff("ob_alice");
                String from = number();
                assertEquals(200, Webhooks.post(first.port(), Webhooks.text(from, "Busy Guest", "wamid.b." + from, "hi")));
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                        a.get("/chat/conversations/", staff).body().get("conversations").size() == 1);
                long conversation = a.get("/chat/conversations/", staff).body().get("conversations").get(0).get("id").asLong();
                for (int i = 0; i < 15; i++) {
                    shared.answer(new FakeCloudApi.Answer(200,
                            "{\"messages\":[{\"id\":\"wamid.slow." + i + "\"}]}", 50));
                }
                try (WsClient onFirst = WsClient.connect(first.port(), staff);
                     WsClient onSecond = WsClient.connect(second.port(), staff)) {
                    for (int i = 0; i < 30; i++) {
                        (i % 2 == 0 ? onFirst : onSecond).text(conversation, "reply " + i);
                    }
                    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> shared.accepted().size() >= 30);
                }
                List<String> bodies = shared.accepted().stream().map(r -> r.path("text").path("body").asText()).sorted().toList();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    expected.add("reply " + i);
                }
                assertEquals(expected.stream().sorted().toList(), bodies);
                assertEquals(30, shared.requests().size());
            } finally {
                first.close();
                second.close();
            }
        }
    }
}
