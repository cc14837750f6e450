package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A conversation's timeline across two nodes with WhatsApp sending on: every change of the desk's leaves an activity
 * entry that a subscriber on the other node gets live, in id order with the messages, and finds again in history; the
 * guest never gets one (not on its socket, not resuming, not over WhatsApp); the department a transfer brings the
 * conversation to gets the note; entries are not unread and are no search hits.
 */
class TimelineTest {

    private static final AtomicInteger GUEST = new AtomicInteger(5_770_000);
    private static FakeCloudApi cloud;
    private static ClusterFixture cluster;

    @BeforeAll
    static void start() {
        cloud = new FakeCloudApi();
        cluster = new ClusterFixture(2, cloud.nodeEnvironment(Map.of("CHAT_DESK_TICK_MS", "200")));
        cluster.api.department(cluster.admin, "vip");
        assertEquals(200, cluster.api.call("PATCH", "/admin/departments/vip/settings", cluster.admin,
                "{\"auto_assign\":true}").status());
    }

    @AfterAll
    static void stop() {
        cluster.close();
        cloud.close();
    }

    private record Staff(long id, String token, String name) {}

    private static Staff staff(String username, String... departments) {
        String name = SingleNodeFixture.displayName(username);
        long id = cluster.api.staff(cluster.admin, username, name, List.of(departments));
        return new Staff(id, cluster.api.loginStaff(username), name);
    }

    private static JsonNode activity(JsonNode event) {
        return event.path("data").path("activity");
    }

    private static boolean entry(JsonNode event, String kind) {
        return event.path("type").asText().equals("message") && activity(event).path("kind").asText().equals(kind);
    }

    private static Predicate<JsonNode> content(String text) {
        return e -> e.path("data").path("content").asText().equals(text);
    }

    /** A {@code message} event as one word: its activity's kind (and status reason), or its text. */
    private static String described(JsonNode message) {
        JsonNode data = message.has("data") ? message.get("data") : message;
        JsonNode a = data.path("activity");
        if (a.isMissingNode()) {
            return data.path("content").asText();
        }
        return a.path("kind").asText() + (a.has("reason") ? ":" + a.path("reason").asText() : "");
    }

    private static void guestWrites(int node, String from, String name, String text) {
        assertEquals(200, Webhooks.post(cluster.nodes.get(node).port(),
                Webhooks.text(from, name, "wamid." + from + "." + text.hashCode(), text)));
    }

    private static WsClient guestSocket(int node, String token) {
        return WsClient.connect(URI.create("ws://localhost:" + cluster.nodes.get(node).port() + "/ws/guest/?token="
                + token + "&last_message_id=0"), Map.of());
    }

    private static List<JsonNode> history(String token, long conversation) {
        JsonNode page = cluster.api.get("/chat/conversations/" + conversation + "/messages/?limit=200", token).body()
                .get("messages");
        List<JsonNode> oldestFirst = new ArrayList<>();
        page.forEach(m -> oldestFirst.add(0, m));
        return oldestFirst;
    }

    private static JsonNode listed(String token, long conversation) {
        JsonNode list = cluster.api.get("/chat/conversations/", token).body().get("conversations");
        return StreamSupport.stream(list.spliterator(), false).filter(c -> c.get("id").asLong() == conversation)
                .findFirst().orElseThrow();
    }

    @Test
    void everyKindOfEntryReachesTheOtherNodeInOrderWithTheMessagesAndNeverTheGuest() {
        Staff alice = staff("tl_alice", "reception");
        Staff bob = staff("tl_bob", "reception", "vip");
        Staff carol = staff("tl_carol", "vip");
        String number = "1577" + GUEST.incrementAndGet();
        String guestName = "Timeline Guest";
        long label = cluster.api.post("/admin/labels", cluster.admin, "{\"name\":\"tl-vip\",\"color\":\"#aa3300\"}")
                .body().get("id").asLong();
        try (WsClient a = cluster.connect(0, alice.token()); WsClient b = cluster.connect(1, bob.token());
             WsClient c = cluster.connect(1, carol.token())) {
            long id = cluster.whatsAppConversation(a, number, guestName, "Hello, I need a towel");
            b.subscribe(id);
            String guestToken = cluster.api.post("/chat/guest-tokens/", alice.token(), "{\"conversation_id\":" + id + "}")
                    .body().get("token").asText();
            try (WsClient guest = guestSocket(1, guestToken)) {
                guest.await("message", content("Hello, I need a towel"));

                // Each change by alice on node 0; bob, on node 1, gets its entry live before the next one is made.
                a.send("{\"type\":\"assign_conversation\",\"conversation_id\":" + id + ",\"user_id\":" + bob.id() + "}");
                JsonNode assigned = b.await("message", e -> entry(e, "assigned"));
                cluster.api.post("/chat/conversations/" + id + "/labels/", alice.token(), "{\"label_id\":" + label + "}");
                b.await("message", e -> entry(e, "label_added"));
                cluster.api.call("DELETE", "/chat/conversations/" + id + "/labels/" + label, alice.token(), null);
                b.await("message", e -> entry(e, "label_removed"));
                a.send("{\"type\":\"set_conversation_status\",\"conversation_id\":" + id + ",\"status\":\"pending\"}");
                b.await("message", e -> entry(e, "status"));
                guestWrites(0, number, guestName, "Still there?");
                JsonNode stillThere = b.await("message", content("Still there?"));
                JsonNode replied = b.await("message", e -> entry(e, "status")
                        && activity(e).path("reason").asText().equals("guest_message"));
                String until = Instant.now().plusMillis(1500).toString();
                a.send("{\"type\":\"set_conversation_status\",\"conversation_id\":" + id
                        + ",\"status\":\"snoozed\",\"snoozed_until\":\"" + until + "\"}");
                JsonNode snoozed = b.await("message", e -> entry(e, "status")
                        && activity(e).path("status").asText().equals("snoozed"));
                JsonNode woke = b.await("message", e -> entry(e, "status")
                        && activity(e).path("reason").asText().equals("snooze_expired"));
                a.send("{\"type\":\"assign_conversation\",\"conversation_id\":" + id + ",\"user_id\":null}");
                b.await("message", e -> entry(e, "unassigned"));
                a.text(id, "Yes, we are here");
                b.await("message", content("Yes, we are here"));
                assertEquals(200, cluster.api.post("/chat/conversations/close/", alice.token(),
                        "{\"conversation_id\":" + id + "}").status());
                b.await("message", e -> entry(e, "closed"));
                guestWrites(0, number, guestName, "I am back");
                JsonNode back = b.await("message", content("I am back"));
                JsonNode reopened = b.await("message", e -> entry(e, "status")
                        && activity(e).path("previous_status").asText().equals("closed"));
                a.send("{\"type\":\"transfer_conversation\",\"conversation_id\":" + id
                        + ",\"department\":\"vip\",\"note\":\"VIP guest: late checkout please\"}");
                JsonNode transferred = b.await("message", e -> entry(e, "transferred"));

                // Bob's stream: every entry and message in id order, each where it happened.
                List<JsonNode> stream = b.history().stream().filter(e -> e.path("type").asText().equals("message")
                        && e.path("data").path("conversation_id").asLong() == id).toList();
                assertThat(stream.stream().map(TimelineTest::described)).containsExactly("assigned", "label_added",
                        "label_removed", "status:staff", "Still there?", "status:guest_message", "status:staff",
                        "status:snooze_expired", "unassigned", "Yes, we are here", "closed", "I am back",
                        "status:guest_message", "transferred");
                List<Long> ids = stream.stream().map(e -> e.path("data").path("id").asLong()).toList();
                assertThat(ids).isSorted().doesNotHaveDuplicates();

                // What each entry says, and who said it.
                JsonNode a1 = activity(assigned);
                assertEquals(bob.id(), a1.path("assignee").path("id").asLong());
                assertEquals(alice.id(), a1.path("by").path("id").asLong());
                assertThat(a1.path("automatic").asBoolean()).isFalse();
                assertEquals(alice.name() + " assigned this conversation to " + bob.name(),
                        assigned.path("data").path("content").asText());
                assertEquals("staff", assigned.path("data").path("sender_type").asText());
                assertEquals(alice.name(), assigned.path("data").path("sender_name").asText());
                assertTrue(assigned.path("data").path("private").asBoolean());
                assertEquals(stillThere.path("data").path("id").asLong(), activity(replied).path("message_id").asLong(),
                        "the guest's message that made it active, just before the entry");
                assertEquals("pending", activity(replied).path("previous_status").asText());
                assertThat(activity(replied).path("by").isNull()).isTrue();
                assertEquals("System", replied.path("data").path("sender_name").asText());
                assertEquals(Instant.parse(until).truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                        Instant.parse(activity(snoozed).path("snoozed_until").asText()));
                assertThat(activity(woke).path("by").isNull()).isTrue();
                assertEquals(back.path("data").path("id").asLong(), activity(reopened).path("message_id").asLong());
                assertEquals("A message from the guest reopened this conversation",
                        reopened.path("data").path("content").asText());
                JsonNode moved = activity(transferred);
                assertEquals("reception", moved.path("from_department").asText());
                assertEquals("vip", moved.path("to_department").asText());
                assertEquals("VIP guest: late checkout please", moved.path("note").asText());
                assertThat(transferred.path("data").path("content").asText()).contains("late checkout please");

                // The receiving department: the note in its new_conversation, then the entry in the thread.
                JsonNode arrived = c.await("new_conversation", e -> e.path("data").path("id").asLong() == id);
                JsonNode from = arrived.path("data").path("transferred_from");
                assertEquals("reception", from.path("department").asText());
                assertEquals("VIP guest: late checkout please", from.path("note").asText());
                assertEquals(alice.id(), from.path("by").path("id").asLong());
                c.subscribe(id);

                // A guest's message in an auto-assigning department: the node assigns it, and says so.
                guestWrites(0, number, guestName, "Thanks");
                c.await("message", content("Thanks"));
                JsonNode auto = c.await("message", e -> entry(e, "assigned"));
                assertThat(activity(auto).path("automatic").asBoolean()).isTrue();
                assertThat(activity(auto).path("by").isNull()).isTrue();
                assertThat(List.of(bob.id(), carol.id())).contains(activity(auto).path("assignee").path("id").asLong());
                assertThat(auto.path("data").path("content").asText()).startsWith("Automatically assigned to ");

                // History: the same entries with the same ids, in their places, for the department it is in now.
                List<JsonNode> stored = history(carol.token(), id);
                List<Long> storedIds = stored.stream().map(m -> m.path("id").asLong()).toList();
                assertThat(storedIds).containsSubsequence(ids);
                assertThat(stored.stream().map(TimelineTest::described)).containsSubsequence("transferred", "Thanks",
                        "assigned");
                assertEquals(moved, stored.stream().filter(m -> m.path("id").asLong()
                        == transferred.path("data").path("id").asLong()).findFirst().orElseThrow().path("activity"));

                // The guest: the public messages only, in order, live and when resuming on the other node.
                c.text(id, "Your towels are on their way");
                List<String> guestSees = List.of("Hello, I need a towel", "Still there?", "Yes, we are here", "I am back",
                        "Thanks", "Your towels are on their way");
                guest.await("message", content("Your towels are on their way"));
                assertThat(guest.history().stream().filter(e -> e.path("type").asText().equals("message"))
                        .map(e -> e.path("data").path("content").asText())).containsExactlyElementsOf(guestSees);
                assertThat(guest.history()).noneMatch(e -> e.path("data").has("private") || e.path("data").has("activity"));
                try (WsClient resumed = guestSocket(0, guestToken)) {
                    resumed.await("message", content("Your towels are on their way"));
                    assertThat(resumed.history().stream().map(e -> e.path("data").path("content").asText()))
                            .containsExactlyElementsOf(guestSees);
                }
            }

            // WhatsApp: the two replies, and nothing of any entry.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cloud.accepted().stream().anyMatch(r ->
                    r.path("text").path("body").asText().equals("Your towels are on their way")));
            assertThat(cloud.requests().stream().map(r -> r.path("text").path("body").asText()))
                    .containsExactly("Yes, we are here", "Your towels are on their way");
            assertEquals(0, TestSql.queryLong(cluster.db, "SELECT count(*) FROM whatsapp_outbox o JOIN messages m "
                    + "ON m.id = o.message_id WHERE m.activity IS NOT NULL"));

            // Not unread (carol read nothing: the five messages of others only), and no search hit.
            long unreadMessages = history(carol.token(), id).stream().filter(m -> !m.has("activity")
                    && !m.path("sender_name").asText().equals(carol.name())).count();
            assertEquals(5, unreadMessages);
            assertEquals(unreadMessages, listed(carol.token(), id).path("unread_count").asLong());
            assertThat(cluster.api.get("/chat/search/?q=checkout", carol.token()).body().get("hits")).isEmpty();
            assertThat(cluster.api.get("/chat/search/?q=snoozed", bob.token()).body().get("hits")).isEmpty();
            assertThat(cluster.api.get("/chat/search/?q=towels", carol.token()).body().get("hits")).hasSize(1);
            assertEquals("Your towels are on their way", listed(carol.token(), id).path("last_message_preview").asText());
        }
    }

    /** A change that changes nothing, or is refused, leaves no entry: the timeline holds what happened only. */
    @Test
    void nothingChangedNothingRecorded() {
        Staff dan = staff("tl_dan", "reception");
        Staff hk = staff("tl_hk", "housekeeping");
        long id = cluster.conversation(dan.token(), "reception");
        long label = cluster.api.post("/admin/labels", cluster.admin, "{\"name\":\"tl-quiet\",\"color\":\"#0033aa\"}")
                .body().get("id").asLong();
        try (WsClient d = cluster.connect(0, dan.token())) {
            d.subscribe(id);
            for (int twice = 0; twice < 2; twice++) {
                d.send("{\"type\":\"assign_conversation\",\"conversation_id\":" + id + ",\"user_id\":" + dan.id() + "}");
                d.roundTrip();
                cluster.api.post("/chat/conversations/" + id + "/labels/", dan.token(), "{\"label_id\":" + label + "}");
            }
            d.send("{\"type\":\"assign_conversation\",\"conversation_id\":" + id + ",\"user_id\":" + hk.id() + "}");
            assertThat(d.await("error").path("message").asText()).contains("active staff member");
            d.send("{\"type\":\"transfer_conversation\",\"conversation_id\":" + id + ",\"department\":\"nowhere\"}");
            assertThat(d.await("error").path("message").asText()).contains("Unknown department");
            assertEquals(400, cluster.api.post("/chat/conversations/" + id + "/labels/", dan.token(),
                    "{\"label_id\":999999}").status());
            assertEquals(409, cluster.api.post("/chat/conversations/" + id + "/status/", dan.token(),
                    "{\"status\":\"pending\",\"expected_version\":1}").status());
            for (int twice = 0; twice < 2; twice++) {
                assertEquals(200, cluster.api.post("/chat/conversations/close/", dan.token(),
                        "{\"conversation_id\":" + id + "}").status());
            }
            d.await("message", e -> entry(e, "closed"));
        }
        assertThat(history(dan.token(), id).stream().map(TimelineTest::described))
                .containsExactly("assigned", "label_added", "closed");
        assertNull(listed(dan.token(), id).get("last_message_preview").textValue(), "no message, no preview");
        assertTrue(listed(dan.token(), id).get("last_message_at").isNull(), "no message, no last message time");
    }
}
